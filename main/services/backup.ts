// Backups: encrypted, consistent copies (see db/snapshot.ts) with their key file beside them.
// Automatic ones rotate in a folder per database (the newest few, then one per earlier day);
// a manual one goes wherever the clerk chooses, typically a USB stick.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { BackupEntry, BackupReason } from '../../shared/contract';
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

/** The backups in a folder, newest first, each inspected with the current data key. */
export function listBackups(dir: string, dataKey: Buffer): BackupEntry[] {
  if (!fs.existsSync(dir)) return [];
  const id = keyIdOf(dataKey);
  const entries: BackupEntry[] = [];
  for (const name of fs.readdirSync(dir)) {
    const meta = parseName(name);
    if (!meta) continue;
    const file = path.join(dir, name);
    let counts: { households: number; people: number } | null = null;
    let problem: string | null = null;
    try {
      if (readKeyFile(file).keyId !== id) throw new AppError('NOT_A_DATABASE', '该备份属于另一个数据库');
      counts = inspectBackup(file, dataKey);
    } catch (e) {
      problem = e instanceof Error ? e.message : String(e);
    }
    entries.push({
      file,
      createdAt: meta.at.toISOString(),
      reason: meta.reason,
      size: fs.statSync(file).size,
      households: counts?.households ?? null,
      people: counts?.people ?? null,
      problem,
    });
  }
  return entries.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
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
