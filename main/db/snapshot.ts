// A consistent, encrypted copy of a live database. SQLite's backup API cannot be used here: the
// driver opens the destination itself, without a key, and SQLite3MultipleCiphers refuses an
// encrypted-to-plain backup ("incompatible source and target"). VACUUM INTO is SQLite's other
// documented way to copy a live database: one read transaction, so the copy is consistent, and
// SQLite3MultipleCiphers writes it encrypted with the source's key. The copy goes to a temp name
// beside the target and is renamed only when complete, so a crash never leaves half a backup.
import fs from 'node:fs';
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
