// The open database's automatic backups: every N minutes while it changes and once more on close,
// rotating in its folder under the user-data dir (backup.ts says where and how many are kept).
import path from 'node:path';
import fs from 'node:fs';
import type { BackupEntry } from '../../shared/contract';
import type { Store } from '../db/store';
import { queriesFor } from '../db/queries';
import { automaticBackupsDir, backupFileName, backupTo, listBackups, pruneBackups, rotatingBackup } from './backup';

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
    const seq = auditSeq(store);
    if (seq === this.backedUpSeq) return null;
    const file = rotatingBackup(store, this.dir(), reason);
    this.backedUpSeq = seq;
    return file;
  }

  list(): BackupEntry[] {
    return this.listFor(this.openDatabase().dataKey);
  }

  /** The backups of any database with this data key, open or not (one refused as damaged). */
  listFor(dataKey: Buffer): BackupEntry[] {
    return listBackups(automaticBackupsDir(this.userDataDir, dataKey), dataKey);
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
