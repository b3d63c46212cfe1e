// 资金 on the demo, as a clerk uses it: 新增记账 and the district's balance goes up; 冲销 the entry
// and both rows stand side by side, the original struck through, the balance back where it was.
// A refused entry is explained in the dialog and writes nothing. 导入凭证: a list with one bad row
// is checked, the row shown with its number and reason, nothing written; the corrected list is
// imported whole. Screenshots at 1366×768.
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Locator, Page } from '@playwright/test';
import { ask, expect, openDemo, test } from './fixtures';
import type { LedgerEntryRow } from '../../shared/contract';
import { formatYuan } from '../../shared/domain/money';

function shot(page: Page, name: string) {
  return page.screenshot({ path: `/tmp/fupin-ledger-${name}.png` });
}

const districtFigure = (page: Page) => page.getByLabel('各来源余额').locator('[data-source="district"] .ledger-figure-value');

/** The grid's rows whose 凭证号 starts with the text (the column's floating filter). */
async function filterVoucher(grid: Locator, text: string): Promise<void> {
  await grid.locator('.ag-floating-filter[col-id="voucherNo"] input').fill(text);
}

test.describe('资金', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('an entry raises the balance; its 冲销 stands beside it, the original struck through, the balance restored', async ({ app: page, backend }) => {
    await openDemo(page);
    await page.getByRole('tab', { name: '资金' }).click();
    const district = async () => (await ask(backend, 'ledger.balances', { view: 'source' })).find((r) => r.id === 'district')!.closingFen;
    const before = await district();
    await expect(districtFigure(page)).toHaveText(formatYuan(before));
    await shot(page, 'entries-1366');

    // 新增记账: 拨入 into 区级财政.
    await page.getByRole('button', { name: '新增记账' }).click();
    const dialog = page.getByRole('dialog', { name: '新增记账' });
    await dialog.getByLabel('日期').fill('2016-03-08');
    await dialog.getByLabel('凭证号').fill('E2E-001');
    await dialog.getByLabel('金额（元）').fill('12,345.67');
    await dialog.getByLabel('摘要').fill('区财政追加拨入');
    await expect(dialog.getByLabel('付款方类别')).toHaveValue('');
    await expect(dialog.getByLabel('收款方类别')).toHaveValue('district');
    await shot(page, 'add-dialog-1366');
    await dialog.getByRole('button', { name: '记账' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(districtFigure(page)).toHaveText(formatYuan(before + 1_234_567));
    expect(await district()).toBe(before + 1_234_567);

    // A refusal: the same voucher number in the same year, explained in the dialog; nothing written.
    const count = async () => JSON.parse((await ask(backend, 'ledger.entries', {})).json).length as number;
    const entries = await count();
    await page.getByRole('button', { name: '新增记账' }).click();
    await dialog.getByLabel('日期').fill('2016-05-08');
    await dialog.getByLabel('凭证号').fill('E2E-001');
    await dialog.getByLabel('金额（元）').fill('1');
    await dialog.getByRole('button', { name: '记账' }).click();
    await expect(dialog.getByRole('alert')).toHaveText(/^凭证号：2016年已有凭证号“E2E-001”/);
    await dialog.getByRole('button', { name: '取消' }).click();
    expect(await count()).toBe(entries);

    // 冲销 the entry.
    const grid = page.getByRole('region', { name: '资金台账' });
    await filterVoucher(grid, 'E2E-001');
    // One memo cell per displayed row (the pinned part of a row holds the date and voucher number).
    const rows = grid.locator('.ag-row .ag-cell[col-id="memo"]');
    await expect(rows).toHaveCount(1);
    await rows.first().click();
    await page.getByRole('button', { name: '冲销…' }).click();
    const reverse = page.getByRole('dialog', { name: '冲销' });
    await expect(reverse).toContainText('冲销凭证“E2E-001”');
    await expect(reverse.getByLabel('冲销凭证号')).toHaveValue('冲-E2E-001');
    await reverse.getByLabel('冲销原因').fill('重复录入');
    await reverse.getByRole('button', { name: '冲销' }).click();
    await expect(reverse).toHaveCount(0);

    // Both rows, the 冲销 right after its original (the filter is “contains”: both numbers match).
    await expect(rows).toHaveCount(2);
    const first = grid.locator('.ag-row[row-index="0"]');
    const second = grid.locator('.ag-row[row-index="1"]');
    await expect(first.locator('.ag-cell[col-id="memo"]')).toHaveText('区财政追加拨入');
    await expect(first.locator('.ag-cell[col-id="state"]')).toHaveText('已冲销');
    await expect(first.locator('.ag-cell[col-id="memo"]')).toHaveClass(/ledger-reversed/);
    await expect(first.locator('.ag-cell[col-id="voucherNo"]')).toHaveText('E2E-001');
    await expect(second.locator('.ag-cell[col-id="voucherNo"]')).toHaveText('冲-E2E-001');
    await expect(first.locator('.ag-cell[col-id="memo"]')).toHaveCSS('text-decoration-line', 'line-through');
    await expect(second.locator('.ag-cell[col-id="state"]')).toHaveText('冲销记录');
    await expect(second.locator('.ag-cell[col-id="memo"]')).toHaveText('重复录入');
    await expect(second.locator('.ag-cell[col-id="memo"]')).not.toHaveClass(/ledger-reversed/);
    const list = JSON.parse((await ask(backend, 'ledger.entries', { year: 2016 })).json) as LedgerEntryRow[];
    const at = list.findIndex((e) => e.voucherNo === 'E2E-001');
    expect(list[at + 1]).toMatchObject({ voucherNo: '冲-E2E-001', kind: 'reversal', reversesId: list[at].id, amountFen: 1_234_567 });
    expect(list[at].reversedById).toBe(list[at + 1].id);
    // The original can be reversed only once.
    await first.locator('.ag-cell[col-id="memo"]').click();
    await expect(page.getByRole('button', { name: '冲销…' })).toBeDisabled();
    await shot(page, 'reversed-1366');
    await expect(districtFigure(page)).toHaveText(formatYuan(before));
    expect(await district()).toBe(before);
  });

  test('导入凭证: a list with one bad row shows it by row number and writes nothing; the corrected list is imported whole', async ({ app: page, backend, userDataDir }) => {
    await openDemo(page);
    await page.getByRole('tab', { name: '资金' }).click();
    const district = async () => (await ask(backend, 'ledger.balances', { view: 'source' })).find((r) => r.id === 'district')!.closingFen;
    const entries = async () => JSON.parse((await ask(backend, 'ledger.entries', {})).json) as LedgerEntryRow[];
    const before = await district();
    await expect(districtFigure(page)).toHaveText(formatYuan(before));
    const count = (await entries()).length;
    // A village named by its code: names may repeat across towns, codes do not.
    const village = (await ask(backend, 'villages.list', {}))[0];
    const rows = [
      ['2016-02-10', 'E2E-V-001', '拨入', '1,000.00', '', '区级财政', '区财政追加', 'E2E'],
      ['2016-02-11', 'E2E-V-002', '拨付', 500, '区级财政', village.code, '追加到村', ''],
      ['2016-02-12', 'E2E-V-003', '支出', '12.345', village.code, '', '材料款', ''],
    ];
    const list = async (name: string, data: (string | number)[][]) => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('凭证');
      sheet.addRow(['2016年扶贫资金凭证清单（虚构演示数据）']);
      sheet.addRow(['日期', '凭证号', '类型', '金额（元）', '付款方', '收款方', '摘要', '附件']);
      for (const r of data) sheet.addRow(r);
      const file = path.join(userDataDir, name);
      await book.xlsx.writeFile(file);
      return file;
    };

    await page.getByRole('button', { name: '导入凭证…' }).click();
    const dialog = page.getByRole('dialog', { name: '导入凭证' });
    await dialog.getByLabel('凭证清单文件路径').fill(await list('凭证_有错误.xlsx', rows));
    await dialog.getByRole('button', { name: '检查' }).click();
    const result = dialog.getByRole('region', { name: '检查结果' });
    await expect(result).toContainText('共 3 笔，其中 1 笔不能导入');
    const problem = result.locator('tbody tr');
    await expect(problem).toHaveCount(1);
    // Title row 1, header row 2: the third voucher is on Excel row 5.
    await expect(problem.locator('td').nth(0)).toHaveText('凭证');
    await expect(problem.locator('td').nth(1)).toHaveText('5');
    await expect(problem.locator('td').nth(2)).toHaveText(/^金额：.*最多保留两位小数/);
    // Still only a check: no import is offered while a row is refused, and nothing was written.
    await expect(dialog.getByRole('button', { name: /^导入/ })).toHaveCount(0);
    await shot(page, 'vouchers-refused-1366');
    expect((await entries()).length).toBe(count);
    expect(await district()).toBe(before);

    // The corrected list: checked, then imported, all rows at once.
    await dialog.getByLabel('凭证清单文件路径').fill(await list('凭证.xlsx', rows.slice(0, 2)));
    await expect(result).toHaveCount(0);
    await dialog.getByRole('button', { name: '检查' }).click();
    await expect(dialog.getByRole('status')).toHaveText('检查通过：共 2 笔，均可导入。');
    expect((await entries()).length).toBe(count);
    await dialog.getByRole('button', { name: '导入 2 笔' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText('已导入凭证 2 笔')).toBeVisible();
    const imported = (await entries()).filter((e) => e.voucherNo.startsWith('E2E-V-'));
    expect(imported.map((e) => [e.voucherNo, e.kind, e.amountFen, e.toLabel])).toEqual([
      ['E2E-V-001', 'receive', 100_000, '区级财政'],
      ['E2E-V-002', 'allocate', 50_000, village.name],
    ]);
    await expect(districtFigure(page)).toHaveText(formatYuan(before + 50_000));
    const grid = page.getByRole('region', { name: '资金台账' });
    await filterVoucher(grid, 'E2E-V-');
    await expect(grid.locator('.ag-row .ag-cell[col-id="memo"]')).toHaveCount(2);
  });
});
