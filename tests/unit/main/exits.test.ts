// 销号 and 出列 through the real router on a real encrypted database: a household is struck off
// only when its criteria pass, or with a reason; each step is audited with its event in one
// transaction; undoing needs a reason; 返贫; a village goes out the same way; 脱贫状态 is not edited
// in place; the events are append-only in the database itself. Fictitious people only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateRow } from '../../../main/db/write';
import type { HouseholdExitView, HouseholdRow, VillageExitView } from '../../../shared/contract';
import { NINE_HAVES } from '../../../shared/domain/exitCriteria';
import { idNo, routedSession, seedVillage, tester } from './helpers';

const t = routedSession('fupin-exits-');
const { call, ok, refused, sql } = t;
let villageId: string;
let household: HouseholdRow;
let other: HouseholdRow;

const auditCount = () => (sql().prepare('SELECT count(*) AS n FROM auditLog').get() as { n: number }).n;
const state = (id: string) => sql().prepare('SELECT exitStatus, exitedOn FROM households WHERE id = ?').get(id) as { exitStatus: string; exitedOn: string | null };
const events = () => (sql().prepare('SELECT count(*) AS n FROM exitEvents').get() as { n: number }).n;

beforeAll(async () => {
  await t.open('exits.fupin');
  villageId = t.session.write(tester(), (w) => seedVillage(w).village.id);
  household = await ok<HouseholdRow>('households.create', { villageId, category: 'general', headName: '销号甲', headIdNumber: idNo('1960-01-02') });
  other = await ok<HouseholdRow>('households.create', { villageId, category: 'dibao', headName: '销号乙', headIdNumber: idNo('1962-03-04') });
  await ok('members.create', { householdId: household.id, name: '销号丙', idNumber: idNo('2006-07-08', 'female'), relation: 'daughter' });
  await ok('plan.setCampaign', { years: [{ year: 2016, povertyLineFen: 310_000, districtIncomeFen: 1_730_000, provincialIncomeFen: 1_272_500 }] });
});
afterAll(() => t.close());

const exitInput = (extra: Record<string, unknown> = {}) => ({ householdId: household.id, on: '2016-11-20', reviewer: '审核员', evidence: '村民代表评议通过，公示无异议', ...extra });

describe('销号 of a household', () => {
  it('shows each criterion with what is missing, and refuses without a reason while any fails, writing nothing', async () => {
    const view = await ok<HouseholdExitView>('exits.household', { householdId: household.id, on: '2016-11-20' });
    expect(view.criteria.map((c) => c.key)).toEqual(['income', 'incomeSource', 'water', 'housing', 'medical', 'education']);
    const income = view.criteria.find((c) => c.key === 'income')!;
    expect(income.passed).toBe(false);
    expect(income.detail).toBe('没有 2016 年或此前的收入记录');
    // The daughter is 10 on the day and recorded as not in school.
    expect(view.criteria.find((c) => c.key === 'education')).toMatchObject({ passed: false, detail: '义务教育年龄未在校：销号丙（10岁）' });

    const audit = auditCount();
    const error = await refused('exits.exitHousehold', exitInput());
    expect(error.code).toBe('RULE');
    expect(error.message).toMatch(/^该户尚未达到标准：人均纯收入超过扶贫标准（没有 2016 年或此前的收入记录）；/);
    expect(error.message).toMatch(/如确需办理，请填写理由$/);
    expect(auditCount()).toBe(audit);
    expect(state(household.id)).toEqual({ exitStatus: 'not_exited', exitedOn: null });
  });

  it('strikes off a household whose criteria pass: the event and the new state in one audited transaction', async () => {
    t.session.write(tester(), (w) => {
      const store = w.store;
      updateRow(w, 'households', household.id, { drinkingSafe: 1, drinkingDifficulty: 0, dangerousHouse: 0 }, '贫困户');
      for (const m of store.sqlite.prepare('SELECT id, relation FROM members WHERE householdId = ?').all(household.id) as { id: string; relation: string }[]) {
        updateRow(w, 'members', m.id, { medicalInsurance: 1, ...(m.relation === 'daughter' ? { schoolStatus: 'primary' } : {}) }, '成员');
      }
    });
    await ok('incomes.update', { householdId: household.id, year: 2016, field: 'wage', value: 1_000_000 });
    const view = await ok<HouseholdExitView>('exits.household', { householdId: household.id, on: '2016-11-20' });
    expect(view.criteria.filter((c) => !c.passed)).toEqual([]);
    expect(view.criteria.find((c) => c.key === 'income')!.detail).toBe('人均纯收入 5,000.00 元，2016年扶贫标准 3,100.00 元');

    const audit = auditCount();
    const done = await ok<HouseholdExitView>('exits.exitHousehold', exitInput());
    expect(done.exitStatus).toBe('exited_supported');
    expect(done.exitedOn).toBe('2016-11-20');
    expect(done.events).toEqual([expect.objectContaining({ kind: 'exit', happenedOn: '2016-11-20', reviewer: '审核员', overrideReason: null, unmet: [] })]);
    expect(auditCount() - audit).toBe(2);
    expect(state(household.id)).toEqual({ exitStatus: 'exited_supported', exitedOn: '2016-11-20' });
    expect((await refused('exits.exitHousehold', exitInput())).message).toMatch(/已于 2016-11-20 脱贫销号，不能重复销号/);
  });

  it('undoing needs a reason; 返贫 makes it poor again; it can be struck off again', async () => {
    const noReason = await refused('exits.undoHousehold', { householdId: household.id, on: '2016-12-01', reason: '  ' });
    expect(noReason.code).toBe('VALIDATION');
    expect(noReason.message).toMatch(/请填写撤销原因/);
    const undone = await ok<HouseholdExitView>('exits.undoHousehold', { householdId: household.id, on: '2016-12-01', reason: '收入核算有误' });
    expect(undone.exitStatus).toBe('not_exited');
    expect(undone.exitedOn).toBeNull();
    expect(undone.events.map((e) => [e.kind, e.reason])).toEqual([
      ['exit', null],
      ['undo', '收入核算有误'],
    ]);
    expect((await refused('exits.undoHousehold', { householdId: household.id, on: '2016-12-02', reason: '再撤' })).message).toMatch(/尚未脱贫销号/);

    await ok('exits.exitHousehold', exitInput({ on: '2016-12-10' }));
    const back = await ok<HouseholdExitView>('exits.returnHousehold', { householdId: household.id, on: '2016-12-20', reason: '家人患大病' });
    expect(back.exitStatus).toBe('returned');
    expect(state(household.id).exitedOn).toBeNull();
    expect((await refused('exits.returnHousehold', { householdId: household.id, on: '2016-12-21', reason: '又一次' })).message).toMatch(/只有已脱贫的户才能登记返贫/);
    const again = await ok<HouseholdExitView>('exits.exitHousehold', exitInput({ on: '2016-12-28' }));
    expect(again.events.map((e) => e.kind)).toEqual(['exit', 'undo', 'exit', 'returned', 'exit']);
    // The household's 修改记录 tells each step with its day and reason.
    const history = await ok<{ fieldLabel: string; after: string; before: string }[]>('history.get', { table: 'households', id: household.id });
    const told = history.map((h) => `${h.fieldLabel}|${h.after}`).join('\n');
    expect(told).toContain('撤销销号（2016-12-01：收入核算有误）');
    expect(told).toContain('返贫（2016-12-20：家人患大病）');
    expect(told).toMatch(/脱贫状态\|已脱贫（享受政策）/);
  });

  it('is made anyway with a reason: the unmet criteria are kept with it', async () => {
    const audit = auditCount();
    const done = await ok<HouseholdExitView>('exits.exitHousehold', { ...exitInput({ householdId: other.id }), overrideReason: '低保兜底，经区扶贫办同意' });
    expect(done.exitStatus).toBe('exited_supported');
    const last = done.events.at(-1)!;
    expect(last.overrideReason).toBe('低保兜底，经区扶贫办同意');
    expect(last.unmet).toContain('人均纯收入超过扶贫标准');
    expect(auditCount() - audit).toBe(2);
  });

  it('refuses a day after today and a malformed day', async () => {
    const fresh = await ok<HouseholdRow>('households.create', { villageId, category: 'general', headName: '销号丁', headIdNumber: idNo('1963-02-03') });
    const audit = auditCount();
    expect((await refused('exits.exitHousehold', { ...exitInput({ householdId: fresh.id, on: '2099-01-01' }), overrideReason: '测试' })).message).toBe('销号日期 2099-01-01 晚于今天，不能预先办理');
    expect(auditCount()).toBe(audit);
    expect((await refused('exits.undoHousehold', { householdId: other.id, on: '2099-01-01', reason: '测试' })).message).toMatch(/撤销日期 2099-01-01 晚于今天/);
    expect((await refused('exits.exitHousehold', exitInput({ on: '2016/11/20' }))).message).toMatch(/日期应为“年-月-日”/);
  });

  it('never lets 脱贫状态 be edited in place', async () => {
    const error = await refused('households.update', { id: household.id, field: 'exitStatus', value: '未脱贫' });
    expect(error.message).toMatch(/“脱贫状态”不能直接修改：请选中该户后点“销号…”办理/);
    const pasted = await ok<{ ok: boolean; problems: { message: string }[] }>('grid.applyEdits', { grid: 'households', edits: [{ id: household.id, field: 'exitStatus', value: '未脱贫' }] });
    expect(pasted.ok).toBe(false);
    expect(pasted.problems[0].message).toMatch(/不能直接修改/);
  });

  it('a household removed takes its 销号 records with it, each delete audited', async () => {
    const gone = await ok<HouseholdRow>('households.create', { villageId, category: 'general', headName: '销号戊', headIdNumber: idNo('1964-04-05') });
    await ok('exits.exitHousehold', { ...exitInput({ householdId: gone.id }), overrideReason: '测试' });
    const ofIt = () => (sql().prepare('SELECT count(*) AS n FROM exitEvents WHERE householdId = ?').get(gone.id) as { n: number }).n;
    expect(ofIt()).toBe(1);
    await ok('households.remove', { id: gone.id });
    expect(ofIt()).toBe(0);
    const deleted = sql().prepare("SELECT count(*) AS n FROM auditLog WHERE tableName = 'exitEvents' AND action = 'delete'").get() as { n: number };
    expect(deleted.n).toBe(1);
  });

  it('keeps the events append-only in the database itself', () => {
    expect(() => sql().prepare("UPDATE exitEvents SET reason = 'x'").run()).toThrow(/append-only/);
    expect(events()).toBeGreaterThan(0);
  });
});

describe('出列 of a village', () => {
  const haves = (value: boolean) => Object.fromEntries(NINE_HAVES.map((h) => [h.key, value]));

  it('shows what is missing, takes the village facts, goes out with a reason, and blocks undoing a household under it', async () => {
    // Make the first household poor again, so the village still has one left.
    await ok('exits.undoHousehold', { householdId: household.id, on: '2016-12-29', reason: '复核' });
    let view = await ok<VillageExitView>('exits.village', { villageId, on: '2016-12-30' });
    expect(view.criteria.map((c) => [c.key, c.passed])).toEqual([
      ['households', false],
      ['income', false],
      ['collective', false],
      ['haves', false],
    ]);
    expect(view.criteria[0].detail).toBe('还有 2 户未脱贫（共 3 户）');
    // As on a day before the other household's 销号 (2016-11-20), it was still poor then.
    const earlier = await ok<VillageExitView>('exits.village', { villageId, on: '2016-11-01' });
    expect(earlier.criteria[0].detail).toBe('还有 3 户未脱贫（共 3 户）');

    view = await ok<VillageExitView>('exits.setVillageFacts', { villageId, on: '2016-12-30', perCapitaIncomeFen: 900_000, collectiveIncomeFen: 12_000_000, haves: haves(true) });
    expect(view.facts).toMatchObject({ year: 2016, perCapitaIncomeFen: 900_000, collectiveIncomeFen: 12_000_000 });
    // 70 % of 12,725 is 8,907.50: 9,000 passes.
    expect(view.criteria.map((c) => [c.key, c.passed])).toEqual([
      ['households', false],
      ['income', true],
      ['collective', true],
      ['haves', true],
    ]);
    expect((await refused('exits.exitVillage', { villageId, on: '2016-12-30', reviewer: '审核员', evidence: '验收' })).message).toMatch(/贫困户全部脱贫（还有 2 户未脱贫/);

    const out = await ok<VillageExitView>('exits.exitVillage', { villageId, on: '2016-12-30', reviewer: '审核员', evidence: '验收', overrideReason: '剩余一户为兜底户' });
    expect(out.exitedOn).toBe('2016-12-30');
    expect((sql().prepare('SELECT exitedYear FROM villages WHERE id = ?').get(villageId) as { exitedYear: number }).exitedYear).toBe(2016);
    expect((await refused('exits.undoHousehold', { householdId: other.id, on: '2016-12-31', reason: '复核' })).message).toMatch(/已于 2016-12-30 出列：请先撤销村出列/);

    const undone = await ok<VillageExitView>('exits.undoVillage', { villageId, on: '2016-12-31', reason: '验收不合格' });
    expect(undone.exitedOn).toBeNull();
    expect(undone.events.map((e) => e.kind)).toEqual(['exit', 'undo']);
  });
});
