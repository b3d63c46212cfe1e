// Password change and recovery, shared by the app (Session) and the CLI. Only the key file
// changes: the data key, and so every backup, stays the same.
import { AppError } from '../../shared/errors';
import { assertPasswordAcceptable } from '../db/open';
import { readKeyFile, rewrapPassword, unlockWithPassword, unlockWithRecoveryCode, writeKeyFile } from '../db/keys';
import type { Store } from '../db/store';
import { setSetting } from './write';

/** Records that the password changed, in the audit log, without the password itself. */
function recordSecurityEvent(store: Store, actor: string, event: 'passwordChanged' | 'passwordRecovered'): void {
  store.tx(() => setSetting({ store, actor }, 'security.lastEvent', { event, at: new Date().toISOString() }));
}

export function changePassword(store: Store, actor: string, oldPassword: string, newPassword: string): void {
  const keyFile = readKeyFile(store.path);
  const key = unlockWithPassword(keyFile, oldPassword);
  assertPasswordAcceptable(newPassword);
  if (oldPassword === newPassword) throw new AppError('VALIDATION', '新密码不能与原密码相同');
  writeKeyFile(store.path, rewrapPassword(keyFile, key, newPassword));
  recordSecurityEvent(store, actor, 'passwordChanged');
}

/** Unwraps the data key with the recovery code; the caller opens the database with it. */
export function keyFromRecoveryCode(dbPath: string, recoveryCode: string, newPassword: string): Buffer {
  assertPasswordAcceptable(newPassword);
  return unlockWithRecoveryCode(readKeyFile(dbPath), recoveryCode);
}

/** Sets the new password once the database has opened with the recovered key. */
export function completeRecovery(store: Store, actor: string, dataKey: Buffer, newPassword: string): void {
  writeKeyFile(store.path, rewrapPassword(readKeyFile(store.path), dataKey, newPassword));
  recordSecurityEvent(store, actor, 'passwordRecovered');
}
