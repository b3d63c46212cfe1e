// The one database this process has open, its data key, its automatic backups and the small
// per-machine preferences beside it.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { AppSettings, BackupEntry, DbInfo } from '../../shared/contract';
import { createDatabase, openWithKey } from '../db/open';
import { keyIdOf, readKeyFile, rewrapPassword, unlockWithPassword, writeKeyFile } from '../db/keys';
import { changePassword, completeRecovery, keyFromRecoveryCode } from './security';
import { acquireLock } from '../db/lock';
import { SCHEMA_VERSION } from '../db/migrations/index';
import type { Store } from '../db/store';
import { backupFileName, backupTo, inspectBackup, listBackups, pruneBackups, replaceDatabaseFile, restoreClosedDatabase, rotatingBackup } from './backup';
import { getSetting, setSetting, type Writer } from './write';

const RECENT_MAX = 8;
const SETTINGS_KEY = 'appSettings';
export const DEFAULT_SETTINGS: AppSettings = { autoLockMinutes: 10, autoBackupMinutes: 30 };

export class Session {
  private store: Store | null = null;
  private dataKey: Buffer | null = null;
  /** The audit sequence number the newest backup contains; more means unsaved changes. */
  private backedUpSeq = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Set by the idle lock; the router answers only unlock and close until it is cleared. */
  locked = false;
  /** Imports and exports running in worker threads on their own connection to this database. */
  private runningJobs = 0;

  constructor(
    readonly userDataDir: string,
    readonly actor: string,
  ) {}

  get demoPath(): string {
    return path.join(this.userDataDir, '演示数据库.fupin');
  }

  info(): DbInfo | null {
    return this.store ? { path: this.store.path, demo: this.store.path === this.demoPath, schemaVersion: SCHEMA_VERSION } : null;
  }

  /** Keeps the database from being closed, switched or replaced under a job's connection. */
  async track<T>(work: Promise<T>): Promise<T> {
    this.runningJobs++;
    try {
      return await work;
    } finally {
      this.runningJobs--;
    }
  }

  assertNoJobs(): void {
    if (this.runningJobs > 0) throw new AppError('RULE', '有导入或导出正在进行，请等它结束或取消后再操作');
  }

  open(file: string, password: string): DbInfo {
    this.assertNoJobs();
    const full = path.resolve(file);
    const key = unlockWithPassword(readKeyFileChecked(full), password);
    this.close();
    return this.adopt(openWithKey(full, key), key);
  }

  create(file: string, password: string): DbInfo & { recoveryCode: string } {
    this.assertNoJobs();
    const { store, recoveryCode } = createDatabase(path.resolve(file), password);
    this.close();
    const key = unlockWithPassword(readKeyFile(store.path), password);
    return { ...this.adopt(store, key), recoveryCode };
  }

  /** A forgotten password: the recovery code unlocks the key and the new password replaces the old. */
  recover(file: string, recoveryCode: string, newPassword: string): DbInfo {
    this.assertNoJobs();
    const full = path.resolve(file);
    readKeyFileChecked(full);
    const key = keyFromRecoveryCode(full, recoveryCode, newPassword);
    this.close();
    const store = openWithKey(full, key);
    try {
      completeRecovery(store, this.actor, key, newPassword);
    } catch (e) {
      store.close();
      throw e;
    }
    return this.adopt(store, key);
  }

  /**
   * Also re-wraps the key files of this database's automatic backups, so that the old password
   * opens none of them any more. Copies made elsewhere (a USB stick) keep the password they had.
   */
  changePassword(oldPassword: string, newPassword: string): void {
    const store = this.requireStore();
    changePassword(store, this.actor, oldPassword, newPassword);
    const dir = this.backupsDir();
    if (!fs.existsSync(dir)) return;
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.fupin'))) {
      const backup = path.join(dir, name);
      try {
        const keyFile = readKeyFile(backup);
        if (keyFile.keyId === keyIdOf(this.dataKey!)) writeKeyFile(backup, rewrapPassword(keyFile, this.dataKey!, newPassword));
      } catch (e) {
        console.error('[backup] re-wrapping a backup key file failed', e);
      }
    }
  }

  lock(): void {
    this.requireStore();
    this.locked = true;
  }

  /** Unlocks after the idle lock. */
  verifyPassword(password: string): void {
    try {
      unlockWithPassword(readKeyFile(this.requireStore().path), password);
    } catch (e) {
      if (e instanceof AppError && e.code === 'WRONG_PASSWORD') throw new AppError('WRONG_PASSWORD', '密码错误，窗口仍保持锁定，请重新输入');
      throw e;
    }
    this.locked = false;
  }

  private adopt(store: Store, key: Buffer): DbInfo {
    this.store = store;
    this.dataKey = key;
    this.locked = false;
    this.backedUpSeq = this.auditSeq();
    this.remember(store.path);
    this.scheduleBackups();
    return this.info()!;
  }

  /** Closes the database, backing it up first when it changed since the last backup. */
  close(): void {
    if (!this.store) return;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    try {
      this.backupIfChanged('close');
    } catch (e) {
      console.error('[backup] on close failed', e);
    }
    this.store.close();
    this.store = null;
    this.dataKey = null;
    this.locked = false;
  }

  /** What a worker thread needs to open its own connection: the path and the unwrapped key. */
  workerAccess(): { path: string; dataKey: Buffer } {
    const store = this.requireStore();
    return { path: store.path, dataKey: this.dataKey! };
  }

  requireStore(): Store {
    if (!this.store) throw new AppError('NO_DATABASE', '尚未打开数据库，请先在开始页面打开或新建数据库');
    return this.store;
  }

  writer(): Writer {
    return { store: this.requireStore(), actor: this.actor };
  }

  // ---- settings ----

  settings(): AppSettings {
    const saved = getSetting(this.requireStore(), SETTINGS_KEY);
    return { ...DEFAULT_SETTINGS, ...(typeof saved === 'object' && saved !== null ? (saved as Partial<AppSettings>) : {}) };
  }

  updateSettings(patch: Partial<AppSettings>): AppSettings {
    const next = { ...this.settings(), ...patch };
    const w = this.writer();
    w.store.tx(() => setSetting(w, SETTINGS_KEY, next));
    this.scheduleBackups();
    return next;
  }

  // ---- backups ----

  /** Automatic backups of this database, one folder per data key. */
  backupsDir(): string {
    if (!this.dataKey) throw new AppError('NO_DATABASE', '尚未打开数据库');
    return path.join(this.userDataDir, 'backups', keyIdOf(this.dataKey));
  }

  private auditSeq(): number {
    const row = this.store?.sqlite.prepare('SELECT max(seq) AS seq FROM auditLog').get() as { seq: number | null } | undefined;
    return row?.seq ?? 0;
  }

  backupIfChanged(reason: 'auto' | 'close'): string | null {
    if (!this.store || this.auditSeq() === this.backedUpSeq) return null;
    const seq = this.auditSeq();
    const file = rotatingBackup(this.store, this.backupsDir(), reason);
    this.backedUpSeq = seq;
    return file;
  }

  private scheduleBackups(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const minutes = this.store ? this.settings().autoBackupMinutes : 0;
    if (minutes <= 0) return;
    this.timer = setInterval(() => {
      try {
        this.backupIfChanged('auto');
      } catch (e) {
        console.error('[backup] automatic backup failed', e);
      }
    }, minutes * 60_000);
    this.timer.unref();
  }

  listBackups(): BackupEntry[] {
    this.requireStore();
    return listBackups(this.backupsDir(), this.dataKey!);
  }

  manualBackup(dest: string): string {
    const full = path.resolve(dest.endsWith('.fupin') ? dest : `${dest}.fupin`);
    backupTo(this.requireStore(), full);
    return full;
  }

  /** Replaces the open database with a backup, after backing up the current state. */
  restore(backupFile: string): { restoredFrom: string; safetyBackup: string } {
    this.assertNoJobs();
    const store = this.requireStore();
    const key = this.dataKey!;
    const dbPath = store.path;
    const source = path.resolve(backupFile);
    if (!fs.existsSync(source)) throw new AppError('FILE_NOT_FOUND', `找不到备份文件：${source}`);
    if (readKeyFileChecked(source).keyId !== keyIdOf(key)) throw new AppError('NOT_A_DATABASE', '该备份属于另一个数据库，不能恢复到当前数据库');
    inspectBackup(source, key); // a damaged backup is refused while the current database is still open
    const dir = this.backupsDir();
    fs.mkdirSync(dir, { recursive: true });
    const safety = path.join(dir, backupFileName('before-restore'));
    backupTo(store, safety);
    if (this.timer) clearInterval(this.timer);
    store.close();
    this.store = null;
    try {
      const release = acquireLock(dbPath);
      try {
        replaceDatabaseFile(dbPath, source, key);
      } finally {
        release();
      }
    } finally {
      // Restored, or (if the copy failed) the untouched original: either way the clerk keeps working.
      this.adopt(openWithKey(dbPath, key), key);
    }
    pruneBackups(dir);
    return { restoredFrom: source, safetyBackup: safety };
  }

  /** Backups of a database that is not open (e.g. refused as damaged), unlocked by its password. */
  backupsOf(file: string, password: string): BackupEntry[] {
    const full = path.resolve(file);
    const key = unlockWithPassword(readKeyFileChecked(full), password);
    return listBackups(path.join(this.userDataDir, 'backups', keyIdOf(key)), key);
  }

  /** Restores a database that cannot be opened, then opens it. The damaged file is kept aside. */
  restoreClosed(file: string, password: string, backupFile: string): DbInfo & { safetyBackup: string } {
    this.assertNoJobs();
    const full = path.resolve(file);
    const key = unlockWithPassword(readKeyFileChecked(full), password);
    this.close();
    const { safetyBackup } = restoreClosedDatabase(full, key, path.resolve(backupFile));
    return { ...this.adopt(openWithKey(full, key), key), safetyBackup };
  }

  // ---- recent files ----

  private get recentFile(): string {
    return path.join(this.userDataDir, 'recent.json');
  }

  recent(): string[] {
    try {
      const list: unknown = JSON.parse(fs.readFileSync(this.recentFile, 'utf8'));
      return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string' && fs.existsSync(p)) : [];
    } catch {
      return [];
    }
  }

  private remember(file: string): void {
    const list = [file, ...this.recent().filter((p) => p !== file)].slice(0, RECENT_MAX);
    try {
      fs.mkdirSync(this.userDataDir, { recursive: true });
      fs.writeFileSync(this.recentFile, JSON.stringify(list));
    } catch {
      // The recent list is a convenience; failing to save it must not fail the open.
    }
  }
}

/** The key file, after checking the database file itself looks like ours (clearer messages). */
function readKeyFileChecked(dbPath: string) {
  if (!fs.existsSync(dbPath)) throw new AppError('FILE_NOT_FOUND', `找不到数据库文件：${dbPath}`);
  return readKeyFile(dbPath);
}

