// One writer per database file, for the whole session: the CLI or a second copy of the app must
// not change data under an open window. SQLite's own locks on the database last one transaction,
// and the app's connection cannot hold an exclusive one for the session (the import and export
// workers open their own connections to the same file). So the session lock is a second, empty
// SQLite file beside the database, `<db>.lock`, inside a never-ended exclusive transaction: the
// operating system (fcntl / LockFileEx) owns that lock and drops it when the connection closes or the
// process dies — however it dies. No process id decides anything: pid reuse, zombies, another
// host and two openers at the same instant are all settled by the OS.
//
// Who holds it is written, for the refusal message only, into `<db>.lock-holder`; that file is
// never trusted to decide anything.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../shared/errors';

interface HolderInfo {
  pid: number;
  host: string;
  at: string;
}

/**
 * The same database under any spelling of its path (a symlink, `..`, a relative path) has one
 * lock: the real path of the file, or of its folder while the file is being created.
 */
export function canonicalDbPath(dbPath: string): string {
  const absolute = path.resolve(dbPath);
  try {
    return fs.realpathSync.native(absolute);
  } catch {
    try {
      return path.join(fs.realpathSync.native(path.dirname(absolute)), path.basename(absolute));
    } catch {
      return absolute;
    }
  }
}

const HOLDER_EXIT_WAIT_MS = 150;

export function lockFilePath(dbPath: string): string {
  return `${canonicalDbPath(dbPath)}.lock`;
}

export function lockHolderPath(dbPath: string): string {
  return `${canonicalDbPath(dbPath)}.lock-holder`;
}

function readHolder(file: string): HolderInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<HolderInfo>;
    return typeof info.pid === 'number' && typeof info.host === 'string' ? { pid: info.pid, host: info.host, at: String(info.at ?? '') } : null;
  } catch {
    return null;
  }
}

/** For the message only: whether the process a holder note names still exists. */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sqliteCode(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
}

/**
 * Versions before this one wrote `{"pid":…}` into `<db>.lock`. Such a file is emptied in place,
 * never deleted: an OS lock belongs to the file itself, so emptying cannot take a lock from a
 * holder, while deleting and recreating the name could give two openers two different files.
 * Only a non-empty file is opened here: this lock file is always empty while held, and opening and
 * closing a held file in the holding process would drop its POSIX locks.
 */
function clearOldFormat(file: string): void {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return;
  }
  if (size === 0 || size > 4096) return;
  const text = fs.readFileSync(file, 'latin1');
  if (text.trimStart().startsWith('{')) fs.truncateSync(file, 0);
}

function refusal(dbPath: string, holderFile: string): AppError {
  const held = readHolder(holderFile);
  // The note may be a dead holder's, when the live one has not yet written its own: name no one.
  if (!held || (held.host === os.hostname() && !processExists(held.pid))) {
    return new AppError('LOCKED', `数据库已在别处打开：${dbPath}。同一时间只能有一个程序修改它，请先在那里关闭`);
  }
  const who = held.host === os.hostname() ? `本机进程 ${held.pid}` : `电脑“${held.host}”`;
  const since = held.at ? `，${held.at.slice(0, 19).replace('T', ' ')} 起` : '';
  return new AppError('LOCKED', `数据库已在别处打开（${who}${since}）：${dbPath}。同一时间只能有一个程序修改它，请先在那里关闭`, { holder: held });
}

export interface LockOptions {
  /**
   * Delete the lock file on release. Only for an open or create that failed on a lock file it
   * created itself, so that a refusal leaves the folder as it found it; a lock file that was
   * already there stays, since deleting a lock file is what lets two openers get two files.
   * (It is unlinked while still held; an opener that opened it just before could then lock the
   * orphan while a third locks a new file — but both would meet the same refusal this open met.)
   */
  removeIfCreated?: boolean;
}

/** Takes the lock or explains who holds it. Returns the release function. */
export function acquireLock(dbPath: string): (options?: LockOptions) => void {
  if (dbPath.includes('\0')) throw new AppError('VALIDATION', '文件路径中含有不允许的字符（NUL）');
  const file = lockFilePath(dbPath);
  const holderFile = lockHolderPath(dbPath);
  clearOldFormat(file);
  const existed = fs.existsSync(file);
  let lock: Database.Database;
  try {
    // A held lock is refused after a short wait, not a long one: long enough for a holder killed
    // a moment ago to be gone (the OS drops its locks as it exits, a few milliseconds after kill
    // returns), short enough that a refusal is immediate to a person.
    lock = new Database(file, { timeout: HOLDER_EXIT_WAIT_MS });
  } catch (e) {
    throw new AppError('IO', `无法在数据库所在的文件夹创建锁文件（没有权限，或是只读的盘）：${file}`, { cause: (e as Error).message });
  }
  try {
    // Nothing is ever written, so no journal file is needed beside the lock.
    lock.pragma('journal_mode=OFF');
    // Takes the OS's exclusive lock now; the transaction is never ended, so the lock lasts until
    // the connection closes or the process dies. Not locking_mode=EXCLUSIVE: in that mode a
    // loser keeps the shared lock it read with, and two simultaneous openers block each other
    // until both give up (found by the 200-round test).
    lock.exec('BEGIN EXCLUSIVE');
  } catch (e) {
    lock.close();
    if (sqliteCode(e).startsWith('SQLITE_BUSY') || sqliteCode(e).startsWith('SQLITE_LOCKED')) throw refusal(dbPath, holderFile);
    throw new AppError('IO', `无法锁定数据库（锁文件不可用）：${file}`, { cause: (e as Error).message });
  }
  const mine: HolderInfo = { pid: process.pid, host: os.hostname(), at: new Date().toISOString() };
  try {
    fs.writeFileSync(holderFile, JSON.stringify(mine));
  } catch {
    // Only the refusal message of another opener would miss the holder's name.
  }
  let released = false;
  return (options: LockOptions = {}) => {
    if (released) return;
    released = true;
    // While still held: after close another process may already have written its own name.
    const now = readHolder(holderFile);
    if (now && now.pid === mine.pid && now.host === mine.host && now.at === mine.at) fs.rmSync(holderFile, { force: true });
    if (options.removeIfCreated && !existed) fs.rmSync(file, { force: true });
    lock.close();
  };
}
