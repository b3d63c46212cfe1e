// The keys a clerk used to Excel/WPS expects (issue 13), at the office laptop's 1366×768, on the
// demo registry through the real router and encrypted database: Delete asks first, Ctrl+Z undoes
// through the write path, Ctrl+C copies rows with headers, Ctrl+V of a block is all or nothing,
// the arrow keys move the members panel, and the panel collapses to show 15 rows or more.
import type { Page } from '@playwright/test';
import type { HouseholdRow } from '../../shared/contract';
import { ask, cell, expect, householdsGrid, loadedText, membersGrid, openDemo, pasteText, test } from './fixtures';
import { openSetFilter, tickOnly } from './setFilter';

test.use({ viewport: { width: 1366, height: 768 } });

async function household(backend: Parameters<typeof ask>[0], id: string): Promise<HouseholdRow> {
  const { json } = await ask(backend, 'households.get', { ids: [id] });
  return (JSON.parse(json) as HouseholdRow[])[0];
}

/** The id of the household in a grid row, as main has it (read through the row's 户编号). */
async function idAtRow(page: Page, backend: Parameters<typeof ask>[0], rowIndex: number): Promise<string> {
  const hhCode = await loadedText(cell(householdsGrid(page), rowIndex, 'hhCode'));
  const page0 = await ask(backend, 'grid.page', { grid: 'households', query: { quick: hhCode }, startRow: 0, endRow: 1 });
  return (JSON.parse(page0.json) as HouseholdRow[])[0].id;
}


/** Presses Ctrl+C and returns the text the app put on the clipboard in the copy event. */
async function copyWithKeys(page: Page): Promise<string> {
  await page.evaluate(() => {
    document.addEventListener('copy', (e) => ((window as unknown as { copied: string }).copied = e.clipboardData?.getData('text/plain') ?? ''), { once: true });
  });
  await page.keyboard.press('Control+c');
  return page.evaluate(() => (window as unknown as { copied?: string }).copied ?? '');
}

test('Delete asks before emptying a stored value; 取消 keeps it, 清空 empties it, Ctrl+Z brings it back, and the history shows both writes', async ({ app: page, backend }) => {
  await openDemo(page);
  const grid = householdsGrid(page);
  const phone = cell(grid, 0, 'phone');
  const stored = await loadedText(phone);
  expect(stored).toMatch(/^\d{7,}$/);
  const id = await idAtRow(page, backend, 0);

  await phone.click();
  await page.keyboard.press('Delete');
  const dialog = page.getByRole('dialog', { name: '清空单元格' });
  await expect(dialog).toContainText(stored);
  // 取消 has the focus: Enter does not empty the cell.
  await expect(dialog.getByRole('button', { name: '取消' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  expect((await household(backend, id)).phone).toBe(stored);
  await expect(phone).toHaveText(stored);

  // Backspace asks the same; this time the clerk confirms.
  await phone.click();
  await page.keyboard.press('Backspace');
  await dialog.getByRole('button', { name: '清空' }).click();
  await expect(phone).toHaveText('');
  expect((await household(backend, id)).phone).toBeNull();

  // Ctrl+Z: the value comes back through the write path.
  await expect(page.getByRole('button', { name: '撤销' })).toBeEnabled();
  await page.keyboard.press('Control+z');
  await expect(phone).toHaveText(stored);
  expect((await household(backend, id)).phone).toBe(stored);
  const history = (await ask(backend, 'history.get', { table: 'households', id })).filter((h) => h.field === 'phone');
  expect(history.map((h) => [h.before, h.after])).toEqual(expect.arrayContaining([[stored, ''], ['', stored]]));
  await page.screenshot({ path: '/tmp/fupin-clerk-undo-1366.png' });
});

test('Ctrl+C copies three selected rows with the visible headers; a pasted 3×2 block is refused whole for one bad phone, then applied in one transaction', async ({ app: page, backend }) => {
  await openDemo(page);
  const grid = householdsGrid(page);
  await loadedText(cell(grid, 2, 'hhCode'));
  await cell(grid, 0, 'hhCode').click();
  await cell(grid, 2, 'hhCode').click({ modifiers: ['Shift'] });
  const copied = await copyWithKeys(page);
  const lines = copied.split(/\r?\n/);
  expect(lines).toHaveLength(4);
  expect(lines[0].split('\t')).toEqual(expect.arrayContaining(['户编号', '户主姓名', '联系电话']));
  for (let r = 0; r < 3; r++) expect(lines[r + 1]).toContain(await loadedText(cell(grid, r, 'hhCode')));

  const ids = [await idAtRow(page, backend, 0), await idAtRow(page, backend, 1), await idAtRow(page, backend, 2)];
  const before = await Promise.all(ids.map((id) => household(backend, id)));
  const auditBefore = (await ask(backend, 'history.get', { table: 'households', id: ids[1] })).length;

  // One invalid phone in the middle row: nothing is applied, and the cell is named.
  await cell(grid, 0, 'phone').click();
  await pasteText(page, '13900000001\t中国农业银行\n12345\t中国银行\n13900000003\t中国建设银行\n');
  const refused = page.getByRole('dialog', { name: /粘贴未执行/ });
  await expect(refused).toContainText('第 2 行');
  await expect(refused).toContainText('联系电话');
  await expect(refused).toContainText('12345');
  await page.screenshot({ path: '/tmp/fupin-clerk-paste-refused-1366.png' });
  await refused.getByRole('button', { name: '知道了' }).click();
  const unchanged = await Promise.all(ids.map((id) => household(backend, id)));
  expect(unchanged.map((h) => [h.phone, h.bankName])).toEqual(before.map((h) => [h.phone, h.bankName]));
  expect((await ask(backend, 'history.get', { table: 'households', id: ids[1] })).length).toBe(auditBefore);

  // A block pasted into a filter box is the filter's text, never cells.
  await grid.locator('.ag-floating-filter[col-id="phone"] input').focus();
  await pasteText(page, '13900000001\t中国农业银行\n13900000002\t中国银行\n');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect((await Promise.all(ids.map((id) => household(backend, id)))).map((h) => h.phone)).toEqual(before.map((h) => h.phone));

  // A valid block: applied, shown, in the history, and undone as one step.
  await cell(grid, 0, 'phone').click();
  await pasteText(page, '13900000001\t中国农业银行\n13900000002\t中国银行\n13900000003\t中国建设银行\n');
  await expect(page.getByText(/已粘贴 6 个单元格/)).toBeVisible();
  await expect(cell(grid, 1, 'phone')).toHaveText('13900000002');
  await expect(cell(grid, 2, 'bankName')).toHaveText('中国建设银行');
  const after = await Promise.all(ids.map((id) => household(backend, id)));
  expect(after.map((h) => [h.phone, h.bankName])).toEqual([
    ['13900000001', 'abc'],
    ['13900000002', 'boc'],
    ['13900000003', 'ccb'],
  ]);
  const history = await ask(backend, 'history.get', { table: 'households', id: ids[1] });
  expect(history.filter((h) => h.field === 'phone' && h.after === '13900000002')).toHaveLength(1);
  await page.getByRole('button', { name: '撤销' }).click();
  await expect(cell(grid, 1, 'phone')).toHaveText(before[1].phone ?? '');
  const undone = await Promise.all(ids.map((id) => household(backend, id)));
  expect(undone.map((h) => [h.phone, h.bankName])).toEqual(before.map((h) => [h.phone, h.bankName]));
});

test('the arrow keys move the selection and the members panel follows; collapsed, the panel leaves 15 rows or more', async ({ app: page }) => {
  await openDemo(page);
  const grid = householdsGrid(page);
  await cell(grid, 0, 'hhCode').click();
  const title = page.getByRole('region', { name: '家庭成员' }).getByRole('heading');
  const first = await loadedText(cell(grid, 0, 'hhCode'));
  const second = await loadedText(cell(grid, 1, 'hhCode'));
  await expect(title).toContainText(first);
  await page.keyboard.press('ArrowDown');
  await expect(title).toContainText(second);
  await expect(membersGrid(page).locator('.ag-row').first()).toBeVisible();

  await page.getByRole('button', { name: /收起/ }).click();
  await expect(membersGrid(page)).toBeHidden();
  // Rows wholly visible: below the header, above the horizontal scroll bar.
  const rows = await grid.evaluate((host) => {
    const header = host.querySelector('.ag-header')!.getBoundingClientRect();
    const scroll = host.querySelector('.ag-body-horizontal-scroll')?.getBoundingClientRect();
    const bottom = scroll && scroll.height > 0 ? scroll.top : host.getBoundingClientRect().bottom;
    // Each row is drawn in the pinned and the scrolling part: counted once by its row-index.
    const inView = [...host.querySelectorAll('.ag-row')].filter((e) => {
      const r = e.getBoundingClientRect();
      return r.height > 0 && r.top >= header.bottom - 1 && r.bottom <= bottom + 1;
    });
    return new Set(inView.map((e) => e.getAttribute('row-index'))).size;
  });
  expect(rows, '收起家庭成员后，1366×768 下至少显示 15 户').toBeGreaterThanOrEqual(15);
  await page.screenshot({ path: '/tmp/fupin-clerk-collapsed-1366.png' });
  // Remembered: after a tab switch the panel stays collapsed.
  await page.getByRole('tab', { name: '贫困人口' }).click();
  await page.getByRole('tab', { name: '贫困户' }).click();
  await expect(page.getByRole('button', { name: /展开/ })).toBeVisible();
});

test('the right-click menu: 筛选此值 filters by the cell, 复制 copies the cell, 修改记录 opens the history, 导出 Excel… the export; 粘贴 without clipboard access says to press Ctrl+V', async ({ app: page }) => {
  await openDemo(page);
  const grid = householdsGrid(page);
  const village = await loadedText(cell(grid, 0, 'villageName'));
  await cell(grid, 0, 'villageName').click({ button: 'right' });
  const menu = page.getByRole('menu', { name: '单元格菜单' });
  await expect(menu).toBeVisible();
  await page.screenshot({ path: '/tmp/fupin-clerk-menu-1366.png' });
  await menu.getByRole('menuitem', { name: '筛选此值' }).click();
  await expect(menu).toBeHidden();
  await expect(page.getByText(/^显示 \d+ 户 \/ 共 1097 户$/)).not.toHaveText('显示 1097 户 / 共 1097 户');
  for (const text of await grid.locator('.ag-cell[col-id="villageName"]').allTextContents()) expect(text).toBe(village);

  const hhCode = await loadedText(cell(grid, 0, 'hhCode'));
  await cell(grid, 0, 'hhCode').click({ button: 'right' });
  await page.evaluate(() => {
    document.addEventListener('copy', (e) => ((window as unknown as { copied: string }).copied = e.clipboardData?.getData('text/plain') ?? ''), { once: true });
  });
  await menu.getByRole('menuitem', { name: /复制/ }).click();
  expect(await page.evaluate(() => (window as unknown as { copied?: string }).copied)).toBe(hhCode);

  await cell(grid, 0, 'phone').click({ button: 'right' });
  await menu.getByRole('menuitem', { name: '修改记录' }).click();
  const history = page.getByRole('dialog', { name: /修改记录/ });
  await expect(history).toContainText(hhCode);
  await page.keyboard.press('Escape');
  await expect(history).toHaveCount(0);

  // 导出 Excel… opens the grid's export, as its toolbar button does.
  await cell(grid, 0, 'phone').click({ button: 'right' });
  await menu.getByRole('menuitem', { name: '导出 Excel…' }).click();
  const exporting = page.getByRole('dialog', { name: '导出贫困户' });
  await expect(exporting).toBeVisible();
  await exporting.getByRole('button', { name: '取消' }).click();
  await expect(exporting).toHaveCount(0);

  // 粘贴 reads the system clipboard, which only a secure page may (Electron's app:// is one; the
  // test bridge's http page is not): here the clerk is told to press Ctrl+V, nothing is written.
  await cell(grid, 0, 'phone').click({ button: 'right' });
  await menu.getByRole('menuitem', { name: /粘贴/ }).click();
  await expect(page.getByText('请按 Ctrl+V 粘贴：此窗口不能从菜单读取剪贴板')).toBeVisible();
});

test('column choices, widths and filters survive a tab switch and a reopen of the database (typed filters only the tab switch); 恢复默认 brings the columns back', async ({ app: page }) => {
  await openDemo(page);
  const grid = householdsGrid(page);
  await expect(grid.locator('.ag-header-cell:not(.ag-floating-filter)[col-id="phone"]')).toBeVisible();
  await page.getByRole('button', { name: '列设置…' }).click();
  const chooser = page.getByRole('dialog', { name: '列设置' });
  await chooser.getByLabel('联系电话').uncheck();
  await page.screenshot({ path: '/tmp/fupin-clerk-columns-1366.png' });
  await chooser.getByRole('button', { name: '完成' }).click();
  await expect(grid.locator('.ag-header-cell:not(.ag-floating-filter)[col-id="phone"]')).toHaveCount(0);
  // A sort by clicking the header is remembered too.
  await grid.locator('.ag-header-cell:not(.ag-floating-filter)[col-id="headName"] .ag-header-cell-label').click();
  await expect(grid.locator('.ag-header-cell:not(.ag-floating-filter)[col-id="headName"]')).toHaveAttribute('aria-sort', 'ascending');
  // A wider 户编号 column, dragged at its header's edge.
  const hhHeader = grid.locator('.ag-header-cell:not(.ag-floating-filter)[col-id="hhCode"]');
  const widthBefore = (await hhHeader.boundingBox())!.width;
  const handle = (await hhHeader.locator('.ag-header-cell-resize').boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(handle.x + handle.width / 2 + 40, handle.y + handle.height / 2, { steps: 4 });
  await page.mouse.move(handle.x + handle.width / 2 + 80, handle.y + handle.height / 2, { steps: 4 });
  await page.mouse.up();
  const widened = (await hhHeader.boundingBox())!.width;
  expect(widened).toBeGreaterThan(widthBefore + 60);
  // A ticked-values filter (kept on disk) and a typed one (a name: kept in memory only).
  await tickOnly(page, grid, 'category', '贫困户属性', ['低保贫困户', '特困供养贫困户']);
  await page.keyboard.press('Escape');
  await expect(page.getByText('显示 582 户 / 共 1097 户')).toBeVisible();
  const nameFilter = grid.getByRole('textbox', { name: /^户主姓名\s*过滤器输入$/ });
  await nameFilter.scrollIntoViewIfNeeded();
  await nameFilter.fill('张');
  await expect(page.getByText('显示 582 户 / 共 1097 户')).toHaveCount(0);
  const typedCount = (await page.getByText(/^显示 \d+ 户 \/ 共 1097 户$/).textContent())!;
  expect(typedCount).toMatch(/^显示 [1-9]\d* 户/);

  const columnsKept = async () => {
    await expect(grid.locator('.ag-header-cell:not(.ag-floating-filter)[col-id="hhCode"]')).toBeVisible();
    await expect(grid.locator('.ag-header-cell:not(.ag-floating-filter)[col-id="phone"]')).toHaveCount(0);
    await expect(grid.locator('.ag-header-cell:not(.ag-floating-filter)[col-id="headName"]')).toHaveAttribute('aria-sort', 'ascending');
    expect(Math.abs((await hhHeader.boundingBox())!.width - widened)).toBeLessThan(2);
  };
  await page.getByRole('tab', { name: '贫困人口' }).click();
  await page.getByRole('tab', { name: '贫困户' }).click();
  await columnsKept();
  await expect(page.getByText(typedCount)).toBeVisible();
  await expect(nameFilter).toHaveValue('张');

  await page.getByRole('button', { name: '关闭数据库' }).click();
  await openDemo(page);
  await columnsKept();
  // The ticked values are back; the typed name went with the close.
  await expect(page.getByText('显示 582 户 / 共 1097 户')).toBeVisible();
  await expect(nameFilter).toHaveValue('');
  await page.screenshot({ path: '/tmp/fupin-clerk-columns-reopened-1366.png' });

  await page.getByRole('button', { name: '列设置…' }).click();
  await chooser.getByRole('button', { name: '恢复默认' }).click();
  await expect(grid.locator('.ag-header-cell:not(.ag-floating-filter)[col-id="phone"]')).toBeVisible();
  await expect(grid.locator('.ag-header-cell:not(.ag-floating-filter)[col-id="headName"]')).not.toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByText('显示 1097 户 / 共 1097 户')).toBeVisible();
  expect(Math.abs((await hhHeader.boundingBox())!.width - widthBefore)).toBeLessThan(2);
});

test('the 行政村 grid has 列设置… too: a hidden column stays hidden after a tab switch, 恢复默认 shows it', async ({ app: page }) => {
  await openDemo(page);
  await page.getByRole('tab', { name: '行政村' }).click();
  const villages = page.getByRole('region', { name: '行政村列表' });
  await page.getByRole('button', { name: '列设置…' }).click();
  const chooser = page.getByRole('dialog', { name: '列设置' });
  const first = chooser.getByRole('checkbox').nth(1);
  const label = (await first.locator('xpath=..').textContent())!.trim();
  await first.uncheck();
  await chooser.getByRole('button', { name: '完成' }).click();
  await page.getByRole('tab', { name: '贫困户' }).click();
  await page.getByRole('tab', { name: '行政村' }).click();
  await expect(villages.locator('.ag-header-cell:not(.ag-floating-filter)').filter({ hasText: label })).toHaveCount(0);
  await page.getByRole('button', { name: '列设置…' }).click();
  await expect(chooser.getByLabel(label)).not.toBeChecked();
  await chooser.getByRole('button', { name: '恢复默认' }).click();
  await expect(villages.locator('.ag-header-cell:not(.ag-floating-filter)').filter({ hasText: label }).first()).toBeVisible();
});

test('the 行政村 list ends with a 合计 row that adds up what it shows', async ({ app: page, backend }) => {
  await openDemo(page);
  await page.getByRole('tab', { name: '行政村' }).click();
  const grid = page.getByRole('region', { name: '行政村列表' });
  const villages = await ask(backend, 'villages.list', {});
  // The pinned 合计 row: drawn in the pinned-left and the scrolling part, so cells are read by column.
  const total = grid.locator('.ag-row-pinned');
  await expect(total.locator('.ag-cell[col-id="households"]')).toHaveText(String(villages.reduce((n, v) => n + v.households, 0)));
  await expect(total.locator('.ag-cell[col-id="people"]')).toHaveText(String(villages.reduce((n, v) => n + v.people, 0)));
  await expect(total.locator('.ag-cell[col-id="code"]')).toHaveText('合计');
  await expect(total.locator('.ag-cell[col-id="exitedRate"]')).toHaveText(/^\d+\.\d%$/);
  // Filtered to one village: the total is that village's.
  await grid.getByRole('textbox', { name: /^行政村\s*过滤器输入$/ }).fill(villages[0].name);
  await expect(total.locator('.ag-cell[col-id="households"]')).toHaveText(String(villages[0].households));
  await page.screenshot({ path: '/tmp/fupin-clerk-villages-total-1366.png' });
});

test('a code column filters by a checkbox list of its values with their counts (set filter), counted under the other filters', async ({ app: page }) => {
  await openDemo(page);
  const grid = householdsGrid(page);
  await expect(page.getByText('显示 1097 户 / 共 1097 户')).toBeVisible();
  const list = await openSetFilter(page, grid, 'category', '贫困户属性');
  // The demo's counts (DOMAIN.md): 一般 515, 低保 536, 特困供养 46.
  await expect(list.getByRole('checkbox', { name: /^低保贫困户\s/ })).toBeChecked();
  await expect(list).toContainText(/低保贫困户\s*536/);
  await expect(list).toContainText(/一般贫困户\s*515/);
  await expect(list).toContainText(/特困供养贫困户\s*46/);
  await page.screenshot({ path: '/tmp/fupin-clerk-setfilter-1366.png' });
  await page.keyboard.press('Escape');
  await tickOnly(page, grid, 'category', '贫困户属性', ['低保贫困户', '特困供养贫困户']);
  await page.keyboard.press('Escape');
  await expect(page.getByText('显示 582 户 / 共 1097 户')).toBeVisible();
  await expect(grid.locator('.ag-floating-filter[col-id="category"] input')).toHaveValue('低保贫困户、特困供养贫困户');
  // Another column's list counts only the rows the first filter keeps.
  const danger = await openSetFilter(page, grid, 'dangerousHouse', '是否危房');
  const counts = (await danger.locator('.set-filter-count').allTextContents()).map(Number);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(582);
});
