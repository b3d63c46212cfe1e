// 数据安全 and files the clerk chooses: manual backups in the list (and 不可用 when their file or USB
// stick is gone), 从文件恢复… from any folder after a check that refuses plainly and changes nothing,
// and the automatic backup before every import that writes. Real encrypted databases, the real router.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, type Router } from '../../../main/ipc/router';
import { createHandlers } from '../../../main/ipc/handlers';
import { Session } from '../../../main/services/session';
import { applyKey } from '../../../main/db/cipher';
import { keyFilePath } from '../../../main/db/keys';
import { automaticBackupsDir } from '../../../main/services/backup';
import * as registry from '../../../main/services/registry';
import type { BackupEntry, BackupFileCheck, Channel, EventName, ImportJobState, InputOf, OutputOf } from '../../../shared/contract';
import { MAIN_WINDOW, PASSWORD, idNo, seedVillage, tempDir, tester } from './helpers';
import { baseRows, toTable, writeCsv } from '../import/fixtures';

let dir: string;
let session: Session;
let router: Router;
let dbFile: string;
let villageId: string;
const events: { event: EventName; payload: unknown }[] = [];

async function ok<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const r = await router.handle(MAIN_WINDOW, channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.data as OutputOf<C>;
}

async function refusal<C extends Channel>(channel: C, input: InputOf<C>): Promise<string> {
  const r = await router.handle(MAIN_WINDOW, channel, input);
  if (r.ok) throw new Error(`${channel} was not refused`);
  return r.error.message;
}

function households(): number {
  return registry.getStats(session.requireStore()).households;
}

function addHousehold(name: string): void {
  session.write(tester(), (w) => registry.createHousehold(w, { villageId, category: 'general', headName: name, headIdNumber: idNo() }));
}

function automaticDir(): string {
  return automaticBackupsDir(session.userDataDir, session.workerAccess().dataKey);
}

function safetyCopies(): string[] {
  const d = automaticDir();
  return fs.existsSync(d) ? fs.readdirSync(d).filter((n) => n.includes('before-restore')) : [];
}

/** Another encrypted database (another data key) with its own backup in `folder`. */
function otherDatabaseBackup(folder: string): string {
  const other = new Session(path.join(dir, 'other-user'));
  other.create(path.join(dir, 'other.fupin'), PASSWORD);
  const file = other.backups.manual(path.join(folder, '别的数据库'));
  other.close();
  return file;
}

beforeEach(async () => {
  dir = tempDir('fupin-backup-files-');
  events.length = 0;
  session = new Session(path.join(dir, 'userData'));
  router = createRouter(createHandlers(session, { version: 'test', broadcast: (event, payload) => events.push({ event, payload }) }));
  dbFile = path.join(dir, 'office', '台账.fupin');
  fs.mkdirSync(path.dirname(dbFile));
  await ok('db.create', { path: dbFile, password: PASSWORD });
  villageId = session.write(tester(), (w) => seedVillage(w).village.id);
  for (let i = 0; i < 12; i++) addHousehold(`备份测试户${i}`);
});
afterEach(() => {
  session.close();
  // A file the session's last writes leave (its close) may still land while the folder goes: retry.
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
});

describe('manual backups in the list', () => {
  it('a backup to a chosen file is listed with its place, size, counts and time, once per file', async () => {
    const usb = path.join(dir, 'usb');
    fs.mkdirSync(usb);
    const { path: made } = await ok('backup.create', { path: path.join(usb, '台账备份') });
    expect(made).toBe(path.join(usb, '台账备份.fupin'));
    const list = await ok('backup.list', {});
    const entry = list.find((b) => b.file === made);
    expect(entry).toMatchObject({ reason: 'manual', place: 'chosen', unavailable: null, problem: null, households: 12, size: fs.statSync(made).size });
    expect(Date.now() - Date.parse(entry!.createdAt)).toBeLessThan(60_000);
    // Made again to the same file (覆盖): still one entry, the newer one.
    addHousehold('再次备份户');
    await ok('backup.create', { path: made, overwrite: true });
    const again = (await ok('backup.list', {})).filter((b) => b.file === made);
    expect(again).toHaveLength(1);
    expect(again[0].households).toBe(13);
    // Listed for the same database reopened, and in the damaged-database chooser (db.backupsOf).
    session.close();
    expect((await ok('db.backupsOf', { path: dbFile, password: PASSWORD })).map((b) => b.file)).toContain(made);
  });

  it('a manual backup whose file was removed, or whose USB stick is not plugged in, is shown 不可用 with the reason, and can be taken off the list', async () => {
    const usb = path.join(dir, 'usb');
    const stick = path.join(dir, 'stick');
    fs.mkdirSync(usb);
    fs.mkdirSync(stick);
    const removed = (await ok('backup.create', { path: path.join(usb, '已删除') })).path;
    const onStick = (await ok('backup.create', { path: path.join(stick, '拔出') })).path;
    fs.rmSync(removed);
    fs.rmSync(stick, { recursive: true }); // the stick is pulled out: its folder is gone
    const list = await ok('backup.list', {});
    const byFile = (f: string) => list.find((b) => b.file === f) as BackupEntry;
    expect(byFile(removed)).toMatchObject({ place: 'chosen', size: null, households: null, unavailable: '备份文件已不在原处（已删除、改名或移走）' });
    expect(byFile(onStick).unavailable).toBe(`找不到所在位置 ${stick}（U盘或移动硬盘未插入，或文件夹已删除）`);
    // Restoring it is refused plainly, and nothing changes.
    expect(await refusal('backup.restore', { file: removed })).toBe(`找不到备份文件：${removed}`);
    expect(households()).toBe(12);
    await ok('backup.forget', { file: removed });
    expect((await ok('backup.list', {})).map((b) => b.file)).not.toContain(removed);
    expect(await refusal('backup.forget', { file: removed })).toContain('备份列表中没有这个手动备份');
  });

  it('a refused manual backup (its folder does not exist) is not listed', async () => {
    const dest = path.join(dir, 'nowhere', '备份');
    expect(await refusal('backup.create', { path: dest })).toContain('备份位置不存在');
    expect((await ok('backup.list', {})).filter((b) => b.place === 'chosen')).toEqual([]);
  });
});

describe('从文件恢复…: restore from any folder after a check', () => {
  it('a backup on a USB stick is checked, restored (the change is gone) and the restore undone', async () => {
    const usb = path.join(dir, 'U盘');
    fs.mkdirSync(usb);
    const backup = (await ok('backup.create', { path: path.join(usb, '台账2016-03-21') })).path;
    // Copied to another folder as a clerk would, with its key file: not a listed backup.
    const elsewhere = path.join(dir, '别处');
    fs.mkdirSync(elsewhere);
    const copy = path.join(elsewhere, '拷贝.fupin');
    fs.copyFileSync(backup, copy);
    fs.copyFileSync(keyFilePath(backup), keyFilePath(copy));
    addHousehold('恢复后应消失的户');
    expect(households()).toBe(13);

    const check: BackupFileCheck = await ok('backup.check', { file: copy });
    expect(check).toMatchObject({ file: copy, keyFile: keyFilePath(copy), households: 12, size: fs.statSync(copy).size });
    expect(households()).toBe(13); // a check changes nothing

    const restored = await ok('backup.restore', { file: copy });
    expect(restored.restoredFrom).toBe(copy);
    expect(households()).toBe(12);
    expect(fs.existsSync(restored.safetyBackup)).toBe(true);
    expect(path.dirname(restored.safetyBackup)).toBe(automaticDir());
    // The chosen file is left as it was.
    expect(fs.existsSync(copy) && fs.existsSync(keyFilePath(copy))).toBe(true);

    await ok('backup.restore', { file: restored.safetyBackup });
    expect(households()).toBe(13);
  });

  describe('refused with a clear message, and nothing changed', () => {
    let usb: string;
    let backup: string;
    beforeEach(async () => {
      usb = path.join(dir, 'usb');
      fs.mkdirSync(usb);
      backup = (await ok('backup.create', { path: path.join(usb, '好备份') })).path;
      addHousehold('不能丢的户');
    });

    async function expectRefused(file: string, message: string | RegExp): Promise<void> {
      const before = households();
      const beside = fs.readdirSync(path.dirname(dbFile)).sort();
      for (const channel of ['backup.check', 'backup.restore'] as const) {
        const said = await refusal(channel, { file });
        if (typeof message === 'string') expect(said, channel).toBe(message);
        else expect(said, channel).toMatch(message);
      }
      expect(households()).toBe(before);
      expect(safetyCopies()).toEqual([]);
      expect(fs.readdirSync(path.dirname(dbFile)).sort()).toEqual(beside);
    }

    it('a file that is not a backup at all', async () => {
      const sheet = path.join(usb, '贫困户名单.xlsx');
      fs.writeFileSync(sheet, 'PK\u0003\u0004 not a database');
      await expectRefused(sheet, `该文件不是精准扶贫台账的备份：${sheet}（备份文件以 .fupin 结尾，旁边有同名的 .key 密钥文件）`);
    });

    it('a folder, a missing file, and the database file itself', async () => {
      await expectRefused(usb, `这是一个文件夹，不是备份文件：${usb}`);
      await expectRefused(path.join(usb, '没有.fupin'), `找不到备份文件：${path.join(usb, '没有.fupin')}`);
      await expectRefused(dbFile, `这是当前数据库文件本身，不是备份：${dbFile}`);
    });

    it('a backup without its key file', async () => {
      fs.rmSync(keyFilePath(backup));
      await expectRefused(backup, `备份文件旁边缺少密钥文件：${keyFilePath(backup)}。密钥文件与备份文件必须在同一文件夹、一起复制，缺一不可`);
    });

    it('another database’s backup, and our backup beside another database’s key file', async () => {
      const foreign = otherDatabaseBackup(usb);
      await expectRefused(foreign, `该备份属于另一个数据库（密钥文件不是本数据库的），不能恢复：${foreign}`);
      fs.copyFileSync(keyFilePath(foreign), keyFilePath(backup));
      await expectRefused(backup, `该备份属于另一个数据库（密钥文件不是本数据库的），不能恢复：${backup}`);
    });

    it('a damaged backup: its first page, or a page in the middle', async () => {
      const page = 4096;
      const size = fs.statSync(backup).size;
      const middle = Math.floor(size / page / 2) * page;
      expect(middle).toBeGreaterThan(page);
      const damagedMiddle = path.join(usb, '中间损坏.fupin');
      const damagedFirst = path.join(usb, '开头损坏.fupin');
      for (const [file, offset] of [
        [damagedMiddle, middle],
        [damagedFirst, 0],
      ] as const) {
        fs.copyFileSync(backup, file);
        fs.copyFileSync(keyFilePath(backup), keyFilePath(file));
        const fd = fs.openSync(file, 'r+');
        fs.writeSync(fd, Buffer.alloc(page, 0x5a), 0, page, offset);
        fs.closeSync(fd);
      }
      await expectRefused(damagedMiddle, `备份文件已损坏（完整性检查未通过），不能恢复：${damagedMiddle}`);
      await expectRefused(damagedFirst, `无法用本数据库的密钥打开该备份：文件已损坏，或它与旁边的密钥文件不是一起生成的：${damagedFirst}`);
      // The list says the same of them.
      const listed = await ok('backup.list', {});
      expect(listed.find((b) => b.file === backup)?.problem).toBeNull();
    });

    it('a backup made by a newer version of the program', async () => {
      const db = new Database(backup);
      applyKey(db, session.workerAccess().dataKey);
      db.pragma('user_version = 9999');
      db.close();
      await expectRefused(backup, /^该备份由更新版本的软件生成（结构版本 9999，本软件支持到 \d+），请升级软件后再恢复：/);
    });
  });
});

describe('a backup before every import that writes', () => {
  async function finished(jobId: string): Promise<ImportJobState> {
    for (let i = 0; i < 600; i++) {
      const state = await ok('import.result', { jobId });
      if (state.status !== 'running') return state;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the import did not finish');
  }

  /** A database of its own: the file's 户编号 are those the registry numbers its first households with. */
  beforeEach(async () => {
    await ok('db.create', { path: path.join(dir, 'office', '导入.fupin'), password: PASSWORD });
    villageId = session.write(tester(), (w) => seedVillage(w).village.id);
  });

  it('a dry run takes none; an import takes one first, in the automatic backups, holding the state before it', async () => {
    const file = writeCsv(toTable(baseRows()), path.join(dir, 'import.csv'), 'utf-8');
    const before = fs.existsSync(automaticDir()) ? fs.readdirSync(automaticDir()) : [];
    const check = await ok('import.start', { path: file, dryRun: true, onlyValid: false });
    expect(check.backup).toBeNull();
    await finished(check.jobId);
    expect(fs.existsSync(automaticDir()) ? fs.readdirSync(automaticDir()) : []).toEqual(before);

    const started = await ok('import.start', { path: file, dryRun: false, onlyValid: false });
    expect(started.backup).not.toBeNull();
    const backup = started.backup!;
    expect(path.dirname(backup)).toBe(automaticDir());
    const state = await finished(started.jobId);
    expect(state.report?.errors).toEqual([]);
    expect(state.report?.committed).toBe(true);
    expect(households()).toBe(3);
    const listed = (await ok('backup.list', {})).find((b) => b.file === backup);
    expect(listed).toMatchObject({ place: 'automatic', reason: 'auto', households: 0, problem: null });
    // Restoring it undoes the import.
    await ok('backup.restore', { file: backup });
    expect(households()).toBe(0);
  });

  it('when the backup fails, the import does not start, says why, and writes nothing', async () => {
    const file = writeCsv(toTable(baseRows()), path.join(dir, 'import.csv'), 'utf-8');
    // The automatic-backup folder cannot be made: a file stands where it should be.
    const where = automaticDir();
    fs.rmSync(where, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(where), { recursive: true });
    fs.writeFileSync(where, 'not a folder');
    const mark = events.length;
    const said = await refusal('import.start', { path: file, dryRun: false, onlyValid: false });
    expect(said).toMatch(/^导入前的自动备份失败，未导入任何数据：/);
    expect(said).toContain(where);
    expect(households()).toBe(0);
    expect(events.slice(mark).filter((e) => e.event === 'job.progress' || e.event === 'data.changed')).toEqual([]);
    // A dry run needs no backup and still runs.
    const check = await ok('import.start', { path: file, dryRun: true, onlyValid: false });
    expect((await finished(check.jobId)).report?.errors).toEqual([]);
    fs.rmSync(where);
  });
});
