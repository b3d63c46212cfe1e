// Opening and creating the encrypted database. A failed open must leave the file exactly as it
// was: every check that can refuse runs before the first statement that could write.
import fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../shared/errors';
import { MIGRATIONS, type Migration } from './migrations/index';
import { Store, type SqliteHandle } from './store';
import { anchorIfJustMigrated, auditHeadPath, deriveAuditKey } from './auditAnchor';
import { acquireLock, type LockOptions } from './lock';
import { createKeys, keyFilePath, readKeyFile, unlockWithPassword, writeKeyFile, type NewKeys } from './keys';
import { snapshotTo } from './snapshot';
import { applyKey } from './cipher';
import { checkBeforeOpenReason, checkProblems, healthPath, readHealth, updateHealth, walBytes, type CheckBeforeOpenReason, type CheckKind } from './health';

export { applyKey };
import { passwordRuleMessage } from '../../shared/domain/password';

/** 'FPDK': marks a file as ours, so another SQLCipher file with the same password is refused. */
export const APPLICATION_ID = 0x4650444b;


/**
 * A page cache as large as a big registry (a ceiling, not an allocation): each page is decrypted
 * once, when first read, and the grids' queries then run at plain-SQLite speed on the pages kept.
 */
export function applyCachePragmas(sqlite: SqliteHandle): void {
  sqlite.pragma('cache_size=-262144');
}

export function applyRuntimePragmas(sqlite: SqliteHandle): void {
  sqlite.pragma('journal_mode=WAL');
  sqlite.pragma('synchronous=FULL');
  sqlite.pragma('foreign_keys=ON');
  // Short: the main process must not freeze while an import holds the write lock; a busy write
  // is refused with a message instead (ipc/router.ts).
  sqlite.pragma('busy_timeout=1000');
  // Sorts and temp indexes stay in memory: SQLite's temp files would not be encrypted.
  sqlite.pragma('temp_store=MEMORY');
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

/**
 * A NUL byte ends a path in C: SQLite would open or create a different, shorter name than the one
 * checked here. The renderer is untrusted, so the path is refused before anything looks at it.
 */
function assertPathUsable(path: string): void {
  if (path.includes('\0')) throw new AppError('VALIDATION', '文件路径中含有不允许的字符（NUL），请重新选择文件');
}

/**
 * SQLite says "database disk image is malformed" (SQLITE_CORRUPT) when a damaged file is first
 * read — a file cut short at a page boundary passes the size check and fails only in quick_check
 * or a pragma. That is the same damage a failed quick_check reports, and the clerk gets the same
 * answer: CORRUPT, which the app answers with the offer to restore from a backup.
 */
function corruptOrRethrow(e: unknown, path: string): never {
  const code = sqliteCode(e) ?? '';
  if (code.startsWith('SQLITE_CORRUPT')) {
    throw new AppError('CORRUPT', `数据库文件已损坏，不能打开：${path}。请从备份恢复`, { cause: (e as Error).message });
  }
  throw e;
}

/** Refuses, without touching it, a path that cannot be one of our database files. */
function assertLooksLikeDatabase(path: string): void {
  assertPathUsable(path);
  let st: fs.Stats;
  try {
    st = fs.statSync(path);
  } catch (e) {
    // A folder this user may not enter hides the file: say so, not "not found".
    if (sqliteCode(e) === 'EACCES' || sqliteCode(e) === 'EPERM') throw new AppError('IO', `没有权限读取数据库文件或其所在的文件夹：${path}`, { cause: (e as Error).message });
    throw new AppError('FILE_NOT_FOUND', `找不到数据库文件：${path}`);
  }
  if (!st.isFile()) throw new AppError('NOT_A_DATABASE', `不是数据库文件（是一个文件夹）：${path}`);
  // SQLite pages are at least 512 bytes; an empty file would be silently taken as a new database.
  if (st.size === 0 || st.size % 512 !== 0) throw new AppError('NOT_A_DATABASE', `该文件不是精准扶贫台账数据库：${path}`);
  if (readHeader(path).equals(PLAIN_SQLITE_HEADER)) {
    throw new AppError('NOT_A_DATABASE', `该文件是未加密的 SQLite 数据库，不是精准扶贫台账数据库：${path}`);
  }
}

export function migrate(sqlite: SqliteHandle, from: number, migrations: readonly Migration[] = MIGRATIONS): void {
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return;
  sqlite.transaction(() => {
    for (const m of pending) {
      try {
        sqlite.exec(m.sql);
        m.run?.(sqlite);
      } catch (e) {
        throw new AppError('INTERNAL', `数据库结构升级失败（第 ${m.version} 步：${m.name}），数据库未改动：${(e as Error).message}`);
      }
      sqlite.pragma(`user_version=${m.version}`);
    }
    sqlite.pragma(`application_id=${APPLICATION_ID}`);
  })();
}

export function assertPasswordAcceptable(password: string): void {
  const problem = passwordRuleMessage(password);
  if (problem) throw new AppError('VALIDATION', problem);
}

export interface OpenOptions {
  /**
   * false only for a second connection inside the process that already holds the lock (a worker):
   * the holder opened, checked and migrated the file, so this connection does none of that.
   */
  lock?: boolean;
  /** The schema history; only tests pass another (to exercise a future migration). */
  migrations?: readonly Migration[];
}

/** Opens an existing database with its password, checks it and brings its schema up to date. */
export function openDatabase(path: string, password: string, options: OpenOptions = {}): Store {
  // Before the key file is read: a creation killed between its renames is finished first.
  if (options.lock !== false) finishInterruptedCreates(path);
  assertLooksLikeDatabase(path);
  return openChecked(path, unlockWithPassword(readKeyFile(path), password), options);
}

/** The same, with the data key already unwrapped (by the password or the recovery code). */
export function openWithKey(path: string, dataKey: Buffer, options: OpenOptions = {}): Store {
  if (options.lock !== false) finishInterruptedCreates(path);
  return openChecked(path, dataKey, options);
}

function openChecked(path: string, dataKey: Buffer, options: OpenOptions): Store {
  assertLooksLikeDatabase(path);
  if (options.lock === false) return openSecondConnection(path, dataKey);
  const release = acquireLock(path);
  try {
    return openHoldingLock(path, dataKey, release, options.migrations ?? MIGRATIONS);
  } catch (e) {
    // A refusal leaves the folder as it was: no lock file where there was none.
    release({ removeIfCreated: true });
    corruptOrRethrow(e, path);
  }
}

/** A worker's connection beside the holder's: keyed, with the runtime pragmas, nothing checked. */
function openSecondConnection(path: string, dataKey: Buffer): Store {
  const sqlite = new Database(path, { fileMustExist: true });
  try {
    applyKey(sqlite, dataKey);
    if (readSchemaVersion(sqlite, path).appId !== APPLICATION_ID) throw new AppError('NOT_A_DATABASE', `该文件不是精准扶贫台账数据库：${path}`);
    applyCachePragmas(sqlite);
    applyRuntimePragmas(sqlite);
    return new Store(sqlite, path, () => {}, deriveAuditKey(dataKey), dataKey);
  } catch (e) {
    sqlite.close();
    throw e;
  }
}

/** What opening checked before the first screen: for the session's background check (services/integrity.ts). */
export interface OpenCheck {
  /** The check that ran before opening, or null when the file was closed cleanly and opened unchecked. */
  ranBeforeOpen: CheckKind | null;
  reason: CheckBeforeOpenReason | 'migration' | null;
}
const openChecks = new WeakMap<Store, OpenCheck>();

export function openCheckOf(store: Store): OpenCheck {
  return openChecks.get(store) ?? { ranBeforeOpen: null, reason: null };
}

/** Only for tests (and the benchmark): told of every check that runs before a file opens. */
let openCheckHook: ((check: CheckKind, reason: OpenCheck['reason'], path: string) => void) | null = null;
export function setOpenCheckHook(hook: typeof openCheckHook): void {
  openCheckHook = hook;
}

/**
 * The Store of a file whose lock the caller holds; release goes with the Store (its close). The
 * health record beside the file says "open" from here until that close says "closed cleanly".
 */
function openHoldingLock(path: string, dataKey: Buffer, release: () => void, migrations: readonly Migration[]): Store {
  let sqlite: SqliteHandle | null = null;
  try {
    sqlite = new Database(path, { fileMustExist: true });
    applyKey(sqlite, dataKey);
    const check = checkAndMigrate(sqlite, path, migrations);
    const store = new Store(sqlite, path, closeCleanly(path, release), deriveAuditKey(dataKey), dataKey);
    openChecks.set(store, check);
    markOpen(path, check);
    anchorIfJustMigrated(store);
    return store;
  } catch (e) {
    sqlite?.close();
    throw e;
  }
}

function markOpen(path: string, check: OpenCheck): void {
  const now = new Date().toISOString();
  updateHealth(path, (r) => ({
    ...r,
    open: true,
    // Checked just now and sound: a damage recorded earlier was repaired (or was not there).
    ...(check.ranBeforeOpen ? { quickCheckPassedAt: now, damage: null } : {}),
    ...(check.ranBeforeOpen === 'integrity_check' ? { integrityCheckPassedAt: now } : {}),
  }));
}

/** The Store's close: SQLite closed (its WAL checkpointed and removed), then the record, then the lock. */
function closeCleanly(path: string, release: () => void): () => void {
  return () => {
    try {
      updateHealth(path, (r) => ({ ...r, open: false, walBytesAtClose: walBytes(path) }));
    } finally {
      release();
    }
  };
}

function readSchemaVersion(sqlite: SqliteHandle, path: string): { appId: number; version: number } {
  try {
    return { appId: sqlite.pragma('application_id', { simple: true }) as number, version: sqlite.pragma('user_version', { simple: true }) as number };
  } catch (e) {
    if (sqliteCode(e) === 'SQLITE_NOTADB') throw new AppError('NOT_A_DATABASE', `密钥文件与数据库文件不匹配，或数据库文件已损坏：${path}`);
    throw e;
  }
}

/** SQLite's check of the whole file on this connection: [] when sound (see health.ts). */
export function runIntegrityCheck(sqlite: SqliteHandle, kind: CheckKind): string[] {
  return checkProblems(() => sqlite.pragma(`${kind}(20)`) as unknown[]);
}

/**
 * The background check's connection (a worker thread's): read-only, its own small page cache, so
 * it neither writes nor takes the main connection's memory. Returns SQLite's findings, [] when sound.
 */
export function checkFileReadOnly(path: string, dataKey: Buffer, kind: CheckKind): string[] {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  try {
    applyKey(sqlite, dataKey);
    sqlite.pragma('cache_size=-8192');
    sqlite.pragma('temp_store=MEMORY');
    return runIntegrityCheck(sqlite, kind);
  } finally {
    sqlite.close();
  }
}

/**
 * Every check that can refuse, then the migrations (after a backup). The whole file is checked
 * before opening only when its last session did not end cleanly, its record says damage or is
 * missing, or it is about to be migrated; otherwise the session checks it in the background.
 */
function checkAndMigrate(sqlite: SqliteHandle, path: string, migrations: readonly Migration[]): OpenCheck {
  const { appId, version } = readSchemaVersion(sqlite, path);
  if (appId !== APPLICATION_ID) throw new AppError('NOT_A_DATABASE', `该文件不是精准扶贫台账数据库：${path}`);
  const target = migrations[migrations.length - 1].version;
  if (version > target) {
    throw new AppError('NEWER_SCHEMA', `该数据库由更新版本的软件创建（结构版本 ${version}，本软件支持到 ${target}），请升级软件后再打开`);
  }
  applyCachePragmas(sqlite);
  const record = readHealth(path);
  const reason = checkBeforeOpenReason(path, record) ?? (version < target ? 'migration' : null);
  // Damage a full check found is looked for again with the full check.
  const kind: CheckKind | null = reason === null ? null : reason === 'damage-found' && record?.damage?.kind === 'integrity_check' ? 'integrity_check' : 'quick_check';
  if (kind) {
    openCheckHook?.(kind, reason, path);
    const problems = runIntegrityCheck(sqlite, kind);
    if (problems.length > 0) {
      throw new AppError('CORRUPT', `数据库文件已损坏（完整性检查未通过），不能打开：${path}。请从备份恢复`, { check: problems[0], problems });
    }
  }
  applyRuntimePragmas(sqlite);
  if (version < target) backupBeforeMigration(sqlite, path, version);
  migrate(sqlite, version, migrations);
  return { ranBeforeOpen: kind, reason };
}

/** Every migration of an existing database is preceded by a full encrypted copy beside it. */
function backupBeforeMigration(sqlite: SqliteHandle, path: string, from: number): void {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
  const dest = `${path}.v${from}-${stamp}.bak`;
  snapshotTo(sqlite, dest);
  fs.copyFileSync(keyFilePath(path), keyFilePath(dest));
}

export interface Created {
  store: Store;
  /** Shown to the clerk once, at creation; it is never stored in clear anywhere. */
  recoveryCode: string;
}

/** The steps of a creation, in order; a test stops the process at each (setCreateStepHook). */
export type CreateStep = 'built' | 'key-written' | 'anchored' | 'closed' | 'key-renamed' | 'anchor-renamed' | 'renamed';
let stepHook: ((step: CreateStep) => void) | null = null;

/** Only for tests: called after each step, e.g. to kill the process there. */
export function setCreateStepHook(hook: ((step: CreateStep) => void) | null): void {
  stepHook = hook;
}

function reached(step: CreateStep): void {
  stepHook?.(step);
}

/** Where a new database is built before it is renamed into place; the pid tells whose it is (leftovers.ts). */
export function creatingPath(path: string, pid = process.pid): string {
  return `${path}.creating-${pid}`;
}

/**
 * Creates a new database file and its key file; refuses to overwrite anything. Atomic: the database
 * is built, keyed, anchored and closed under a temp name beside the target, then its key file,
 * its anchor and finally the database are renamed into place. So a database never appears without
 * its key; a kill before the last rename leaves a lone key file and a complete temp database, which
 * finishInterruptedCreates renames into place at the next open or create (before the key is read).
 */
export function createDatabase(path: string, password: string): Created {
  assertPathUsable(path);
  assertPasswordAcceptable(password);
  // A lone key file may be a killed creation's, whose database only needs its rename.
  finishInterruptedCreates(path);
  refuseExisting(path);
  if (!fs.existsSync(dirname(path))) throw new AppError('FILE_NOT_FOUND', `无法在此位置创建数据库：${path}（文件夹不存在）`);
  // The lock comes before the file: of two programs creating the same file at once, one is
  // refused as LOCKED instead of both writing (and one then deleting the other's file).
  const release = acquireLock(path);
  try {
    refuseExisting(path);
  } catch (e) {
    release({ removeIfCreated: true });
    throw e;
  }
  // A record beside a file that no longer exists is another file's history.
  fs.rmSync(healthPath(path), { force: true });
  const keys = createKeys(password);
  const tmp = creatingPath(path);
  const placed: string[] = [];
  try {
    buildAside(tmp, path, keys);
    moveIntoPlace(tmp, path, placed);
    return { store: openHoldingLock(path, keys.dataKey, release, MIGRATIONS), recoveryCode: keys.recoveryCode };
  } catch (e) {
    // Everything here is this call's own: refuseExisting ran under the lock.
    removeCreating(tmp);
    for (const f of [...placed, `${path}-wal`, `${path}-shm`, healthPath(path)]) fs.rmSync(f, { force: true });
    release({ removeIfCreated: true });
    throw e;
  }
}

/** The new database under its temp name, with its key file and audit anchor beside it, closed. */
function buildAside(tmp: string, path: string, keys: NewKeys): void {
  let sqlite: SqliteHandle;
  try {
    sqlite = new Database(tmp);
  } catch (e) {
    throw new AppError('FILE_NOT_FOUND', `无法在此位置创建数据库：${path}（请确认文件夹存在且可写入）`, { cause: (e as Error).message });
  }
  try {
    applyKey(sqlite, keys.dataKey);
    applyRuntimePragmas(sqlite);
    migrate(sqlite, 0);
    reached('built');
    writeKeyFile(tmp, keys.keyFile);
    reached('key-written');
    // m002's marker lives on this connection only: the anchor is written now, renamed with the file.
    anchorIfJustMigrated(new Store(sqlite, tmp, () => {}, deriveAuditKey(keys.dataKey), keys.dataKey));
    reached('anchored');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    sqlite.close();
  }
  // The rename moves the main file only: every page must be in it, the WAL empty and gone.
  const wal = `${tmp}-wal`;
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) throw new AppError('IO', `新建数据库时未能整理其日志文件，未创建：${path}`);
  for (const side of [wal, `${tmp}-shm`]) fs.rmSync(side, { force: true });
  reached('closed');
}

/** Key file, anchor, then the database: the database's rename is the one that makes it exist. */
function moveIntoPlace(tmp: string, path: string, placed: string[]): void {
  fs.renameSync(keyFilePath(tmp), keyFilePath(path));
  placed.push(keyFilePath(path));
  reached('key-renamed');
  fs.renameSync(auditHeadPath(tmp), auditHeadPath(path));
  placed.push(auditHeadPath(path));
  reached('anchor-renamed');
  fs.renameSync(tmp, path);
  placed.push(path);
  syncFolder(dirname(path));
  reached('renamed');
}

/** The renames reach the disk with the folder's entries; where a folder cannot be opened (Windows) the OS does it. */
function syncFolder(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the renames are still made.
  } finally {
    fs.closeSync(fd);
  }
}

/** A temp database and everything beside it that carries its name. */
function removeCreating(tmp: string): void {
  const dir = dirname(tmp);
  const name = basename(tmp);
  for (const entry of listDir(dir)) {
    if (entry === name || entry.startsWith(`${name}.`) || entry.startsWith(`${name}-`)) fs.rmSync(join(dir, entry), { force: true });
  }
}

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** The temp databases of creations of this path (any pid) still in its folder. */
function creatingFiles(path: string): string[] {
  const prefix = `${basename(path)}.creating-`;
  return listDir(dirname(path))
    .filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))
    .map((n) => join(dirname(path), n));
}

/**
 * A creation that was killed (see createDatabase), finished or undone. Only with the lock held: a
 * live creator holds it from before its temp file exists until after its last rename, so every
 * temp database found then is a dead one's. Past the key's rename (the key is in place, the temp
 * database closed and complete) the creation is finished; before it, undone.
 */
function settleInterruptedCreates(path: string): string[] {
  const settled: string[] = [];
  for (const tmp of creatingFiles(path)) {
    if (finishable(tmp, path)) {
      if (fs.existsSync(auditHeadPath(tmp)) && !fs.existsSync(auditHeadPath(path))) fs.renameSync(auditHeadPath(tmp), auditHeadPath(path));
      fs.renameSync(tmp, path);
      syncFolder(dirname(path));
    }
    removeCreating(tmp);
    settled.push(tmp);
  }
  return settled;
}

/** Its key was renamed into place and nothing else was: only the database's rename is missing. */
function finishable(tmp: string, path: string): boolean {
  if (fs.existsSync(path) || !fs.existsSync(keyFilePath(path)) || fs.existsSync(keyFilePath(tmp)) || fs.existsSync(`${tmp}-wal`)) return false;
  const size = fs.statSync(tmp).size;
  return size > 0 && size % 512 === 0;
}

/**
 * Called before a database's key file is read or a database is created (open, create, the CLI,
 * leftovers.ts): finishes or undoes creations of this path that were killed. Never fails the caller:
 * when the lock is held elsewhere, or a file cannot be moved, the files stay for the next time.
 */
export function finishInterruptedCreates(path: string): string[] {
  if (path.includes('\0') || creatingFiles(path).length === 0) return [];
  let release: (o?: LockOptions) => void;
  try {
    release = acquireLock(path);
  } catch {
    return [];
  }
  try {
    return settleInterruptedCreates(path);
  } catch (e) {
    console.error('[open] an interrupted creation could not be settled', path, e);
    return [];
  } finally {
    release({ removeIfCreated: true });
  }
}

function refuseExisting(path: string): void {
  for (const f of [path, keyFilePath(path)]) {
    if (fs.existsSync(f)) throw new AppError('FILE_EXISTS', `文件已存在，不会覆盖：${f}`);
  }
}
