// The other screens: all people (search and edit in place), villages, teams, units and cadres.
import type { MemberRow } from '../../shared/contract';
import { ask, askRows, cell, editCell, expect, openDemo, statusBar, test } from './fixtures';

test('h. 贫困人口: all 2469 people, searchable by pinyin and editable in place', async ({ app: page, backend }) => {
  await openDemo(page);
  await page.getByRole('tab', { name: '贫困人口' }).click();
  const grid = page.getByRole('region', { name: '贫困人口列表' });
  await expect(page.getByText('显示 2469 人 / 共 2469 人')).toBeVisible();

  const first = (await askRows<MemberRow>(backend, 'members.list', {}))[0];
  await page.getByLabel('快速搜索').fill(first.idNumber!);
  await expect(page.getByText('显示 1 人 / 共 2469 人')).toBeVisible();
  await expect(cell(grid, 0, 'name')).toHaveText(first.name!);

  // An empty name is refused by main and the cell keeps the stored name; a real one is stored.
  await editCell(page, cell(grid, 0, 'name'), '');
  await expect(page.getByRole('alert')).toContainText('姓名');
  await expect(cell(grid, 0, 'name')).toHaveText(first.name!);
  await editCell(page, cell(grid, 0, 'name'), '测试改名');
  await expect(cell(grid, 0, 'name')).toHaveText('测试改名');
  const stored = (await askRows<MemberRow>(backend, 'members.list', { householdId: first.householdId })).find((m) => m.id === first.id)!;
  expect(stored.name).toBe('测试改名');
  await expect(statusBar(page)).toContainText('合计 1097 户 / 2469 人');
});

test('i. 行政村 and 单位与工作队 list what main aggregates', async ({ app: page, backend }) => {
  await openDemo(page);
  await page.getByRole('tab', { name: '行政村' }).click();
  await expect(page.getByText('显示 21 / 共 21 个行政村')).toBeVisible();
  const villages = await ask(backend, 'villages.list', {});
  const grid = page.getByRole('region', { name: '行政村列表' });
  await expect(cell(grid, 0, 'name')).toHaveText(villages[0].name);
  await expect(cell(grid, 0, 'households')).toHaveText(String(villages[0].households));

  await page.getByRole('tab', { name: '单位与工作队' }).click();
  await expect(page.getByText('显示 21 / 共 21 支工作队')).toBeVisible();
  await page.getByRole('tab', { name: '帮扶单位' }).click();
  const units = await ask(backend, 'units.list', {});
  await expect(page.getByText(`显示 ${units.length} / 共 ${units.length} 个单位`)).toBeVisible();
  await page.getByRole('tab', { name: '帮扶干部' }).click();
  const cadres = await ask(backend, 'cadres.list', {});
  await expect(page.getByText(`显示 ${cadres.length} / 共 ${cadres.length} 名干部`)).toBeVisible();
});
