// Files a killed process leaves behind: every temp file we write carries the writer's process id
// (name.restoring-PID, name.partial-PID, name.key.tmp-PID, export.xlsx.PID.part), so at the next
// open the ones whose writer is gone can be removed without touching the work of a live process.
// A plaintext export's .part holds personal data in clear: it must not outlive its process.
import fs from 'node:fs';
import path from 'node:path';
import { keyFilePath } from '../db/keys';

/** The temp-file names we write, each with the writer's pid. */
const TEMP_PATTERNS: readonly RegExp[] = [/\.restoring-(\d+)(-wal|-shm|-journal)?$/, /\.partial-(\d+)(-wal|-shm|-journal)?$/, /\.key\.tmp-(\d+)$/, /\.xlsx\.(\d+)\.part$/, /\.audit-head\.tmp-(\d+)-\d+$/, /\.partial-(\d+)\.audit-head$/];

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
    if (!include(name)) continue;
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
 * Called before a database is opened or created (Session.open/create and the CLI): cleans its
 * folder (temp files of this database and the exports saved beside it) and, when known, the
 * folder of its automatic backups. Never fails the open: a file that cannot go stays.
 */
export function cleanLeftovers(dbPath: string, backupsDir?: string): { removed: string[]; keysRestored: string[] } {
  const dir = path.dirname(dbPath);
  const base = path.basename(dbPath);
  const removed = removeDeadTempFiles(dir, (name) => name.startsWith(`${base}.`) || EXPORT_PART.test(name));
  const keysRestored = restoreMissingKeys(dir, dbPath, `${base}.`);
  if (backupsDir) {
    removed.push(...removeDeadTempFiles(backupsDir));
    keysRestored.push(...restoreMissingKeys(backupsDir, dbPath));
  }
  return { removed, keysRestored };
}
