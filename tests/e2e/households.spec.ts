// A clerk's day with the demo registry: open it, find households, edit, add and delete — every
// step through the real router and the real encrypted database.
import { pinyin } from 'pinyin-pro';
import type { HouseholdRow, MemberRow } from '../../shared/contract';
import { checkIdNumber, idCheckChar, makeIdNumber } from '../../shared/domain/idNumber';
import { ask, askRows, cell, editCell, expect, householdsGrid, membersGrid, openDemo, statusBar, test, loadedText } from './fixtures';

test.describe('with a fresh user-data folder', () => {
  test.use({ withDemo: false });

  test('a. 打开演示数据: the demo is created, opened with its password, and the counts are shown', async ({ app: page, backend }) => {
    await expect(page.getByRole('heading', { name: '精准扶贫台账' })).toBeVisible();
    await openDemo(page);

    await expect(page.getByText('虚构演示数据', { exact: true })).toBeVisible();
    await expect(statusBar(page)).toContainText('合计 1097 户 / 2469 人');
    await expect(statusBar(page)).toContainText('一般贫困户 515 户 / 1531 人');
    await expect(statusBar(page)).toContainText('低保贫困户 536 户 / 892 人');
    await expect(statusBar(page)).toContainText('特困供养贫困户 46 户 / 46 人');
    const grid = householdsGrid(page);
    await expect(grid.locator('.ag-row').first()).toBeVisible();
    await expect(page.getByText('显示 1097 户 / 共 1097 户')).toBeVisible();
    await expect(cell(grid, 0, 'hhCode')).toHaveText(/^\d{12,}$/);
    await page.screenshot({ path: '/tmp/fupin-households.png' });

    const info = await ask(backend, 'app.info', {});
    expect(info.db?.demo).toBe(true);
  });
});

test('b. filtering by village shows exactly that village’s households', async ({ app: page, backend }) => {
  await openDemo(page);
  const grid = householdsGrid(page);
  await expect(page.getByText('显示 1097 户 / 共 1097 户')).toBeVisible();

  // Ask main what the village holds, and pick the village from the selector as a clerk would.
  const village = (await ask(backend, 'villages.list', {})).find((v) => v.name === '光华村');
  expect(village, '演示数据应包含光华村').toBeDefined();
  const expected = village!.households;
  expect(expected).toBeGreaterThan(0);

  await page.getByLabel('行政村', { exact: true }).selectOption({ label: '光华村' });
  await expect(page.getByText(`显示 ${expected} 户 / 共 ${expected} 户`)).toBeVisible();
  const villageCells = grid.locator('.ag-cell[col-id="villageName"]');
  await expect(villageCells.first()).toHaveText('光华村');
  for (const text of await villageCells.allTextContents()) expect(text).toBe('光华村');

  // The same through the grid's own column filter, over all villages.
  await page.getByLabel('行政村', { exact: true }).selectOption({ label: '全部行政村' });
  await expect(page.getByText('显示 1097 户 / 共 1097 户')).toBeVisible();
  const villageFilter = grid.getByRole('textbox', { name: /^行政村\s*过滤器输入$/ });
  await villageFilter.fill('光华村');
  await expect(page.getByText(`显示 ${expected} 户 / 共 1097 户`)).toBeVisible();
});

test('c. quick search by pinyin initials finds a head of household', async ({ app: page, backend }) => {
  await openDemo(page);
  const grid = householdsGrid(page);
  await expect(cell(grid, 0, 'headName')).not.toBeEmpty();

  // Take a real head from the data and the initials a clerk would type for the name.
  const households = await askRows<HouseholdRow>(backend, 'households.list', {});
  const initialsOf = (name: string) => pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head' }).join('').toLowerCase();
  const counts = new Map<string, number>();
  for (const h of households) counts.set(initialsOf(h.headName!), (counts.get(initialsOf(h.headName!)) ?? 0) + 1);
  const target = households.filter((h) => h.headName && h.headName.length >= 3).sort((a, b) => counts.get(initialsOf(a.headName!))! - counts.get(initialsOf(b.headName!))!)[0];
  const initials = initialsOf(target.headName!);
  expect(initials).toMatch(/^[a-z]{3}$/);

  const box = page.getByLabel('快速搜索');
  await box.fill(initials);
  await expect(page.getByText(/^显示 \d+ 户 \/ 共 1097 户$/)).not.toHaveText('显示 1097 户 / 共 1097 户');
  await expect(grid.locator('.ag-cell[col-id="headName"]', { hasText: target.headName! }).first()).toBeVisible();
  await expect(grid.locator('.ag-cell[col-id="hhCode"]', { hasText: target.hhCode! }).first()).toBeVisible();

  // The full pinyin finds the same person.
  const full = pinyin(target.headName!, { toneType: 'none', type: 'array', surname: 'head' }).join('');
  await box.fill(full);
  await expect(grid.locator('.ag-cell[col-id="hhCode"]', { hasText: target.hhCode! }).first()).toBeVisible();
});

test('d. a phone number edited in the grid is stored and survives closing and reopening', async ({ app: page, backend }) => {
  await openDemo(page);
  const grid = householdsGrid(page);
  const hhCode = await loadedText(cell(grid, 0, 'hhCode'));
  const before = (await askRows<HouseholdRow>(backend, 'households.list', {})).find((h) => h.hhCode === hhCode)!;
  const newPhone = before.phone === '13907140001' ? '13907140002' : '13907140001';

  await editCell(page, cell(grid, 0, 'phone'), newPhone);
  await expect(cell(grid, 0, 'phone')).toHaveText(newPhone);
  await expect(page.getByRole('alert')).toHaveCount(0);

  // Close the database, reload the window, open the demo again with its password.
  await page.getByRole('button', { name: '关闭数据库' }).click();
  await expect(page.getByRole('button', { name: '打开演示数据' })).toBeVisible();
  await page.reload();
  await openDemo(page);
  await expect(cell(grid, 0, 'hhCode')).toHaveText(hhCode);
  await expect(cell(grid, 0, 'phone')).toHaveText(newPhone);

  const after = (await askRows<HouseholdRow>(backend, 'households.list', {})).find((h) => h.hhCode === hhCode)!;
  expect(after.phone).toBe(newPhone);
  expect(after.id).toBe(before.id);
});

test('e. an ID number with a wrong check digit is refused, the cell reverts and nothing is stored', async ({ app: page, backend }) => {
  await openDemo(page);
  const grid = householdsGrid(page);
  const hhCode = await loadedText(cell(grid, 0, 'hhCode'));
  await cell(grid, 0, 'hhCode').click();
  await expect(page.getByRole('heading', { name: new RegExp(`户编号 ${hhCode}`) })).toBeVisible();

  const members = membersGrid(page);
  const idCell = cell(members, 0, 'idNumber');
  await expect(idCell).toHaveText(/^\d{17}[\dX]$/);
  const original = (await idCell.textContent())!.trim();
  expect(checkIdNumber(original).ok).toBe(true);
  const right = idCheckChar(original.slice(0, 17));
  const wrong = right === '1' ? '2' : '1';
  const bad = original.slice(0, 17) + wrong;

  await editCell(page, idCell, bad);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('证件号码');
  await expect(alert).toContainText('校验位错误');
  await expect(idCell).toHaveText(original);

  const household = (await askRows<HouseholdRow>(backend, 'households.list', {})).find((h) => h.hhCode === hhCode)!;
  const stored = await askRows<MemberRow>(backend, 'members.list', { householdId: household.id });
  expect(stored.map((m) => m.idNumber)).toContain(original);
  expect(stored.map((m) => m.idNumber)).not.toContain(bad);
});

test('f. a wrong password is refused plainly and nothing opens', async ({ app: page, backend }) => {
  await openDemo(page, 'not-the-password');
  await expect(page.getByRole('alert')).toContainText('密码错误');
  await expect(page.getByLabel('数据库文件路径')).toBeVisible();
  await expect(page.getByRole('button', { name: '关闭数据库' })).toHaveCount(0);
  const info = await ask(backend, 'app.info', {});
  expect(info.db).toBeNull();
});

test('g. a household added through the dialog counts, and deleting it after confirmation restores the counts', async ({ app: page, backend }) => {
  await openDemo(page);
  await expect(statusBar(page)).toContainText('合计 1097 户 / 2469 人');

  const taken = new Set((await askRows<MemberRow>(backend, 'members.list', {})).map((m) => m.idNumber));
  let seq = 1;
  while (taken.has(makeIdNumber('420115', '1978-03-21', seq))) seq += 2;
  const idNumber = makeIdNumber('420115', '1978-03-21', seq);
  const headName = '测试新户';

  await page.getByRole('button', { name: '新增贫困户' }).click();
  const dialog = page.getByRole('dialog', { name: '新增贫困户' });
  await dialog.getByLabel('行政村').selectOption({ label: '光华村' });
  await dialog.getByLabel('贫困户属性').selectOption({ label: '一般贫困户' });
  await dialog.getByLabel('户主姓名').fill(headName);
  // First a mistyped number: main refuses, the dialog stays open with the reason.
  await dialog.getByLabel('户主身份证号').fill(idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1'));
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByRole('alert')).toContainText('校验位错误');
  await expect(statusBar(page)).toContainText('合计 1097 户 / 2469 人');

  await dialog.getByLabel('户主身份证号').fill(idNumber);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(statusBar(page)).toContainText('合计 1098 户 / 2470 人');
  await expect(statusBar(page)).toContainText('一般贫困户 516 户 / 1532 人');

  const created = (await askRows<HouseholdRow>(backend, 'households.list', {})).find((h) => h.headIdNumber === idNumber)!;
  expect(created.headName).toBe(headName);
  expect(created.villageName).toBe('光华村');
  await expect(page.getByRole('heading', { name: new RegExp(`户编号 ${created.hhCode}`) })).toBeVisible();

  await page.getByRole('button', { name: '删除贫困户' }).click();
  const confirm = page.getByRole('dialog', { name: '删除贫困户' });
  await expect(confirm).toContainText(created.hhCode!);
  await expect(confirm).toContainText(headName);
  await confirm.getByRole('button', { name: '确定删除' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(statusBar(page)).toContainText('合计 1097 户 / 2469 人');
  await expect(householdsGrid(page).locator('.ag-cell[col-id="hhCode"]', { hasText: created.hhCode! })).toHaveCount(0);
  const remaining = await askRows<HouseholdRow>(backend, 'households.list', {});
  expect(remaining.some((h) => h.id === created.id)).toBe(false);
});
