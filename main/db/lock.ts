// One writer per database file: a lock file beside it names the process that has it open.
// SQLite's own locks are per transaction; this one lasts the whole session, so the CLI or a
// second copy of the app cannot change data under an open window.
import fs from 'node:fs';
import os from 'node:os';
import { AppError } from '../../shared/errors';

interface LockInfo {
  pid: number;
  host: string;
  at: string;
}

export function lockFilePath(dbPath: string): string {
  return `${dbPath}.lock`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockInfo>;
    return typeof info.pid === 'number' && typeof info.host === 'string' ? { pid: info.pid, host: info.host, at: String(info.at ?? '') } : null;
  } catch {
    return null;
  }
}

/** Takes the lock or explains who holds it. Returns the release function. */
export function acquireLock(dbPath: string): () => void {
  const file = lockFilePath(dbPath);
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), at: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      return () => {
        const now = readLock(file);
        if (now && now.pid === mine.pid && now.host === mine.host) fs.rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const held = readLock(file);
    const stale = !held || (held.host === mine.host && held.pid !== mine.pid && !alive(held.pid));
    if (!stale) {
      const who = held.host === mine.host ? `本机进程 ${held.pid}` : `电脑“${held.host}”`;
      throw new AppError('LOCKED', `数据库已在别处打开（${who}，${held.at.slice(0, 19).replace('T', ' ')} 起）：${dbPath}。同一时间只能有一个程序修改它，请先在那里关闭`, { holder: held });
    }
    // Left behind by a crashed process on this machine: safe to take over.
    fs.rmSync(file, { force: true });
  }
  throw new AppError('LOCKED', `无法锁定数据库：${dbPath}`);
}
