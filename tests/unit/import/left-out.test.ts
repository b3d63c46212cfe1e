// Nothing a file holds is dropped without a word: cells right of the header's last column, and the
// columns the registry computes itself (性别 and 出生日期 from the ID number, 户主姓名 and 户主证件号码
// from the head's row, 帮扶责任人 from the pairing) when the file says otherwise.
import { describe, expect, it } from 'vitest';
import { runImport } from '../../../main/services/import/index';
import { collectRow, Issues, noteStatedHelper, type FileHousehold } from '../../../main/services/import/collect';
import { matchHeader } from '../../../main/services/import/columns';
import type { Store } from '../../../main/db/store';
import { checkIdNumber } from '../../../shared/domain/idNumber';
import { HEADER, HH1, PEOPLE, baseRows, importWorkspace, toTable, writeCsv, writeXlsx, type Table } from './fixtures';
import { rawTable, sheetXml, workbookParts, writeZip, type RawCell } from './rawXlsx';
import { tester } from '../main/helpers';

const { newStore, file } = importWorkspace('fupin-import-left-out-');

const imp = (store: Store, f: string, o: Partial<{ dryRun: boolean; onlyValid: boolean }> = {}) =>
  runImport(store, f, { dryRun: o.dryRun ?? false, onlyValid: o.onlyValid ?? false, actor: tester('测试') });

const lines = (l: { row: number; column: string; message: string }[]) => l.map((w) => `${w.row}|${w.column}|${w.message}`);

/** The clean table (header in row 1, six people in rows 2–7) with values put right of its header. */
function withCellsRight(put: [row: number, column: number, value: string | number][]): Table {
  const t = toTable(baseRows());
  for (const [row, column, value] of put) {
    const r = t[row - 1];
    while (r.length < column) r.push(null);
    r[column - 1] = value;
  }
  return t;
}

describe('cells right of the header', () => {
  // The header ends at column V (22); Y is 25, Z 26.
  const put: [number, number, string | number][] = [
    [2, 25, '备注外'],
    [3, 26, 5],
  ];

  it('are counted and reported once per sheet, with their columns, from .xlsx (also in column XFD) and CSV alike', async () => {
    const xlsx = writeZip(file('right.xlsx'), workbookParts(sheetXml(rawTable(withCellsRight([...put, [7, 16384, 'x']])), { extraRows: '<row r="8"><c r="XFD8"><v>1</v></c></row>' })));
    const r = await imp(newStore(), xlsx, { dryRun: true });
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ ok: true, households: 3, members: 6 });
    // Row 2 is read whole (the header is not known yet), the rows after it only up to column V.
    expect(lines(r.warnings)).toContainEqual('2|Y|工作表“贫困人口”表头右侧（Y–XFD 列）没有列名，其中 4 个非空单元格未导入（首次在第 2 行）：如需导入，请在表头中为这些列填写列名');

    const csv = await imp(newStore(), writeCsv(withCellsRight(put), file('right.csv'), 'utf-8'), { dryRun: true });
    const xlsxSame = await imp(newStore(), await writeXlsx(withCellsRight(put), file('right-exceljs.xlsx')), { dryRun: true });
    const beyond = (w: string[]) => w.filter((x) => x.includes('表头右侧')).map((x) => x.replace(/工作表“[^”]*”/, ''));
    expect(beyond(lines(csv.warnings))).toEqual(['2|Y|表头右侧（Y–Z 列）没有列名，其中 2 个非空单元格未导入（首次在第 2 行）：如需导入，请在表头中为这些列填写列名']);
    expect(beyond(lines(xlsxSame.warnings))).toEqual(beyond(lines(csv.warnings)));
  });

  it('a clean file has no such warning', async () => {
    const r = await imp(newStore(), await writeXlsx(toTable(baseRows()), file('clean.xlsx')), { dryRun: true });
    expect(r.warnings.filter((w) => w.message.includes('表头右侧'))).toEqual([]);
  });
});

describe('columns the registry computes', () => {
  const COLUMNS = [...HEADER, '性别', '出生日期', '户主姓名', '户主证件号码'];
  const sexOf = (id: string) => (checkIdNumber(id).ok && (checkIdNumber(id) as { sex: string }).sex === 'male' ? '男' : '女');
  const other = (sex: string) => (sex === '男' ? '女' : '男');

  function table(): Table {
    const rows = baseRows();
    const ids = [PEOPLE.head1, PEOPLE.spouse1, PEOPLE.son1, PEOPLE.head2old, PEOPLE.daughter2, PEOPLE.head3];
    const births = ['1968-03-04', '1970-07-08', '2008-09-10', '1950-01-02', '1985-11-12', '1959-05-06'];
    const heads = ['甲一', '甲一', '甲一', '乙一', '乙一', '丙一'];
    const headIds = [PEOPLE.head1, PEOPLE.head1, PEOPLE.head1, PEOPLE.head2old, PEOPLE.head2old, PEOPLE.head3];
    return toTable(
      rows.map((r, i) => ({ ...r, 性别: sexOf(ids[i]), 出生日期: births[i], 户主姓名: heads[i], 户主证件号码: headIds[i] })),
      { columns: COLUMNS },
    );
  }

  const col = (name: string) => COLUMNS.indexOf(name);

  it('a file that agrees with the registry: nothing to say (also 出生日期 written 19700708, 户主姓名 with spaces around it)', async () => {
    const t = table();
    t[2][col('出生日期')] = '19700708';
    t[1][col('户主姓名')] = ' 甲一 ';
    const r = await imp(newStore(), await writeXlsx(t, file('agree.xlsx')), { dryRun: true });
    expect(r.errors).toEqual([]);
    expect(r.warnings.filter((w) => ['性别', '出生日期', '户主姓名', '户主证件号码'].includes(w.column))).toEqual([]);
  });

  it('性别 and 出生日期 that disagree with the ID number: one counted warning per column, the registry keeps the computed value', async () => {
    const t = table();
    t[1][col('性别')] = other(String(t[1][col('性别')]));
    t[2][col('性别')] = other(String(t[2][col('性别')]));
    t[4][col('出生日期')] = '1951-01-02';
    const store = newStore();
    const r = await imp(store, await writeXlsx(t, file('disagree.xlsx')));
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ ok: true, committed: true, households: 3, members: 6 });
    const w = lines(r.warnings);
    expect(w).toContainEqual('2|性别|“性别”与身份证号码不一致的有 2 行，已按身份证号码计算（首次在第 2 行）');
    expect(w).toContainEqual('5|出生日期|“出生日期”与身份证号码不一致的有 1 行，已按身份证号码计算（首次在第 5 行）');
    const head = store.sqlite.prepare('SELECT sex, birthDate FROM members WHERE idNumber = ?').get(PEOPLE.head1) as { sex: string; birthDate: string };
    expect(head).toEqual({ sex: sexOf(PEOPLE.head1) === '男' ? 'male' : 'female', birthDate: '1968-03-04' });
  });

  it('户主姓名 and 户主证件号码 that disagree with the head’s row, also on rows before it', async () => {
    const t = table();
    // Household 2: the daughter's row first, then the head's; both name someone else as 户主.
    [t[4], t[5]] = [t[5], t[4]];
    t[4][col('户主姓名')] = '乙二';
    t[5][col('户主姓名')] = '乙二';
    t[6][col('户主证件号码')] = PEOPLE.head1;
    const r = await imp(newStore(), await writeXlsx(t, file('head.xlsx')), { dryRun: true });
    expect(r.errors).toEqual([]);
    const w = lines(r.warnings);
    expect(w).toContainEqual('5|户主姓名|“户主姓名”与该户户主（与户主关系为“户主”的一行）的姓名不一致的有 2 行，未导入：户主以成员行为准（首次在第 5 行）');
    expect(w).toContainEqual('7|户主证件号码|“户主证件号码”与该户户主（与户主关系为“户主”的一行）的证件号码不一致的有 1 行，未导入：户主以成员行为准（首次在第 7 行）');
  });

  it('帮扶责任人: compared with the registry’s pairing by the reconciler (noteStatedHelper)', () => {
    const header: RawCell[] = ['户编号', '姓名', '证件号码', '与户主关系', '帮扶责任人'];
    const cols = matchHeader(1, header)!;
    const households = new Map<string, FileHousehold>();
    const issues = new Issues();
    collectRow({ sheet: '表', row: 2, cells: [HH1, '甲一', PEOPLE.head1, '户主', '赵干部'] }, cols, households, issues);
    collectRow({ sheet: '表', row: 3, cells: [HH1, '甲二', PEOPLE.spouse1, '配偶', '赵干部'] }, cols, households, issues);
    const h = households.get(HH1)!;
    noteStatedHelper(h, '赵干部', issues);
    issues.flushTallies();
    expect(issues.warnings).toEqual([]);
    noteStatedHelper(h, null, issues);
    issues.flushTallies();
    expect(lines(issues.warnings)).toEqual(['2|帮扶责任人|“帮扶责任人”列不导入（帮扶责任人以结对帮扶为准），与台账不一致的有 1 户（首次在第 2 行）：请在结对帮扶中调整']);
  });
});

describe('through a whole import', () => {
  it('a column with no name inside the header: its values are counted and reported, never dropped silently', async () => {
    const t = toTable(baseRows());
    const phone = HEADER.indexOf('联系电话');
    t[0][phone] = null; // the clerk deleted the header text but not the column's values
    const r = await imp(newStore(), await writeXlsx(t, file('unnamed.xlsx')), { dryRun: true });
    expect(r.errors).toEqual([]);
    const filled = t.slice(1).filter((row) => row[phone] !== null && row[phone] !== '').length;
    expect(filled).toBeGreaterThan(0);
    expect(lines(r.warnings)).toContainEqual(`1|T|T 列在表头中没有列名，该列 ${filled} 个值未导入：如需导入，请在表头中填写列名`);
  });

  it('a blank spacer column with nothing under it is not reported', async () => {
    const t = toTable(baseRows()).map((row) => [...row.slice(0, 3), null, ...row.slice(3)]);
    const r = await imp(newStore(), await writeXlsx(t, file('spacer.xlsx')), { dryRun: true });
    expect(r.errors).toEqual([]);
    expect(r.warnings.filter((w) => w.message.includes('没有列名'))).toEqual([]);
  });

  it('帮扶责任人 named in the file for households the registry has no pairing for: one counted warning from the real import', async () => {
    const t = toTable(baseRows()).map((row, i) => [...row, i === 0 ? '帮扶责任人' : '赵干部']);
    const r = await imp(newStore(), await writeXlsx(t, file('helper.xlsx')));
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ ok: true, households: 3 });
    expect(lines(r.warnings)).toContainEqual('2|帮扶责任人|“帮扶责任人”列不导入（帮扶责任人以结对帮扶为准），与台账不一致的有 3 户（首次在第 2 行）：请在结对帮扶中调整');
  });
});
