// The open database's backups. Automatic ones every N minutes while it changes, once more on close
// and before every import that writes, rotating in its folder under the user-data dir (backup.ts
// says where and how many are kept); manual ones wherever the clerk chose, recorded in that folder
// so that the list shows them too.
import path from 'node:path';
import fs from 'node:fs';
import type { BackupEntry } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Store } from '../db/store';
import { queriesFor } from '../db/queries';
import { locatedError } from '../errors';
import { automaticBackupsDir, backupFileName, backupTo, forgetManualBackup, listAllBackups, manualBackup, pruneBackups, recordManualBackup, rotatingBackup, type BackupOptions } from './backup';

export interface OpenDatabase {
  store: Store;
  dataKey: Buffer;
}

function auditSeq(store: Store): number {
  return queriesFor(store).auditReads.lastSeq();
}

export class AutomaticBackups {
  /** The audit sequence number the newest backup contains; more means unsaved changes. */
  private backedUpSeq = 0;
  private timer: NodeJS.Timeout | null = null;

  /** openDatabase refuses (NO_DATABASE) when nothing is open. */
  constructor(
    private readonly userDataDir: string,
    private readonly openDatabase: () => OpenDatabase,
  ) {}

  /** For a database just opened: what it holds now counts as backed up (its last close made one). */
  start(minutes: number): void {
    this.backedUpSeq = auditSeq(this.openDatabase().store);
    this.schedule(minutes);
  }

  /** Every `minutes` from now on; 0 backs up only on close. */
  schedule(minutes: number): void {
    this.stop();
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

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The folder of the open database's automatic backups. */
  dir(): string {
    return automaticBackupsDir(this.userDataDir, this.openDatabase().dataKey);
  }

  backupIfChanged(reason: 'auto' | 'close'): string | null {
    const { store } = this.openDatabase();
    if (auditSeq(store) === this.backedUpSeq) return null;
    return this.backupNow(reason);
  }

  private backupNow(reason: 'auto' | 'close'): string {
    const { store } = this.openDatabase();
    const seq = auditSeq(store);
    const file = rotatingBackup(store, this.dir(), reason);
    this.backedUpSeq = seq;
    return file;
  }

  /**
   * An automatic backup taken before an import writes, changed or not, so the import can be undone
   * by restoring it. If it fails the import must not start: the refusal says why, and that nothing was imported.
   */
  beforeImport(): string {
    try {
      return this.backupNow('auto');
    } catch (e) {
      const reason = locatedError(e, this.dir());
      throw new AppError(reason.code, `导入前的自动备份失败，未导入任何数据：${reason.message}`, reason.details);
    }
  }

  /** A manual backup to a file the clerk chose; recorded so that it is listed with the others. */
  manual(dest: string, options: BackupOptions = {}): string {
    const file = manualBackup(this.openDatabase().store, dest, options);
    try {
      recordManualBackup(this.dir(), file);
    } catch (e) {
      // The backup itself is complete: only its place in the list is lost.
      console.error('[backup] recording the manual backup failed', e);
    }
    return file;
  }

  /** Takes a manual backup off the list (the file stays where it is). */
  forgetManual(file: string): void {
    forgetManualBackup(this.dir(), path.resolve(file));
  }

  list(): BackupEntry[] {
    return this.listFor(this.openDatabase().dataKey);
  }

  /** The backups of any database with this data key, open or not (one refused as damaged), manual ones included. */
  listFor(dataKey: Buffer): BackupEntry[] {
    return listAllBackups(automaticBackupsDir(this.userDataDir, dataKey), dataKey);
  }

  /** A copy of the open database as it is now, kept apart from the rotation, before a restore. */
  safetyCopy(): string {
    const dir = this.dir();
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, backupFileName('before-restore'));
    backupTo(this.openDatabase().store, file);
    return file;
  }

  prune(): void {
    pruneBackups(this.dir());
  }
}
