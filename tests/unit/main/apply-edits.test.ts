// 'grid.applyEdits': a block of cells (pasted from Excel/WPS, or an undo) checked as single edits
// are and written in one audited transaction — or, when any cell is refused, not at all, with every
// refused cell named. Through the real router, on a real encrypted database; fictitious people.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, type Router } from '../../../main/ipc/router';
import { createHandlers } from '../../../main/ipc/handlers';
import { Session } from '../../../main/services/session';
import { applyCellEdits, type WriteRunner } from '../../../main/services/registry';
import { verifyAuditChain } from '../../../main/db/audit';
import { write } from '../../../main/db/write';
import type { ApplyEditsResult, CellEdit, DataChange, EventName, HouseholdRow, MemberRow } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';
import { MAIN_WINDOW, PASSWORD, idNo, seedVillage, tempDir, tester } from './helpers';

let dir: string;
let session: Session;
let router: Router;
const events: { event: EventName; payload: unknown }[] = [];
/** Three households (a 3-row block), each with its head; the first also has a daughter and a son. */
const households: HouseholdRow[] = [];
let daughter: MemberRow;
let son: MemberRow;

beforeAll(async () => {
  dir = tempDir('fupin-apply-edits-');
  session = new Session(path.join(dir, 'userData'));
  router = createRouter(createHandlers(session, { version: 'test', broadcast: (event, payload) => events.push({ event, payload }) }));
  await ok('db.create', { path: path.join(dir, 'edits.fupin'), password: PASSWORD });
  const villageId = session.write(tester(), (w) => seedVillage(w).village.id);
  for (const [name, birth] of [['批量甲', '1960-01-02'], ['批量乙', '1962-03-04'], ['批量丙', '1964-05-06']] as const) {
    households.push(await ok<HouseholdRow>('households.create', { villageId, category: 'general', headName: name, headIdNumber: idNo(birth) }));
  }
  daughter = await ok<MemberRow>('members.create', { householdId: households[0].id, name: '批量丁', idNumber: idNo('1990-07-08', 'female'), relation: 'daughter' });
  son = await ok<MemberRow>('members.create', { householdId: households[0].id, name: '批量戊', idNumber: idNo('1992-09-10'), relation: 'son' });
});
afterAll(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function ok<T>(channel: string, input?: unknown): Promise<T> {
  const r = (await router.handle(MAIN_WINDOW, channel, input)) as Result<T>;
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.data;
}

function applyEdits(grid: 'households' | 'members', edits: CellEdit[]): Promise<ApplyEditsResult> {
  return ok<ApplyEditsResult>('grid.applyEdits', { grid, edits });
}

function auditCount(): number {
  return session.requireStore().sqlite.prepare('SELECT count(*) FROM auditLog').pluck().get() as number;
}

function lastSeq(): number {
  return session.requireStore().sqlite.prepare('SELECT max(seq) FROM auditLog').pluck().get() as number;
}

function changesSince(mark: number): DataChange[] {
  return events.slice(mark).filter((e) => e.event === 'data.changed').map((e) => e.payload as DataChange);
}

async function household(id: string): Promise<HouseholdRow> {
  const { json } = await ok<{ json: string }>('households.get', { ids: [id] });
  return (JSON.parse(json) as HouseholdRow[])[0];
}

async function member(id: string): Promise<MemberRow> {
  const { json } = await ok<{ json: string }>('members.get', { ids: [id] });
  return (JSON.parse(json) as MemberRow[])[0];
}

/** A 3×2 block over the phone and bank-account columns, as text pasted from a spreadsheet. */
function phoneBankBlock(phones: string[], accounts: string[]): CellEdit[] {
  return households.flatMap((h, row) => [
    { id: h.id, field: 'phone', value: phones[row] },
    { id: h.id, field: 'bankAccount', value: accounts[row] },
  ]);
}

describe('grid.applyEdits', () => {
  it('applies a valid 3×2 block of phones and bank accounts in one transaction, published once', async () => {
    const seq = lastSeq();
    const mark = events.length;
    // As pasted: full-width digits, a dash, spaces.
    const r = await applyEdits('households', phoneBankBlock(['13800000001', '１３８０００００００２', '027-88886666'], ['6222 0000 0000 0001', '622200000000000002', '６２２２００００００００００３']));
    expect(r).toEqual({ ok: true, applied: 6 });
    expect((await household(households[0].id)).phone).toBe('13800000001');
    expect((await household(households[1].id)).phone).toBe('13800000002');
    expect((await household(households[2].id)).phone).toBe('02788886666');
    expect((await household(households[0].id)).bankAccount).toBe('6222000000000001');
    expect((await household(households[2].id)).bankAccount).toBe('622200000000003');
    // Six audit entries, all announced by one change event: they were written by one commit.
    expect(lastSeq()).toBe(seq + 6);
    expect(changesSince(mark)).toEqual([{ tables: ['households'], fromSeq: seq + 1, toSeq: seq + 6 }]);
    const audited = session.requireStore().sqlite.prepare('SELECT rowId, afterJson FROM auditLog WHERE seq > ? ORDER BY seq').all(seq) as { rowId: string; afterJson: string }[];
    expect(audited.map((a) => [a.rowId, Object.keys(JSON.parse(a.afterJson))])).toEqual(households.flatMap((h) => [[h.id, ['phone']], [h.id, ['bankAccount']]]));
    // Each household's history shows its two writes, by the clerk who pasted.
    const history = await ok<{ field: string; actor: string }[]>('history.get', { table: 'households', id: households[1].id });
    expect(history.slice(-2).map((e) => [e.field, e.actor])).toEqual([
      ['phone', '测试科员'],
      ['bankAccount', '测试科员'],
    ]);
  });

  it('applies nothing when one phone in the block is invalid, and names that cell', async () => {
    const before = await Promise.all(households.map((h) => household(h.id)));
    const audit = auditCount();
    const mark = events.length;
    const r = await applyEdits('households', phoneBankBlock(['13900000001', '1390000', '13900000003'], ['6222000000000011', '6222000000000012', '6222000000000013']));
    expect(r).toEqual({
      ok: false,
      problems: [{ index: 2, id: households[1].id, field: 'phone', label: '联系电话', message: expect.stringContaining('“1390000”不是有效电话号码') }],
    });
    expect(auditCount()).toBe(audit);
    expect(changesSince(mark)).toEqual([]);
    expect(await Promise.all(households.map((h) => household(h.id)))).toEqual(before);
    expect(verifyAuditChain(session.requireStore()).ok).toBe(true);
  });

  it('reports read-only and unknown columns in the block instead of skipping them, and lists every refused cell', async () => {
    const audit = auditCount();
    const h = households[0];
    const r = await applyEdits('households', [
      { id: h.id, field: 'phone', value: '13700000001' },
      { id: h.id, field: 'size', value: '5' },
      { id: h.id, field: 'villageName', value: '别的村' },
      { id: h.id, field: 'noSuchColumn', value: 'x' },
      { id: h.id, field: 'plannedExitYear', value: '2099' },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.index, p.field, p.label])).toEqual([
      [1, 'size', '家庭人口数'],
      [2, 'villageName', '行政村'],
      [3, 'noSuchColumn', 'noSuchColumn'],
      [4, 'plannedExitYear', '计划脱贫年度'],
    ]);
    expect(r.problems[0].message).toBe('“家庭人口数”是只读列，不能修改');
    expect(r.problems[2].message).toContain('没有');
    expect(r.problems[3].message).toBe('不能大于 2030');
    expect(auditCount()).toBe(audit);
    expect((await household(h.id)).phone).toBe('13800000001');
  });

  it('accepts labels and the forms clerks type (低保贫困户, 是, 2015/10/24), and stored values as an undo sends them', async () => {
    const h = households[2];
    const r = await applyEdits('households', [
      { id: h.id, field: 'category', value: '低保贫困户' },
      { id: h.id, field: 'militaryFamily', value: '是' },
      { id: h.id, field: 'identifiedOn', value: '2015/10/24' },
      { id: h.id, field: 'otherCauses', value: '因病、缺技术' },
      { id: h.id, field: 'arableLand', value: '２.５' },
    ]);
    expect(r).toEqual({ ok: true, applied: 5 });
    expect(await household(h.id)).toMatchObject({ category: 'dibao', militaryFamily: true, identifiedOn: '2015-10-24', otherCauses: 'illness,skill', arableLand: 2.5 });
    // The undo of that block: the values as they were stored.
    const undo = await applyEdits('households', [
      { id: h.id, field: 'category', value: 'general' },
      { id: h.id, field: 'militaryFamily', value: false },
      { id: h.id, field: 'identifiedOn', value: households[2].identifiedOn },
      { id: h.id, field: 'otherCauses', value: null },
      { id: h.id, field: 'arableLand', value: null },
    ]);
    expect(undo).toEqual({ ok: true, applied: 5 });
    expect(await household(h.id)).toMatchObject({ category: 'general', militaryFamily: false, identifiedOn: households[2].identifiedOn, otherCauses: null, arableLand: null });
    const m = await applyEdits('members', [
      { id: daughter.id, field: 'medicalInsurance', value: '是' },
      { id: daughter.id, field: 'education', value: '大专及以上' },
      { id: daughter.id, field: 'workMonths', value: '６' },
    ]);
    expect(m).toEqual({ ok: true, applied: 3 });
    expect(await member(daughter.id)).toMatchObject({ medicalInsurance: true, education: 'college', workMonths: 6 });
  });

  it('allows a value equal to the stored one and writes nothing for that cell', async () => {
    const seq = lastSeq();
    const mark = events.length;
    const h = households[0];
    expect(await applyEdits('households', [{ id: h.id, field: 'phone', value: '138 0000 0001' }])).toEqual({ ok: true, applied: 1 });
    expect(lastSeq()).toBe(seq);
    expect(changesSince(mark)).toEqual([]);
    expect(await applyEdits('households', [
      { id: h.id, field: 'phone', value: '13800000001' },
      { id: h.id, field: 'note', value: '粘贴测试' },
    ])).toEqual({ ok: true, applied: 2 });
    expect(lastSeq()).toBe(seq + 1);
    expect(changesSince(mark)).toEqual([{ tables: ['households'], fromSeq: seq + 1, toSeq: seq + 1 }]);
  });

  it('refuses a second 户主 by the existing rule, and then applies nothing of the batch', async () => {
    const audit = auditCount();
    const r = await applyEdits('members', [
      { id: son.id, field: 'name', value: '批量己' },
      { id: daughter.id, field: 'relation', value: '户主' },
    ]);
    expect(r).toEqual({
      ok: false,
      problems: [{ index: 1, id: daughter.id, field: 'relation', label: '与户主关系', message: '该户已有户主“批量甲”，每户只能有一名户主：请使用“设为户主”更换户主' }],
    });
    expect(auditCount()).toBe(audit);
    expect(await member(son.id)).toMatchObject({ name: '批量戊', relation: 'son' });
    expect(await member(daughter.id)).toMatchObject({ relation: 'daughter' });
  });

  it('checks a rule against the batch’s earlier edits, in order: one ID number, one person', async () => {
    const audit = auditCount();
    const shared = idNo('1995-01-01', 'female');
    const r = await applyEdits('members', [
      { id: daughter.id, field: 'idNumber', value: shared },
      { id: son.id, field: 'idNumber', value: shared.toLowerCase() },
      { id: son.id, field: 'workMonths', value: '13' },
      { id: '0190a0a0-0000-7000-8000-000000000000', field: 'name', value: '无此人' },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.index, p.label])).toEqual([
      [1, '证件号码'],
      [2, '务工时间（月）'],
      [3, '姓名'],
    ]);
    expect(r.problems[0].message).toContain(`证件号码 ${shared} 已登记在`);
    expect(r.problems[0].message).toContain('一个人只能属于一户');
    expect(r.problems[2].message).toBe('找不到该成员，可能已被删除');
    expect(auditCount()).toBe(audit);
    expect((await member(daughter.id)).idNumber).toBe(daughter.idNumber);
  });

  it('takes the largest batch, 5000 cells, in one transaction', async () => {
    const seq = lastSeq();
    const mark = events.length;
    const edits = Array.from({ length: 5000 }, (_, i) => ({ id: households[i % 3].id, field: 'note', value: `第${i}格` }));
    expect(await applyEdits('households', edits)).toEqual({ ok: true, applied: 5000 });
    expect(lastSeq()).toBe(seq + 5000);
    expect(changesSince(mark)).toEqual([{ tables: ['households'], fromSeq: seq + 1, toSeq: seq + 5000 }]);
    expect((await household(households[1].id)).note).toBe('第4999格');
  });

  it('refuses a malformed batch whole: no edits, too many, another grid', async () => {
    const id = households[0].id;
    const cases: unknown[] = [
      { grid: 'households', edits: [] },
      { grid: 'households', edits: Array.from({ length: 5001 }, () => ({ id, field: 'phone', value: '13800000001' })) },
      { grid: 'villages', edits: [{ id, field: 'name', value: 'x' }] },
      { grid: 'households', edits: [{ id: 'not-a-uuid', field: 'phone', value: '13800000001' }] },
      { grid: 'households', edits: [{ id, field: 'phone', value: { nested: true } }] },
    ];
    for (const input of cases) {
      const r = await router.handle(MAIN_WINDOW, 'grid.applyEdits', input);
      expect(r, JSON.stringify(input).slice(0, 80)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      if (!r.ok) expect(r.error.message).toMatch(/\p{Script=Han}/u);
    }
  });

  it('is the same service outside the router: the write path rolls back every row and audit entry of a refused batch', () => {
    const store = session.requireStore();
    const run: WriteRunner = (fn) => write({ store, actor: tester() }, fn);
    const audit = auditCount();
    const published: DataChange[] = [];
    const stop = store.onChange((c) => published.push(c));
    try {
      const refused = applyCellEdits(run, {
        grid: 'households',
        edits: [
          { id: households[0].id, field: 'phone', value: '13600000001' },
          { id: households[1].id, field: 'bankAccount', value: '12345' },
        ],
      });
      expect(refused).toMatchObject({ ok: false, problems: [{ index: 1, field: 'bankAccount', label: '银行卡号' }] });
      expect(auditCount()).toBe(audit);
      expect(published).toEqual([]);
      expect(applyCellEdits(run, { grid: 'households', edits: [{ id: households[0].id, field: 'phone', value: '13600000001' }] })).toEqual({ ok: true, applied: 1 });
      expect(published).toHaveLength(1);
      expect(verifyAuditChain(store).ok).toBe(true);
    } finally {
      stop();
    }
  });
});
