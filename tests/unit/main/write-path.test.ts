// The one write path and the request context: what a write publishes and when, who may call
// what, and events reaching every window — through the real router on a real encrypted database.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, type Router } from '../../../main/ipc/router';
import { createHandlers } from '../../../main/ipc/handlers';
import { windowContext, type RequestContext } from '../../../main/ipc/context';
import { Session } from '../../../main/services/session';
import { write } from '../../../main/db/write';
import { insertRow } from '../../../main/db/write';
import { contract, CHANNELS, type ChangedRows, type DataChange, type EventName } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';
import { AppError } from '../../../shared/errors';
import { MAIN_WINDOW, PASSWORD, idNo, seedVillage, tempDir, tester } from './helpers';
import { baseRows, toTable, writeCsv } from '../import/fixtures';

const WALL: RequestContext = windowContext({ id: 2, kind: 'wall' }, '大屏');
const PRINT: RequestContext = windowContext({ id: 3, kind: 'print' }, '打印');

let dir: string;
let session: Session;
let router: Router;
let villageId: string;
const events: { event: EventName; payload: unknown }[] = [];

beforeAll(async () => {
  dir = tempDir('fupin-write-path-');
  session = new Session(path.join(dir, 'userData'));
  router = createRouter(createHandlers(session, { version: 'test', broadcast: (event, payload) => events.push({ event, payload }) }));
  const r = await router.handle(MAIN_WINDOW, 'db.create', { path: path.join(dir, 'w.fupin'), password: PASSWORD });
  expect(r.ok).toBe(true);
  villageId = session.write(tester(), (w) => seedVillage(w).village.id);
});
afterAll(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function ok<T>(ctx: RequestContext, channel: string, input?: unknown): Promise<T> {
  const r = (await router.handle(ctx, channel, input)) as Result<T>;
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.data;
}

function auditSeqs(): { min: number; max: number } {
  return session.requireStore().sqlite.prepare('SELECT min(seq) AS min, max(seq) AS max FROM auditLog').get() as { min: number; max: number };
}

function changesSince(mark: number): DataChange[] {
  return events.slice(mark).filter((e) => e.event === 'data.changed').map((e) => e.payload as DataChange);
}

describe('the write path', () => {
  it('publishes one data.changed after the commit, naming the tables and the audit entries written', async () => {
    const before = auditSeqs().max;
    const mark = events.length;
    const h = await ok<{ id: string }>(MAIN_WINDOW, 'households.create', { villageId, category: 'general', headName: '写入甲', headIdNumber: idNo() });
    const after = auditSeqs().max;
    expect(changesSince(mark)).toEqual([{ tables: ['households', 'members'], fromSeq: before + 1, toSeq: after }]);
    // The audit rows carry the structured actor of the requesting window.
    const actor = session.requireStore().sqlite.prepare('SELECT actor FROM auditLog WHERE seq = ?').pluck().get(after) as string;
    expect(JSON.parse(actor)).toEqual({ kind: 'clerk', name: '测试科员', windowId: 1 });
    expect((await ok<{ actor: string }[]>(MAIN_WINDOW, 'history.get', { table: 'households', id: h.id }))[0].actor).toBe('测试科员');
  });

  it('publishes nothing when the write is refused, and writes nothing', async () => {
    const before = auditSeqs().max;
    const mark = events.length;
    const r = await router.handle(MAIN_WINDOW, 'households.create', { villageId, category: 'general', headName: '写入乙', headIdNumber: '110105194912310021' });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(changesSince(mark)).toEqual([]);
    expect(auditSeqs().max).toBe(before);
  });

  it('publishes only after COMMIT: a listener sees the rows the event announces', () => {
    const store = session.requireStore();
    const seen: number[] = [];
    const off = store.onChange(() => seen.push(store.sqlite.inTransaction ? -1 : (store.sqlite.prepare("SELECT count(*) FROM villages WHERE code = '420115010299'").pluck().get() as number)));
    write({ store, actor: tester() }, (w) => insertRow(w, 'villages', { code: '420115010299', name: '事务村', town: '山坡街', countyCode: '420115', plannedExitYear: null, exitedYear: null }));
    off();
    expect(seen).toEqual([1]);
  });

  it('refuses a write nested in another write, so no event can run ahead of its commit', () => {
    const store = session.requireStore();
    const mark = events.length;
    expect(() => write({ store, actor: tester() }, () => write({ store, actor: tester() }, () => 1))).toThrow(AppError);
    expect(changesSince(mark)).toEqual([]);
  });

  it('settings, lock, unlock and close are announced too', async () => {
    const mark = events.length;
    await ok(MAIN_WINDOW, 'settings.set', { autoLockMinutes: 7 });
    expect(changesSince(mark).map((c) => c.tables)).toEqual([['settings']]);
    await ok(MAIN_WINDOW, 'security.lock', {});
    await ok(MAIN_WINDOW, 'security.verifyPassword', { password: PASSWORD });
    const reasons = events.slice(mark).filter((e) => e.event === 'session.changed').map((e) => (e.payload as { reason: string }).reason);
    expect(reasons).toEqual(['locked', 'unlocked']);
  });

  it('changes.list names the rows a range of entries touched: a member change refreshes its household', async () => {
    const h = await ok<{ id: string }>(MAIN_WINDOW, 'households.create', { villageId, category: 'general', headName: '变更甲', headIdNumber: idNo() });
    let mark = events.length;
    const m = await ok<{ id: string }>(MAIN_WINDOW, 'members.create', { householdId: h.id, name: '变更乙', idNumber: idNo('2001-02-03', 'female'), relation: 'daughter' });
    let c = changesSince(mark)[0];
    expect(await ok<ChangedRows>(MAIN_WINDOW, 'changes.list', { fromSeq: c.fromSeq, toSeq: c.toSeq })).toEqual({ truncated: false, households: { changed: [h.id], removed: [] }, members: { changed: [m.id], removed: [] } });
    mark = events.length;
    await ok(MAIN_WINDOW, 'members.update', { id: m.id, field: 'name', value: '变更丙' });
    c = changesSince(mark)[0];
    expect(await ok<ChangedRows>(MAIN_WINDOW, 'changes.list', { fromSeq: c.fromSeq, toSeq: c.toSeq })).toEqual({ truncated: false, households: { changed: [h.id], removed: [] }, members: { changed: [m.id], removed: [] } });
    const rows = JSON.parse((await ok<{ json: string }>(MAIN_WINDOW, 'members.get', { ids: [m.id] })).json) as { name: string }[];
    expect(rows).toMatchObject([{ name: '变更丙' }]);
    mark = events.length;
    await ok(MAIN_WINDOW, 'households.remove', { id: h.id });
    c = changesSince(mark)[0];
    const removed = await ok<ChangedRows>(MAIN_WINDOW, 'changes.list', { fromSeq: c.fromSeq, toSeq: c.toSeq });
    expect(removed.households).toEqual({ changed: [], removed: [h.id] });
    expect(removed.members.removed.sort()).toHaveLength(2);
    expect(JSON.parse((await ok<{ json: string }>(MAIN_WINDOW, 'households.get', { ids: [h.id] })).json)).toEqual([]);
  });

  it('an import committed in the worker thread publishes through the same path, before the job is reported finished', async () => {
    // A database of its own: the file's 户编号 are those the registry numbers its first households with.
    await ok(MAIN_WINDOW, 'db.create', { path: path.join(dir, 'import.fupin'), password: PASSWORD });
    session.write(tester(), (w) => seedVillage(w));
    const file = writeCsv(toTable(baseRows()), path.join(dir, 'import.csv'), 'utf-8');
    const before = auditSeqs().max;
    const mark = events.length;
    const { jobId } = await ok<{ jobId: string }>(MAIN_WINDOW, 'import.start', { path: file, dryRun: false, onlyValid: false });
    for (let i = 0; i < 600 && !events.slice(mark).some((e) => e.event === 'job.finished'); i++) await new Promise((r) => setTimeout(r, 100));
    const state = await ok<{ status: string; report: { committed: boolean; errors: unknown[] } | null }>(MAIN_WINDOW, 'import.result', { jobId });
    expect(state.report?.errors).toEqual([]);
    expect(state).toMatchObject({ status: 'done', report: { committed: true } });
    const sequence = events.slice(mark).filter((e) => e.event === 'data.changed' || e.event === 'job.finished').map((e) => e.event);
    expect(sequence).toEqual(['data.changed', 'job.finished']);
    const change = changesSince(mark)[0];
    expect(change.tables).toEqual(expect.arrayContaining(['households', 'members', 'villages']));
    expect(change).toMatchObject({ fromSeq: before + 1, toSeq: auditSeqs().max });
    // The import's rows have no audit entries of their own: its batch entry stands for them, and
    // changes.list lists them from it, so the grids refresh just those rows.
    const store = session.requireStore();
    const ids = (table: 'households' | 'members') => (store.sqlite.prepare(`SELECT id FROM ${table} ORDER BY id`).pluck().all() as string[]);
    expect(ids('households')).toHaveLength(3);
    const listed = await ok<ChangedRows>(MAIN_WINDOW, 'changes.list', { fromSeq: change.fromSeq, toSeq: change.toSeq });
    expect(listed).toEqual({ truncated: false, households: { changed: ids('households'), removed: [] }, members: { changed: ids('members'), removed: [] } });
  });
});

describe('access declared in the contract, applied in one place', () => {
  it('every channel declares its access; wall channels return no personal data and change nothing', () => {
    for (const channel of CHANNELS) {
      const access = contract[channel].access;
      expect(['read', 'write', 'session'], channel).toContain(access.kind);
      if (access.wall) expect({ channel, personal: access.personal ?? false, kind: access.kind }).toEqual({ channel, personal: false, kind: 'read' });
    }
  });

  it('a wall window is refused personal data and every write', async () => {
    for (const [channel, input] of [
      ['households.list', {}],
      ['members.list', {}],
      ['cadres.list', {}],
      ['history.get', { table: 'households', id: '0190a0a0-0000-7000-8000-000000000000' }],
      ['households.update', { id: '0190a0a0-0000-7000-8000-000000000000', field: 'phone', value: '13800000000' }],
      ['db.close', {}],
    ] as const) {
      expect(await router.handle(WALL, channel, input), channel).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('大屏') } });
    }
    expect(session.info()).not.toBeNull();
  });

  it('the wall keeps its aggregates while the clerk’s window is locked; the clerk’s window gets nothing', async () => {
    await ok(MAIN_WINDOW, 'security.lock', {});
    try {
      expect(await router.handle(MAIN_WINDOW, 'stats.get', {})).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
      expect(await router.handle(MAIN_WINDOW, 'households.list', {})).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
      const stats = await ok<{ households: number }>(WALL, 'stats.get', {});
      expect(stats.households).toBeGreaterThan(0);
      expect((await ok<unknown[]>(WALL, 'villages.list', {})).length).toBeGreaterThan(0);
      expect(await router.handle(WALL, 'households.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    } finally {
      await ok(MAIN_WINDOW, 'security.verifyPassword', { password: PASSWORD });
    }
  });

  it('a print window may read but never write or change the session', async () => {
    expect(await router.handle(PRINT, 'households.list', {})).toMatchObject({ ok: true });
    expect(await router.handle(PRINT, 'settings.set', { autoLockMinutes: 3 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await router.handle(PRINT, 'security.lock', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(session.lock.isLocked).toBe(false);
  });
});
