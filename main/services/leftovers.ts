// Files a killed process leaves behind: every temp file we write carries the writer's process id
// (name.restoring-PID, name.partial-PID, name.key.tmp-PID, name.creating-PID, export.xlsx.PID.part),
// so at the next open the ones whose writer is gone can be removed without touching the work of a
// live process. A plaintext export's .part holds personal data in clear: it must not outlive its
// process, wherever it was saved, so each export also lists it in a journal in the user-data folder.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { keyFilePath, readKeyFile } from '../db/keys';
import { finishInterruptedCreates } from '../db/open';

/**
 * A database being created (db/open.ts createDatabase) and what is beside it. Never removed by pid
 * alone: past its key's rename a dead creator's database must be renamed into place, not deleted,
 * which finishInterruptedCreates does under the database's lock.
 */
const CREATING = /\.creating-(\d+)(-wal|-shm|-journal|\.key|\.audit-head)?$/;

/** The temp-file names we write, each with the writer's pid. */
const TEMP_PATTERNS: readonly RegExp[] = [
  /\.restoring-(\d+)(-wal|-shm|-journal)?$/,
  /\.partial-(\d+)(-wal|-shm|-journal)?$/,
  /\.key\.tmp-(\d+)$/,
  /\.xlsx\.(\d+)\.part$/,
  /\.audit-head\.tmp-(\d+)-\d+$/,
  /\.partial-(\d+)\.audit-head$/,
  CREATING,
];

/** An export's plaintext temp file (services/export.ts). */
export const EXPORT_PART = /\.xlsx\.(\d+)\.part$/;

/** Backups and safety copies whose key file an older version may have failed to write. */
const KEYED_COPY = /(_(auto|close|manual|before-restore|before-migration)\.fupin|_before-restore\.bak|\.v\d+-\d{8}T\d{6}\.bak)$/;

function alive(pid: number): boolean {
  if (pid === process.pid) return true; // our own temp file: work in progress (a worker thread)
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in a temp file's name, or null for any other file. */
export function writerPid(name: string): number | null {
  for (const p of TEMP_PATTERNS) {
    const m = p.exec(name);
    if (m) return Number(m[1]);
  }
  return null;
}

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** Removes the temp files of dead writers in dir (only those whose name passes the filter, if given). */
export function removeDeadTempFiles(dir: string, include: (name: string) => boolean = () => true): string[] {
  const removed: string[] = [];
  for (const name of listDir(dir)) {
    if (!include(name) || CREATING.test(name)) continue;
    const pid = writerPid(name);
    if (pid === null || alive(pid)) continue;
    try {
      fs.rmSync(path.join(dir, name), { force: true });
      removed.push(path.join(dir, name));
    } catch (e) {
      console.error('[leftovers] could not remove', name, e);
    }
  }
  return removed;
}

/**
 * A copy of this database without its key file (an older version wrote the key after the copy): it
 * shares the database's data key, so the database's key file makes it usable again, rather than
 * deleting a backup.
 */
function restoreMissingKeys(dir: string, dbPath: string, prefix = ''): string[] {
  const fixed: string[] = [];
  if (!fs.existsSync(keyFilePath(dbPath))) return fixed;
  for (const name of listDir(dir)) {
    if (!name.startsWith(prefix) || !KEYED_COPY.test(name)) continue;
    const file = path.join(dir, name);
    if (fs.existsSync(keyFilePath(file))) continue;
    const tmp = `${keyFilePath(file)}.tmp-${process.pid}`;
    try {
      fs.copyFileSync(keyFilePath(dbPath), tmp);
      fs.renameSync(tmp, keyFilePath(file));
      fixed.push(file);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      console.error('[leftovers] could not give a key file to', file, e);
    }
  }
  return fixed;
}

/**
 * A database without its key file, beside a complete key file a dead writer left under its temp
 * name (an older version created the database first and its key file last): the key is renamed
 * into place, never deleted. It is kept only if it reads as a key file; otherwise it goes back.
 */
function rollKeyForward(dir: string, dbPath: string): string | null {
  const key = keyFilePath(dbPath);
  if (!fs.existsSync(dbPath) || fs.existsSync(key)) return null;
  const prefix = `${path.basename(key)}.tmp-`;
  for (const name of listDir(dir)) {
    const pid = name.startsWith(prefix) ? writerPid(name) : null;
    if (pid === null || alive(pid)) continue;
    const tmp = path.join(dir, name);
    try {
      fs.renameSync(tmp, key);
      try {
        readKeyFile(dbPath);
        return key;
      } catch {
        fs.renameSync(key, tmp); // torn, not a key file: removed below as a dead temp file
      }
    } catch (e) {
      console.error('[leftovers] could not put back the key file of', dbPath, e);
    }
  }
  return null;
}

/**
 * Called before a database is opened or created (Session.open/create and the CLI), before its key
 * file is read: finishes a creation killed between its renames (db/open.ts), puts back a key file
 * left under its temp name, then cleans the folder (temp files of this database and the exports
 * saved beside it) and, when known, the folder of its automatic backups. Never fails the open: a
 * file that cannot go stays.
 */
export function cleanLeftovers(dbPath: string, backupsDir?: string): { removed: string[]; keysRestored: string[] } {
  const dir = path.dirname(dbPath);
  const base = path.basename(dbPath);
  finishInterruptedCreates(dbPath);
  const rolled = rollKeyForward(dir, dbPath);
  const removed = removeDeadTempFiles(dir, (name) => name.startsWith(`${base}.`) || EXPORT_PART.test(name));
  const keysRestored = [...(rolled ? [dbPath] : []), ...restoreMissingKeys(dir, dbPath, `${base}.`)];
  if (backupsDir) {
    removed.push(...removeDeadTempFiles(backupsDir));
    keysRestored.push(...restoreMissingKeys(backupsDir, dbPath));
  }
  return { removed, keysRestored };
}

/** Where each running export lists its plaintext temp file, in the user-data folder. */
export function exportJournalDir(userDataDir: string): string {
  return path.join(userDataDir, 'exports-in-progress');
}

/**
 * Lists an export's temp file before it is created; returns the function that removes the entry
 * once the file is renamed or removed. A journal that cannot be written does not stop the export
 * (the temp file is still removed from its own folder at the next export there).
 */
export function journalExportTemp(userDataDir: string, temp: string): () => void {
  const entry = path.join(exportJournalDir(userDataDir), `${process.pid}-${randomUUID()}.json`);
  try {
    fs.mkdirSync(path.dirname(entry), { recursive: true });
    const fd = fs.openSync(entry, 'w');
    try {
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, temp }));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    console.error('[leftovers] could not list the export in the journal', entry, e);
  }
  return () => fs.rmSync(entry, { force: true });
}

function journalTemp(file: string): string | null {
  try {
    const { temp } = JSON.parse(fs.readFileSync(file, 'utf8')) as { temp?: unknown };
    return typeof temp === 'string' ? temp : null;
  } catch {
    return null; // torn by a kill before the temp file existed
  }
}

/**
 * At start (Session, CLI): the temp files of exports whose process is gone, wherever they were
 * saved. Only a name an export writes, with that process's pid, is removed: the journal is a file
 * anyone can edit, and must not become a way to delete other files.
 */
export function cleanExportJournal(userDataDir: string): string[] {
  const dir = exportJournalDir(userDataDir);
  const removed: string[] = [];
  for (const name of listDir(dir)) {
    const pid = /^(\d+)-[\w-]+\.json$/.exec(name)?.[1];
    if (pid === undefined || alive(Number(pid))) continue;
    const entry = path.join(dir, name);
    const temp = journalTemp(entry);
    try {
      if (temp !== null && path.isAbsolute(temp) && EXPORT_PART.exec(path.basename(temp))?.[1] === pid && fs.existsSync(temp)) {
        fs.rmSync(temp, { force: true });
        removed.push(temp);
      }
      fs.rmSync(entry, { force: true });
    } catch (e) {
      console.error('[leftovers] could not remove a killed export’s temp file', temp ?? entry, e);
    }
  }
  return removed;
}
