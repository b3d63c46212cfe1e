// A consistent, encrypted copy of a live database. SQLite's backup API cannot be used here: the
// driver opens the destination itself, without a key, and SQLite3MultipleCiphers refuses an
// encrypted-to-plain backup ("incompatible source and target"). VACUUM INTO is SQLite's other
// documented way to copy a live database: one read transaction, so the copy is consistent, and
// SQLite3MultipleCiphers writes it encrypted with the source's key. The copy goes to a temp name
// beside the target and is renamed only when complete, so a crash never leaves half a backup.
import fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../shared/errors';
import { applyKey } from './cipher';
import type { SqliteHandle } from './store';

export function snapshotTo(sqlite: SqliteHandle, dest: string): void {
  const tmp = `${dest}.partial-${process.pid}`;
  fs.rmSync(tmp, { force: true });
  try {
    sqlite.prepare('VACUUM INTO ?').run(tmp);
    const fd = fs.openSync(tmp, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, dest);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** Reads a copy's counts without changing it (read-only, no WAL switch, no migration); refuses a damaged one. */
export function inspectSnapshot(file: string, dataKey: Buffer): { households: number; people: number; schemaVersion: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    applyKey(db, dataKey);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new AppError('CORRUPT', `备份文件已损坏：${file}`);
    const count = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    return { households: count('households'), people: count('members'), schemaVersion: db.pragma('user_version', { simple: true }) as number };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('CORRUPT', `无法读取备份文件：${file}（${(e as Error).message}）`);
  } finally {
    db.close();
  }
}
