// 年人均纯收入 of the national export, imported as the household's declared per-capita net income of
// a year: in fen, booked to the file's 收入年度 where a row has one, else to the year chosen on the
// import page or with --year, else to the year before the current one. A value that is not a number
// of yuan is an error at its row and column; member rows of one household that disagree are a
// warning. Everyone in these files is fictitious.
import { describe, expect, it } from 'vitest';
import { runImport, type ImportOptions } from '../../../main/services/import/index';
import type { Store } from '../../../main/db/store';
import { HEADER, HH1, HH2, HH3, baseRows, count, importWorkspace, toTable, writeCsv, writeXlsx } from './fixtures';
import { tester } from '../main/helpers';

const { newStore, file } = importWorkspace('fupin-import-declared-');

const DECLARED = '年人均纯收入（元）';
/** The national layout without 收入年度, with 年人均纯收入 at its end. */
const NO_YEAR = [...HEADER.filter((c) => c !== '收入年度'), DECLARED];
const WITH_YEAR = [...HEADER, DECLARED];

type Rows = ReturnType<typeof baseRows>;

/** baseRows with 年人均纯收入 per row (rows 0–2: HH1, 3–4: HH2, 5: HH3). */
function rowsWith(declared: (string | number | null)[], change: (rows: Rows) => void = () => {}): Rows {
  const rows = baseRows().map((r, i) => ({ ...r, [DECLARED]: declared[i] ?? null }));
  change(rows);
  return rows;
}

const imp = (store: Store, f: string, o: Partial<Omit<ImportOptions, 'actor'>> = {}) =>
  runImport(store, f, { dryRun: false, onlyValid: false, actor: tester('测试'), ...o });

interface IncomeRow {
  hhCode: string;
  year: number;
  wage: number;
  business: number;
  transferOther: number;
  businessCost: number;
  declaredPerCapita: number | null;
}

function incomes(store: Store): IncomeRow[] {
  return store.sqlite
    .prepare('SELECT h.hhCode, i.year, i.wage, i.business, i.transferOther, i.businessCost, i.declaredPerCapita FROM incomes i JOIN households h ON h.id = i.householdId ORDER BY h.hhCode, i.year')
    .all() as IncomeRow[];
}

const lines = (l: { row: number; column: string; message: string }[]) => l.map((w) => `${w.row}|${w.column}|${w.message}`);

describe('年人均纯收入: imported in fen for a year', () => {
  it('lands in fen for the year chosen on the import page, with the year and its source in the report', async () => {
    const store = newStore();
    // HH1 as text with a thousands separator and 元, HH2 as an Excel number, HH3 declared nothing.
    const f = await writeXlsx(toTable(rowsWith(['3,200.50元', '3,200.50元', '3,200.50元', 4000, 4000, null]), { columns: NO_YEAR }), file('chosen.xlsx'));
    const r = await imp(store, f, { incomeYear: 2016 });
    expect(r.errors).toEqual([]);
    expect(r.committed).toBe(true);
    expect(incomes(store).map(({ hhCode, year, wage, declaredPerCapita }) => ({ hhCode, year, wage, declaredPerCapita }))).toEqual([
      { hhCode: HH1, year: 2016, wage: 120050, declaredPerCapita: 320050 },
      { hhCode: HH2, year: 2016, wage: 120050, declaredPerCapita: 400000 },
      { hhCode: HH3, year: 2016, wage: 120050, declaredPerCapita: null },
    ]);
    expect(r.incomeYear).toEqual({ year: 2016, source: 'chosen', used: [{ year: 2016, source: 'chosen', households: 3 }] });
    // Not taken silently: the year the file did not give is said once, with its count.
    expect(lines(r.warnings)).toContain('2|收入年度|文件中没有“收入年度”列，3 户的收入按 2016 年导入（导入时指定的年度）');
    // The column is imported now: nothing says it was left out.
    expect(r.warnings.filter((w) => w.column === DECLARED)).toEqual([]);
  });

  it('a household with only a declared figure gets an income row with its components at 0; one that declares nothing gets none', async () => {
    const store = newStore();
    const columns = NO_YEAR.filter((c) => c !== '工资性收入');
    const f = await writeXlsx(toTable(rowsWith(['2500', '2500', '2500', null, null, '1800.5']), { columns }), file('only-declared.xlsx'));
    const r = await imp(store, f, { incomeYear: 2017 });
    expect(r.errors).toEqual([]);
    expect(r.stats.incomesWritten).toBe(2);
    expect(incomes(store)).toEqual([
      { hhCode: HH1, year: 2017, wage: 0, business: 0, transferOther: 0, businessCost: 0, declaredPerCapita: 250000 },
      { hhCode: HH3, year: 2017, wage: 0, business: 0, transferOther: 0, businessCost: 0, declaredPerCapita: 180050 },
    ]);
    expect(r.incomeYear.used).toEqual([{ year: 2017, source: 'chosen', households: 2 }]);
  });

  it('without a chosen year: the year before the current one, by the local date', async () => {
    const rows = rowsWith(['3000', '3000', '3000', '2000', '2000', '1000']);
    const store = newStore();
    const r = await imp(store, await writeXlsx(toTable(rows, { columns: NO_YEAR }), file('default.xlsx')), { today: '2017-01-01' });
    expect(r.incomeYear).toEqual({ year: 2016, source: 'default', used: [{ year: 2016, source: 'default', households: 3 }] });
    expect(lines(r.warnings)).toContain('2|收入年度|文件中没有“收入年度”列，3 户的收入按 2016 年导入（未指定年度，默认为上一年）');
    expect(new Set(incomes(store).map((i) => i.year))).toEqual(new Set([2016]));

    // And with today's date, as the app runs it: the local calendar year, minus one.
    const now = newStore();
    const today = await imp(now, await writeXlsx(toTable(rows, { columns: NO_YEAR }), file('default-today.xlsx')), { dryRun: true });
    expect(today.incomeYear).toMatchObject({ year: new Date().getFullYear() - 1, source: 'default' });
  });

  it('a 收入年度 column wins for its rows; an empty 收入年度 cell takes the chosen year; both are said with their counts', async () => {
    const store = newStore();
    const rows = rowsWith(['3000', '3000', '3000', '2000', '2000', '1000'], (r) => {
      // HH2 has no 收入年度 on either row; HH1 and HH3 say 2015.
      r[3]['收入年度'] = null;
      r[4]['收入年度'] = null;
    });
    const r = await imp(store, await writeXlsx(toTable(rows, { columns: WITH_YEAR }), file('file-year.xlsx')), { incomeYear: 2016 });
    expect(r.errors).toEqual([]);
    expect(incomes(store).map((i) => `${i.hhCode}|${i.year}|${i.declaredPerCapita}`)).toEqual([`${HH1}|2015|300000`, `${HH2}|2016|200000`, `${HH3}|2015|100000`]);
    expect(r.incomeYear).toEqual({
      year: 2016,
      source: 'chosen',
      used: [
        { year: 2015, source: 'file', households: 2 },
        { year: 2016, source: 'chosen', households: 1 },
      ],
    });
    const w = lines(r.warnings);
    expect(w).toContain('2|收入年度|2 户的收入按文件中的“收入年度”（2015 年）导入，而不是导入时指定的 2016 年（首次在第 2 行）');
    expect(w).toContain('5|收入年度|“收入年度”为空的 1 户，收入按 2016 年导入（导入时指定的年度；首次在第 5 行）');
  });

  it('a file whose every row has 收入年度 reports the file as the source, and the default year goes unused', async () => {
    const r = await imp(newStore(), await writeXlsx(toTable(rowsWith(['3000', '3000', '3000', '2000', '2000', '1000']), { columns: WITH_YEAR }), file('all-file.xlsx')), { today: '2020-06-30' });
    expect(r.incomeYear).toEqual({ year: 2019, source: 'default', used: [{ year: 2015, source: 'file', households: 3 }] });
    expect(r.warnings.filter((w) => w.column === '收入年度')).toEqual([]);
  });
});

describe('年人均纯收入: what is not a number of yuan is an error at its row and column', () => {
  it('"三千元", "约3000", "3000-4000" and "-5": each an error at its sheet, row and column; nothing is written', async () => {
    const store = newStore();
    const rows = rowsWith(['三千元', '-5', null, '约3000', '约3000', '3000-4000']);
    const f = await writeXlsx(toTable(rows, { titleRows: ['2016年建档立卡贫困人口明细表（虚构演示数据）'], columns: NO_YEAR }), file('bad.xlsx'));
    const audit = count(store, 'auditLog');
    const r = await imp(store, f, { incomeYear: 2016 });
    expect(r).toMatchObject({ ok: false, committed: false, households: 0, members: 0 });
    // Title row 1, header row 2: the n-th person (0-based) is on row n + 3.
    expect(r.errors.map((e) => `${e.sheet}|${e.row}|${e.column}`)).toEqual([
      `贫困人口|3|${DECLARED}`,
      `贫困人口|4|${DECLARED}`,
      `贫困人口|6|${DECLARED}`,
      `贫困人口|7|${DECLARED}`,
      `贫困人口|8|${DECLARED}`,
    ]);
    expect(r.errors[0].message).toBe('金额“三千元”不是有效的数字：年人均纯收入应填以元为单位的数字，如 3000 或 3000.50');
    expect(r.errors[1].message).toBe('年人均纯收入不能为负（文件中为“-5”）');
    expect(r.errors[2].message).toMatch(/^金额“约3000”不是有效的数字/);
    expect(r.errors[4].message).toMatch(/^金额“3000-4000”不是有效的数字/);
    expect(count(store, 'households')).toBe(0);
    expect(count(store, 'incomes')).toBe(0);
    expect(count(store, 'auditLog')).toBe(audit);
  });

  it('the same errors from a CSV; with only-valid the other households are imported and the bad ones are not', async () => {
    const store = newStore();
    const rows = rowsWith(['三千元', null, null, '2000', '2000', '1000']);
    const r = await imp(store, writeCsv(toTable(rows, { columns: NO_YEAR }), file('bad.csv'), 'gbk'), { incomeYear: 2016, onlyValid: true });
    expect(lines(r.errors)).toEqual([`2|${DECLARED}|金额“三千元”不是有效的数字：年人均纯收入应填以元为单位的数字，如 3000 或 3000.50`]);
    expect(r).toMatchObject({ committed: true, households: 2 });
    expect(incomes(store).map((i) => `${i.hhCode}|${i.declaredPerCapita}`)).toEqual([`${HH2}|200000`, `${HH3}|100000`]);
  });

  it('a dry run finds the same errors and writes nothing', async () => {
    const store = newStore();
    const r = await imp(store, await writeXlsx(toTable(rowsWith([null, null, null, '3000-4000', null, null]), { columns: NO_YEAR }), file('dry.xlsx')), { dryRun: true });
    expect(lines(r.errors)).toEqual([expect.stringMatching(new RegExp(`^5\\|${DECLARED.replace(/[()（）]/g, '.')}\\|金额“3000-4000”不是有效的数字`))]);
    expect(count(store, 'households')).toBe(0);
  });
});

describe('年人均纯收入: repeated on every member row', () => {
  it('rows of one household that disagree: a warning naming the rows, and the first row’s figure is imported', async () => {
    const store = newStore();
    // HH1: 3000 and 3000.00 agree, 3500 does not. HH2: a figure on its first row only (a merged cell).
    const rows = rowsWith(['3000', '3000.00', '3500', '2800', null, '1000']);
    const r = await imp(store, await writeXlsx(toTable(rows, { columns: NO_YEAR }), file('disagree.xlsx')), { incomeYear: 2016 });
    expect(r.errors).toEqual([]);
    const about = lines(r.warnings).filter((w) => w.includes('不一致'));
    expect(about).toEqual([`2|${DECLARED}|户编号 ${HH1} 各行的“${DECLARED}”不一致（第 2 行 3,000.00 元，第 4 行 3,500.00 元），已按其中第一行（第 2 行）的 3,000.00 元导入`]);
    expect(incomes(store).map((i) => `${i.hhCode}|${i.declaredPerCapita}`)).toEqual([`${HH1}|300000`, `${HH2}|280000`, `${HH3}|100000`]);
  });

  it('a wrong figure on a later member row is still an error at that row', async () => {
    const r = await imp(newStore(), await writeXlsx(toTable(rowsWith(['3000', '3000', '约3000', '2000', '2000', '1000']), { columns: NO_YEAR }), file('later.xlsx')), { dryRun: true });
    expect(r.errors.map((e) => `${e.row}|${e.column}`)).toEqual([`4|${DECLARED}`]);
    expect(r.households).toBe(2);
  });
});

describe('年人均纯收入: importing again', () => {
  it('a changed figure updates the year’s income row; the same file again changes nothing; a file without the column leaves it; an empty cell clears it', async () => {
    const store = newStore();
    const declared = (hh: string) => incomes(store).find((i) => i.hhCode === hh)?.declaredPerCapita;
    await imp(store, await writeXlsx(toTable(rowsWith(['3000', '3000', '3000', '2000', '2000', '1000']), { columns: NO_YEAR }), file('first.xlsx')), { incomeYear: 2016 });
    expect(declared(HH1)).toBe(300000);

    const changed = await writeXlsx(toTable(rowsWith(['3100', '3100', '3100', '2000', '2000', '1000']), { columns: NO_YEAR }), file('changed.xlsx'));
    const r = await imp(store, changed, { incomeYear: 2016 });
    expect(r.stats.incomesWritten).toBe(1);
    expect(declared(HH1)).toBe(310000);
    expect(count(store, 'incomes')).toBe(3);

    const audit = count(store, 'auditLog');
    const same = await imp(store, changed, { incomeYear: 2016 });
    expect(same.stats.incomesWritten).toBe(0);
    expect(count(store, 'auditLog')).toBe(audit);

    // Without the column the file says nothing about it.
    const without = await imp(store, await writeXlsx(toTable(baseRows(), { columns: NO_YEAR.filter((c) => c !== DECLARED) }), file('without.xlsx')), { incomeYear: 2016 });
    expect(without.stats.incomesWritten).toBe(0);
    expect(declared(HH1)).toBe(310000);

    // With the column, an empty cell: nothing declared for that year.
    const cleared = await imp(store, await writeXlsx(toTable(rowsWith([null, null, null, '2000', '2000', '1000']), { columns: NO_YEAR }), file('cleared.xlsx')), { incomeYear: 2016 });
    expect(cleared.stats.incomesWritten).toBe(1);
    expect(declared(HH1)).toBeNull();
  });
});
