// 收入: a year's incomes per household through the real router on a real encrypted database — the
// list (households without a row included), the years, the edit of one figure (the row created
// when missing, audited in the write's own transaction, published once), the refusals (nothing
// written), and the data-quality finding when the declared per-capita figure is not the computed
// one. Fictitious people.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, type Router } from '../../../main/ipc/router';
import { createHandlers } from '../../../main/ipc/handlers';
import { windowContext } from '../../../main/ipc/context';
import { Session } from '../../../main/services/session';
import { updateIncome } from '../../../main/services/incomes';
import { runQuality } from '../../../main/services/quality';
import { verifyAuditChain } from '../../../main/db/audit';
import { insertRow, write } from '../../../main/db/write';
import type { DataChange, EventName, HouseholdRow, IncomeGridRow, IncomeYears, JsonRows, QualityReport } from '../../../shared/contract';
import { DECLARED_INCOME_TOLERANCE_FEN, perCapitaNetFen } from '../../../shared/domain/income';
import type { Result } from '../../../shared/errors';
import { MAIN_WINDOW, PASSWORD, idNo, seedVillage, tempDir, tester } from './helpers';

let dir: string;
let session: Session;
let router: Router;
const events: { event: EventName; payload: unknown }[] = [];
/** 甲 (3 people) and 乙 (1) in 测试村 (…0207); 丙 (1) in 前进村 (…0201), whose code sorts first. */
let jia: HouseholdRow;
let yi: HouseholdRow;
let bing: HouseholdRow;
let laterVillageId: string;

const YEAR = 2015;
const ZERO = { wage: 0, business: 0, propertyDividend: 0, propertyOther: 0, transferFamilyPlanning: 0, transferDibao: 0, transferWubao: 0, transferPension: 0, transferEco: 0, transferOther: 0, businessCost: 0 };

beforeAll(async () => {
  dir = tempDir('fupin-incomes-');
  session = new Session(path.join(dir, 'userData'));
  router = createRouter(createHandlers(session, { version: 'test', broadcast: (event, payload) => events.push({ event, payload }) }));
  await ok('db.create', { path: path.join(dir, 'incomes.fupin'), password: PASSWORD });
  laterVillageId = session.write(tester(), (w) => seedVillage(w, '420115010207', '测试村').village.id);
  const earlierVillageId = session.write(tester(), (w) => seedVillage(w, '420115010201', '前进村').village.id);
  jia = await ok<HouseholdRow>('households.create', { villageId: laterVillageId, category: 'general', headName: '收入甲', headIdNumber: idNo('1962-02-03') });
  yi = await ok<HouseholdRow>('households.create', { villageId: laterVillageId, category: 'dibao', headName: '收入乙', headIdNumber: idNo('1950-04-05') });
  bing = await ok<HouseholdRow>('households.create', { villageId: earlierVillageId, category: 'general', headName: '收入丙', headIdNumber: idNo('1958-06-07') });
  await ok('members.create', { householdId: jia.id, name: '收入丁', idNumber: idNo('1964-08-09', 'female'), relation: 'spouse' });
  await ok('members.create', { householdId: jia.id, name: '收入戊', idNumber: idNo('1990-10-11'), relation: 'son' });
});
afterAll(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function ask(channel: string, input?: unknown): Promise<Result<unknown>> {
  return router.handle(MAIN_WINDOW, channel, input);
}

async function ok<T>(channel: string, input?: unknown): Promise<T> {
  const r = (await ask(channel, input)) as Result<T>;
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.data;
}

async function list(year = YEAR, villageId?: string): Promise<IncomeGridRow[]> {
  const { json, count } = await ok<JsonRows>('incomes.list', { year, ...(villageId ? { villageId } : {}) });
  const rows = JSON.parse(json) as IncomeGridRow[];
  expect(rows).toHaveLength(count);
  return rows;
}

async function rowOf(householdId: string, year = YEAR): Promise<IncomeGridRow> {
  return (await list(year)).find((r) => r.householdId === householdId)!;
}

function update(householdId: string, field: string, value: number | null, year = YEAR): Promise<IncomeGridRow> {
  return ok<IncomeGridRow>('incomes.update', { householdId, year, field, value });
}

function auditCount(): number {
  return session.requireStore().sqlite.prepare('SELECT count(*) FROM auditLog').pluck().get() as number;
}

function lastSeq(): number {
  return session.requireStore().sqlite.prepare('SELECT max(seq) FROM auditLog').pluck().get() as number;
}

function incomeRows(): number {
  return session.requireStore().sqlite.prepare('SELECT count(*) FROM incomes').pluck().get() as number;
}

function changesSince(mark: number): DataChange[] {
  return events.slice(mark).filter((e) => e.event === 'data.changed').map((e) => e.payload as DataChange);
}

describe('incomes.list and incomes.years', () => {
  it('lists every household of the year, rows or not, by village code and 户编号, with head and size', async () => {
    const rows = await list();
    expect(rows.map((r) => [r.hhCode, r.villageName, r.headName, r.size])).toEqual([
      [bing.hhCode, '前进村', '收入丙', 1],
      [jia.hhCode, '测试村', '收入甲', 3],
      [yi.hhCode, '测试村', '收入乙', 1],
    ]);
    expect(rows[1]).toEqual({
      householdId: jia.id,
      hhCode: jia.hhCode,
      villageName: '测试村',
      headName: '收入甲',
      size: 3,
      year: YEAR,
      incomeId: null,
      ...Object.fromEntries(Object.keys(ZERO).map((k) => [k, null])),
      declaredPerCapita: null,
      computedPerCapita: null,
      gapFen: null,
    });
    expect((await list(YEAR, laterVillageId)).map((r) => r.householdId)).toEqual([jia.id, yi.id]);
  });

  it('answers the data year before there are incomes: the year before today', async () => {
    expect(await ok<IncomeYears>('incomes.years')).toEqual({ years: [], defaultYear: new Date().getFullYear() - 1 });
  });

  it('refuses a year outside 2000–2100 and a village id that is no id, in Chinese', async () => {
    expect(await ask('incomes.list', { year: 1999 })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '收入年度应为2000至2100年之间的四位年份' } });
    expect(await ask('incomes.list', { year: 2015.5 })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '收入年度应为整数年份' } });
    expect(await ask('incomes.list', { year: YEAR, villageId: 'x' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '记录编号无效' } });
  });

  it('is personal data: the wall display may not read it', async () => {
    const wall = windowContext({ id: 2, kind: 'wall' }, '大屏');
    expect(await router.handle(wall, 'incomes.list', { year: YEAR })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('incomes.update', () => {
  it('creates the missing row with the one figure, audited and published in one commit', async () => {
    const seq = lastSeq();
    const mark = events.length;
    const before = incomeRows();
    const row = await update(jia.id, 'wage', 300_000);
    expect(incomeRows()).toBe(before + 1);
    expect(row).toMatchObject({ householdId: jia.id, year: YEAR, ...ZERO, wage: 300_000, declaredPerCapita: null, gapFen: null });
    expect(row.incomeId).toEqual(expect.any(String));
    expect(row.computedPerCapita).toBe(perCapitaNetFen({ ...ZERO, wage: 300_000 }, 3));
    expect(row.computedPerCapita).toBe(100_000);
    // One insert entry, by the clerk, announced by one event.
    const audited = session.requireStore().sqlite.prepare('SELECT action, tableName, rowId, actor, afterJson FROM auditLog WHERE seq > ?').all(seq) as { action: string; tableName: string; rowId: string; actor: string; afterJson: string }[];
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ action: 'insert', tableName: 'incomes', rowId: row.incomeId });
    expect(audited[0].actor).toContain('测试科员');
    expect(JSON.parse(audited[0].afterJson)).toMatchObject({ householdId: jia.id, year: YEAR, wage: 300_000 });
    expect(changesSince(mark)).toEqual([{ tables: ['incomes'], fromSeq: seq + 1, toSeq: seq + 1 }]);
    expect(await rowOf(jia.id)).toEqual(row);
    expect(await ok<IncomeYears>('incomes.years')).toEqual({ years: [YEAR], defaultYear: YEAR });
  });

  it('updates the existing row, auditing only the field that changed', async () => {
    const seq = lastSeq();
    const mark = events.length;
    const row = await update(jia.id, 'business', 437_034);
    expect(row).toMatchObject({ wage: 300_000, business: 437_034, computedPerCapita: 245_678 });
    const audited = session.requireStore().sqlite.prepare('SELECT action, beforeJson, afterJson FROM auditLog WHERE seq > ?').all(seq) as { action: string; beforeJson: string; afterJson: string }[];
    expect(audited.map((a) => [a.action, JSON.parse(a.beforeJson), JSON.parse(a.afterJson)])).toEqual([['update', { business: 0 }, { business: 437_034 }]]);
    expect(changesSince(mark)).toEqual([{ tables: ['incomes'], fromSeq: seq + 1, toSeq: seq + 1 }]);
  });

  it('the declared figure: a gap within the tolerance is no finding, one beyond it is declared − computed; null clears it', async () => {
    expect(await update(jia.id, 'declaredPerCapita', 245_678 + DECLARED_INCOME_TOLERANCE_FEN)).toMatchObject({ declaredPerCapita: 245_778, gapFen: null });
    expect(await update(jia.id, 'declaredPerCapita', 300_000)).toMatchObject({ declaredPerCapita: 300_000, computedPerCapita: 245_678, gapFen: 54_322 });
    expect(await update(jia.id, 'declaredPerCapita', 200_000)).toMatchObject({ gapFen: -45_678 });
    expect(await update(jia.id, 'declaredPerCapita', null)).toMatchObject({ declaredPerCapita: null, gapFen: null });
  });

  it('a declared figure alone makes a row without components: nothing computed, no gap', async () => {
    const row = await update(yi.id, 'declaredPerCapita', 350_000);
    expect(row).toMatchObject({ ...ZERO, declaredPerCapita: 350_000, computedPerCapita: null, gapFen: null });
    expect(row.incomeId).toEqual(expect.any(String));
  });

  it('writes nothing for a value already stored, nor for an empty figure of a household without a row', async () => {
    const audit = auditCount();
    const rows = incomeRows();
    const mark = events.length;
    expect(await update(jia.id, 'wage', 300_000)).toMatchObject({ wage: 300_000 });
    expect(await update(bing.id, 'wage', 0)).toMatchObject({ incomeId: null, wage: null });
    expect(await update(bing.id, 'declaredPerCapita', null)).toMatchObject({ incomeId: null, declaredPerCapita: null });
    expect(auditCount()).toBe(audit);
    expect(incomeRows()).toBe(rows);
    expect(changesSince(mark)).toEqual([]);
  });

  it('keeps the income row and its audit entry in one transaction: a failure later in it leaves neither', () => {
    const store = session.requireStore();
    const audit = auditCount();
    const rows = incomeRows();
    expect(() =>
      write({ store, actor: tester() }, (w) => {
        updateIncome(w, { householdId: bing.id, year: YEAR, field: 'wage', value: 123_400 });
        expect(incomeRows()).toBe(rows + 1);
        throw new Error('后面的写入失败');
      }),
    ).toThrow('后面的写入失败');
    expect(incomeRows()).toBe(rows);
    expect(auditCount()).toBe(audit);
  });

  it.each([
    ['a negative figure', { field: 'wage', value: -100 }, '工资性收入不能为负数'],
    ['a fraction of a fen', { field: 'transferDibao', value: 12.5 }, '低保金最多保留两位小数（到分）'],
    ['more than 10亿元', { field: 'business', value: 100_000_000_001 }, '生产经营性收入过大：不能超过10亿元'],
    ['an empty component', { field: 'businessCost', value: null }, '生产经营性支出不能为空：没有这项收入请填 0'],
    ['a declared figure below zero', { field: 'declaredPerCapita', value: -1 }, '申报年人均纯收入不能为负数'],
    ['text instead of fen', { field: 'wage', value: '300' }, '金额应为数字（以分计）'],
    ['a field that is no income figure', { field: 'size', value: 1 }, '请指明要修改的收入项'],
    ['a year outside 2000–2100', { field: 'wage', value: 1, year: 2101 }, '收入年度应为2000至2100年之间的四位年份'],
  ])('refuses %s in Chinese and writes nothing', async (_, input, message) => {
    const audit = auditCount();
    const rows = incomeRows();
    const mark = events.length;
    const before = await rowOf(jia.id);
    const r = await ask('incomes.update', { householdId: jia.id, year: YEAR, ...input });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message } });
    expect(auditCount()).toBe(audit);
    expect(incomeRows()).toBe(rows);
    expect(changesSince(mark)).toEqual([]);
    expect(await rowOf(jia.id)).toEqual(before);
  });

  it('refuses a household that is not there, and an unknown key in the input', async () => {
    const audit = auditCount();
    expect(await ask('incomes.update', { householdId: '0190a000-0000-7000-8000-000000000000', year: YEAR, field: 'wage', value: 1 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: '找不到该贫困户，可能已被删除' },
    });
    expect(await ask('incomes.update', { householdId: jia.id, year: YEAR, field: 'wage', value: 1, id: jia.id })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(auditCount()).toBe(audit);
  });

  it('keeps the audit chain whole', () => {
    expect(verifyAuditChain(session.requireStore()).ok).toBe(true);
  });
});

describe('data quality: the declared per-capita income against the computed one', () => {
  it('lists a household whose declared figure is off by more than the tolerance, for the data year only', async () => {
    await update(jia.id, 'declaredPerCapita', 300_000);
    // 乙's declared figure has no components to compare with; 丙's is within the tolerance.
    await update(bing.id, 'wage', 100_000);
    await update(bing.id, 'declaredPerCapita', 100_000 - DECLARED_INCOME_TOLERANCE_FEN);
    const report = await ok<QualityReport>('quality.run');
    const declared = report.checks.find((c) => c.key === 'declaredIncome')!;
    expect(declared.title).toBe('申报年人均纯收入与计算不符（2015年）');
    expect(declared.total).toBe(1);
    expect(declared.items).toEqual([
      {
        message: '申报年人均纯收入 3,000.00 元，按收入构成计算为 2,456.78 元（相差 543.22 元）',
        targets: [{ table: 'households', id: jia.id, hhCode: jia.hhCode, label: `户编号 ${jia.hhCode}（户主 收入甲）` }],
      },
    ]);
  });

  it('says so when the declared figure is the lower one, and looks at the data year (the latest with incomes) only', async () => {
    await update(bing.id, 'declaredPerCapita', 90_000);
    expect(runQuality(session.requireStore()).checks.find((c) => c.key === 'declaredIncome')!.items.map((i) => i.message)).toEqual([
      '申报年人均纯收入 900.00 元，按收入构成计算为 1,000.00 元（相差 100.00 元）',
      '申报年人均纯收入 3,000.00 元，按收入构成计算为 2,456.78 元（相差 543.22 元）',
    ]);
    // A 2016 row makes 2016 the data year: 2015's findings are not that year's.
    session.write(tester(), (w) => insertRow(w, 'incomes', { householdId: yi.id, year: 2016, wage: 100 }));
    const report = runQuality(session.requireStore());
    expect(report.asOf).toBe('2016-12-31');
    expect(report.checks.find((c) => c.key === 'declaredIncome')).toMatchObject({ title: '申报年人均纯收入与计算不符（2016年）', total: 0, items: [] });
  });
});
