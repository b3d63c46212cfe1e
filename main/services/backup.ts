// Backups: encrypted, consistent copies (see db/snapshot.ts) with their key file beside them.
// Automatic ones rotate in a folder per database (the newest few, then one per earlier day);
// a manual one goes wherever the clerk chooses, typically a USB stick.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import Database from 'better-sqlite3-multiple-ciphers';
import type { BackupEntry, BackupFileCheck, BackupReason } from '../../shared/contract';
import { applyKey } from '../db/cipher';
import { SCHEMA_VERSION } from '../db/migrations/index';
import { keyFilePath, keyIdOf, readKeyFile } from '../db/keys';
import { inspectSnapshot, snapshotWithKeyTo } from '../db/snapshot';
import { auditHeadPath } from '../db/auditAnchor';
import { removeDeadTempFiles } from './leftovers';
import { locatedError } from '../errors';

/** A backup's counts, read without changing it (see db/snapshot.ts). */
export const inspectBackup = inspectSnapshot;
import type { Store } from '../db/store';

export const BACKUP_SUFFIX = '.fupin';
export const KEEP_RECENT = 5;
export const KEEP_TOTAL = 10;

const REASONS: readonly BackupReason[] = ['auto', 'close', 'manual', 'before-restore', 'before-migration'];

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}-${String(d.getMilliseconds()).padStart(3, '0')}`;
}

export function backupFileName(reason: BackupReason, at = new Date()): string {
  return `${stamp(at)}_${reason}${BACKUP_SUFFIX}`;
}

export interface BackupOptions {
  /** The clerk confirmed replacing an existing file (CLI --force, the dialog's 覆盖). */
  overwrite?: boolean;
}

/**
 * Refuses, before anything is written, to replace a file nobody agreed to lose: the backup itself or
 * a key file beside it. A lone key file of this same database (left by an interrupted backup) may go:
 * it holds the same data key. Another database's key file would leave that database unopenable.
 */
function assertFreeForBackup(store: Store, dest: string, options: BackupOptions): void {
  if (options.overwrite) return;
  if (fs.existsSync(dest)) throw new AppError('FILE_EXISTS', `文件已存在，未覆盖：${dest}（确认覆盖后再备份；命令行加 --force）`);
  const key = keyFilePath(dest);
  if (!fs.existsSync(key)) return;
  let sameDatabase = false;
  try {
    sameDatabase = readKeyFile(dest).keyId === readKeyFile(store.path).keyId;
  } catch {
    sameDatabase = false;
  }
  if (!sameDatabase) throw new AppError('FILE_EXISTS', `密钥文件已存在（属于另一个数据库），未覆盖：${key}（确认覆盖后再备份；命令行加 --force）`);
}

/** Copies the open database and its key file to dest; both appear complete or not at all (db/snapshot.ts). */
export function backupTo(store: Store, dest: string, options: BackupOptions = {}): void {
  const dir = path.dirname(dest);
  if (!fs.existsSync(dir)) throw new AppError('FILE_NOT_FOUND', `备份位置不存在：${dir}`);
  if (fs.existsSync(dest) && !fs.statSync(dest).isFile()) throw new AppError('FILE_EXISTS', `该位置是一个文件夹，不能作为备份文件：${dest}`);
  assertFreeForBackup(store, dest, options);
  // Temp files of an earlier backup to this name that was killed (leftovers.ts): not kept on a USB stick.
  removeDeadTempFiles(dir, (name) => name.startsWith(`${path.basename(dest)}.`));
  try {
    snapshotWithKeyTo(store.sqlite, store.path, dest, store.dataKey);
  } catch (e) {
    // SQLite's own refusal (VACUUM INTO a folder it cannot write) names no file: the clerk needs it.
    throw locatedError(e, dest);
  }
}

function parseName(name: string): { at: Date; reason: BackupReason } | null {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-(\d{3})_([a-z-]+)\.fupin$/.exec(name);
  if (!m || !REASONS.includes(m[8] as BackupReason)) return null;
  const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number);
  return { at: new Date(y, mo - 1, d, h, mi, s, ms), reason: m[8] as BackupReason };
}

/**
 * The one check of a backup before it is listed as restorable, chosen in 从文件恢复… or restored:
 * a file (not a folder) with its key file beside it, of this database (same data key), that opens
 * with that key, passes PRAGMA quick_check and is not from a newer version of the program.
 * Each refusal says plainly what is wrong and where.
 */
export function checkBackupFile(file: string, dataKey: Buffer): BackupFileCheck {
  if (!fs.existsSync(file)) throw new AppError('FILE_NOT_FOUND', `找不到备份文件：${file}`);
  const stat = fs.statSync(file);
  if (!stat.isFile()) throw new AppError('NOT_A_DATABASE', `这是一个文件夹，不是备份文件：${file}`);
  const keyFile = keyFilePath(file);
  if (!fs.existsSync(keyFile)) {
    if (!file.endsWith(BACKUP_SUFFIX)) throw new AppError('NOT_A_DATABASE', `该文件不是精准扶贫台账的备份：${file}（备份文件以 ${BACKUP_SUFFIX} 结尾，旁边有同名的 .key 密钥文件）`);
    throw new AppError('NOT_A_DATABASE', `备份文件旁边缺少密钥文件：${keyFile}。密钥文件与备份文件必须在同一文件夹、一起复制，缺一不可`);
  }
  if (readKeyFile(file).keyId !== keyIdOf(dataKey)) throw new AppError('NOT_A_DATABASE', `该备份属于另一个数据库（密钥文件不是本数据库的），不能恢复：${file}`);
  assertOpensWithKey(file, dataKey);
  let counts: { households: number; people: number; schemaVersion: number };
  try {
    counts = inspectBackup(file, dataKey);
  } catch (e) {
    throw new AppError('CORRUPT', `备份文件已损坏（完整性检查未通过），不能恢复：${file}`, { cause: e instanceof Error ? e.message : String(e) });
  }
  if (counts.schemaVersion > SCHEMA_VERSION) {
    throw new AppError('NEWER_SCHEMA', `该备份由更新版本的软件生成（结构版本 ${counts.schemaVersion}，本软件支持到 ${SCHEMA_VERSION}），请升级软件后再恢复：${file}`);
  }
  return { file, keyFile, size: stat.size, modifiedAt: stat.mtime.toISOString(), households: counts.households, people: counts.people };
}

/** SQLCipher reads page 1 with the key: a file damaged there, or not made with this key, fails here. */
function assertOpensWithKey(file: string, dataKey: Buffer): void {
  let db: InstanceType<typeof Database> | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    applyKey(db, dataKey);
    db.pragma('user_version', { simple: true });
  } catch (e) {
    throw new AppError('CORRUPT', `无法用本数据库的密钥打开该备份：文件已损坏，或它与旁边的密钥文件不是一起生成的：${file}`, { cause: e instanceof Error ? e.message : String(e) });
  } finally {
    db?.close();
  }
}

/** What a backup holds, read with the current data key; or why it cannot be restored. */
function inspectEntry(file: string, dataKey: Buffer): Pick<BackupEntry, 'households' | 'people' | 'problem'> {
  try {
    const { households, people } = checkBackupFile(file, dataKey);
    return { households, people, problem: null };
  } catch (e) {
    return { households: null, people: null, problem: e instanceof Error ? e.message : String(e) };
  }
}

/** The backups in a folder, newest first, each inspected with the current data key. */
export function listBackups(dir: string, dataKey: Buffer): BackupEntry[] {
  if (!fs.existsSync(dir)) return [];
  const entries: BackupEntry[] = [];
  for (const name of fs.readdirSync(dir)) {
    const meta = parseName(name);
    if (!meta) continue;
    const file = path.join(dir, name);
    entries.push({ file, createdAt: meta.at.toISOString(), reason: meta.reason, size: fs.statSync(file).size, ...inspectEntry(file, dataKey), place: 'automatic', unavailable: null });
  }
  return newestFirst(entries);
}

function newestFirst(entries: BackupEntry[]): BackupEntry[] {
  return entries.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

// Manual backups go wherever the clerk chose (a USB stick): a record of them beside the automatic
// ones (per PC and per database, like them: the paths are this PC's drives) lets the list show them.
const MANUAL_RECORD = 'manual-backups.json';
const manualRecordSchema = z.object({ backups: z.array(z.object({ file: z.string(), createdAt: z.string() })) });
type ManualRecord = z.infer<typeof manualRecordSchema>['backups'];

function readManualRecord(dir: string): ManualRecord {
  const file = path.join(dir, MANUAL_RECORD);
  if (!fs.existsSync(file)) return [];
  try {
    return manualRecordSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).backups;
  } catch (e) {
    // A damaged record loses only the list of manual backups, never a backup: start a new one.
    console.error('[backup] the record of manual backups is unreadable; starting a new one', e);
    return [];
  }
}

function writeManualRecord(dir: string, backups: ManualRecord): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, MANUAL_RECORD);
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify({ backups }, null, 2));
  fs.renameSync(tmp, file);
}

/** Remembers a manual backup (one entry per file: a backup made again to the same file replaces it). */
export function recordManualBackup(dir: string, file: string, at = new Date()): void {
  const others = readManualRecord(dir).filter((b) => b.file !== file);
  writeManualRecord(dir, [...others, { file, createdAt: at.toISOString() }]);
}

/** Takes a manual backup off the list; the file itself is not touched. */
export function forgetManualBackup(dir: string, file: string): void {
  const before = readManualRecord(dir);
  const after = before.filter((b) => b.file !== file);
  if (after.length === before.length) throw new AppError('NOT_FOUND', `备份列表中没有这个手动备份：${file}`);
  writeManualRecord(dir, after);
}

/** Why a recorded file cannot be reached now, or null when it is there. */
function unreachable(file: string): string | null {
  if (fs.existsSync(file)) return null;
  const folder = path.dirname(file);
  if (!fs.existsSync(folder)) return `找不到所在位置 ${folder}（U盘或移动硬盘未插入，或文件夹已删除）`;
  return '备份文件已不在原处（已删除、改名或移走）';
}

/** The recorded manual backups, each inspected where it is reachable; one that is not is kept, marked unavailable. */
export function listManualBackups(dir: string, dataKey: Buffer): BackupEntry[] {
  return readManualRecord(dir).map(({ file, createdAt }) => {
    const unavailable = unreachable(file);
    if (unavailable) return { file, createdAt, reason: 'manual', size: null, households: null, people: null, problem: null, place: 'chosen', unavailable };
    return { file, createdAt, reason: 'manual', size: fs.statSync(file).size, ...inspectEntry(file, dataKey), place: 'chosen', unavailable: null };
  });
}

/** A database's backups: the automatic ones in dir and the manual ones recorded there, newest first. */
export function listAllBackups(dir: string, dataKey: Buffer): BackupEntry[] {
  const automatic = listBackups(dir, dataKey);
  const known = new Set(automatic.map((b) => b.file));
  return newestFirst([...automatic, ...listManualBackups(dir, dataKey).filter((b) => !known.has(b.file))]);
}

/** Safety copies made before a restore or a migration are kept apart, so undoing cannot push out the day's backups. */
export const KEEP_SAFETY = 3;
const SAFETY_REASONS: readonly BackupReason[] = ['before-restore', 'before-migration'];

/**
 * Which files to delete: of the regular backups keep the newest KEEP_RECENT, then the newest of
 * each earlier day, KEEP_TOTAL in all; of the safety copies keep the newest KEEP_SAFETY.
 */
export function filesToPrune(names: readonly string[]): string[] {
  const dated = names
    .map((name) => ({ name, meta: parseName(name) }))
    .filter((x): x is { name: string; meta: { at: Date; reason: BackupReason } } => x.meta !== null)
    .sort((a, b) => b.meta.at.getTime() - a.meta.at.getTime());
  const safety = dated.filter((x) => SAFETY_REASONS.includes(x.meta.reason));
  return [...safety.slice(KEEP_SAFETY).map((x) => x.name), ...regularToPrune(dated.filter((x) => !SAFETY_REASONS.includes(x.meta.reason)))];
}

function regularToPrune(dated: readonly { name: string; meta: { at: Date } }[]): string[] {
  const keep = new Set(dated.slice(0, KEEP_RECENT).map((x) => x.name));
  const days = new Set(dated.slice(0, KEEP_RECENT).map((x) => x.meta.at.toDateString()));
  for (const x of dated.slice(KEEP_RECENT)) {
    if (keep.size >= KEEP_TOTAL) break;
    const day = x.meta.at.toDateString();
    if (!days.has(day)) {
      days.add(day);
      keep.add(x.name);
    }
  }
  return dated.filter((x) => !keep.has(x.name)).map((x) => x.name);
}

export function pruneBackups(dir: string): string[] {
  const removed = filesToPrune(fs.readdirSync(dir));
  for (const name of removed) {
    fs.rmSync(path.join(dir, name), { force: true });
    fs.rmSync(keyFilePath(path.join(dir, name)), { force: true });
    fs.rmSync(auditHeadPath(path.join(dir, name)), { force: true });
  }
  return removed;
}

/**
 * Where the automatic backups of a database live: by its data key, not its path, so a database
 * moved or renamed keeps its backups, and a backup restored over it stays in the same folder.
 */
export function automaticBackupsDir(userDataDir: string, dataKey: Buffer): string {
  return path.join(userDataDir, 'backups', keyIdOf(dataKey));
}

/** A rotating backup into dir; returns its path. */
export function rotatingBackup(store: Store, dir: string, reason: BackupReason): string {
  fs.mkdirSync(dir, { recursive: true });
  const dest = path.join(dir, backupFileName(reason));
  backupTo(store, dest);
  pruneBackups(dir);
  return dest;
}

/** A backup the clerk asked for, to a file of their choosing; returns its full path. */
export function manualBackup(store: Store, dest: string, options: BackupOptions = {}): string {
  const full = path.resolve(dest.endsWith(BACKUP_SUFFIX) ? dest : `${dest}${BACKUP_SUFFIX}`);
  backupTo(store, full, options);
  return full;
}
