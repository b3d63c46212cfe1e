// Which columns a file's header names, and what the import says about the rest: ID-number
// synonyms and two-row merged headers are read; a person without a usable ID number is an error at
// the row; unknown, ignored and repeated columns and every code read through an alias are
// reported once each, with their counts. Nothing in a file is dropped without a word.
import { describe, expect, it } from 'vitest';
import { runImport } from '../../../main/services/import/index';
import type { Store } from '../../../main/db/store';
import { HEADER, HH1, baseRows, count, importWorkspace, toTable, writeCsv, writeXlsx, type Table } from './fixtures';
import { tester } from '../main/helpers';

const { newStore, file } = importWorkspace('fupin-import-headers-');

const imp = (store: Store, f: string, o: Partial<{ dryRun: boolean; onlyValid: boolean }> = {}) =>
  runImport(store, f, { dryRun: o.dryRun ?? false, onlyValid: o.onlyValid ?? false, actor: tester('测试') });

const renamed = (from: string, to: string) => HEADER.map((h) => (h === from ? to : h));
const withColumn = (table: Table, from: string, to: string) => table.map((r, i) => (i === 0 ? r.map((h) => (h === from ? to : h)) : r));
const lines = (l: { row: number; column: string; message: string }[]) => l.map((w) => `${w.row}|${w.column}|${w.message}`);

describe('import: ID-number columns', () => {
  for (const name of ['公民身份号码', '身份证号']) {
    it(`a header “${name}” is the ID-number column: every person is imported`, async () => {
      const store = newStore();
      const f = await writeXlsx(withColumn(toTable(baseRows()), '身份证号码', name), file('synonym.xlsx'));
      const r = await imp(store, f);
      expect(r.errors).toEqual([]);
      expect(r).toMatchObject({ ok: true, committed: true, households: 3, members: 6 });
      expect(count(store, 'members')).toBe(6);
    });
  }

  it('an ID-number column under an unknown name: each person is an error at its row, the header is listed with the nearest known name, nothing is written', async () => {
    const store = newStore();
    const f = await writeXlsx(withColumn(toTable(baseRows()), '身份证号码', '身份号码'), file('unknown-id.xlsx'));
    const r = await imp(store, f);
    expect(r).toMatchObject({ ok: false, committed: false, households: 0, members: 0 });
    expect(r.errors.map((e) => `${e.row}|${e.column}`)).toEqual(['2|姓名', '3|姓名', '4|姓名', '5|姓名', '6|姓名', '7|姓名']);
    expect(r.errors[0].message).toMatch(/没有证件号码列/);
    expect(lines(r.warnings)).toContainEqual('1|身份号码|无法识别列名“身份号码”，该列 6 个值未导入；最接近的已知列名是“证件号码”，如是该列请改用此列名');
    expect(count(store, 'households')).toBe(0);
    expect(count(store, 'members')).toBe(0);
  });

  it('the same in a CSV: no household without its people (the old “导入完成：5 户 0 人”)', async () => {
    const store = newStore();
    const f = writeCsv(withColumn(toTable(baseRows()), '身份证号码', '居民证号'), file('unknown-id.csv'), 'utf-8');
    const r = await imp(store, f);
    expect(r.ok).toBe(false);
    expect(r.errorCount).toBe(6);
    expect(count(store, 'households')).toBe(0);
  });
});

describe('import: a two-row merged header', () => {
  /** Group titles merged over the top row, names under them; single names merged down both rows. */
  function twoRowTable(): Table {
    const top: (string | null)[] = [...HEADER];
    const bottom: (string | null)[] = HEADER.map(() => null);
    const group = (title: string, names: string[]) => {
      names.forEach((n, k) => {
        const i = HEADER.indexOf(n);
        top[i] = k === 0 ? title : null;
        bottom[i] = n;
      });
    };
    group('家庭成员', ['姓名', '身份证号码', '与户主关系']);
    group('收入情况', ['工资性收入', '收入年度']);
    const body = toTable(baseRows()).slice(1);
    // The ID number written as 户主 + 证件号码 would also be understood; here: 公民身份号码.
    bottom[HEADER.indexOf('身份证号码')] = '公民身份号码';
    return [['2016年建档立卡贫困人口明细表（虚构演示数据）'], top, bottom, ...body];
  }

  it('imports every household and person, with problems placed under the right names and rows', async () => {
    const store = newStore();
    const table = twoRowTable();
    // One bad amount, to see the column named from the lower row.
    (table[5] as (string | null)[])[HEADER.indexOf('工资性收入')] = '一千';
    const r = await imp(store, await writeXlsx(table, file('two-row.xlsx')), { dryRun: true });
    expect(lines(r.errors)).toEqual([expect.stringMatching(/^6\|工资性收入\|金额“一千”不是有效的数字/)]);
    // Household 1 (rows 4–6) is refused; households 2 and 3 would be imported.
    expect(r).toMatchObject({ households: 2, members: 3 });
    expect(r.stats.membersInFile).toBe(6);
    const clean = twoRowTable();
    const ok = await imp(newStore(), await writeXlsx(clean, file('two-row-clean.xlsx')));
    expect(ok.errors).toEqual([]);
    expect(ok).toMatchObject({ ok: true, committed: true, households: 3, members: 6 });
  });

  it('a title row above a one-row header is not taken for a second header row', async () => {
    const r = await imp(newStore(), await writeXlsx(toTable(baseRows(), { titleRows: ['说明：本表为虚构数据'] }), file('title.xlsx')), { dryRun: true });
    expect(r).toMatchObject({ ok: true, households: 3, members: 6 });
    expect(lines(r.warnings)).toContainEqual('2|序号|“序号”列不导入（仅为行号），该列 6 个值未导入');
  });
});

describe('import: what is mapped or left out is reported, once, with its count', () => {
  it('code aliases: one warning per spelling and column, with the number of cells', async () => {
    const store = newStore();
    const rows = baseRows();
    rows[0]['贫困户属性'] = '特困户';
    rows[1]['贫困户属性'] = '特困户';
    rows[2]['贫困户属性'] = '特困户';
    rows[5]['贫困户属性'] = '五保户';
    rows[3]['主要致贫原因'] = '因病致贫';
    const r = await imp(store, await writeXlsx(toTable(rows), file('aliases.xlsx')));
    expect(r.errors).toEqual([]);
    const w = lines(r.warnings);
    expect(w).toContainEqual('2|贫困户属性|“特困户”不是代码表中的名称，已按“特困供养贫困户”导入：共 3 处（首次在第 2 行）');
    expect(w).toContainEqual('7|贫困户属性|“五保户”不是代码表中的名称，已按“特困供养贫困户”导入：共 1 处（首次在第 7 行）');
    expect(w).toContainEqual('5|主要致贫原因|“因病致贫”不是代码表中的名称，已按“因病”导入：共 1 处（首次在第 5 行）');
    expect(w.filter((x) => x.includes('特困户'))).toHaveLength(1);
    expect(store.sqlite.prepare('SELECT category FROM households WHERE hhCode = ?').pluck().get(HH1)).toBe('wubao');
  });

  it('年人均纯收入 is imported, so not listed; 家庭年纯收入, 序号, unknown and repeated columns are reported with their count', async () => {
    const columns = [...HEADER, '年人均纯收入', '家庭年纯收入', '备注栏', '姓名'];
    const rows = baseRows().map((row, i) => ({ ...row, 年人均纯收入: i < 4 ? '3000' : null, 家庭年纯收入: i < 4 ? '9000' : null, 备注栏: i === 0 ? '虚构' : null }));
    const r = await imp(newStore(), await writeXlsx(toTable(rows, { columns }), file('ignored.xlsx')), { dryRun: true });
    expect(r.errors).toEqual([]);
    const w = lines(r.warnings);
    expect(w.filter((x) => x.includes('年人均纯收入'))).toEqual([]);
    expect(w).toContainEqual('1|家庭年纯收入|“家庭年纯收入”列不导入（由各项收入计算得出），该列 4 个值未导入');
    expect(w).toContainEqual('1|序号|“序号”列不导入（仅为行号），该列 6 个值未导入');
    expect(w).toContainEqual('1|备注栏|无法识别列名“备注栏”，该列 1 个值未导入；最接近的已知列名是“备注”，如是该列请改用此列名');
    expect(w).toContainEqual('1|姓名|“姓名”与前面的“姓名”列是同一项，只导入前一列，该列 6 个值未导入');
  });

  it('the same report from a CSV as from .xlsx', async () => {
    const table = withColumn(toTable(baseRows(), { columns: renamed('序号', '序号') }), '身份证号码', '公民身份号码');
    const a = await imp(newStore(), await writeXlsx(table, file('same.xlsx')), { dryRun: true });
    const b = await imp(newStore(), writeCsv(table, file('same.csv'), 'gbk'), { dryRun: true });
    expect(lines(b.warnings)).toEqual(lines(a.warnings));
    expect(b).toMatchObject({ ok: true, households: 3, members: 6 });
  });
});
