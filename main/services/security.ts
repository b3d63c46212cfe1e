// Password change and recovery, shared by the app (Session) and the CLI. Only key files change:
// the data key, and so every backup, stays the same.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { assertPasswordAcceptable } from '../db/open';
import { keyIdOf, readKeyFile, rewrapPassword, unlockWithPassword, unlockWithRecoveryCode, writeKeyFile } from '../db/keys';
import type { Store } from '../db/store';
import { setSetting, write } from '../db/write';
import type { Actor } from '../db/audit';
import { automaticBackupsDir, BACKUP_SUFFIX } from './backup';

/** Records that the password changed, in the audit log, without the password itself. */
function recordSecurityEvent(store: Store, actor: Actor, event: 'passwordChanged' | 'passwordRecovered'): void {
  write({ store, actor }, (w) => setSetting(w, 'security.lastEvent', { event, at: new Date().toISOString() }));
}

export interface PasswordChange {
  oldPassword: string;
  newPassword: string;
  /** The user-data folder whose automatic backups of this database get the new password too. */
  userDataDir: string;
}

/** Automatic backups whose key file could not be rewritten: the old password still opens them. */
export interface PasswordChanged {
  backupsNotRewrapped: string[];
}

/**
 * Also re-wraps the key files of the database's automatic backups, so that the old password opens
 * none of them any more. Copies made elsewhere (a USB stick) keep the password they had.
 */
export function changePassword(store: Store, actor: Actor, change: PasswordChange): PasswordChanged {
  const keyFile = readKeyFile(store.path);
  const key = unlockWithPassword(keyFile, change.oldPassword);
  assertPasswordAcceptable(change.newPassword);
  if (change.oldPassword === change.newPassword) throw new AppError('VALIDATION', '新密码不能与原密码相同');
  // Audited first: a process killed between the two leaves an audit row for a change that may not
  // have landed (the old password still works, nothing is lost), never a change without its row.
  recordSecurityEvent(store, actor, 'passwordChanged');
  writeKeyFile(store.path, rewrapPassword(keyFile, key, change.newPassword));
  return { backupsNotRewrapped: rewrapBackups(automaticBackupsDir(change.userDataDir, key), key, change.newPassword) };
}

/** Gives every backup of this data key in dir the new password; returns the ones that failed. */
function rewrapBackups(dir: string, dataKey: Buffer, newPassword: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const failed: string[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(BACKUP_SUFFIX))) {
    const backup = path.join(dir, name);
    try {
      const keyFile = readKeyFile(backup);
      if (keyFile.keyId === keyIdOf(dataKey)) writeKeyFile(backup, rewrapPassword(keyFile, dataKey, newPassword));
    } catch {
      failed.push(backup);
    }
  }
  return failed;
}

/** Unwraps the data key with the recovery code; the caller opens the database with it. */
export function keyFromRecoveryCode(dbPath: string, recoveryCode: string, newPassword: string): Buffer {
  assertPasswordAcceptable(newPassword);
  return unlockWithRecoveryCode(readKeyFile(dbPath), recoveryCode);
}

/** Sets the new password once the database has opened with the recovered key. */
export function completeRecovery(store: Store, actor: Actor, dataKey: Buffer, newPassword: string): void {
  recordSecurityEvent(store, actor, 'passwordRecovered');
  writeKeyFile(store.path, rewrapPassword(readKeyFile(store.path), dataKey, newPassword));
}
