// A voucher list from Excel through the real router: the dry run lists each refused row with its
// reason and writes nothing; a list with any refused row writes nothing either; a clean list is
// written whole, each row checked on the balances the rows before it leave. A name two accounts
// share is refused, not guessed. The CLI's export of the ledger writes the grid's rows, amounts as
// numbers. Fictitious records only.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, type Router } from '../../../main/ipc/router';
import { createHandlers } from '../../../main/ipc/handlers';
import { Session } from '../../../main/services/session';
import { exportLedger } from '../../../main/cli/ledger';
import type { VoucherImportReport } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';
import { insertRow } from '../../../main/db/write';
import { MAIN_WINDOW, PASSWORD, seedVillage, tempDir, tester } from './helpers';

let dir: string;
let session: Session;
let router: Router;

async function ok<T>(channel: string, input?: unknown): Promise<T> {
  const r = (await router.handle(MAIN_WINDOW, channel, input)) as Result<T>;
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.data;
}
const count = (table: string) => (session.requireStore().sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;

const HEADER = ['日期', '凭证号', '类型', '金额（元）', '付款方', '收款方', '摘要', '附件'];

async function voucherList(name: string, rows: (string | number | boolean)[][], header: string[] = HEADER): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('凭证');
  sheet.addRow(['2016年扶贫资金凭证清单']);
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  const file = path.join(dir, name);
  await book.xlsx.writeFile(file);
  return file;
}

beforeAll(async () => {
  dir = tempDir('fupin-vouchers-');
  session = new Session(path.join(dir, 'userData'));
  router = createRouter(createHandlers(session, { version: 'test', broadcast: () => {} }));
  await ok('db.create', { path: path.join(dir, 'vouchers.fupin'), password: PASSWORD });
  session.write(tester(), (w) => {
    seedVillage(w);
    // Two 新庄村 in two towns, and a unit named like a village (光明村): names the list cannot use alone.
    const village = (code: string, name: string, town: string) => insertRow(w, 'villages', { code, name, town, countyCode: '420115', plannedExitYear: 2017, exitedYear: null });
    village('420115020301', '新庄村', '花山街');
    village('420115030302', '新庄村', '左岭街');
    village('420115040303', '光明村', '豹澥街');
    insertRow(w, 'units', { name: '光明村', kind: '企业', headName: null, phone: null });
  });
});
afterAll(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('voucher lists', () => {
  const good: (string | number)[][] = [
    ['2016-01-05', 'V-1', '拨入', '100000', '', '区级财政', '区财政拨入', 'A1'],
    ['2016-02-05', 'V-2', '拨付', 40000.5, '区级财政', '测试村', '到村资金', ''],
    ['2016-03-05', 'V-3', '支出', '1,000.25', '测试村', '', '工程款', ''],
  ];

  it('lists every refused row with its reason in a dry run, and writes nothing', async () => {
    const file = await voucherList('bad.xlsx', [
      ...good,
      ['2015-12-31', 'V-4', '拨入', 1, '', '区级财政', '', ''],
      ['2016-03-06', 'V-5', '支出', '1.234', '测试村', '', '', ''],
      ['2016-03-07', 'V-1', '拨入', 1, '', '区级财政', '', ''],
      ['2016-03-08', 'V-6', '支出', 50000, '测试村', '', '超支', ''],
      ['2016-03-09', 'V-7', '拨付', 1, '区级财政', '无此村', '', ''],
    ]);
    const audit = count('auditLog');
    const report = await ok<VoucherImportReport>('ledger.importVouchers', { path: file, dryRun: true });
    expect(report).toMatchObject({ dryRun: true, rows: 8, written: 0 });
    expect(report.problems.map((p) => [p.row, p.message.replace(/[：“].*$/, '')])).toEqual([
      [6, '日期'],
      [7, '金额'],
      [8, '凭证号'],
      [9, '金额'],
      [10, '收款方'],
    ]);
    // The balance checked is the one the rows above leave: 40,000.50 − 1,000.25.
    expect(report.problems[3].message).toBe('金额：超出付款方“测试村”的余额：2016-03-08 余额 39,000.25 元，本笔 50,000.00 元');
    expect(count('ledgerEntries')).toBe(0);
    expect(count('auditLog')).toBe(audit);
    // Not a dry run: still nothing, since rows were refused.
    expect(await ok<VoucherImportReport>('ledger.importVouchers', { path: file, dryRun: false })).toMatchObject({ written: 0 });
    expect(count('ledgerEntries')).toBe(0);
  });

  it('writes a clean list whole, and the CLI exports the ledger', async () => {
    const file = await voucherList('good.xlsx', good);
    expect(await ok<VoucherImportReport>('ledger.importVouchers', { path: file, dryRun: true })).toMatchObject({ rows: 3, written: 0, problems: [] });
    expect(count('ledgerEntries')).toBe(0);
    expect(await ok<VoucherImportReport>('ledger.importVouchers', { path: file, dryRun: false })).toMatchObject({ rows: 3, written: 3, problems: [] });
    const amounts = session.requireStore().sqlite.prepare('SELECT amount FROM ledgerEntries ORDER BY date').pluck().all();
    expect(amounts).toEqual([10_000_000, 4_000_050, 100_025]);

    const out = path.join(dir, 'ledger.xlsx');
    expect(await exportLedger(session.requireStore(), { path: out, overwrite: false, userDataDir: path.join(dir, 'userData') })).toMatchObject({ rows: 3 });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const sheet = book.worksheets[0];
    const values = sheet.getSheetValues().map((r) => (Array.isArray(r) ? r.slice(1).map((v) => (v === undefined ? null : v)) : r));
    // Amounts are numbers in yuan, shown with two decimals; the status is the grid's.
    expect(JSON.stringify(values)).toContain('"V-2","拨付",40000.5,"区级财政","测试村",null,"到村资金",null,"有效"');
    expect(sheet.getCell('D4').value).toBe(40000.5);
    expect(sheet.getCell('D4').numFmt).toBe('0.00');
    expect(sheet.getCell('D5').value).toBe(1000.25);
  });

  it('refuses a name two accounts share, saying how to write it; takes 乡镇·村名 and the village code', async () => {
    const entries = count('ledgerEntries');
    const file = await voucherList('names.xlsx', [
      ['2016-04-01', 'N-1', '拨付', 100, '区级财政', '新庄村', '', ''],
      ['2016-04-01', 'N-2', '拨付', 100, '区级财政', '花山街·新庄村', '', ''],
      ['2016-04-01', 'N-3', '拨付', 100, '区级财政', '420115030302', '', ''],
      ['2016-04-01', 'N-4', '拨入', 100, '', '光明村', '', ''],
      ['2016-04-01', 'N-5', '拨入', 100, '', '光明村（帮扶资金）', '', ''],
      ['2016-04-01', 'N-6', '拨付', 100, '区级财政', '豹澥街 · 光明村', '', ''],
      ['2016-04-01', 'N-7', '拨入', true, '', '区级财政', '', ''],
    ]);
    const report = await ok<VoucherImportReport>('ledger.importVouchers', { path: file, dryRun: false });
    expect(report).toMatchObject({ rows: 7, written: 0 });
    expect(report.problems).toEqual([
      { sheet: '凭证', row: 3, message: '收款方：有两个“新庄村”，请写作 乡镇·村名 或村代码' },
      { sheet: '凭证', row: 6, message: '收款方：有两个“光明村”（单位帮扶资金、行政村），请写作 单位名（帮扶资金）；或 乡镇·村名 或村代码' },
      // A TRUE cell is text to the money parser: a row error, not a crash.
      { sheet: '凭证', row: 9, message: '金额：金额“TRUE”不是有效的数字' },
    ]);
    expect(count('ledgerEntries')).toBe(entries);
    // The precise names alone: written, each to the account it names.
    const clean = await voucherList('names-clean.xlsx', [
      ['2016-04-01', 'N-2', '拨付', 100, '区级财政', '花山街·新庄村', '', ''],
      ['2016-04-01', 'N-3', '拨付', 100, '区级财政', '420115030302', '', ''],
      ['2016-04-01', 'N-5', '拨入', 100, '', '光明村（帮扶资金）', '', ''],
    ]);
    expect(await ok<VoucherImportReport>('ledger.importVouchers', { path: clean, dryRun: false })).toMatchObject({ written: 3, problems: [] });
    const to = (voucherNo: string) =>
      session.requireStore().sqlite.prepare('SELECT v.town || v.name AS village, u.name AS unit FROM ledgerEntries e LEFT JOIN villages v ON e.toAccount = \'village:\' || v.id LEFT JOIN units u ON e.toAccount = \'unit:\' || u.id WHERE e.voucherNo = ?').get(voucherNo);
    expect(to('N-2')).toEqual({ village: '花山街新庄村', unit: null });
    expect(to('N-3')).toEqual({ village: '左岭街新庄村', unit: null });
    expect(to('N-5')).toEqual({ village: null, unit: '光明村' });
  });

  it('reads headers as the importer does, and voucher numbers half-width', async () => {
    const file = await voucherList('header.xlsx', [['2016-05-01', 'Ｖ－１', '拨入', '1', '', '区级财政', '', '']], ['*日期', ' 凭 证 号 ', '类型：', '金额(元)', '付款方', '收款方', '摘要', '附件']);
    // 'Ｖ－１' is V-1, already used in 2016.
    expect((await ok<VoucherImportReport>('ledger.importVouchers', { path: file, dryRun: true })).problems).toEqual([{ sheet: '凭证', row: 3, message: expect.stringMatching(/^凭证号：2016年已有凭证号“V-1”/) as unknown }]);
  });
});
