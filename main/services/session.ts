// The one database this process has open and its data key: opening, creating, recovering,
// restoring and closing it, and the events each step publishes. The other concerns of an open
// database are parts it owns: the window lock, the running jobs, the automatic backups, the
// background integrity check and the list of recent files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { AppSettings, Operator, BackupEntry, DataChange, DbInfo, EventName, EventSink, Events } from '../../shared/contract';
import { createDatabase, finishInterruptedCreates, openWithKey } from '../db/open';
import { readKeyFile, unlockWithPassword } from '../db/keys';
import { automaticBackupsDir } from './backup';
import { SCHEMA_VERSION } from '../db/migrations/index';
import type { Store } from '../db/store';
import { write, type Writer } from '../db/write';
import type { Actor } from '../db/audit';
import { changePassword, completeRecovery, keyFromRecoveryCode } from './security';
import { AutomaticBackups, type OpenDatabase } from './automaticBackups';
import { restoreClosedDatabase, restoreOpenDatabase } from './restore';
import { cleanExportJournal, cleanLeftovers } from './leftovers';
import { JobTracker } from './jobTracker';
import { SessionLock } from './sessionLock';
import { RecentFiles } from './recentFiles';
import { readSettings, updateSettings } from './settings';
import { IntegrityMonitor } from './integrity';
import { activeOperator, ChosenOperators, renameOperator, type OperatorInput } from './operators';
import { forgetHealth } from '../db/health';

/**
 * The per-machine folder (recent files, automatic backups, the demo) where Electron does not
 * choose one (app.getPath('userData')): the Chromium runner's default and the CLI's.
 */
export function defaultUserDataDir(): string {
  return path.join(os.homedir(), '.fupin-desk');
}

export class Session {
  private current: (OpenDatabase & { stopListening: () => void }) | null = null;
  private readonly listeners = new Set<EventSink>();
  /** Imports and exports running in worker threads on their own connection to this database. */
  readonly jobs = new JobTracker();
  readonly lock: SessionLock;
  readonly backups: AutomaticBackups;
  readonly recentFiles: RecentFiles;
  /** SQLite's check of the open file, in the background; damage found locks editing. */
  readonly integrity: IntegrityMonitor;
  /** The 操作员 each window chose at unlock: the actor of its writes (ipc/context.ts). */
  readonly operators = new ChosenOperators();

  constructor(readonly userDataDir: string) {
    this.lock = new SessionLock(() => this.requireStore().path, (reason) => this.publishSession(reason));
    this.backups = new AutomaticBackups(userDataDir, () => this.requireOpen());
    this.recentFiles = new RecentFiles(path.join(userDataDir, 'recent.json'));
    this.integrity = new IntegrityMonitor((status) => this.publish('integrity.changed', status));
    // Plaintext temp files of exports killed with an earlier run, wherever they were saved.
    cleanExportJournal(userDataDir);
  }

  /** Everything the session publishes (data changes after each commit, open/close/lock). */
  subscribe(listener: EventSink): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private publish<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  private publishSession(reason: Events['session.changed']['reason']): void {
    this.publish('session.changed', { reason, db: this.info(), locked: this.lock.isLocked });
  }

  /** A change committed by a worker thread's write path on its own connection to this database. */
  relayChange(change: DataChange): void {
    if (this.current) this.publish('data.changed', change);
  }

  get demoPath(): string {
    return path.join(this.userDataDir, '演示数据库.fupin');
  }

  info(): DbInfo | null {
    if (!this.current) return null;
    const { store } = this.current;
    return { path: store.path, demo: store.path === this.demoPath, schemaVersion: SCHEMA_VERSION };
  }

  open(file: string, password: string): DbInfo {
    this.jobs.assertNoneRunning();
    const full = path.resolve(file);
    const key = unlockFile(full, password);
    this.close();
    cleanExportJournal(this.userDataDir);
    cleanLeftovers(full, automaticBackupsDir(this.userDataDir, key));
    return this.adopt(openWithKey(full, key), key);
  }

  create(file: string, password: string): DbInfo & { recoveryCode: string } {
    this.jobs.assertNoneRunning();
    cleanLeftovers(path.resolve(file));
    const { store, recoveryCode } = createDatabase(path.resolve(file), password);
    this.close();
    const key = unlockWithPassword(readKeyFile(store.path), password);
    return { ...this.adopt(store, key), recoveryCode };
  }

  /** A forgotten password: the recovery code unlocks the key and the new password replaces the old. */
  recover(file: string, recoveryCode: string, newPassword: string, actor: Actor): DbInfo {
    this.jobs.assertNoneRunning();
    const full = path.resolve(file);
    readKeyFileChecked(full);
    const key = keyFromRecoveryCode(full, recoveryCode, newPassword);
    this.close();
    const store = openWithKey(full, key);
    try {
      completeRecovery(store, actor, key, newPassword);
    } catch (e) {
      store.close();
      throw e;
    }
    return this.adopt(store, key);
  }

  /** The automatic backups get the new password too (security.ts). */
  changePassword(oldPassword: string, newPassword: string, actor: Actor): void {
    const { backupsNotRewrapped } = changePassword(this.requireStore(), actor, { oldPassword, newPassword, userDataDir: this.userDataDir });
    if (backupsNotRewrapped.length > 0) console.error('[backup] re-wrapping these backups’ key files failed', backupsNotRewrapped);
  }

  /** Saved in the open database; a new backup interval applies at once. */
  updateSettings(patch: Partial<AppSettings>, actor: Actor): AppSettings {
    const next = updateSettings({ store: this.requireStore(), actor }, patch);
    this.backups.schedule(next.autoBackupMinutes);
    return next;
  }

  /** The window acts as this operator from now on; only an active one of the open database. */
  chooseOperator(windowId: number, operatorId: string): Operator {
    const operator = activeOperator(this.requireStore(), operatorId);
    this.operators.choose(windowId, operator);
    return operator;
  }

  /** Windows acting as the renamed operator write under the new name from now on. */
  renameOperator(id: string, input: OperatorInput, actor: Actor): Operator {
    const operator = renameOperator({ store: this.requireStore(), actor }, id, input);
    this.operators.renamed(operator);
    return operator;
  }

  private adopt(store: Store, dataKey: Buffer, reason: 'opened' | 'restored' = 'opened'): DbInfo {
    this.current = { store, dataKey, stopListening: store.onChange((change) => this.publish('data.changed', change)) };
    this.lock.reset();
    this.recentFiles.remember(store.path);
    this.backups.start(readSettings(store).autoBackupMinutes);
    this.publishSession(reason);
    this.integrity.start(store, dataKey);
    return this.info()!;
  }

  /** Closes the database, backing it up first when it changed since the last backup. */
  close(): void {
    if (!this.current) return;
    try {
      this.backups.backupIfChanged('close');
    } catch (e) {
      console.error('[backup] on close failed', e);
    }
    this.detach();
    this.operators.clear();
    this.publishSession('closed');
  }

  /** Closes the connection without a backup or an event: a restore reopens it at once. */
  private detach(): void {
    const { store, stopListening } = this.requireOpen();
    this.integrity.stop();
    this.backups.stop();
    stopListening();
    store.close();
    this.current = null;
    this.lock.reset();
  }

  /** Replaces the open database with a backup, after backing up the current state. */
  restore(backupFile: string): { restoredFrom: string; safetyBackup: string } {
    this.jobs.assertNoneRunning();
    const { store, dataKey } = this.requireOpen();
    const source = path.resolve(backupFile);
    // restore.ts refuses a damaged backup, or another database's, while this one is still open, and
    // a failed restore leaves it exactly as it was; either way the clerk keeps working.
    let safetyBackup: string;
    try {
      ({ safetyBackup } = restoreOpenDatabase(store.path, dataKey, source, { safetyCopy: () => this.backups.safetyCopy(), beforeSwap: () => this.detach() }));
      // Another file now: its history (and any damage recorded) was the old one's.
      forgetHealth(store.path);
    } finally {
      if (!this.current) this.adopt(openWithKey(store.path, dataKey), dataKey, 'restored');
    }
    this.backups.prune();
    return { restoredFrom: source, safetyBackup };
  }

  /** Backups of a database that is not open (e.g. refused as damaged), unlocked by its password. */
  backupsOf(file: string, password: string): BackupEntry[] {
    return this.backups.listFor(unlockFile(path.resolve(file), password));
  }

  /** Restores a database that cannot be opened, then opens it. The damaged file is kept aside. */
  restoreClosed(file: string, password: string, backupFile: string): DbInfo & { safetyBackup: string } {
    this.jobs.assertNoneRunning();
    const full = path.resolve(file);
    const key = unlockFile(full, password);
    this.close();
    cleanLeftovers(full, automaticBackupsDir(this.userDataDir, key));
    const { safetyBackup } = restoreClosedDatabase(full, key, path.resolve(backupFile));
    forgetHealth(full);
    return { ...this.adopt(openWithKey(full, key), key, 'restored'), safetyBackup };
  }

  /** What a worker thread needs to open its own connection: the path and the unwrapped key. */
  workerAccess(): { path: string; dataKey: Buffer } {
    const { store, dataKey } = this.requireOpen();
    return { path: store.path, dataKey };
  }

  requireStore(): Store {
    return this.requireOpen().store;
  }

  private requireOpen(): OpenDatabase & { stopListening: () => void } {
    if (!this.current) throw new AppError('NO_DATABASE', '尚未打开数据库，请先在开始页面打开或新建数据库');
    return this.current;
  }

  /** The one write path, on the open database, as this actor (see db/write.ts). */
  write<T>(actor: Actor, fn: (w: Writer) => T): T {
    return write({ store: this.requireStore(), actor }, fn);
  }
}

/** The key file, after checking the database file itself exists (a clearer message). */
function readKeyFileChecked(dbPath: string) {
  // A creation killed before its last rename left the key file alone: the database goes into place first.
  finishInterruptedCreates(dbPath);
  if (!fs.existsSync(dbPath)) throw new AppError('FILE_NOT_FOUND', `找不到数据库文件：${dbPath}`);
  return readKeyFile(dbPath);
}

function unlockFile(dbPath: string, password: string): Buffer {
  return unlockWithPassword(readKeyFileChecked(dbPath), password);
}
