import { describe, expect, it } from 'vitest';
import {
  accountKey,
  addToFigures,
  addToProjectFigures,
  checkAmountFen,
  checkEntryAccounts,
  checkBudgetFen,
  checkEntryDate,
  checkPledgeFen,
  checkReversal,
  checkVoucherNo,
  compliance,
  entryStatus,
  noFigures,
  normalizeVoucherNo,
  parseAccountKey,
  parseEntryAmount,
  PLEDGE_MINIMUM_FEN,
  pledgeMinimumText,
  reversalOf,
  VOUCHER_NO_MAX,
  type EntryFacts,
  type Flow,
} from '../../../shared/domain/ledger';

const ID = '01890000-0000-7000-8000-000000000001';

describe('accounts', () => {
  it('round-trips keys and refuses what is not one', () => {
    expect(parseAccountKey('district')).toEqual({ kind: 'district', id: null });
    expect(parseAccountKey(`unit:${ID}`)).toEqual({ kind: 'unit', id: ID });
    expect(accountKey({ kind: 'household', id: ID })).toBe(`household:${ID}`);
    for (const bad of ['', 'bank', 'unit:', 'unit:1', `district:${ID}`, `Unit:${ID}`, 'village:0189ABCD-0000-7000-8000-000000000001']) expect(parseAccountKey(bad), bad).toBeNull();
  });

  it('lets each kind move money only between the accounts it may', () => {
    const v = { kind: 'village' as const, id: ID };
    expect(checkEntryAccounts('receive', null, { kind: 'district', id: null })).toBeNull();
    expect(checkEntryAccounts('receive', null, v)).toBe('收款方：拨入的收款方只能是区级财政、单位帮扶资金、社会捐助、其他来源，不能是行政村');
    expect(checkEntryAccounts('allocate', { kind: 'district', id: null }, null)).toBe('收款方：拨付须填写收款方（行政村、项目）');
    expect(checkEntryAccounts('spend', v, null)).toBeNull();
    expect(checkEntryAccounts('refund', v, v)).toBe('收款方：付款方与收款方不能是同一账户');
  });
});

describe('amount and date', () => {
  it('takes amounts above 0 with at most two decimals, parsed by the one money parser', () => {
    expect(parseEntryAmount('1,234.56')).toEqual({ ok: true, fen: 123456 });
    expect(parseEntryAmount('０.０１')).toEqual({ ok: true, fen: 1 });
    expect(parseEntryAmount('0')).toEqual({ ok: false, message: '金额：应大于 0' });
    expect(parseEntryAmount('-3')).toEqual({ ok: false, message: '金额：应大于 0' });
    expect(parseEntryAmount('1.234')).toMatchObject({ ok: false, message: expect.stringMatching(/^金额：.*最多保留两位小数/) as unknown });
    expect(checkAmountFen(1.5)).toBe('金额：最多保留两位小数（到分）');
    expect(checkAmountFen(Number.NaN)).toBe('金额：应为数字');
  });

  it('takes dates of the campaign years only', () => {
    expect(checkEntryDate('2016-01-01')).toBeNull();
    expect(checkEntryDate('2018-12-31')).toBeNull();
    expect(checkEntryDate('2015-12-31')).toMatch(/不在攻坚年度（2016—2018年）之内/);
    expect(checkEntryDate('2019-01-01')).toMatch(/不在攻坚年度/);
    expect(checkEntryDate('2017-02-29')).toMatch(/不是有效日期/);
    expect(checkEntryDate('2016/3/1')).toMatch(/不是有效日期/);
  });
});

describe('voucher numbers', () => {
  it('are compared half-width without spaces, up to 40 characters', () => {
    expect(normalizeVoucherNo(' 记－２０１６－００１\u3000')).toBe('记-2016-001');
    expect(normalizeVoucherNo('记 - 001')).toBe('记-001');
    expect(VOUCHER_NO_MAX).toBe(40);
    expect(checkVoucherNo('Ｖ'.repeat(40))).toBeNull();
    expect(checkVoucherNo(`${'V'.repeat(40)} `)).toBeNull();
    expect(checkVoucherNo('V'.repeat(41))).toBe('凭证号：不能超过40个字');
    expect(checkVoucherNo(' \u3000')).toBe('凭证号：请填写凭证号');
  });
});

describe('reversals', () => {
  const original: EntryFacts = { kind: 'spend', date: '2016-05-01', amount: 500, fromAccount: `village:${ID}`, toAccount: null };
  const reversal = (extra: Partial<EntryFacts> = {}): EntryFacts => ({ kind: 'reversal', date: '2016-05-02', ...reversalOf(original), ...extra });

  it('moves the same money back, in the same year, not before the original', () => {
    expect(checkReversal(original, reversal())).toBeNull();
    expect(checkReversal(original, reversal({ amount: 400 }))).toMatch(/^金额：冲销金额应与原记录相同/);
    expect(checkReversal(original, reversal({ fromAccount: `village:${ID}`, toAccount: null }))).toMatch(/^收款方：冲销的付款方、收款方应与原记录对调/);
    expect(checkReversal(original, reversal({ date: '2017-01-02' }))).toMatch(/^日期：冲销应与原记录在同一年度/);
    expect(checkReversal(original, reversal({ date: '2016-04-30' }))).toMatch(/^日期：冲销日期不能早于/);
  });

  it('names the state of an entry the same way everywhere', () => {
    expect(entryStatus({ reversedById: ID, reversesId: null })).toBe('已冲销');
    expect(entryStatus({ reversedById: null, reversesId: ID })).toBe('冲销记录');
    expect(entryStatus({ reversedById: null, reversesId: null })).toBe('有效');
  });

  it('never reverses a reversal', () => {
    expect(checkReversal(reversal(), { ...reversal(), ...reversalOf(reversal()) })).toBe('冲销：不能冲销一笔冲销记录；如冲销有误，请重新录入原记录');
  });

  it("takes back from the year's figures what its original added", () => {
    const V = `village:${ID}`;
    const P = `project:${ID.replace(/1$/, '2')}`;
    const f = noFigures();
    const flow = (kind: Flow['kind'], fromAccount: string | null, toAccount: string | null, total: number, originalKind: Flow['kind'] | null = null) => addToFigures(f, { kind, originalKind, fromAccount, toAccount, total });
    flow('receive', null, 'district', 1000);
    flow('allocate', 'district', V, 600);
    // Passing money on between uses is not allocating it again.
    flow('allocate', V, P, 400);
    flow('refund', V, 'district', 100);
    flow('spend', P, null, 300);
    flow('spend', 'district', null, 50);
    flow('reversal', null, P, 300, 'spend');
    flow('reversal', 'district', V, 100, 'refund');
    expect(f).toEqual({ received: 1000, allocated: 650, spent: 50 });
    const p = { allocated: 0, spent: 0 };
    addToProjectFigures(p, { kind: 'allocate', originalKind: null, fromAccount: V, toAccount: P, total: 400 }, P);
    addToProjectFigures(p, { kind: 'spend', originalKind: null, fromAccount: P, toAccount: null, total: 300 }, P);
    addToProjectFigures(p, { kind: 'reversal', originalKind: 'spend', fromAccount: null, toAccount: P, total: 100 }, P);
    addToProjectFigures(p, { kind: 'refund', originalKind: null, fromAccount: P, toAccount: V, total: 50 }, P);
    expect(p).toEqual({ allocated: 350, spent: 200 });
  });
});

describe('pledges', () => {
  it("are the plan's figures: 3,000,000 and 30,000 yuan", () => {
    expect(PLEDGE_MINIMUM_FEN).toEqual({ district: 300_000_000, unit: 3_000_000 });
    expect(compliance('unit', 3_000_000, 2_999_999)).toEqual({ short: true, belowMinimum: true, missingFen: 1 });
    expect(compliance('unit', 4_000_000, 3_000_000)).toEqual({ short: true, belowMinimum: false, missingFen: 1_000_000 });
    expect(compliance('district', 300_000_000, 310_000_000)).toEqual({ short: false, belowMinimum: false, missingFen: 0 });
    expect(pledgeMinimumText('district')).toBe('300万元');
    expect(pledgeMinimumText('unit')).toBe('3万元');
  });

  it('take a pledge or a budget of 0 or more, to the fen, each named in its message', () => {
    expect(checkPledgeFen(0)).toBeNull();
    expect(checkBudgetFen(20_000_000)).toBeNull();
    expect(checkPledgeFen(-1)).toBe('承诺金额：不能为负');
    expect(checkBudgetFen(-1)).toBe('预算：不能为负');
    expect(checkBudgetFen(0.5)).toBe('预算：最多保留两位小数（到分）');
    expect(checkBudgetFen(Number.NaN)).toBe('预算：应为数字');
  });
});
