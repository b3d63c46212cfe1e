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
import { keyFilePath } from './keys';
import { anchorDatabaseFile, auditHeadPath } from './auditAnchor';
import type { SqliteHandle } from './store';

function fsyncPath(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A snapshot with its key file, as every backup and safety copy is made: both are written to temp
 * names first and renamed key then database, so a visible backup always has its key beside it and
 * a crash leaves only temp files (removed by services/leftovers.ts at the next open).
 */
export function snapshotWithKeyTo(sqlite: SqliteHandle, keySourceDb: string, dest: string, dataKey: Buffer | null): void {
  const tmp = `${dest}.partial-${process.pid}`;
  const keyTmp = `${keyFilePath(dest)}.tmp-${process.pid}`;
  fs.rmSync(tmp, { force: true });
  try {
    sqlite.prepare('VACUUM INTO ?').run(tmp);
    fsyncPath(tmp);
    fs.copyFileSync(keyFilePath(keySourceDb), keyTmp);
    fsyncPath(keyTmp);
    // The copy's own audit anchor, made from the copy itself, so verify can check a backup too.
    if (dataKey) anchorDatabaseFile(tmp, dataKey);
    fs.renameSync(keyTmp, keyFilePath(dest));
    if (dataKey) fs.renameSync(auditHeadPath(tmp), auditHeadPath(dest));
    fs.renameSync(tmp, dest);
  } catch (e) {
    for (const f of [tmp, keyTmp, auditHeadPath(tmp)]) fs.rmSync(f, { force: true });
    throw e;
  }
}

/** The same, from a closed database file (opened here with its key just for the copy). */
export function snapshotFileWithKeyTo(file: string, dataKey: Buffer, dest: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    applyKey(db, dataKey);
    snapshotWithKeyTo(db, file, dest, dataKey);
  } finally {
    db.close();
  }
}

/**
 * Moves every committed transaction from the WAL into the database file and empties the WAL, so
 * the file alone holds all the data (before it is copied, moved or replaced). Needs the key: the
 * WAL's pages are encrypted like the file's. Refuses when another connection keeps it from finishing.
 */
export function checkpointFile(file: string, dataKey: Buffer): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    applyKey(db, dataKey);
    const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    if (r && r.busy !== 0) throw new AppError('LOCKED', `数据库正被其他程序使用，无法整理其日志文件：${file}`);
  } finally {
    db.close();
  }
}

/** A database file and its WAL, if any, copied to dest (and dest-wal); each synced to disk. */
export function copyWithWal(file: string, dest: string): void {
  fs.copyFileSync(file, dest);
  fsyncPath(dest);
  const wal = `${file}-wal`;
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) {
    fs.copyFileSync(wal, `${dest}-wal`);
    fsyncPath(`${dest}-wal`);
  }
}

export function snapshotTo(sqlite: SqliteHandle, dest: string): void {
  const tmp = `${dest}.partial-${process.pid}`;
  fs.rmSync(tmp, { force: true });
  try {
    sqlite.prepare('VACUUM INTO ?').run(tmp);
    fsyncPath(tmp);
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
