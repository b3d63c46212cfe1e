// The funding ledger through the real router on a real encrypted database: entries move money
// between accounts and balances follow; every rule refuses with a Chinese message naming the field
// and writes nothing (no entry, no audit row); a 冲销 undoes an entry without changing it; the
// database itself refuses UPDATE and DELETE of an entry; pledges, compliance, projects and the
// village notice. Fictitious records only.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRow, updateRow, deleteRow } from '../../../main/db/write';
import { verifyDatabase } from '../../../main/services/verify';
import { fundsByYear } from '../../../main/services/ledger';
import type { BalanceRow, ComplianceReport, HouseholdRow, LedgerEntryRow, PledgeRow, ProjectRow, VillageNotice } from '../../../shared/contract';
import { MAIN_WINDOW, idNo, routedSession, seedVillage, tester } from './helpers';

const t = routedSession('fupin-ledger-');
const { call, ok, refused, sql } = t;
let villageId: string;
let unitId: string;
let otherVillageId: string;
let household: HouseholdRow;
let stranger: HouseholdRow;

const count = (table: string) => (sql().prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
const snapshot = () => ({ audit: count('auditLog'), entries: count('ledgerEntries'), pledges: count('pledges'), projects: count('projects'), links: count('projectHouseholds') });

let voucher = 0;
const nextVoucher = () => `记-${++voucher}`;
const entry = (extra: Record<string, unknown>) => ({ date: '2016-03-01', voucherNo: nextVoucher(), memo: null, attachmentRef: null, ...extra });

async function balanceOf(view: string, id: string, year?: number): Promise<BalanceRow> {
  const rows = await ok<BalanceRow[]>('ledger.balances', year === undefined ? { view } : { view, year });
  const row = rows.find((r) => r.id === id);
  if (!row) throw new Error(`no ${view} row ${id}`);
  return row;
}
const entries = async (filter: Record<string, unknown> = {}) => JSON.parse((await ok<{ json: string }>('ledger.entries', filter)).json) as LedgerEntryRow[];

beforeAll(async () => {
  await t.open('ledger.fupin');
  const seeded = t.session.write(tester(), (w) => {
    const a = seedVillage(w);
    const b = seedVillage(w, '420115010207', '别村');
    return { a, b };
  });
  villageId = seeded.a.village.id;
  unitId = seeded.a.unit.id;
  otherVillageId = seeded.b.village.id;
  household = await ok<HouseholdRow>('households.create', { villageId, category: 'general', headName: '资金甲', headIdNumber: idNo('1961-02-03') });
  stranger = await ok<HouseholdRow>('households.create', { villageId: otherVillageId, category: 'dibao', headName: '资金乙', headIdNumber: idNo('1963-04-05') });
});
afterAll(() => t.close());

describe('entries and balances', () => {
  it("receives, allocates and pays: each account's balance is its money in less its money out", async () => {
    await ok('ledger.add', entry({ kind: 'receive', amountFen: 500_000_00, fromAccount: null, toAccount: 'district', date: '2016-01-15' }));
    await ok('ledger.add', entry({ kind: 'allocate', amountFen: 100_000_00, fromAccount: 'district', toAccount: `village:${villageId}` }));
    const paid = await ok<LedgerEntryRow>('ledger.add', entry({ kind: 'spend', amountFen: 1_234_56, fromAccount: `village:${villageId}`, toAccount: `household:${household.id}`, memo: '产业奖补' }));
    expect(paid).toMatchObject({ kind: 'spend', amountFen: 1_234_56, householdId: household.id, fromLabel: '测试村', toLabel: expect.stringContaining('资金甲户') as unknown });
    expect((await balanceOf('account', 'district')).closingFen).toBe(400_000_00);
    expect((await balanceOf('village', villageId)).closingFen).toBe(100_000_00 - 1_234_56);
    expect(await balanceOf('household', household.id)).toMatchObject({ inFen: 1_234_56, closingFen: 1_234_56 });
    // As of 2016: opened at 0; as of 2017 the 2016 money is the opening balance.
    expect(await balanceOf('account', 'district', 2017)).toMatchObject({ openingFen: 400_000_00, inFen: 0, outFen: 0, closingFen: 400_000_00 });
  });

  it("stores integer fen, and the unit's money arrives through 拨入 into its own account", async () => {
    await ok('ledger.add', entry({ kind: 'receive', amountFen: 35_000_00, fromAccount: null, toAccount: `unit:${unitId}`, date: '2016-02-01' }));
    const row = sql().prepare("SELECT amount, typeof(amount) AS t FROM ledgerEntries WHERE toAccount = ?").get(`unit:${unitId}`) as { amount: number; t: string };
    expect(row).toEqual({ amount: 3_500_000, t: 'integer' });
  });
});

describe('refusals write nothing', () => {
  const cases: [string, () => Record<string, unknown>, RegExp][] = [
    ['a zero amount', () => entry({ kind: 'receive', amountFen: 0, fromAccount: null, toAccount: 'district' }), /^金额：应大于 0$/],
    ['a negative amount', () => entry({ kind: 'receive', amountFen: -5, fromAccount: null, toAccount: 'district' }), /^金额：应大于 0$/],
    ['a third decimal', () => entry({ kind: 'receive', amountFen: 12.5, fromAccount: null, toAccount: 'district' }), /^金额：最多保留两位小数/],
    ['a date before the campaign', () => entry({ kind: 'receive', amountFen: 100, fromAccount: null, toAccount: 'district', date: '2015-12-31' }), /^日期：2015-12-31 不在攻坚年度（2016—2018年）之内$/],
    ['a date after the campaign', () => entry({ kind: 'receive', amountFen: 100, fromAccount: null, toAccount: 'district', date: '2019-01-01' }), /^日期：.*不在攻坚年度/],
    ['no such day', () => entry({ kind: 'receive', amountFen: 100, fromAccount: null, toAccount: 'district', date: '2016-02-30' }), /^日期：“2016-02-30”不是有效日期/],
    ['an empty voucher number', () => entry({ kind: 'receive', amountFen: 100, fromAccount: null, toAccount: 'district', voucherNo: '  ' }), /^凭证号：请填写凭证号$/],
    ['a voucher number used this year', () => entry({ kind: 'receive', amountFen: 100, fromAccount: null, toAccount: 'district', voucherNo: '记-1' }), /^凭证号：2016年已有凭证号“记-1”/],
    ['a payment beyond the balance', () => entry({ kind: 'spend', amountFen: 200_000_00, fromAccount: `village:${villageId}`, toAccount: null }), /^金额：超出付款方“测试村”的余额：2016-03-01 余额 98,765\.44 元，本笔 200,000\.00 元$/],
    ['a payment before the money arrived', () => entry({ kind: 'allocate', amountFen: 100, fromAccount: 'district', toAccount: `village:${villageId}`, date: '2016-01-14' }), /^金额：超出付款方“区级财政”的余额：2016-01-14 余额 0\.00 元，本笔 1\.00 元$/],
    ['a voucher number used this year, written in full width and with spaces', () => entry({ kind: 'receive', amountFen: 100, fromAccount: null, toAccount: 'district', voucherNo: ' 记 －１\u3000' }), /^凭证号：2016年已有凭证号“记-1”/],
    ['a voucher number over 40 characters', () => entry({ kind: 'receive', amountFen: 100, fromAccount: null, toAccount: 'district', voucherNo: 'V'.repeat(41) }), /^凭证号：不能超过40个字$/],
    ['a 拨入 with a payer', () => entry({ kind: 'receive', amountFen: 100, fromAccount: 'district', toAccount: `unit:${unitId}` }), /^付款方：拨入的付款方只能是外部/],
    ['a 支出 to a village', () => entry({ kind: 'spend', amountFen: 100, fromAccount: 'district', toAccount: `village:${villageId}` }), /^收款方：支出的收款方只能是贫困户、外部，不能是行政村$/],
    ['a household paying', () => entry({ kind: 'allocate', amountFen: 100, fromAccount: `household:${household.id}`, toAccount: `village:${villageId}` }), /^付款方：拨付的付款方只能是/],
    ['an account that is no key', () => entry({ kind: 'receive', amountFen: 100, fromAccount: null, toAccount: 'bank' }), /^收款方：账户“bank”无效$/],
    ['an account of no record', () => entry({ kind: 'receive', amountFen: 100, fromAccount: null, toAccount: 'unit:01890000-0000-7000-8000-000000000000' }), /^收款方：找不到该单位帮扶资金/],
    ['a 冲销 recorded by hand', () => entry({ kind: 'reversal', amountFen: 100, fromAccount: null, toAccount: 'district' }), /^记账类型：请选择/],
  ];
  it.each(cases)('refuses %s', async (_name, input, message) => {
    const before = snapshot();
    const error = await refused('ledger.add', input());
    expect(error.message).toMatch(message);
    expect(snapshot()).toEqual(before);
  });

  it('takes the same voucher number in another year', async () => {
    await ok('ledger.add', entry({ kind: 'receive', amountFen: 100, fromAccount: null, toAccount: 'donation', voucherNo: '记-1', date: '2017-05-01' }));
  });
});

describe('冲销', () => {
  it('undoes an entry by a new one beside it: the original unchanged and marked, the balance restored', async () => {
    const before = await balanceOf('village', villageId);
    const original = await ok<LedgerEntryRow>('ledger.add', entry({ kind: 'spend', amountFen: 500_00, fromAccount: `village:${villageId}`, toAccount: `household:${household.id}`, date: '2016-04-01' }));
    expect((await balanceOf('village', villageId)).closingFen).toBe(before.closingFen - 500_00);
    const stored = sql().prepare('SELECT * FROM ledgerEntries WHERE id = ?').get(original.id);
    const reversal = await ok<LedgerEntryRow>('ledger.reverse', { id: original.id, date: '2016-04-02', voucherNo: '冲-1' });
    expect(reversal).toMatchObject({ kind: 'reversal', reversesId: original.id, amountFen: 500_00, fromAccount: `household:${household.id}`, toAccount: `village:${villageId}`, memo: expect.stringContaining(original.voucherNo) as unknown });
    expect(sql().prepare('SELECT * FROM ledgerEntries WHERE id = ?').get(original.id)).toEqual(stored);
    expect((await balanceOf('village', villageId)).closingFen).toBe(before.closingFen);
    const list = await entries();
    const at = list.findIndex((e) => e.id === original.id);
    expect(list[at].reversedById).toBe(reversal.id);
    expect(list[at + 1].id).toBe(reversal.id);
  });

  it('refuses a reversal of a reversal, a second reversal, another year, and an overdrawn reversal, writing nothing', async () => {
    const list = await entries();
    const reversal = list.find((e) => e.kind === 'reversal')!;
    const original = list.find((e) => e.id === reversal.reversesId)!;
    const receipt = list.find((e) => e.kind === 'receive' && e.toAccount === 'district')!;
    const fresh = await ok<LedgerEntryRow>('ledger.add', entry({ kind: 'allocate', amountFen: 100_00, fromAccount: 'district', toAccount: `village:${otherVillageId}`, date: '2016-06-01' }));
    await ok('ledger.add', entry({ kind: 'spend', amountFen: 100_00, fromAccount: `village:${otherVillageId}`, toAccount: `household:${stranger.id}`, date: '2016-06-02' }));
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ id: reversal.id, date: '2016-05-01', voucherNo: '冲-2' }, /^冲销：不能冲销一笔冲销记录/],
      [{ id: original.id, date: '2016-05-01', voucherNo: '冲-2' }, /^冲销：凭证号“.*”已被冲销（冲销凭证号“冲-1”），不能再次冲销$/],
      [{ id: fresh.id, date: '2017-01-05', voucherNo: '冲-2' }, /^日期：冲销应与原记录在同一年度（2016年）/],
      [{ id: fresh.id, date: '2016-05-31', voucherNo: '冲-2' }, /^日期：冲销日期不能早于原记录的日期 2016-06-01$/],
      [{ id: fresh.id, date: '2016-06-03', voucherNo: '冲-1' }, /^凭证号：2016年已有凭证号“冲-1”/],
      // The village paid the money on: taking it back would overdraw the village.
      [{ id: fresh.id, date: '2016-06-03', voucherNo: '冲-2' }, /^金额：超出付款方“别村”的余额：2016-06-03 余额 0\.00 元，本笔 100\.00 元$/],
      [{ id: receipt.id, date: '2016-01-15', voucherNo: '冲-2' }, /^金额：超出付款方“区级财政”的余额/],
    ];
    for (const [input, message] of cases) {
      const before = snapshot();
      expect((await refused('ledger.reverse', input)).message).toMatch(message);
      expect(snapshot()).toEqual(before);
    }
  });
});

describe('append-only', () => {
  it('is refused by the database: a direct UPDATE or DELETE of an entry aborts', () => {
    const id = (sql().prepare('SELECT id FROM ledgerEntries LIMIT 1').get() as { id: string }).id;
    expect(() => sql().prepare('UPDATE ledgerEntries SET amount = 1 WHERE id = ?').run(id)).toThrow(/append-only/);
    expect(() => sql().prepare('DELETE FROM ledgerEntries WHERE id = ?').run(id)).toThrow(/append-only/);
    expect(() => sql().prepare('DELETE FROM ledgerEntries').run()).toThrow(/append-only/);
  });

  it('has no way to change an entry in the write path', () => {
    t.session.write(tester(), (w) => {
      const id = (sql().prepare('SELECT id FROM ledgerEntries LIMIT 1').get() as { id: string }).id;
      // @ts-expect-error ledgerEntries is append-only: updateRow does not take it.
      expect(() => updateRow(w, 'ledgerEntries', id, { amount: 1 }, '记账')).toThrow(/append-only/);
      // @ts-expect-error ledgerEntries is append-only: deleteRow does not take it.
      expect(() => deleteRow(w, 'ledgerEntries', id, '记账')).toThrow(/append-only/);
      // Inserting is the one way in; the database still checks what the rules check.
      expect(() => insertRow(w, 'ledgerEntries', { date: '2016-01-01', year: 2016, voucherNo: 'x', kind: 'receive', amount: 0, fromAccount: null, toAccount: 'district', projectId: null, householdId: null, memo: null, attachmentRef: null, reversesId: null })).toThrow(/CHECK/);
    });
  });

  it('is refused by the database: a reversal of a reversal, or one that does not move its original\'s money back', () => {
    const reversal = sql().prepare("SELECT * FROM ledgerEntries WHERE kind = 'reversal' LIMIT 1").get() as Record<string, unknown>;
    const original = sql()
      .prepare("SELECT * FROM ledgerEntries e WHERE kind <> 'reversal' AND fromAccount IS NOT NULL AND toAccount IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledgerEntries r WHERE r.reversesId = e.id) LIMIT 1")
      .get() as Record<string, unknown>;
    const insert = (row: Record<string, unknown>) =>
      sql()
        .prepare(
          `INSERT INTO ledgerEntries (id, date, year, voucherNo, kind, amount, fromAccount, toAccount, projectId, householdId, memo, attachmentRef, reversesId, createdAt, updatedAt)
           VALUES (@id, @date, @year, @voucherNo, 'reversal', @amount, @fromAccount, @toAccount, NULL, NULL, NULL, NULL, @reversesId, '2016-12-01T00:00:00Z', '2016-12-01T00:00:00Z')`,
        )
        .run({ id: crypto.randomUUID(), date: '2016-12-01', year: 2016, voucherNo: `SQL-${++voucher}`, ...row });
    const undo = (of: Record<string, unknown>) => ({ amount: of.amount, fromAccount: of.toAccount, toAccount: of.fromAccount, reversesId: of.id });
    const entries = count('ledgerEntries');
    expect(() => insert(undo(reversal))).toThrow(/cannot reverse a reversal/);
    expect(() => insert({ ...undo(original), amount: (original.amount as number) + 1 })).toThrow(/same accounts/);
    expect(() => insert({ ...undo(original), fromAccount: original.fromAccount, toAccount: original.toAccount })).toThrow(/same accounts/);
    expect(() => insert({ ...undo(original), toAccount: null })).toThrow(/same accounts/);
    expect(count('ledgerEntries')).toBe(entries);
    // The matching one passes the trigger (and is rolled back: it has no audit row).
    const rollback = new Error('rollback');
    expect(() =>
      sql().transaction(() => {
        insert(undo(original));
        throw rollback;
      })(),
    ).toThrow(rollback);
    expect(count('ledgerEntries')).toBe(entries);
  });

  it('passes verify: the ledger tables are replayed from the audit log like the registry', () => {
    const report = verifyDatabase(t.session.requireStore());
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });
});

describe('pledges and compliance', () => {
  it('defaults to the plan: the district 3,000,000 yuan and each unit 30,000 yuan a year', async () => {
    const rows = await ok<PledgeRow[]>('ledger.pledges', { year: 2016 });
    expect(rows.find((r) => r.sourceKind === 'district')).toMatchObject({ amountFen: 300_000_000, isDefault: true });
    expect(rows.find((r) => r.unitId === unitId)).toMatchObject({ amountFen: 3_000_000, isDefault: true, name: '测试村帮扶单位' });
    expect(await ok<PledgeRow[]>('ledger.pledges', {})).toHaveLength(3 * 3);
  });

  it("flags a unit below its pledge and the plan's minimum, and the district below 3,000,000 yuan", async () => {
    const report = await ok<ComplianceReport>('ledger.compliance', { year: 2016 });
    expect(report.district).toMatchObject({ receivedFen: 500_000_00, pledgedFen: 300_000_000, short: true, belowMinimum: true, missingFen: 250_000_000 });
    const unit = report.units.find((u) => u.unitId === unitId)!;
    expect(unit).toMatchObject({ receivedFen: 3_500_000, short: false, belowMinimum: false });
    const other = report.units.find((u) => u.unitId !== unitId)!;
    expect(other).toMatchObject({ receivedFen: 0, short: true, belowMinimum: true, missingFen: 3_000_000 });
    expect(report.unitsShort).toBe(1);

    const before = snapshot();
    expect((await refused('ledger.setPledge', { year: 2016, sourceKind: 'unit', unitId, amountFen: 1.5 })).message).toBe('承诺金额：最多保留两位小数（到分）');
    expect((await refused('ledger.setPledge', { year: 2019, sourceKind: 'district', unitId: null, amountFen: 1 })).message).toMatch(/^年度：承诺只能填写攻坚年度/);
    expect(snapshot()).toEqual(before);
    await ok('ledger.setPledge', { year: 2016, sourceKind: 'unit', unitId, amountFen: 4_000_000 });
    const after = await ok<ComplianceReport>('ledger.compliance', { year: 2016 });
    expect(after.units.find((u) => u.unitId === unitId)).toMatchObject({ pledgedFen: 4_000_000, short: true, belowMinimum: false, missingFen: 500_000 });
    await ok('ledger.setPledge', { year: 2016, sourceKind: 'unit', unitId, amountFen: 3_200_000 });
    expect(count('pledges')).toBe(1);
  });
});

describe('projects and the notice', () => {
  let project: ProjectRow;
  const projectInput = (extra: Record<string, unknown> = {}) => ({ villageId, year: 2016, name: '光伏扶贫电站', type: 'power', pathway: 'industry', budgetFen: 200_000_00, status: 'ongoing', unitId, note: null, householdIds: [household.id], ...extra });

  it('creates a project with its beneficiaries, refusing a household of another village', async () => {
    const before = snapshot();
    expect((await refused('ledger.createProject', projectInput({ householdIds: [stranger.id] }))).message).toBe('受益户：只能选择本村的贫困户');
    expect((await refused('ledger.createProject', projectInput({ type: 'rocket' }))).message).toMatch(/^项目类型：/);
    expect(snapshot()).toEqual(before);
    project = await ok<ProjectRow>('ledger.createProject', projectInput());
    expect(project).toMatchObject({ name: '光伏扶贫电站', householdIds: [household.id], allocatedFen: 0, villageName: '测试村' });
  });

  it('shows allocated against spent per project, and updates it in place', async () => {
    await ok('ledger.add', entry({ kind: 'allocate', amountFen: 50_000_00, fromAccount: `village:${villageId}`, toAccount: `project:${project.id}`, date: '2016-07-01' }));
    await ok('ledger.add', entry({ kind: 'spend', amountFen: 30_000_00, fromAccount: `project:${project.id}`, toAccount: null, memo: '设备款', date: '2016-07-05' }));
    await ok('ledger.add', entry({ kind: 'spend', amountFen: 2_000_00, fromAccount: `project:${project.id}`, toAccount: `household:${household.id}`, date: '2016-07-06' }));
    const [row] = await ok<ProjectRow[]>('ledger.projects', { villageId });
    expect(row).toMatchObject({ allocatedFen: 50_000_00, spentFen: 32_000_00, balanceFen: 18_000_00 });
    const updated = await ok<ProjectRow>('ledger.updateProject', { id: project.id, ...projectInput({ status: 'done', householdIds: [] }) });
    expect(updated).toMatchObject({ status: 'done', householdIds: [] });
    // The village's own account and its project are one group: the 拨付 between them stays inside
    // (the 500.00 paid and reversed earlier counts out and back in).
    expect(await balanceOf('village', villageId)).toMatchObject({ inFen: 100_000_00 + 500_00, outFen: 1_234_56 + 500_00 + 32_000_00 });
  });

  it('prints the village notice with amounts and counts but no names', async () => {
    const notice = await ok<VillageNotice>('ledger.notice', { villageId, year: 2016 });
    expect(notice).toMatchObject({ villageName: '测试村', year: 2016, receivedFen: 100_000_00, spentFen: 1_234_56 + 32_000_00, householdsPaid: 1, householdPaymentsFen: 1_234_56 + 2_000_00 });
    expect(notice.sources).toEqual([{ label: '区级财政', amountFen: 100_000_00 }]);
    expect(notice.projects[0]).toMatchObject({ name: '光伏扶贫电站', type: '电力', pathway: '产业扶持脱贫', allocatedFen: 50_000_00, spentFen: 32_000_00 });
    expect(JSON.stringify(notice)).not.toContain('资金甲');
    expect(JSON.stringify(notice)).not.toContain(household.id);
  });

  it('sums the years for the wall, with no personal data', async () => {
    const funds = fundsByYear(t.session.requireStore());
    expect(funds.map((f) => f.year)).toEqual([2016, 2017, 2018]);
    expect(funds[0].pledged).toBe(300_000_000 + 3_200_000 + 3_000_000);
    expect(funds[0].received).toBe(500_000_00 + 35_000_00);
    expect(await ok('ledger.funds', {})).toEqual(funds);
    const wall = await t.router.handle({ ...MAIN_WINDOW, window: { id: 9, kind: 'wall' } }, 'ledger.funds', {});
    expect(wall).toMatchObject({ ok: true });
    const personal = await t.router.handle({ ...MAIN_WINDOW, window: { id: 9, kind: 'wall' } }, 'ledger.entries', {});
    expect(personal).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('balances by date', () => {
  // 其他来源 and 别村 only, so that the figures asserted above stay as they were.
  const other = (extra: Record<string, unknown>) => entry({ fromAccount: 'other', toAccount: `village:${otherVillageId}`, kind: 'allocate', ...extra });
  const refusal = async (channel: string, input: Record<string, unknown>) => {
    const before = snapshot();
    const error = await refused(channel, input);
    expect(snapshot()).toEqual(before);
    return error.message;
  };

  it('refuses a payment dated before the money arrived, and one that later payments already count on', async () => {
    const receipt = await ok<LedgerEntryRow>('ledger.add', entry({ kind: 'receive', amountFen: 100_00, fromAccount: null, toAccount: 'other', date: '2017-01-05' }));
    // The 2017 receipt cannot pay for 2016: 2016 would show money that had not arrived.
    expect(await refusal('ledger.add', other({ amountFen: 100_00, date: '2016-05-01' }))).toBe('金额：超出付款方“其他来源”的余额：2016-05-01 余额 0.00 元，本笔 100.00 元');
    await ok('ledger.add', other({ amountFen: 100_00, date: '2017-02-01' }));
    await ok('ledger.add', entry({ kind: 'receive', amountFen: 50_00, fromAccount: null, toAccount: 'other', date: '2016-03-01' }));
    expect(await refusal('ledger.add', other({ amountFen: 80_00, date: '2016-06-01' }))).toBe('金额：超出付款方“其他来源”的余额：2016-06-01 余额 50.00 元，本笔 80.00 元');
    await ok('ledger.add', other({ amountFen: 40_00, date: '2016-06-01' }));
    // Running: 2016-03-01 50, 2016-06-01 10, 2017-01-05 110, 2017-02-01 10. On 2017-01-10 there are
    // 110.00, but the 2017-02-01 payment needs 100.00 of them.
    expect(await refusal('ledger.add', other({ amountFen: 20_00, date: '2017-01-10' }))).toBe('金额：超出付款方“其他来源”的余额：2017-01-10 以后余额最低为 10.00 元（2017-02-01，之后已有付款），本笔 20.00 元');
    await ok('ledger.add', other({ amountFen: 10_00, date: '2017-01-10' }));
    // A reversal too: taking the 2017 receipt back would leave the 2017-02-01 payment unpaid.
    expect(await refusal('ledger.reverse', { id: receipt.id, date: '2017-01-06', voucherNo: nextVoucher() })).toBe('金额：超出付款方“其他来源”的余额：2017-01-06 以后余额最低为 0.00 元（2017-02-01，之后已有付款），本笔 100.00 元');
    for (const year of [2016, 2017, 2018]) expect((await balanceOf('account', 'other', year)).closingFen).toBeGreaterThanOrEqual(0);
    expect(await balanceOf('account', 'other', 2016)).toMatchObject({ inFen: 50_00, outFen: 40_00, closingFen: 10_00 });
  });

  it('stores voucher numbers half-width without spaces', async () => {
    const row = await ok<LedgerEntryRow>('ledger.add', entry({ kind: 'receive', amountFen: 1_00, fromAccount: null, toAccount: 'other', voucherNo: ' 记 －ＡＢ１\u3000', date: '2018-01-02' }));
    expect(row.voucherNo).toBe('记-AB1');
    expect(await refusal('ledger.add', entry({ kind: 'receive', amountFen: 1_00, fromAccount: null, toAccount: 'other', voucherNo: '记-AB1', date: '2018-03-02' }))).toMatch(/^凭证号：2018年已有凭证号“记-AB1”/);
  });
});

describe('projects once money moved', () => {
  it("keeps a project's village and year once an entry names it, and keeps its note unless it is edited", async () => {
    const base = { villageId, year: 2017, name: '村卫生室改造', type: 'public', pathway: 'security', budgetFen: 10_000_00, status: 'ongoing', unitId, householdIds: [] };
    const project = await ok<ProjectRow>('ledger.createProject', { ...base, note: '村民代表大会通过' });
    // No money yet: village and year may still be corrected.
    await ok('ledger.updateProject', { id: project.id, ...base, year: 2016 });
    await ok('ledger.updateProject', { id: project.id, ...base });
    expect((await ok<ProjectRow[]>('ledger.projects', {})).find((p) => p.id === project.id)).toMatchObject({ year: 2017, villageId, note: '村民代表大会通过' });
    await ok('ledger.add', entry({ kind: 'allocate', amountFen: 1_000_00, fromAccount: `village:${villageId}`, toAccount: `project:${project.id}`, date: '2017-03-01' }));
    const before = snapshot();
    expect((await refused('ledger.updateProject', { id: project.id, ...base, villageId: otherVillageId })).message).toBe('行政村：该项目已有 1 笔资金记录，不能再改所属行政村或年度（资金报表按项目所属村和年度汇总）');
    expect((await refused('ledger.updateProject', { id: project.id, ...base, year: 2018 })).message).toMatch(/^项目年度：该项目已有 1 笔资金记录，不能再改/);
    expect(snapshot()).toEqual(before);
    // Everything else may change; a note left out stays, a note given replaces it.
    expect(await ok<ProjectRow>('ledger.updateProject', { id: project.id, ...base, status: 'done' })).toMatchObject({ status: 'done', note: '村民代表大会通过' });
    expect(await ok<ProjectRow>('ledger.updateProject', { id: project.id, ...base, note: '已验收' })).toMatchObject({ note: '已验收' });
    expect(await ok<ProjectRow>('ledger.updateProject', { id: project.id, ...base, note: null })).toMatchObject({ note: null });
    expect((await refused('ledger.createProject', { ...base, budgetFen: -1 })).message).toBe('预算：不能为负');
    expect((await refused('ledger.createProject', { ...base, budgetFen: 1.5 })).message).toBe('预算：最多保留两位小数（到分）');
  });
});

describe('households the ledger names', () => {
  it('cannot be deleted: the ledger keeps its entries and projects their beneficiaries', async () => {
    const entries = (sql().prepare('SELECT count(*) AS n FROM ledgerEntries WHERE householdId = ?').get(household.id) as { n: number }).n;
    expect(entries).toBeGreaterThan(0);
    const before = snapshot();
    const paid = await refused('households.remove', { id: household.id });
    expect(paid).toMatchObject({ code: 'RULE', message: `该户已有资金记录（${entries} 条）或项目受益记录，不能删除` });
    expect(snapshot()).toEqual(before);
    const beneficiary = await ok<HouseholdRow>('households.create', { villageId, category: 'general', headName: '资金丙', headIdNumber: idNo('1965-06-07') });
    await ok('ledger.createProject', { villageId, year: 2018, name: '光伏扶贫电站二期', type: 'power', pathway: 'industry', budgetFen: 0, status: 'planned', unitId: null, householdIds: [beneficiary.id] });
    const linked = snapshot();
    expect((await refused('households.remove', { id: beneficiary.id })).message).toBe('该户已有资金记录（0 条）或项目受益记录，不能删除');
    expect(snapshot()).toEqual(linked);
    // A household the ledger does not name is deleted as before.
    const plain = await ok<HouseholdRow>('households.create', { villageId, category: 'general', headName: '资金丁', headIdNumber: idNo('1966-07-08') });
    await ok('households.remove', { id: plain.id });
    expect(sql().prepare('SELECT 1 FROM households WHERE id = ?').get(plain.id)).toBeUndefined();
  });
});

describe('the notice and money paid straight to households', () => {
  it("counts a payment from 区级财政 to one of the village's households as received and spent", async () => {
    const before = await ok<VillageNotice>('ledger.notice', { villageId, year: 2016 });
    await ok('ledger.add', entry({ kind: 'spend', amountFen: 800_00, fromAccount: 'district', toAccount: `household:${household.id}`, memo: '危房改造补助', date: '2016-09-01' }));
    const after = await ok<VillageNotice>('ledger.notice', { villageId, year: 2016 });
    expect(after).toMatchObject({
      receivedFen: before.receivedFen + 800_00,
      spentFen: before.spentFen + 800_00,
      balanceFen: before.balanceFen,
      householdsPaid: before.householdsPaid,
      householdPaymentsFen: before.householdPaymentsFen + 800_00,
    });
    expect(after.sources).toEqual([{ label: '区级财政', amountFen: before.sources[0].amountFen + 800_00 }]);
    // The other village's notice does not see it.
    const elsewhere = await ok<VillageNotice>('ledger.notice', { villageId: otherVillageId, year: 2016 });
    expect(elsewhere.householdPaymentsFen).toBe(100_00);
    expect(JSON.stringify(after)).not.toContain('资金甲');
  });
});
