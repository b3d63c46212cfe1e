// The other screens: all people (search and edit in place), villages, teams, units and cadres.
import path from 'node:path';
import ExcelJS from 'exceljs';
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

test('单位与工作队: a list as shown (filtered) is exported to a file and printed', async ({ app: page, backend, userDataDir }) => {
  await openDemo(page);
  await page.getByRole('tab', { name: '单位与工作队' }).click();
  await page.getByRole('tab', { name: '帮扶单位' }).click();
  await expect(page.getByText('显示 66 / 共 66 个单位')).toBeVisible();
  const units = await ask(backend, 'units.list', {});
  const out = path.join(userDataDir, '帮扶单位.xlsx');
  await page.getByRole('button', { name: '导出…' }).click();
  const save = page.getByRole('dialog', { name: '导出帮扶单位' });
  await expect(save).toContainText('将导出 66 行');
  await save.getByLabel('保存到').fill(out);
  await save.getByRole('button', { name: '导出' }).click();
  await expect(page.getByText(`已导出 66 行到 ${out}`)).toBeVisible();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const ws = wb.worksheets[0];
  expect((ws.getRow(2).values as unknown[]).slice(1, 3)).toEqual(['单位', '类别']);
  expect(ws.actualRowCount).toBe(2 + 66);
  const names = new Set(units.map((u) => u.name));
  for (let r = 3; r <= 68; r++) expect(names.has(String(ws.getRow(r).getCell(1).value))).toBe(true);

  await page.evaluate(() => {
    window.print = () => {
      (window as unknown as { printed: string }).printed = document.querySelector('.print-area')?.textContent ?? '';
    };
  });
  await page.getByRole('button', { name: '打印' }).click();
  const printed = await page.evaluate(() => (window as unknown as { printed?: string }).printed ?? '');
  expect(printed).toContain('帮扶单位');
  expect(printed).toContain(units[0].name);
});
