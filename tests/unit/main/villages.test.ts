// Villages added and edited in 行政村: the service's checks and audit, and the channels through the
// real router, on real encrypted databases. Village names are DOMAIN.md's public ones; no people.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../main/db/store';
import type { Writer } from '../../../main/db/write';
import { createRouter, type Router } from '../../../main/ipc/router';
import { createHandlers } from '../../../main/ipc/handlers';
import { Session } from '../../../main/services/session';
import { windowContext } from '../../../main/ipc/context';
import * as org from '../../../main/services/org';
import type { DataChange, EventName, VillageRow } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';
import { MAIN_WINDOW, PASSWORD, freshStore, idNo, refusalOf, tempDir, testWriter } from './helpers';

function auditCount(store: Store): number {
  return store.sqlite.prepare('SELECT count(*) FROM auditLog').pluck().get() as number;
}

const GUANGHUA = { code: '420115010201', name: '光华村', town: '山坡街', plannedExitYear: 2017 };

describe('the village service', () => {
  let dir: string;
  let store: Store;
  let w: Writer;
  beforeEach(() => {
    dir = tempDir('fupin-villages-');
    store = freshStore(dir);
    w = testWriter(store);
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('adds a village to an empty registry, audited, its county taken from its code', () => {
    expect(org.villageCounty(store)).toEqual({ countyCode: null });
    const row = org.createVillage(w, GUANGHUA);
    expect(row).toMatchObject({ code: '420115010201', name: '光华村', town: '山坡街', plannedExitYear: 2017, households: 0, people: 0, teamName: null });
    expect(store.sqlite.prepare('SELECT countyCode FROM villages WHERE id = ?').pluck().get(row.id)).toBe('420115');
    expect(org.villageCounty(store)).toEqual({ countyCode: '420115' });
    const audit = store.sqlite.prepare("SELECT action, tableName, rowId FROM auditLog WHERE tableName = 'villages'").all();
    expect(audit).toEqual([{ action: 'insert', tableName: 'villages', rowId: row.id }]);
  });

  it('refuses a bad code, a code outside the county, a used code or name, and writes nothing', () => {
    org.createVillage(w, GUANGHUA);
    const before = auditCount(store);
    const add = (v: Partial<typeof GUANGHUA>) => refusalOf(() => org.createVillage(w, { ...GUANGHUA, ...v }));
    expect(add({ code: '4201150102', name: '群星村' })).toBe('VALIDATION: 村代码“4201150102”应为12位数字，现为10位');
    expect(add({ code: '420116010207', name: '群星村' })).toBe('VALIDATION: 村代码“420116010207”不在本区县：本库的行政村属于区县代码 420115，村代码的前6位应为 420115，现为 420116');
    expect(add({ name: '群星村' })).toBe('CONFLICT: 村代码 420115010201 已被山坡街光华村使用：每个行政村的代码不能重复');
    expect(add({ code: '420115010207' })).toBe('CONFLICT: 已有名为“光华村”的行政村（山坡街，村代码 420115010201）：村名不能重复');
    expect(auditCount(store)).toBe(before);
    expect(org.listVillages(store)).toHaveLength(1);
  });

  it('edits a village in place, each field checked as a new one is, and audits the change', () => {
    const a = org.createVillage(w, GUANGHUA);
    const b = org.createVillage(w, { code: '420115010207', name: '群星村', town: '山坡街', plannedExitYear: null });
    expect(org.updateVillage(w, { id: b.id, field: 'name', value: '群星新村' }).name).toBe('群星新村');
    expect(org.updateVillage(w, { id: b.id, field: 'town', value: '山坡街道' }).town).toBe('山坡街道');
    expect(org.updateVillage(w, { id: b.id, field: 'plannedExitYear', value: 2018 }).plannedExitYear).toBe(2018);
    expect(org.updateVillage(w, { id: b.id, field: 'plannedExitYear', value: null }).plannedExitYear).toBeNull();
    expect(org.updateVillage(w, { id: b.id, field: 'code', value: '420115010238' }).code).toBe('420115010238');
    const before = auditCount(store);
    expect(refusalOf(() => org.updateVillage(w, { id: b.id, field: 'code', value: '420115010201' }))).toBe('CONFLICT: 村代码 420115010201 已被山坡街光华村使用：每个行政村的代码不能重复');
    expect(refusalOf(() => org.updateVillage(w, { id: b.id, field: 'name', value: '光华村' }))).toContain('CONFLICT: 已有名为“光华村”的行政村');
    expect(refusalOf(() => org.updateVillage(w, { id: a.id, field: 'code', value: '330106001001' }))).toContain('不在本区县');
    expect(refusalOf(() => org.updateVillage(w, { id: b.id, field: 'countyCode', value: '330106' }))).toBe('VALIDATION: 该列不能修改');
    expect(refusalOf(() => org.updateVillage(w, { id: '0190a0a0-0000-7000-8000-000000000000', field: 'name', value: '无此村' }))).toBe('NOT_FOUND: 找不到该行政村，可能已被删除');
    // Its own code again, or an unchanged name: nothing to refuse, nothing written.
    org.updateVillage(w, { id: a.id, field: 'code', value: '420115010201' });
    org.updateVillage(w, { id: a.id, field: 'name', value: '光华村' });
    expect(auditCount(store)).toBe(before);
    const last = store.sqlite.prepare("SELECT beforeJson, afterJson FROM auditLog WHERE tableName = 'villages' ORDER BY seq DESC LIMIT 1").get() as { beforeJson: string; afterJson: string };
    expect(JSON.parse(last.beforeJson)).toEqual({ code: '420115010207' });
    expect(JSON.parse(last.afterJson)).toMatchObject({ code: '420115010238' });
  });
});

describe('the village channels', () => {
  let dir: string;
  let session: Session;
  let router: Router;
  const events: { event: EventName; payload: unknown }[] = [];

  beforeAll(async () => {
    dir = tempDir('fupin-village-channels-');
    session = new Session(path.join(dir, 'userData'));
    router = createRouter(createHandlers(session, { version: 'test', broadcast: (event, payload) => events.push({ event, payload }) }));
    expect((await router.handle(MAIN_WINDOW, 'db.create', { path: path.join(dir, 'v.fupin'), password: PASSWORD })).ok).toBe(true);
  });
  afterAll(() => {
    session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function call(channel: string, input: unknown): Promise<Result<unknown>> {
    return router.handle(MAIN_WINDOW, channel, input);
  }

  it('adds a village in a new database, published to every window, and a household can then be added in it', async () => {
    expect(await call('villages.county', {})).toEqual({ ok: true, data: { countyCode: null } });
    const mark = events.length;
    // As a clerk types it: full-width digits in the code and the year.
    const r = await call('villages.create', { code: '４２０１１５０１０２０１', name: ' 光华村 ', town: '山坡街', plannedExitYear: '２０１７' });
    expect(r).toMatchObject({ ok: true, data: { code: '420115010201', name: '光华村', plannedExitYear: 2017 } });
    const village = (r as { data: VillageRow }).data;
    expect(events.slice(mark).filter((e) => e.event === 'data.changed').map((e) => (e.payload as DataChange).tables)).toEqual([['villages']]);
    expect(await call('villages.county', {})).toEqual({ ok: true, data: { countyCode: '420115' } });
    const h = await call('households.create', { villageId: village.id, category: 'general', headName: '新村户主', headIdNumber: idNo() });
    expect(h).toMatchObject({ ok: true, data: { hhCode: '4201150102010001', villageName: '光华村' } });
    expect((await call('villages.list', {})) as Result<VillageRow[]>).toMatchObject({ ok: true, data: [{ name: '光华村', households: 1, people: 1 }] });
  });

  it('answers every refused field in Chinese, naming it', async () => {
    const empty = await call('villages.create', { code: '', name: '', town: '山坡街' });
    expect(empty).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '村代码：不能为空；行政村：不能为空' } });
    const year = await call('villages.create', { code: '420115010207', name: '群星村', town: '山坡街', plannedExitYear: '2050' });
    expect(year).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '计划出列年度：不能大于 2030' } });
    const county = await call('villages.create', { code: '110105001001', name: '外区村', town: '某街道' });
    expect(county).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('不在本区县') } });
    const unknown = await call('villages.create', { code: '420115010207', name: '群星村', town: '山坡街', countyCode: '110105' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('refuses malformed payloads on the new channels with a Chinese validation message, and a wall window entirely', async () => {
    const audit = auditCount(session.requireStore());
    for (const channel of ['villages.create', 'villages.update', 'grid.applyEdits']) {
      for (const payload of [null, 42, 'text', [], true, {}, { bogus: 1 }]) {
        const r = await call(channel, payload);
        expect(r, `${channel} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
        if (!r.ok) expect(r.error.message).toMatch(/\p{Script=Han}/u);
      }
    }
    const wall = windowContext({ id: 2, kind: 'wall' }, '大屏');
    for (const [channel, input] of [
      ['villages.create', { code: '420115010207', name: '群星村', town: '山坡街' }],
      ['grid.applyEdits', { grid: 'households', edits: [{ id: '0190a0a0-0000-7000-8000-000000000000', field: 'phone', value: '13800000000' }] }],
    ] as const) {
      expect(await router.handle(wall, channel, input)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(auditCount(session.requireStore())).toBe(audit);
  });

  it('edits a village in place through villages.update; read-only columns are refused', async () => {
    const list = ((await call('villages.list', {})) as { data: VillageRow[] }).data;
    const id = list[0].id;
    expect(await call('villages.update', { id, field: 'plannedExitYear', value: '2018年' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await call('villages.update', { id, field: 'plannedExitYear', value: '２０１８' })).toMatchObject({ ok: true, data: { id, plannedExitYear: 2018 } });
    expect(await call('villages.update', { id, field: 'town', value: '山坡街道' })).toMatchObject({ ok: true, data: { town: '山坡街道' } });
    expect(await call('villages.update', { id, field: 'households', value: 3 })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('该列不能修改') } });
    expect(await call('villages.update', { id, field: 'code', value: '4201150102' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '村代码“4201150102”应为12位数字，现为10位' } });
  });
});
