// Open fast, check soon: a cleanly closed database opens without reading the whole file; after a
// crash the whole file is checked before opening; otherwise a worker checks it right after opening
// (the full integrity_check weekly), and damage found there locks editing and says so.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCheckOf, openDatabase, setOpenCheckHook, type OpenCheck } from '../../../main/db/open';
import { emptyHealth, readHealth, updateHealth, walBytes, type CheckKind } from '../../../main/db/health';
import { backgroundCheckDue, FULL_CHECK_INTERVAL_MS, IntegrityMonitor, type CheckRunner } from '../../../main/services/integrity';
import { Session } from '../../../main/services/session';
import { createRouter } from '../../../main/ipc/router';
import { createHandlers } from '../../../main/ipc/handlers';
import * as registry from '../../../main/services/registry';
import type { EventName, IntegrityStatus } from '../../../shared/contract';
import { MAIN_WINDOW, PASSWORD, idNo, refusalOf, seedVillage, tempDir, tester } from './helpers';

let dir: string;
let file: string;
let checks: [CheckKind, OpenCheck['reason']][];

beforeEach(() => {
  dir = tempDir('fupin-integrity-');
  file = path.join(dir, 'office.fupin');
  checks = [];
  setOpenCheckHook((kind, reason) => checks.push([kind, reason]));
});
afterEach(() => {
  setOpenCheckHook(null);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A database with enough households that a page in the middle of the file holds only them, closed cleanly. */
/** The first page of the members table: data the killed session's last write (settings) does not touch. */
let membersRootPage = 0;

async function closedDatabaseWithData(households = 40): Promise<void> {
  const session = new Session(path.join(dir, 'userData'));
  session.create(file, PASSWORD);
  const villageId = session.write(tester(), (w) => seedVillage(w).village.id);
  for (let i = 0; i < households; i++) session.write(tester(), (w) => registry.createHousehold(w, { villageId, category: 'general', headName: `检查测试${i}`, headIdNumber: idNo() }));
  membersRootPage = session.requireStore().sqlite.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'members'").pluck().get() as number;
  await session.integrity.settled();
  session.close();
  checks = []; // the creation's own check of the new file
}

/** Overwrites one page of the file (by default the fourth from its end): a failing disk, or a bad copy. */
function damageAPage(pageFromEnd = 4): void {
  const size = fs.statSync(file).size;
  expect(size).toBeGreaterThan(8 * 4096);
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, size - pageFromEnd * 4096);
  fs.closeSync(fd);
}

/** The app killed with the database open (integrity-child.ts). */
function killedWhileOpen(): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'tests/unit/main/integrity-child.ts', file, PASSWORD], { encoding: 'utf8', timeout: 60_000 });
  expect(r.signal, r.stderr).toBe('SIGKILL');
}

describe('opening', () => {
  it('a cleanly closed database opens without quick_check, and its record says open until the clean close', async () => {
    await closedDatabaseWithData(3);
    expect(readHealth(file)).toMatchObject({ open: false, walBytesAtClose: 0 });
    const store = openDatabase(file, PASSWORD);
    expect(checks).toEqual([]);
    expect(openCheckOf(store)).toEqual({ ranBeforeOpen: null, reason: null });
    expect(readHealth(file)?.open).toBe(true);
    store.close();
    expect(readHealth(file)?.open).toBe(false);
  });

  it('after the app was killed with the database open, the next open runs quick_check first (marker and hot WAL)', async () => {
    await closedDatabaseWithData(3);
    killedWhileOpen();
    expect(readHealth(file)?.open).toBe(true);
    expect(walBytes(file)).toBeGreaterThan(0);
    const store = openDatabase(file, PASSWORD);
    expect(checks).toEqual([['quick_check', 'unclean-close']]);
    // The killed session's last commit is there (replayed from the WAL).
    expect(store.sqlite.prepare("SELECT value FROM settings WHERE key = 'appSettings'").get()).toMatchObject({ value: expect.stringContaining('"autoLockMinutes":7') });
    expect(readHealth(file)?.quickCheckPassedAt).not.toBeNull();
    store.close();
    // The clean close ends it: no check the time after.
    openDatabase(file, PASSWORD).close();
    expect(checks).toHaveLength(1);
  });

  it('a WAL the clean close did not leave counts as a crash even when the record says closed', async () => {
    await closedDatabaseWithData(3);
    killedWhileOpen();
    updateHealth(file, (r) => ({ ...r, open: false })); // the record's write lost, the WAL not
    openDatabase(file, PASSWORD).close();
    expect(checks).toEqual([['quick_check', 'hot-wal']]);
  });

  it('an unclean close with a damaged page is refused as CORRUPT before anything is written', async () => {
    await closedDatabaseWithData();
    killedWhileOpen();
    // A page the killed session did not write: its last writes are in its WAL, which takes precedence.
    damageAPage(fs.statSync(file).size / 4096 - membersRootPage + 1);
    const before = readHealth(file);
    expect(refusalOf(() => openDatabase(file, PASSWORD))).toMatch(/^CORRUPT: 数据库文件已损坏（完整性检查未通过），不能打开.*请从备份恢复/);
    expect(checks).toEqual([['quick_check', 'unclean-close']]);
    expect(readHealth(file)).toEqual(before);
  });

  it('a database with no record (copied from elsewhere, or from an older version) is checked before opening', async () => {
    await closedDatabaseWithData(3);
    fs.rmSync(`${file}.health`);
    openDatabase(file, PASSWORD).close();
    expect(checks).toEqual([['quick_check', 'no-record']]);
  });
});

describe('the background check', () => {
  it('finds damage injected into a page of a cleanly closed file: writes refused in Chinese, reads answered, event sent; the next open refuses', async () => {
    await closedDatabaseWithData();
    damageAPage();
    const session = new Session(path.join(dir, 'userData'));
    const events: [EventName, unknown][] = [];
    const router = createRouter(createHandlers(session, { version: 'test', broadcast: (event, payload) => events.push([event, payload]) }));
    session.open(file, PASSWORD);
    expect(checks).toEqual([]); // opened without reading the whole file
    expect(session.integrity.current.state).toBe('checking');
    await session.integrity.settled();

    const damaged = events.filter(([e]) => e === 'integrity.changed').map(([, p]) => p as IntegrityStatus);
    expect(damaged.map((s) => s.state)).toEqual(['checking', 'damaged']);
    expect(damaged[1].problem).toBeTruthy();
    expect(readHealth(file)?.damage).toMatchObject({ problems: expect.arrayContaining([expect.any(String)]) });

    const write = await router.handle(MAIN_WINDOW, 'settings.set', { autoLockMinutes: 5 });
    expect(write).toMatchObject({ ok: false, error: { code: 'CORRUPT', message: expect.stringMatching(/^数据库完整性检查发现损坏.*请到“数据安全”页从备份恢复$/) } });
    const remove = await router.handle(MAIN_WINDOW, 'households.remove', { id: '0190a0b0-0000-7000-8000-000000000000' });
    expect(remove).toMatchObject({ ok: false, error: { code: 'CORRUPT' } });
    expect(await router.handle(MAIN_WINDOW, 'settings.get', {})).toMatchObject({ ok: true });
    expect(await router.handle(MAIN_WINDOW, 'integrity.status', {})).toMatchObject({ ok: true, data: { state: 'damaged' } });
    // The restore itself is not refused for the damage (this file does not exist: its own refusal).
    expect(await router.handle(MAIN_WINDOW, 'backup.restore', { file: path.join(dir, 'missing.fupin') })).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });

    session.close();
    expect(refusalOf(() => session.open(file, PASSWORD))).toMatch(/^CORRUPT: 数据库文件已损坏/);
    expect(checks).toEqual([['quick_check', 'damage-found']]);
  });

  it('records a passing check beside the file and reports when it passed; the weekly full check is the first one', async () => {
    await closedDatabaseWithData(3);
    updateHealth(file, (r) => ({ ...r, integrityCheckPassedAt: null, quickCheckPassedAt: null }));
    const session = new Session(path.join(dir, 'userData'));
    session.open(file, PASSWORD);
    expect(session.integrity.current).toMatchObject({ state: 'checking', kind: 'full' });
    await session.integrity.settled();
    const passed = session.integrity.current;
    expect(passed).toMatchObject({ state: 'passed', kind: 'full', problem: null });
    expect(readHealth(file)).toMatchObject({ integrityCheckPassedAt: passed.lastFullPassedAt, quickCheckPassedAt: passed.lastPassedAt, damage: null });
    session.close();
    // Within the week: the quick one.
    session.open(file, PASSWORD);
    expect(session.integrity.current).toMatchObject({ state: 'checking', kind: 'quick', lastFullPassedAt: passed.lastFullPassedAt });
    await session.integrity.settled();
    expect(session.integrity.current.state).toBe('passed');
    session.close();
  });
});

describe('weekly full check', () => {
  const now = new Date('2026-12-01T09:00:00Z');
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();

  it('is due when none has passed within seven days, or never; a quick_check otherwise, none after a check before opening', () => {
    const record = (full: string | null) => ({ ...emptyHealth(), integrityCheckPassedAt: full });
    expect(backgroundCheckDue(null, null, now)).toBe('integrity_check');
    expect(backgroundCheckDue(record(null), null, now)).toBe('integrity_check');
    expect(backgroundCheckDue(record(daysAgo(8)), null, now)).toBe('integrity_check');
    expect(backgroundCheckDue(record(new Date(now.getTime() - FULL_CHECK_INTERVAL_MS).toISOString()), null, now)).toBe('integrity_check');
    expect(backgroundCheckDue(record(daysAgo(6)), null, now)).toBe('quick_check');
    expect(backgroundCheckDue(record(daysAgo(6)), 'quick_check', now)).toBeNull();
    expect(backgroundCheckDue(record(daysAgo(8)), 'quick_check', now)).toBe('integrity_check');
    expect(backgroundCheckDue(record('not a date'), null, now)).toBe('integrity_check');
  });

  it('the monitor runs what is due by its clock and records it: a week later the full check again', async () => {
    await closedDatabaseWithData(3);
    let clock = new Date('2026-12-01T09:00:00Z');
    const ran: CheckKind[] = [];
    const runner: CheckRunner = async (_db, kind) => {
      ran.push(kind);
      return { problems: [], ms: 1 };
    };
    const statuses: IntegrityStatus[] = [];
    const monitor = new IntegrityMonitor((s) => statuses.push(s), runner, () => clock);
    const openAndCheck = async () => {
      const store = openDatabase(file, PASSWORD);
      monitor.start(store, Buffer.alloc(32));
      await monitor.settled();
      monitor.stop();
      store.close();
    };
    updateHealth(file, (r) => ({ ...r, integrityCheckPassedAt: null }));
    await openAndCheck();
    clock = new Date('2026-12-04T09:00:00Z');
    await openAndCheck();
    clock = new Date('2026-12-08T09:00:01Z');
    await openAndCheck();
    expect(ran).toEqual(['integrity_check', 'quick_check', 'integrity_check']);
    expect(readHealth(file)).toMatchObject({ integrityCheckPassedAt: '2026-12-08T09:00:01.000Z', quickCheckPassedAt: '2026-12-08T09:00:01.000Z' });
    expect(statuses.filter((s) => s.state === 'passed').map((s) => s.kind)).toEqual(['full', 'quick', 'full']);
  });
});
