// Opening and creating the encrypted database. A failed open must leave the file exactly as it
// was: every check that can refuse runs before the first statement that could write.
import fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../shared/errors';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index';
import { Store, type SqliteHandle } from './store';

/** 'FPDK': marks a file as ours, so another SQLCipher file with the same password is refused. */
export const APPLICATION_ID = 0x4650444b;

export const MIN_PASSWORD_LENGTH = 6;

function quote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function applyKey(sqlite: SqliteHandle, password: string): void {
  sqlite.pragma(`cipher=${quote('sqlcipher')}`);
  sqlite.pragma('legacy=4');
  sqlite.pragma(`key=${quote(password)}`);
}

export function applyRuntimePragmas(sqlite: SqliteHandle): void {
  sqlite.pragma('journal_mode=WAL');
  sqlite.pragma('synchronous=FULL');
  sqlite.pragma('foreign_keys=ON');
  sqlite.pragma('busy_timeout=5000');
}

function sqliteCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

const PLAIN_SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function readHeader(path: string): Buffer {
  const fd = fs.openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    fs.readSync(fd, buf, 0, 16, 0);
    return buf;
  } finally {
    fs.closeSync(fd);
  }
}

/** Refuses, without touching it, a path that cannot be one of our database files. */
function assertLooksLikeDatabase(path: string): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(path);
  } catch {
    throw new AppError('FILE_NOT_FOUND', `找不到数据库文件：${path}`);
  }
  if (!st.isFile()) throw new AppError('NOT_A_DATABASE', `不是数据库文件（是一个文件夹）：${path}`);
  // SQLite pages are at least 512 bytes; an empty file would be silently taken as a new database.
  if (st.size === 0 || st.size % 512 !== 0) throw new AppError('NOT_A_DATABASE', `该文件不是精准扶贫台账数据库：${path}`);
  if (readHeader(path).equals(PLAIN_SQLITE_HEADER)) {
    throw new AppError('NOT_A_DATABASE', `该文件是未加密的 SQLite 数据库，不是精准扶贫台账数据库：${path}`);
  }
}

export function migrate(sqlite: SqliteHandle, from: number): void {
  const pending = MIGRATIONS.filter((m) => m.version > from);
  if (pending.length === 0) return;
  sqlite.transaction(() => {
    for (const m of pending) {
      sqlite.exec(m.sql);
      sqlite.pragma(`user_version=${m.version}`);
    }
    sqlite.pragma(`application_id=${APPLICATION_ID}`);
  })();
}

export function assertPasswordAcceptable(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('VALIDATION', `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`);
  }
}

/** Opens an existing database with its password, checks it and brings its schema up to date. */
export function openDatabase(path: string, password: string): Store {
  assertLooksLikeDatabase(path);
  const sqlite = new Database(path, { fileMustExist: true });
  try {
    applyKey(sqlite, password);
    let appId: number;
    let version: number;
    try {
      appId = sqlite.pragma('application_id', { simple: true }) as number;
      version = sqlite.pragma('user_version', { simple: true }) as number;
    } catch (e) {
      if (sqliteCode(e) === 'SQLITE_NOTADB') {
        throw new AppError('WRONG_PASSWORD', '密码错误，无法打开数据库（若密码无误，则该文件不是精准扶贫台账数据库）');
      }
      throw e;
    }
    if (appId !== APPLICATION_ID) throw new AppError('NOT_A_DATABASE', `该文件不是精准扶贫台账数据库：${path}`);
    if (version > SCHEMA_VERSION) {
      throw new AppError('NEWER_SCHEMA', `该数据库由更新版本的软件创建（结构版本 ${version}，本软件支持到 ${SCHEMA_VERSION}），请升级软件后再打开`);
    }
    const check = sqlite.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') throw new AppError('CORRUPT', `数据库文件已损坏（完整性检查：${check}），请从备份恢复`, { check });
    applyRuntimePragmas(sqlite);
    migrate(sqlite, version);
    return new Store(sqlite, path);
  } catch (e) {
    sqlite.close();
    throw e;
  }
}

/** Creates a new database file; refuses to overwrite anything. */
export function createDatabase(path: string, password: string): Store {
  assertPasswordAcceptable(password);
  if (fs.existsSync(path)) throw new AppError('FILE_EXISTS', `文件已存在，不会覆盖：${path}`);
  let sqlite: SqliteHandle;
  try {
    sqlite = new Database(path);
  } catch (e) {
    throw new AppError('FILE_NOT_FOUND', `无法在此位置创建数据库：${path}（${(e as Error).message}）`);
  }
  try {
    applyKey(sqlite, password);
    applyRuntimePragmas(sqlite);
    migrate(sqlite, 0);
    return new Store(sqlite, path);
  } catch (e) {
    sqlite.close();
    for (const f of [path, `${path}-wal`, `${path}-shm`]) fs.rmSync(f, { force: true });
    throw e;
  }
}
