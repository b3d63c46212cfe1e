// A restore and its undo never lose a committed row (issue findings 1, 2 and 11): committed rows
// still in the WAL after a crash, a restore whose rename fails, and a process killed (SIGKILL) after
// every step of a restore and of its undo. After each, the household count is the one before or
// the one after the restore, never less; a failed restore leaves no safety copy behind.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../main/db/open';
import { keyFilePath, readKeyFile, unlockWithPassword } from '../../../main/db/keys';
import * as registry from '../../../main/services/registry';
import { manualBackup } from '../../../main/services/backup';
import { restoreClosedDatabase, type RestoreStep } from '../../../main/services/restore';
import { Session } from '../../../main/services/session';
import { PASSWORD, fileDigest, idNo, seedVillage, tempDir, tester } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
const STEPS: RestoreStep[] = ['replacement-built', 'safety-copied', 'checkpointed', 'swapped', 'sidecars-removed'];
const IN_BACKUP = 30;
const IN_WAL = 8;

let root: string;
let villageId: string;
let template: string; // a database with IN_BACKUP households, closed cleanly
let backupOfTemplate: string; // its backup: IN_BACKUP households
let walSeed = 0;

function child(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'tests/unit/main/restore-child.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
}

function households(file: string): number {
  const store = openDatabase(file, PASSWORD);
  try {
    expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    return registry.getStats(store).households;
  } finally {
    store.close();
  }
}

/** A copy of the template in its own folder, then IN_WAL households committed by a process that dies before any checkpoint. */
function crashedWithRowsInWal(name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  const file = path.join(dir, 'office.fupin');
  fs.copyFileSync(template, file);
  fs.copyFileSync(keyFilePath(template), keyFilePath(file));
  walSeed += IN_WAL;
  const r = child(['wal', file, PASSWORD, villageId, String(IN_WAL), String(walSeed)]);
  expect(r.signal, r.stderr).toBe('SIGKILL');
  expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
  return file;
}

function key(file: string): Buffer {
  return unlockWithPassword(readKeyFile(file), PASSWORD);
}

function beforeRestoreCopies(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.includes('before-restore')) : [];
}

beforeAll(() => {
  root = tempDir('fupin-restore-safety-');
  template = path.join(root, 'template.fupin');
  const session = new Session(path.join(root, 'setup-user'));
  session.create(template, PASSWORD);
  villageId = session.write(tester(), (w) => seedVillage(w).village.id);
  for (let i = 0; i < IN_BACKUP; i++) {
    session.write(tester(), (w) => registry.createHousehold(w, { villageId, category: 'general', headName: `备份户${i}`, headIdNumber: idNo() }));
  }
  backupOfTemplate = manualBackup(session.requireStore(), path.join(root, 'template-backup'));
  session.close();
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('restore with committed rows in the WAL', () => {
  it('the crash left its rows only in the WAL, and opening shows them', () => {
    const file = crashedWithRowsInWal('wal-check');
    expect(households(file)).toBe(IN_BACKUP + IN_WAL);
  });

  it('a restore whose rename fails leaves every committed row and no safety copy (finding 1, 11)', () => {
    const file = crashedWithRowsInWal('rename-fails');
    const real = fs.renameSync;
    vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (path.resolve(String(to)) === file) throw Object.assign(new Error('EBUSY: resource busy or locked (another program holds the file)'), { code: 'EBUSY' });
      real(from, to);
    });
    expect(() => restoreClosedDatabase(file, key(file), backupOfTemplate)).toThrow(/EBUSY/);
    vi.restoreAllMocks();
    expect(households(file)).toBe(IN_BACKUP + IN_WAL);
    expect(beforeRestoreCopies(path.dirname(file))).toEqual([]);
    expect(fs.readdirSync(path.dirname(file)).filter((n) => n.includes('.restoring-'))).toEqual([]);
  });

  it('a database too damaged to checkpoint keeps its WAL when the rename fails, and its safety copy keeps it too', () => {
    const file = crashedWithRowsInWal('damaged');
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(16, 0x5a), 0, 16, 0); // the cipher salt: nothing can read the file any more
    fs.closeSync(fd);
    const digests = [fileDigest(file), fileDigest(`${file}-wal`)];
    const real = fs.renameSync;
    vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (path.resolve(String(to)) === file) throw Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' });
      real(from, to);
    });
    expect(() => restoreClosedDatabase(file, key(file), backupOfTemplate)).toThrow(/EBUSY/);
    vi.restoreAllMocks();
    expect([fileDigest(file), fileDigest(`${file}-wal`)]).toEqual(digests);
    const { safetyBackup } = restoreClosedDatabase(file, key(file), backupOfTemplate);
    expect(households(file)).toBe(IN_BACKUP);
    expect(fileDigest(`${safetyBackup}-wal`)).toBe(digests[1]);
    expect(fs.existsSync(keyFilePath(safetyBackup))).toBe(true);
  });

  it('a restore on a full disk is refused before anything is created (finding 11)', () => {
    const file = crashedWithRowsInWal('disk-full');
    const before = fs.readdirSync(path.dirname(file)).sort();
    const real = fs.copyFileSync;
    vi.spyOn(fs, 'copyFileSync').mockImplementation((from, to, mode) => {
      if (String(to).includes('.restoring-')) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      real(from, to, mode);
    });
    expect(() => restoreClosedDatabase(file, key(file), backupOfTemplate)).toThrow(/ENOSPC/);
    vi.restoreAllMocks();
    expect(fs.readdirSync(path.dirname(file)).filter((n) => !n.includes('.lock')).sort()).toEqual(before.filter((n) => !n.includes('.lock')));
    expect(households(file)).toBe(IN_BACKUP + IN_WAL);
  });

  it('a restore onto a database whose WAL holds rows can be undone with all of them (finding 2)', () => {
    const file = crashedWithRowsInWal('undo');
    const { safetyBackup } = restoreClosedDatabase(file, key(file), backupOfTemplate);
    expect(fs.existsSync(keyFilePath(safetyBackup))).toBe(true);
    expect(fs.existsSync(`${safetyBackup}-wal`)).toBe(false); // self-contained, like every backup
    expect(households(file)).toBe(IN_BACKUP);
    restoreClosedDatabase(file, key(file), safetyBackup);
    expect(households(file)).toBe(IN_BACKUP + IN_WAL);
  });

  it('an older safety copy written as .bak plus .bak-wal restores with the rows in its WAL', () => {
    const crashed = crashedWithRowsInWal('old-safety-copy');
    const dir = path.dirname(crashed);
    const old = path.join(dir, 'office.fupin.20260101-000000-000_before-restore.bak');
    fs.copyFileSync(crashed, old);
    fs.copyFileSync(`${crashed}-wal`, `${old}-wal`);
    fs.copyFileSync(keyFilePath(crashed), keyFilePath(old));
    restoreClosedDatabase(crashed, key(crashed), backupOfTemplate);
    expect(households(crashed)).toBe(IN_BACKUP);
    restoreClosedDatabase(crashed, key(crashed), old);
    expect(households(crashed)).toBe(IN_BACKUP + IN_WAL);
  });

  it('the app’s restore of an open database that fails at the rename keeps the database and removes its safety copy', () => {
    const file = crashedWithRowsInWal('open-rename-fails');
    const session = new Session(path.join(root, 'open-rename-fails-user'));
    session.open(file, PASSWORD);
    const real = fs.renameSync;
    vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (path.resolve(String(to)) === file) throw Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' });
      real(from, to);
    });
    expect(() => session.restore(backupOfTemplate)).toThrow(/EPERM/);
    vi.restoreAllMocks();
    expect(registry.getStats(session.requireStore()).households).toBe(IN_BACKUP + IN_WAL);
    expect(beforeRestoreCopies(session.backups.dir())).toEqual([]);
    session.close();
  });
});

describe('a restore killed (SIGKILL) after each step', () => {
  it.each(STEPS)('the CLI’s restore, killed after %s: before or after, never less; the undo has every row', (step) => {
    const file = crashedWithRowsInWal(`kill-closed-${step}`);
    const r = child(['restore-closed', file, PASSWORD, backupOfTemplate, step]);
    expect(r.signal, r.stderr + r.stdout).toBe('SIGKILL');
    const n = households(file);
    expect([IN_BACKUP, IN_BACKUP + IN_WAL]).toContain(n);
    if (n === IN_BACKUP) {
      const [copy] = beforeRestoreCopies(path.dirname(file)).filter((x) => x.endsWith('.bak'));
      restoreClosedDatabase(file, key(file), path.join(path.dirname(file), copy));
      expect(households(file)).toBe(IN_BACKUP + IN_WAL);
    }
  });

  it.each(STEPS)('the app’s restore and its undo, each killed after %s: before or after, never less', (step) => {
    const file = crashedWithRowsInWal(`kill-open-${step}`);
    const userData = path.join(root, `kill-open-${step}-user`);
    const r = child(['restore-open', file, PASSWORD, userData, backupOfTemplate, step]);
    expect(r.signal, r.stderr + r.stdout).toBe('SIGKILL');
    const n = households(file);
    expect([IN_BACKUP, IN_BACKUP + IN_WAL]).toContain(n);
    // The safety copy exists from step safety-copied on; undo it, killed at the same step.
    const session = new Session(userData);
    session.open(file, PASSWORD);
    const copies = beforeRestoreCopies(session.backups.dir()).filter((x) => x.endsWith('.fupin'));
    const dir = session.backups.dir();
    session.close();
    if (n === IN_BACKUP + IN_WAL) return;
    expect(copies).toHaveLength(1);
    const undo = child(['restore-open', file, PASSWORD, userData, path.join(dir, copies[0]), step]);
    expect(undo.signal, undo.stderr + undo.stdout).toBe('SIGKILL');
    expect([IN_BACKUP, IN_BACKUP + IN_WAL]).toContain(households(file));
    const again = new Session(userData);
    again.open(file, PASSWORD);
    again.restore(path.join(dir, copies[0]));
    expect(registry.getStats(again.requireStore()).households).toBe(IN_BACKUP + IN_WAL);
    again.close();
  });
});
