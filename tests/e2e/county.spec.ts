// A county's registry on one PC: 100,000 fictitious households (about 309,000 people) generated in
// the test's own folder, opened through the start screen, and used as a clerk would — the first
// rows, a village, a sort, a pinyin search, an edit far down the grid that stays after a reopen,
// and an export of the filtered grid. The SQL-backed grid never holds the whole registry.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import type { HouseholdRow } from '../../shared/contract';
import { namePinyin } from '../../shared/domain/pinyin';
import { BENCH_PASSWORD, buildCopy } from '../bench/fixture';
import { ask, cell, editCell, expect, householdsGrid, loadedText, test } from './fixtures';
import { tickOnly } from './setFilter';

const HOUSEHOLDS = 100_000;
const FAR = 90_000;

async function openFile(page: Page, file: string): Promise<void> {
  await page.getByRole('button', { name: '打开数据库' }).click();
  await page.getByLabel('数据库文件路径').fill(file);
  await page.getByLabel('密码', { exact: true }).fill(BENCH_PASSWORD);
  await page.getByRole('button', { name: '打开', exact: true }).click();
}

/** Drags the grid's scrollbar (as far as a test can) until row `index` is at the top. */
async function scrollToRow(page: Page, index: number): Promise<void> {
  const grid = householdsGrid(page);
  const viewport = grid.locator('.ag-body-vertical-scroll-viewport');
  // The theme's row height, as the grid draws it.
  const rowHeight = await grid.locator('.ag-row[row-index="0"]').first().evaluate((el) => el.getBoundingClientRect().height);
  await viewport.evaluate((el, top) => {
    el.scrollTop = top;
  }, index * rowHeight);
  await expect(grid.locator(`.ag-row[row-index="${index}"]`)).toBeVisible();
}

test.describe('a county on one PC', () => {
  test.use({ withDemo: false });
  test.setTimeout(360_000);

  test('100,000 households: first rows, a village, a sort, a pinyin search, an edit in row 90,000 kept after a reopen, an export', async ({ app: page, backend, userDataDir }) => {
    const file = path.join(userDataDir, '县级台账.fupin');
    buildCopy('enc', file, { households: HOUSEHOLDS, seed: 11 });

    await openFile(page, file);
    const grid = householdsGrid(page);
    await expect(page.getByText(`显示 ${HOUSEHOLDS} 户 / 共 ${HOUSEHOLDS} 户`)).toBeVisible({ timeout: 30_000 });
    const first = JSON.parse((await ask(backend, 'grid.page', { grid: 'households', query: {}, startRow: 0, endRow: 3 })).json) as HouseholdRow[];
    await expect(cell(grid, 0, 'hhCode')).toHaveText(first[0].hhCode!);
    await expect(cell(grid, 2, 'headName')).toHaveText(first[2].headName!);
    // The window holds the rows in view, never the registry.
    expect(await grid.locator('.ag-row').count()).toBeLessThan(200);

    // A village from the selector.
    const villages = await ask(backend, 'villages.list', {});
    const village = [...villages].sort((a, b) => b.households - a.households)[0];
    await page.getByLabel('行政村', { exact: true }).selectOption({ label: village.name });
    await expect(page.getByText(`显示 ${village.households} 户 / 共 ${village.households} 户`)).toBeVisible();
    await expect(cell(grid, 0, 'villageName')).toHaveText(village.name);

    // Sorted by 家庭人口数, largest first (two clicks on the header), within the village.
    const sizeHeader = grid.locator('.ag-header-cell[col-id="size"] .ag-header-cell-label');
    await sizeHeader.click();
    await sizeHeader.click();
    await expect(grid.getByRole('columnheader', { name: '家庭人口数' })).toHaveAttribute('aria-sort', 'descending');
    const largest = JSON.parse(
      (await ask(backend, 'grid.page', { grid: 'households', query: { villageId: village.id, sort: [{ colId: 'size', sort: 'desc' }] }, startRow: 0, endRow: 1 })).json,
    ) as HouseholdRow[];
    await expect(cell(grid, 0, 'size')).toHaveText(String(largest[0].size));
    await expect(cell(grid, 0, 'hhCode')).toHaveText(largest[0].hhCode!);
    await sizeHeader.click(); // back to the registry's order

    // A pinyin search over every village: a head far down the registry, by the initials of the
    // name and the village's name.
    await page.getByLabel('行政村', { exact: true }).selectOption({ label: '全部行政村' });
    const target = (JSON.parse((await ask(backend, 'grid.page', { grid: 'households', query: {}, startRow: 77_000, endRow: 77_100 })).json) as HouseholdRow[]).find(
      (h) => (h.headName ?? '').length >= 3,
    )!;
    const initials = namePinyin(target.headName!)!.initials;
    await page.getByLabel('快速搜索').fill(`${initials} ${target.villageName}`);
    await expect(grid.locator('.ag-cell[col-id="hhCode"]', { hasText: target.hhCode! })).toBeVisible();
    await expect(page.getByText(new RegExp(`^显示 \\d+ 户 / 共 ${HOUSEHOLDS} 户$`))).not.toHaveText(`显示 ${HOUSEHOLDS} 户 / 共 ${HOUSEHOLDS} 户`);
    await page.getByLabel('快速搜索').fill('');
    await expect(page.getByText(`显示 ${HOUSEHOLDS} 户 / 共 ${HOUSEHOLDS} 户`)).toBeVisible();

    // Row 90,000: scrolled to, its phone edited in place.
    await scrollToRow(page, FAR);
    const far = JSON.parse((await ask(backend, 'grid.page', { grid: 'households', query: {}, startRow: FAR, endRow: FAR + 1 })).json) as HouseholdRow[];
    await expect(cell(grid, FAR, 'hhCode')).toHaveText(far[0].hhCode!);
    const newPhone = far[0].phone === '13907149000' ? '13907149001' : '13907149000';
    await editCell(page, cell(grid, FAR, 'phone'), newPhone);
    await expect(cell(grid, FAR, 'phone')).toHaveText(newPhone);
    const stored = JSON.parse((await ask(backend, 'households.get', { ids: [far[0].id] })).json) as HouseholdRow[];
    expect(stored[0].phone).toBe(newPhone);
    await page.screenshot({ path: '/tmp/fupin-county-far.png' });

    // Closed and opened again: row 90,000 still shows the new phone.
    await page.getByRole('button', { name: '关闭数据库' }).click();
    await expect(page.getByRole('button', { name: '打开数据库' })).toBeVisible();
    await openFile(page, file);
    await expect(page.getByText(`显示 ${HOUSEHOLDS} 户 / 共 ${HOUSEHOLDS} 户`)).toBeVisible({ timeout: 30_000 });
    await scrollToRow(page, FAR);
    await expect(cell(grid, FAR, 'hhCode')).toHaveText(far[0].hhCode!);
    await expect(cell(grid, FAR, 'phone')).toHaveText(newPhone);

    // The export of a filtered grid: one village, narrowed by the 贫困户属性 column filter.
    await page.getByLabel('行政村', { exact: true }).selectOption({ label: village.name });
    await tickOnly(page, grid, 'category', '贫困户属性', ['低保贫困户']);
    await page.keyboard.press('Escape');
    const query = { villageId: village.id, filters: { category: { filterType: 'set' as const, values: ['低保贫困户'] } } };
    const expected = (await ask(backend, 'grid.page', { grid: 'households', query, startRow: 0, endRow: 1 })).totals!.rows;
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(village.households);
    await expect(page.getByText(`显示 ${expected} 户 / 共 ${village.households} 户`)).toBeVisible();
    const firstShown = await loadedText(cell(grid, 0, 'hhCode'));
    await page.getByRole('button', { name: '导出 Excel…' }).click();
    const dialog = page.getByRole('dialog', { name: '导出贫困户' });
    await expect(dialog).toContainText(`将导出表格当前显示的 ${expected} 行`);
    const out = path.join(userDataDir, '县级导出.xlsx');
    await dialog.getByLabel('保存到').fill(out);
    await dialog.getByRole('button', { name: '导出' }).click();
    await expect(page.getByText(`已导出 ${expected} 行到 ${out}`)).toBeVisible({ timeout: 60_000 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0];
    expect(ws.actualRowCount).toBe(2 + expected);
    const headers = (ws.getRow(2).values as unknown[]).slice(1);
    const at = (name: string) => headers.indexOf(name) + 1;
    expect(ws.getRow(3).getCell(at('户编号')).value).toBe(firstShown);
    for (let r = 3; r < 3 + expected; r++) {
      expect(ws.getRow(r).getCell(at('行政村')).value).toBe(village.name);
      expect(String(ws.getRow(r).getCell(at('贫困户属性')).value)).toContain('低保');
    }
    fs.rmSync(out, { force: true });
  });
});
