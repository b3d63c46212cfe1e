// Passwords, recovery codes, the one-writer lock and backups, on real encrypted files.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Session } from '../../../main/services/session';
import { createRouter } from '../../../main/ipc/router';
import { createHandlers } from '../../../main/ipc/handlers';
import { filesToPrune, backupFileName, inspectBackup, manualBackup } from '../../../main/services/backup';
import { restoreClosedDatabase } from '../../../main/services/restore';
import { openDatabase } from '../../../main/db/open';
import { updateHealth } from '../../../main/db/health';
import { keyFilePath, normalizeRecoveryCode, readKeyFile, unlockWithPassword } from '../../../main/db/keys';
import { lockFilePath, lockHolderPath } from '../../../main/db/lock';
import * as registry from '../../../main/services/registry';
import { PASSWORD, dirListing, idNo, seedVillage, tempDir, tester, MAIN_WINDOW, refusalOf } from './helpers';

let dir: string;
let session: Session;
let file: string;
let villageId: string;


function addHousehold(name: string) {
  return session.write(tester(), (w) => registry.createHousehold(w, { villageId, category: 'general', headName: name, headIdNumber: idNo() }));
}

let recoveryCode: string;
beforeEach(() => {
  dir = tempDir();
  session = new Session(path.join(dir, 'userData'));
  file = path.join(dir, 'office.fupin');
  recoveryCode = session.create(file, PASSWORD).recoveryCode;
  villageId = session.write(tester(), (w) => seedVillage(w).village.id);
  addHousehold('安全甲');
});
afterEach(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('passwords and the recovery code', () => {
  it('creates a key file beside the database and a one-time recovery code in five groups', () => {
    expect(recoveryCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/);
    const keyFile = readKeyFile(file);
    expect(JSON.stringify(keyFile)).not.toContain(recoveryCode);
    expect(JSON.stringify(keyFile)).not.toContain(PASSWORD);
  });

  it('changes the password without touching the data; the old one stops working', () => {
    const keyIdBefore = readKeyFile(file).keyId;
    const earlier = session.backups.backupIfChanged('auto')!;
    session.changePassword(PASSWORD, 'new-secret-22', tester());
    expect(refusalOf(() => session.changePassword('wrong-old-1', 'other-secret-3', tester()))).toMatch(/^WRONG_PASSWORD/);
    expect(refusalOf(() => session.changePassword('new-secret-22', 'short', tester()))).toMatch(/^VALIDATION: 密码强度不够/);
    session.close();
    expect(refusalOf(() => session.open(file, PASSWORD))).toMatch(/^WRONG_PASSWORD: 密码错误/);
    session.open(file, 'new-secret-22');
    expect(registry.getStats(session.requireStore())).toMatchObject({ households: 1, people: 1 });
    session.close();
    // The data key is the same: nothing was re-encrypted.
    expect(readKeyFile(file).keyId).toBe(keyIdBefore);
    // The automatic backup made before the change was re-wrapped: the old password no longer opens it.
    expect(refusalOf(() => unlockWithPassword(readKeyFile(earlier), PASSWORD))).toMatch(/^WRONG_PASSWORD/);
    expect(() => unlockWithPassword(readKeyFile(earlier), 'new-secret-22')).not.toThrow();
  });

  it('a forgotten password is replaced with the recovery code, typed loosely', () => {
    session.close();
    const typed = recoveryCode.toLowerCase().replace(/-/g, ' ');
    expect(normalizeRecoveryCode(typed)).toBe(recoveryCode);
    expect(refusalOf(() => session.recover(file, 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE', 'recovered-pw-1', tester()))).toMatch(/^WRONG_PASSWORD: 恢复码不正确/);
    expect(refusalOf(() => session.recover(file, typed, '123', tester()))).toMatch(/^VALIDATION/);
    session.recover(file, typed, 'recovered-pw-1', tester());
    expect(registry.getStats(session.requireStore()).households).toBe(1);
    session.close();
    expect(refusalOf(() => session.open(file, PASSWORD))).toMatch(/^WRONG_PASSWORD/);
    session.open(file, 'recovered-pw-1');
    // The recovery code still works a second time: it wraps the same data key.
    session.close();
    session.recover(file, recoveryCode, 'recovered-pw-2', tester());
  });

  it('a locked session answers only unlock and close; the right password unlocks it', async () => {
    const router = createRouter(createHandlers(session, { version: 'test', broadcast: () => {} }));
    expect(await router.handle(MAIN_WINDOW, 'security.lock', {})).toMatchObject({ ok: true });
    expect(await router.handle(MAIN_WINDOW, 'app.info', {})).toMatchObject({ ok: true, data: { locked: true } });
    for (const channel of ['households.list', 'members.list', 'stats.get', 'backup.list', 'export.grid', 'settings.set'] as const) {
      expect(await router.handle(MAIN_WINDOW, channel, {}), channel).toMatchObject({ ok: false, error: { code: expect.stringMatching(/SESSION_LOCKED|VALIDATION/) } });
    }
    expect(await router.handle(MAIN_WINDOW, 'households.list', {})).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED', message: '窗口已锁定：请先输入密码解锁' } });
    expect(await router.handle(MAIN_WINDOW, 'security.verifyPassword', { password: 'nope-nope-1' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSWORD' } });
    expect(session.lock.isLocked).toBe(true);
    expect(await router.handle(MAIN_WINDOW, 'security.verifyPassword', { password: PASSWORD })).toMatchObject({ ok: true });
    expect(await router.handle(MAIN_WINDOW, 'households.list', {})).toMatchObject({ ok: true });
    expect(session.info()).not.toBeNull();
  });
});

describe('one writer', () => {
  it('refuses a second open of the same file while it is open, naming the holder', () => {
    expect(refusalOf(() => openDatabase(file, PASSWORD))).toMatch(new RegExp(`^LOCKED: 数据库已在别处打开（本机进程 ${process.pid}，`));
    expect(fs.existsSync(lockHolderPath(file))).toBe(true);
    session.close();
    // The lock file itself stays (deleting it is what let two openers get two files); the OS lock
    // on it and the note naming the holder are gone.
    expect(fs.existsSync(lockHolderPath(file))).toBe(false);
    openDatabase(file, PASSWORD).close();
  });

  it('refuses the CLI (another process) while the app has the file open', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli.ts', 'stats', '--db', file, '--password', PASSWORD], { encoding: 'utf8', cwd: path.resolve(__dirname, '../../..') });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/数据库已在别处打开/);
  });

  it('is not blocked by the lock file a crashed process of the previous version left', () => {
    session.close();
    fs.writeFileSync(lockFilePath(file), JSON.stringify({ pid: 2 ** 22 + 12345, host: require('node:os').hostname(), at: '2016-01-01T00:00:00Z' }));
    const store = openDatabase(file, PASSWORD);
    expect(JSON.parse(fs.readFileSync(lockHolderPath(file), 'utf8')).pid).toBe(process.pid);
    store.close();
  });
});

describe('backups', () => {
  it('backs up on close only when something changed, encrypted, with its key file', () => {
    session.close();
    const backupsRoot = path.join(dir, 'userData', 'backups');
    const [keyDir] = fs.readdirSync(backupsRoot);
    const files = dirListing(path.join(backupsRoot, keyDir));
    expect(files).toHaveLength(3); // one .fupin, its audit anchor and its .key
    expect(files[0]).toMatch(/_close\.fupin$/);
    const backup = path.join(backupsRoot, keyDir, files[0]);
    const key = unlockWithPassword(readKeyFile(file), PASSWORD);
    expect(inspectBackup(backup, key)).toMatchObject({ households: 1, people: 1 });
    expect(fs.readFileSync(backup).includes(Buffer.from('安全甲'))).toBe(false);
    session.open(file, PASSWORD);
    session.close(); // nothing changed: no new backup
    expect(dirListing(path.join(backupsRoot, keyDir))).toHaveLength(3);
  });

  it('lists backups with counts, restores one and can undo the restore', () => {
    const first = session.backups.backupIfChanged('auto');
    expect(first).not.toBeNull();
    addHousehold('安全乙');
    addHousehold('安全丙');
    expect(registry.getStats(session.requireStore()).households).toBe(3);
    const list = session.backups.list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ reason: 'auto', households: 1, people: 1, problem: null });
    const { safetyBackup } = session.restore(list[0].file);
    expect(registry.getStats(session.requireStore()).households).toBe(1);
    const after = session.backups.list();
    expect(after.find((b) => b.file === safetyBackup)).toMatchObject({ reason: 'before-restore', households: 3 });
    session.restore(safetyBackup); // undo
    expect(registry.getStats(session.requireStore()).households).toBe(3);
  });

  it('a manual backup to a chosen folder opens with the same password on another machine', () => {
    const usb = path.join(dir, 'usb');
    fs.mkdirSync(usb);
    const dest = manualBackup(session.requireStore(), path.join(usb, '台账备份'));
    expect(dest.endsWith('台账备份.fupin')).toBe(true);
    expect(fs.existsSync(keyFilePath(dest))).toBe(true);
    expect(refusalOf(() => manualBackup(session.requireStore(), dest))).toMatch(/^FILE_EXISTS/);
    const other = new Session(path.join(dir, 'otherPc'));
    other.open(dest, PASSWORD);
    expect(registry.getStats(other.requireStore()).households).toBe(1);
    other.close();
  });

  it('refuses to restore another database’s backup', () => {
    const otherFile = path.join(dir, 'other.fupin');
    const other = new Session(path.join(dir, 'u2'));
    other.create(otherFile, PASSWORD);
    other.close();
    expect(refusalOf(() => session.restore(otherFile))).toMatch(/另一个数据库/);
  });

  it('restores a closed database (the CLI path) after copying the current file aside', () => {
    const backup = manualBackup(session.requireStore(), path.join(dir, 'snap'));
    addHousehold('安全丁');
    session.close();
    const key = unlockWithPassword(readKeyFile(file), PASSWORD);
    const { safetyBackup } = restoreClosedDatabase(file, key, backup);
    expect(fs.existsSync(safetyBackup)).toBe(true);
    session.open(file, PASSWORD);
    expect(registry.getStats(session.requireStore()).households).toBe(1);
  });

  it('a damaged database is refused with a clear message and restored from its backups', () => {
    for (let i = 0; i < 30; i++) addHousehold(`损坏测试${i}`); // enough pages to damage one in the middle
    session.close(); // makes a backup on close
    const size = fs.statSync(file).size;
    expect(size).toBeGreaterThan(8 * 4096);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, size - 4 * 4096);
    fs.closeSync(fd);
    // As after a crash: the next open checks the whole file first (a clean close leaves that to the background).
    updateHealth(file, (r) => ({ ...r, open: true }));
    expect(refusalOf(() => session.open(file, PASSWORD))).toMatch(/^CORRUPT: 数据库文件已损坏.*请从备份恢复/);
    const backups = session.backupsOf(file, PASSWORD);
    expect(backups[0]).toMatchObject({ reason: 'close', households: 31, problem: null });
    expect(refusalOf(() => session.backupsOf(file, 'wrong-pass-1'))).toMatch(/^WRONG_PASSWORD/);
    const restored = session.restoreClosed(file, PASSWORD, backups[0].file);
    expect(fs.existsSync(restored.safetyBackup)).toBe(true);
    expect(registry.getStats(session.requireStore()).households).toBe(31);
  });

  it('rotation keeps the newest five and one per earlier day, ten in all', () => {
    const names: string[] = [];
    for (let day = 1; day <= 20; day++) {
      for (let h = 0; h < 3; h++) names.push(backupFileName('auto', new Date(2016, 0, day, 9 + h, 0, 0)));
    }
    const removed = new Set(filesToPrune(names));
    const kept = names.filter((n) => !removed.has(n)).sort().reverse();
    expect(kept).toHaveLength(10);
    // The newest five are the last day's three and two from the day before...
    expect(kept.slice(0, 5)).toEqual([...names].sort().reverse().slice(0, 5));
    // ...then one per earlier day, the newest of each.
    expect(kept.slice(5).map((n) => n.slice(0, 8))).toEqual(['20160118', '20160117', '20160116', '20160115', '20160114']);
    expect(kept.slice(5).every((n) => n.includes('-110000-'))).toBe(true);
    // Safety copies from restores and undos are kept apart and never push those out.
    const safety = [1, 2, 3, 4, 5].map((m) => backupFileName('before-restore', new Date(2016, 0, 20, 12, m, 0)));
    const removed2 = new Set(filesToPrune([...names, ...safety]));
    expect(names.filter((n) => !removed2.has(n))).toHaveLength(10);
    expect(safety.filter((n) => !removed2.has(n))).toEqual(safety.slice(2));
  });
});
