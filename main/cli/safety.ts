// Data-safety commands of the CLI: backup, restore, verify, passwd. Same services as the app.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { openDatabase } from '../db/open';
import { readKeyFile, unlockWithPassword } from '../db/keys';
import { backupTo, inspectBackup } from '../services/backup';
import { restoreClosedDatabase } from '../services/restore';
import { verifyDatabase } from '../services/verify';
import { changePassword, type PasswordChanged } from '../services/security';
import { cleanLeftovers } from '../services/leftovers';
import { CLI_ACTOR } from './actor';

export interface SafetyIo {
  out(text: string): void;
}


/** force: the user agreed to replace an existing backup file and its key file (--force). */
export function backupCommand(db: string, password: string, out: string, io: SafetyIo, force = false): void {
  const dest = path.resolve(out);
  cleanLeftovers(db);
  const store = openDatabase(db, password);
  try {
    backupTo(store, dest, { overwrite: force });
  } finally {
    store.close();
  }
  const counts = inspectBackup(dest, unlockWithPassword(readKeyFile(dest), password));
  io.out(`已备份到：${dest}（${counts.households} 户 ${counts.people} 人）\n密钥文件：${dest}.key（恢复时需与备份放在一起）\n`);
}

export function restoreCommand(db: string, password: string, from: string, io: SafetyIo): void {
  const source = path.resolve(from);
  // First: an init killed between its renames is finished here, before the file is looked for.
  cleanLeftovers(db);
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
    const report = verifyDatabase(store);
    if (!report.ok) {
      io.out(report.problems.map((p) => `${p}\n`).join(''));
      if (report.problemCount > report.problems.length) io.out(`……共 ${report.problemCount} 处问题，以上为前 ${report.problems.length} 处\n`);
      return 1;
    }
    io.out(`OK：数据库完整，审计链完整（${report.auditRows} 条审计记录），各表与审计记录一致\n`);
    io.out(report.notes.map((n) => `注意：${n}\n`).join(''));
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
  cleanLeftovers(a.db);
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
