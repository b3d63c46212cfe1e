// Putting a backup in place of a database file without ever losing a committed row. The order:
// everything that can refuse; the replacement built beside the database (a self-contained copy of
// the backup); a safety copy of the current state (so the restore can be undone); the database's
// WAL checkpointed into its file; one atomic rename; only then the old sidecars removed. A failure
// or a kill before the rename leaves the database exactly as it was (and no safety copy to fill the
// disk); after it, the restore is complete. Temp files left by a kill go at the next open (leftovers.ts).
import fs from 'node:fs';
import path from 'node:path';
import type { BackupFileCheck } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { keyFilePath } from '../db/keys';
import { acquireLock } from '../db/lock';
import { checkpointFile, copyWithWal, snapshotFileWithKeyTo } from '../db/snapshot';
import { BACKUP_SUFFIX, backupFileName, checkBackupFile } from './backup';
import { anchorDatabaseFile, auditHeadPath } from '../db/auditAnchor';

/** The steps of a restore, in order; a test stops the process at each (setRestoreStepHook). */
export type RestoreStep = 'replacement-built' | 'safety-copied' | 'checkpointed' | 'swapped' | 'sidecars-removed';
let stepHook: ((step: RestoreStep) => void) | null = null;

/** Only for tests: called after each step, e.g. to kill the process there. */
export function setRestoreStepHook(hook: ((step: RestoreStep) => void) | null): void {
  stepHook = hook;
}

function reached(step: RestoreStep): void {
  stepHook?.(step);
}

/**
 * Refuses, before anything changes, a backup that is missing, not ours, damaged, of another
 * database or the database file itself (backup.ts checkBackupFile); returns what it holds.
 */
export function assertRestorable(dbPath: string, backupFile: string, dataKey: Buffer): BackupFileCheck {
  if (sameFile(dbPath, backupFile)) throw new AppError('RULE', `这是当前数据库文件本身，不是备份：${backupFile}`);
  return checkBackupFile(backupFile, dataKey);
}

function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}

function removeSidecars(file: string): void {
  for (const f of [`${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

/** Removes a backup or safety copy: the file, its sidecars and its key file. */
export function removeBackupFiles(file: string): void {
  fs.rmSync(file, { force: true });
  removeSidecars(file);
  fs.rmSync(keyFilePath(file), { force: true });
  fs.rmSync(auditHeadPath(file), { force: true });
}

/**
 * A self-contained copy of the backup beside the database (same folder, so the final rename is
 * atomic). A safety copy made by an older version kept committed rows in its -wal: they are folded in.
 */
function buildReplacement(dbPath: string, backupFile: string, dataKey: Buffer): string {
  const tmp = `${dbPath}.restoring-${process.pid}`;
  removeBackupFiles(tmp);
  try {
    copyWithWal(backupFile, tmp);
    if (fs.existsSync(`${tmp}-wal`)) checkpointFile(tmp, dataKey);
    removeSidecars(tmp);
  } catch (e) {
    removeBackupFiles(tmp);
    throw e;
  }
  reached('replacement-built');
  return tmp;
}

/**
 * The commit point is the rename: before it the database is untouched (its WAL emptied into the
 * file, which changes no data); after it, the restore is done and nothing may undo it.
 */
function swapIn(dbPath: string, dataKey: Buffer, replacement: string): void {
  const walAside = checkpointOrSetWalAside(dbPath, dataKey);
  reached('checkpointed');
  try {
    fs.renameSync(replacement, dbPath);
  } catch (e) {
    if (walAside) fs.renameSync(walAside, `${dbPath}-wal`);
    throw e;
  }
  reached('swapped');
  try {
    // The anchor described the replaced file: the restored one gets its own (db/auditAnchor.ts).
    anchorDatabaseFile(dbPath, dataKey);
  } catch (e) {
    console.error('[restore] anchoring the restored database failed; verify will report its anchor', e);
  }
  try {
    // The old WAL is empty (or set aside) and the -shm describes it: neither belongs to the new file.
    removeSidecars(dbPath);
    if (walAside) fs.rmSync(walAside, { force: true });
  } catch (e) {
    console.error('[restore] removing the old WAL files failed; SQLite ignores an empty WAL', e);
  }
  reached('sidecars-removed');
}

/**
 * A database too damaged to checkpoint (the restore of one refused on open) keeps its WAL, whose
 * frames would be applied to the new file: it is renamed aside (and back if the swap fails). Its
 * rows are also in the safety copy made just before, which kept that WAL beside it.
 * Returns the WAL's temporary name, or null when the checkpoint emptied it.
 */
function checkpointOrSetWalAside(dbPath: string, dataKey: Buffer): string | null {
  try {
    checkpointFile(dbPath, dataKey);
    return null;
  } catch (e) {
    if (e instanceof AppError && e.code === 'LOCKED') throw e;
    const wal = `${dbPath}-wal`;
    if (!fs.existsSync(wal)) return null;
    const aside = `${dbPath}.restoring-${process.pid}-old-wal`;
    fs.renameSync(wal, aside);
    return aside;
  }
}

interface RestoreParts {
  /** Makes the safety copy of the current state; returns its path. */
  safetyCopy: () => string;
  /** Closes the open connection (the app) just before the swap; the CLI has none. */
  beforeSwap?: () => void;
  /** Whether the swap must take the lock itself (the app's connection held it until beforeSwap). */
  lockForSwap: boolean;
}

function restoreInSteps(dbPath: string, dataKey: Buffer, backupFile: string, parts: RestoreParts): { safetyBackup: string } {
  assertRestorable(dbPath, backupFile, dataKey);
  const replacement = buildReplacement(dbPath, backupFile, dataKey);
  let safetyBackup: string | null = null;
  let swapped = false;
  try {
    safetyBackup = parts.safetyCopy();
    reached('safety-copied');
    parts.beforeSwap?.();
    const release = parts.lockForSwap ? acquireLock(dbPath) : () => {};
    try {
      swapIn(dbPath, dataKey, replacement);
      swapped = true;
    } finally {
      release();
    }
    return { safetyBackup };
  } catch (e) {
    if (!swapped) {
      removeBackupFiles(replacement);
      // The database is as it was: a copy of it would only take the disk space it may need.
      if (safetyBackup) removeBackupFiles(safetyBackup);
    }
    throw e;
  }
}

/**
 * Replaces the open database (its connection closed by beforeSwap) with a backup; safetyCopy backs
 * up the current state first (the app's safety copies live with its automatic backups).
 */
export function restoreOpenDatabase(dbPath: string, dataKey: Buffer, backupFile: string, parts: { safetyCopy: () => string; beforeSwap: () => void }): { safetyBackup: string } {
  return restoreInSteps(dbPath, dataKey, backupFile, { ...parts, lockForSwap: true });
}

/**
 * A copy of a closed database beside it, made like every backup (VACUUM INTO, with its key file).
 * A file too damaged for that is copied as it is, WAL included, and restoring from it reads both.
 */
function safetyCopyOfClosed(dbPath: string, dataKey: Buffer): string {
  const dest = `${dbPath}.${backupFileName('before-restore').replace(BACKUP_SUFFIX, '')}.bak`;
  try {
    snapshotFileWithKeyTo(dbPath, dataKey, dest);
  } catch {
    copyDamagedAside(dbPath, dest);
  }
  return dest;
}

function copyDamagedAside(dbPath: string, dest: string): void {
  const tmp = `${dest}.partial-${process.pid}`;
  try {
    copyWithWal(dbPath, tmp);
    fs.copyFileSync(keyFilePath(dbPath), keyFilePath(dest));
    if (fs.existsSync(`${tmp}-wal`)) fs.renameSync(`${tmp}-wal`, `${dest}-wal`);
    fs.renameSync(tmp, dest);
  } catch (e) {
    removeBackupFiles(tmp);
    throw e;
  }
}

/**
 * Restores a database that is not open (the CLI; or one too damaged to open): the current file
 * is first copied aside beside it, so the restore can be undone.
 */
export function restoreClosedDatabase(dbPath: string, dataKey: Buffer, backupFile: string): { safetyBackup: string } {
  const release = acquireLock(dbPath);
  try {
    return restoreInSteps(dbPath, dataKey, backupFile, { safetyCopy: () => safetyCopyOfClosed(dbPath, dataKey), lockForSwap: false });
  } finally {
    release();
  }
}
