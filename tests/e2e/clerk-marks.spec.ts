// What a clerk sees around an edit (issue 13), at the office laptop's 1366×768 on the demo
// registry: a refused cell keeps its red mark and main's reason until the cell is stored (by an
// edit, a paste or 撤销); an error message stays long enough to read while a confirmation goes;
// the date filter speaks Chinese and takes yyyy-mm-dd; long headers wrap to two lines with the
// full label as tooltip; the last column is not drawn under the vertical scroll bar.
import type { Locator, Page } from '@playwright/test';
import type { HouseholdRow, MemberRow } from '../../shared/contract';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../main/dev/bridge';
import { ask, askRows, cell, editCell, expect, householdsGrid, loadedText, openDemo, pasteText, test } from './fixtures';
import { scrollToColumn } from './setFilter';

// Scroll bars drawn as on the office PC's Windows: Playwright hides them by default, and hidden
// ones take no room, which would hide a column drawn under the vertical one.
test.use({ viewport: { width: 1366, height: 768 }, launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, ignoreDefaultArgs: ['--hide-scrollbars'] } });

type Backend = Parameters<typeof ask>[0];

/** A household as main has it now, read in the grid's own order (no filter, no sort). */
async function householdAt(backend: Backend, rowIndex: number): Promise<HouseholdRow> {
  const { json } = await ask(backend, 'grid.page', { grid: 'households', query: {}, startRow: rowIndex, endRow: rowIndex + 1 });
  return (JSON.parse(json) as HouseholdRow[])[0];
}


/** The grid's tooltip for what the pointer rests on (AG Grid draws it after tooltipShowDelay). */
async function tooltipOf(page: Page, target: Locator): Promise<Locator> {
  // Off the target first, so resting on it again starts a new tooltip.
  await page.mouse.move(5, 5);
  await expect(page.locator('.ag-tooltip')).toHaveCount(0);
  await target.hover();
  return page.locator('.ag-tooltip');
}

const refusedMark = /\bcell-refused\b/;

/** The demo opened and 12345 typed as a household's phone: refused, marked. Returns the cell and its stored number. */
async function refusePhone(page: Page, backend: Backend, row: number): Promise<{ phone: Locator; stored: string }> {
  await openDemo(page);
  const grid = householdsGrid(page);
  const phone = cell(grid, row, 'phone');
  const stored = await loadedText(phone);
  await expect(cell(grid, row, 'hhCode')).toHaveText((await householdAt(backend, row)).hhCode ?? '');
  await editCell(page, phone, '12345');
  await expect(phone).toHaveClass(refusedMark);
  return { phone, stored };
}

test('a refused phone keeps its mark and reason until a valid edit stores the cell', async ({ app: page, backend }) => {
  const { phone, stored } = await refusePhone(page, backend, 0);
  // The stored value is shown again, with the reason beside it.
  await expect(phone).toHaveText(stored);
  await expect(page.locator('.toast-error')).toContainText('联系电话');
  const tip = await tooltipOf(page, phone);
  await expect(tip).toHaveText(/^未保存：/);
  await expect(tip).toContainText('12345');
  await page.screenshot({ path: '/tmp/fupin-marks-refused-1366.png' });
  expect((await householdAt(backend, 0)).phone).toBe(stored);

  const fresh = stored === '13900000021' ? '13900000022' : '13900000021';
  await editCell(page, phone, fresh);
  await expect(phone).toHaveText(fresh);
  await expect(phone).not.toHaveClass(refusedMark);
  expect((await householdAt(backend, 0)).phone).toBe(fresh);
  // No reason any more: resting on the cell longer than the grid's tooltip delay (500 ms) shows none.
  await page.mouse.move(5, 5);
  await phone.hover();
  await page.waitForTimeout(1_000);
  await expect(page.locator('.ag-tooltip')).toHaveCount(0);
});

test('a valid paste and 撤销 clear the mark of the cell they store', async ({ app: page, backend }) => {
  const { phone, stored } = await refusePhone(page, backend, 1);
  const pasted = stored === '13900000031' ? '13900000032' : '13900000031';
  await phone.click();
  await pasteText(page, `${pasted}\n`);
  await expect(page.getByText('已粘贴 1 个单元格')).toBeVisible();
  await expect(phone).toHaveText(pasted);
  await expect(phone).not.toHaveClass(refusedMark);
  expect((await householdAt(backend, 1)).phone).toBe(pasted);

  // Refused again; 撤销 undoes the paste, storing the old number into the marked cell.
  await editCell(page, phone, '12345');
  await expect(phone).toHaveClass(refusedMark);
  await page.getByRole('button', { name: '撤销' }).click();
  await expect(page.getByText('已撤销：粘贴 1 个单元格')).toBeVisible();
  await expect(phone).toHaveText(stored);
  await expect(phone).not.toHaveClass(refusedMark);
  expect((await householdAt(backend, 1)).phone).toBe(stored);
});

test('an error message is still there after 6 s while a confirmation has gone', async ({ app: page }) => {
  await openDemo(page);
  const grid = householdsGrid(page);
  await editCell(page, cell(grid, 0, 'phone'), '12345');
  const error = page.locator('.toast-error');
  await expect(error).toBeVisible();
  // A confirmation right after: a one-cell paste of a valid number into another household.
  await cell(grid, 2, 'phone').click();
  await pasteText(page, '13900000041');
  const info = page.locator('.toast-info');
  await expect(info).toContainText('已粘贴 1 个单元格');
  // Nothing holds them (the pointer is away from the messages, the focus in the grid).
  await page.mouse.move(5, 5);
  // The behaviour under test is time itself: 4 s for a confirmation, 12 s for an error.
  await page.waitForTimeout(6_000);
  await expect(info).toHaveCount(0);
  await expect(error).toBeVisible();
  await expect(error).toContainText('联系电话');
});

test('the 出生日期 filter is in Chinese, takes yyyy-mm-dd with 之前, and the count follows', async ({ app: page, backend }) => {
  await openDemo(page);
  await page.getByRole('tab', { name: '贫困人口' }).click();
  const grid = page.getByRole('region', { name: '贫困人口列表' });
  const members = await askRows<MemberRow>(backend, 'members.list', {});
  const total = members.length;
  const count = page.getByText(/^显示 \d+ 人 \/ 共 \d+ 人$/);
  await expect(count).toHaveText(`显示 ${total} 人 / 共 ${total} 人`);
  const before = '1960-06-30';
  const expected = members.filter((m) => m.birthDate !== null && m.birthDate !== undefined && m.birthDate !== '' && m.birthDate < before).length;
  expect(expected).toBeGreaterThan(0);
  expect(expected).toBeLessThan(total);

  await scrollToColumn(grid, 'birthDate');
  const button = grid.locator('.ag-floating-filter[col-id="birthDate"] .ag-floating-filter-button-button');
  const popup = page.locator('.ag-filter');
  await expect(async () => {
    if (!(await popup.isVisible())) await button.click();
    await expect(popup).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await popup.getByRole('combobox').first().click();
  await page.getByRole('option', { name: '之前' }).click();
  const input = popup.locator('input[placeholder]').first();
  // A text box for the registry's format, not the browser's picker (mm/dd/yyyy on an English system).
  await expect(input).toHaveAttribute('type', 'text');
  await expect(input).toHaveAttribute('placeholder', 'yyyy-mm-dd');
  await input.fill(before);
  await expect(count).toHaveText(`显示 ${expected} 人 / 共 ${total} 人`);
  await expect(popup).toContainText('之前');
  await expect(popup).not.toContainText(/mm\/dd\/yyyy|Before|Equals|Filter/);
  await page.screenshot({ path: '/tmp/fupin-marks-date-filter-1366.png' });
});

test('a long header wraps to two lines at most and has its full label as tooltip', async ({ app: page }) => {
  await openDemo(page);
  const grid = householdsGrid(page);
  await loadedText(cell(grid, 0, 'hhCode'));
  const colId = 'cooperative';
  const label = '是否加入农民专业合作社';
  await scrollToColumn(grid, colId);
  const header = grid.locator(`.ag-header-cell:not(.ag-floating-filter)[col-id="${colId}"]`);
  await header.scrollIntoViewIfNeeded();
  const tip = await tooltipOf(page, header.locator('.ag-header-cell-text'));
  await expect(tip).toContainText(label);
  const lines = await grid.evaluate((host, id) => {
    const text = (c: string) => host.querySelector<HTMLElement>(`.ag-header-cell[col-id="${c}"] .ag-header-cell-text`)!;
    const one = text('hhCode').getBoundingClientRect().height;
    const long = text(id);
    const headerRow = host.querySelector<HTMLElement>('.ag-header-row-column')!.getBoundingClientRect().height;
    return { oneLine: one, long: long.getBoundingClientRect().height, clipped: long.scrollHeight > long.clientHeight + 1 || long.scrollWidth > long.clientWidth + 1, headerRow };
  }, colId);
  expect(lines.oneLine).toBeGreaterThan(0);
  expect(lines.long, `“${label}”的表头最多两行`).toBeLessThanOrEqual(2 * lines.oneLine + 1);
  expect(lines.clipped, `“${label}”的表头没有被截断`).toBe(false);
  // The header row is as tall as its tallest header: two lines and the cell's padding at most.
  expect(lines.headerRow).toBeLessThanOrEqual(2 * lines.oneLine + 24);
  await expect(header.locator('.ag-header-cell-text')).toHaveText(label);
});

test('scrolled fully right, the last column ends before the vertical scroll bar', async ({ app: page }) => {
  await openDemo(page);
  const grid = householdsGrid(page);
  await loadedText(cell(grid, 0, 'hhCode'));
  await grid.locator('.ag-body-horizontal-scroll-viewport').evaluate((e) => (e.scrollLeft = e.scrollWidth));
  const edges = await grid.evaluate(async (host) => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const headers = [...host.querySelectorAll<HTMLElement>('.ag-header-row-column .ag-header-cell[aria-colindex]')];
    const last = headers.reduce((a, b) => (Number(b.getAttribute('aria-colindex')) > Number(a.getAttribute('aria-colindex')) ? b : a));
    const colId = last.getAttribute('col-id')!;
    const viewport = host.querySelector<HTMLElement>('.ag-grid-viewport')!;
    const scrollBar = host.querySelector<HTMLElement>('.ag-body-vertical-scroll')!.getBoundingClientRect();
    const lastCell = host.querySelector<HTMLElement>(`.ag-row[row-index="0"] .ag-cell[col-id="${colId}"]`)!.getBoundingClientRect();
    return {
      colId,
      headerRight: last.getBoundingClientRect().right,
      cellRight: lastCell.right,
      scrollBarLeft: Math.min(scrollBar.width > 0 ? scrollBar.left : Infinity, viewport.getBoundingClientRect().left + viewport.clientWidth),
    };
  });
  expect(edges.colId).toBe('note');
  // Scrolled to the end: the last column ends right at the scroll bar, not under it.
  expect(edges.headerRight).toBeGreaterThan(edges.scrollBarLeft - 2);
  expect(edges.headerRight).toBeLessThanOrEqual(edges.scrollBarLeft + 0.5);
  expect(edges.cellRight).toBeLessThanOrEqual(edges.scrollBarLeft + 0.5);
  await page.screenshot({ path: '/tmp/fupin-marks-scrolled-right-1366.png' });
});
