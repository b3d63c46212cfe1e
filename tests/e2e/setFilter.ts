// Ticking values in a column's set filter (renderer/grid/SetFilter.tsx), as a clerk does: the
// filter button of the column's filter-row cell, then 全选 off and the wanted values on.
import { expect, type Locator, type Page } from '@playwright/test';

/** The grid draws only the columns in view: scrolls right, as a clerk would, until the column is drawn. */
export async function scrollToColumn(grid: Locator, colId: string): Promise<void> {
  const header = grid.locator(`.ag-header-cell[col-id="${colId}"]`);
  const scroller = grid.locator('.ag-body-horizontal-scroll-viewport');
  await scroller.evaluate((e) => (e.scrollLeft = 0));
  for (let i = 0; i < 40 && (await header.count()) === 0; i++) await scroller.evaluate((e) => (e.scrollLeft += 300));
}

/** Opens the set filter of a column and returns its checkbox list. */
export async function openSetFilter(page: Page, grid: Locator, colId: string, label: string): Promise<Locator> {
  const button = grid.locator(`.ag-floating-filter[col-id="${colId}"] button`);
  const list = page.getByRole('group', { name: `${label}筛选` });
  // A column out of view scrolls in first; the grid closes a filter opened while it scrolls, so
  // the clerk (and this test) clicks again once it is in view.
  await scrollToColumn(grid, colId);
  await button.scrollIntoViewIfNeeded();
  await expect(async () => {
    if (!(await list.isVisible())) await button.click();
    await expect(list).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  return list;
}

/** Keeps only the rows showing one of these values in the column. */
export async function tickOnly(page: Page, grid: Locator, colId: string, label: string, values: readonly string[]): Promise<Locator> {
  const list = await openSetFilter(page, grid, colId, label);
  await list.getByLabel('全选').uncheck();
  for (const v of values) await list.getByRole('checkbox', { name: new RegExp(`^${v}\\s`) }).check();
  return list;
}
