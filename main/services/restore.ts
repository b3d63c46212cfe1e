// Putting a backup in place of a database file. Everything that can refuse runs before the file
// changes, and the state being replaced is always kept as a backup first, so a restore can be undone.
import fs from 'node:fs';
import { AppError } from '../../shared/errors';
import { keyFilePath, keyIdOf, readKeyFile } from '../db/keys';
import { acquireLock } from '../db/lock';
import { BACKUP_SUFFIX, backupFileName, inspectBackup } from './backup';

/** Refuses a backup that is missing, damaged or of another database, before anything changes. */
export function assertRestorable(dbPath: string, backupFile: string, dataKey: Buffer): void {
  if (!fs.existsSync(backupFile)) throw new AppError('FILE_NOT_FOUND', `找不到备份文件：${backupFile}`);
  if (readKeyFile(backupFile).keyId !== keyIdOf(dataKey)) {
    throw new AppError('NOT_A_DATABASE', `该备份属于另一个数据库，不能恢复到 ${dbPath}`);
  }
  inspectBackup(backupFile, dataKey);
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function underLock<T>(dbPath: string, fn: () => T): T {
  const release = acquireLock(dbPath);
  try {
    return fn();
  } finally {
    release();
  }
}

/**
 * The copy goes to a temp name and is renamed over the database only when complete. The key file
 * is kept: a backup of this database shares its data key, so the current password still opens it.
 */
function putInPlace(dbPath: string, backupFile: string): void {
  const tmp = `${dbPath}.restoring-${process.pid}`;
  fs.copyFileSync(backupFile, tmp);
  fsyncFile(tmp);
  for (const f of [`${dbPath}-wal`, `${dbPath}-shm`]) fs.rmSync(f, { force: true });
  fs.renameSync(tmp, dbPath);
}

/** Puts a backup (already checked with assertRestorable) in place of a CLOSED database file. */
export function replaceDatabaseFile(dbPath: string, backupFile: string): void {
  underLock(dbPath, () => putInPlace(dbPath, backupFile));
}

/** Copies a closed database file (e.g. a damaged one), its WAL and key file aside. */
function copyClosedDatabase(dbPath: string, dest: string): void {
  fs.copyFileSync(dbPath, dest);
  fsyncFile(dest);
  if (fs.existsSync(`${dbPath}-wal`)) fs.copyFileSync(`${dbPath}-wal`, `${dest}-wal`);
  fs.copyFileSync(keyFilePath(dbPath), keyFilePath(dest));
}

/**
 * Restores a database that is not open (the CLI; or one too damaged to open): the current file
 * is first copied aside beside it, so the restore can be undone.
 */
export function restoreClosedDatabase(dbPath: string, dataKey: Buffer, backupFile: string): { safetyBackup: string } {
  assertRestorable(dbPath, backupFile, dataKey);
  return underLock(dbPath, () => {
    const safetyBackup = `${dbPath}.${backupFileName('before-restore').replace(BACKUP_SUFFIX, '')}.bak`;
    copyClosedDatabase(dbPath, safetyBackup);
    putInPlace(dbPath, backupFile);
    return { safetyBackup };
  });
}
