// Data-safety commands of the CLI: backup, restore, verify, passwd. Same services as the app.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { openDatabase } from '../db/open';
import { readKeyFile, unlockWithPassword } from '../db/keys';
import { backupTo, inspectBackup } from '../services/backup';
import { restoreClosedDatabase } from '../services/restore';
import { verifyAuditChain } from '../db/audit';
import { changePassword, type PasswordChanged } from '../services/security';
import { CLI_ACTOR } from './actor';

export interface SafetyIo {
  out(text: string): void;
}


export function backupCommand(db: string, password: string, out: string, io: SafetyIo): void {
  const dest = path.resolve(out);
  const store = openDatabase(db, password);
  try {
    backupTo(store, dest);
  } finally {
    store.close();
  }
  const counts = inspectBackup(dest, unlockWithPassword(readKeyFile(dest), password));
  io.out(`已备份到：${dest}（${counts.households} 户 ${counts.people} 人）\n密钥文件：${dest}.key（恢复时需与备份放在一起）\n`);
}

export function restoreCommand(db: string, password: string, from: string, io: SafetyIo): void {
  const source = path.resolve(from);
  if (!fs.existsSync(db)) throw new AppError('FILE_NOT_FOUND', `找不到数据库文件：${db}`);
  const key = unlockWithPassword(readKeyFile(db), password);
  const { safetyBackup } = restoreClosedDatabase(db, key, source);
  const store = openDatabase(db, password);
  store.close();
  io.out(`已从备份恢复：${source}\n恢复前的数据库已另存为：${safetyBackup}（如需撤销，可再从它恢复）\n`);
}

/** Returns the exit code: 0 when intact, 1 when anything is broken. */
export function verifyCommand(db: string, password: string, io: SafetyIo): number {
  let store;
  try {
    store = openDatabase(db, password);
  } catch (e) {
    if (e instanceof AppError && e.code === 'CORRUPT') {
      io.out(`损坏：${e.message}\n`);
      return 1;
    }
    throw e;
  }
  try {
    const integrity = store.sqlite.pragma('integrity_check', { simple: true }) as string;
    if (integrity !== 'ok') {
      io.out(`损坏：数据库完整性检查未通过（${integrity}）\n`);
      return 1;
    }
    const chain = verifyAuditChain(store);
    if (!chain.ok) {
      io.out(`审计链断裂：${chain.reason}（第一处断点：第 ${chain.brokenAt} 条）\n`);
      return 1;
    }
    io.out(`OK：数据库完整，审计链完整（${chain.rows} 条审计记录）\n`);
    return 0;
  } finally {
    store.close();
  }
}

export interface PasswdArgs {
  db: string;
  password: string;
  newPassword: string | undefined;
  /** Its backups/ folder holds the automatic backups that get the new password too. */
  userDataDir: string;
}

/** Exactly as the app changes a password (services/security.ts), automatic backups included. */
export function passwdCommand(a: PasswdArgs, io: SafetyIo): void {
  if (!a.newPassword) throw new AppError('VALIDATION', '请用环境变量 FUPIN_NEW_PASSWORD 提供新密码');
  const store = openDatabase(a.db, a.password);
  let changed: PasswordChanged;
  try {
    changed = changePassword(store, CLI_ACTOR, { oldPassword: a.password, newPassword: a.newPassword, userDataDir: a.userDataDir });
  } finally {
    store.close();
  }
  io.out(`密码已修改：${a.db}（数据未重新加密；恢复码仍然有效）\n`);
  if (changed.backupsNotRewrapped.length > 0) {
    io.out(`以下自动备份的密钥文件未能改用新密码，原密码仍能打开它们：\n${changed.backupsNotRewrapped.map((f) => `  ${f}\n`).join('')}`);
  }
}
