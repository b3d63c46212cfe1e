// 导入 and 导出 through the window, as a clerk does it: a national-layout file is checked, its
// problems are listed by row and column, then imported (all, or only the error-free households),
// and the rows appear in the grid; a filtered grid is exported and the .xlsx read back.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { HouseholdRow } from '../../shared/contract';
import { HOUSEHOLD_FIELDS } from '../../shared/fields';
import { todayIso } from '../../shared/domain/dates';
import { ask, askRows, cell, expect, householdsGrid, openDemo, statusBar, test, loadedText } from './fixtures';
import { DECLARED_INCOME, idMaker, withBadCheckDigit, writeRegistryFile } from './registryFiles';
import type { Page } from '@playwright/test';

async function openImportTab(page: Page) {
  await openDemo(page);
  await expect(statusBar(page)).toContainText('合计 1097 户 / 2469 人');
  await page.getByRole('tab', { name: '导入' }).click();
}

async function findHousehold(page: Page, text: string) {
  await page.getByRole('tab', { name: '贫困户' }).click();
  await page.getByLabel('快速搜索').fill(text);
}

test('j. a file with one bad check digit: the check lists it by row and column; only the error-free households are imported', async ({ app: page, backend, userDataDir }) => {
  await openImportTab(page);
  const id = await idMaker(backend);
  const file = await writeRegistryFile(userDataDir, '贫困人口_有错误.xlsx', [
    {
      hhCode: '4201159999990001',
      village: '试点新村',
      people: [
        { name: '甄试强', idNumber: id('1968-03-04'), relation: '户主' },
        { name: '柯试梅', idNumber: id('1970-07-08'), relation: '配偶' },
        { name: '甄试学', idNumber: id('1995-09-10'), relation: '之子' },
      ],
    },
    {
      hhCode: '4201159999990002',
      village: '光华村',
      people: [
        { name: '幸试林', idNumber: withBadCheckDigit(id('1960-01-02')), relation: '户主' },
        { name: '幸试芳', idNumber: id('1988-05-06'), relation: '之女' },
      ],
    },
  ]);

  await page.getByLabel('导入文件路径').fill(file);
  await page.getByRole('button', { name: '检查文件' }).click();

  const report = page.getByRole('region', { name: '检查结果' });
  // The check runs in a worker beside the demo's own background checks: on a loaded machine it can
  // take longer than an assertion's usual wait (this waits for it; it times nothing).
  await expect(report).toBeVisible({ timeout: 60_000 });
  await expect(report).toContainText('发现 1 条错误');
  await expect(report).toContainText('可导入 1 户 / 3 人');
  await expect(report).toContainText('另有 1 户有错误，不能导入');
  // The error: the 4th person is on Excel row 6 (title row 1, header row 2), column 身份证号码.
  const errors = report.getByRole('region', { name: '错误列表' });
  await expect(errors).toContainText('错误 1 条');
  const errorRow = errors.locator('tbody tr');
  await expect(errorRow).toHaveCount(1);
  await expect(errorRow.locator('td').nth(0)).toHaveText('贫困人口');
  await expect(errorRow.locator('td').nth(1)).toHaveText('6');
  await expect(errorRow.locator('td').nth(2)).toHaveText('身份证号码');
  await expect(errorRow.locator('td').nth(3)).toContainText('校验位错误');
  // The error list goes back to the village as a file: 导出…, the path typed as .xlsx.
  await errors.getByRole('button', { name: '导出…' }).click();
  const save = page.getByRole('dialog', { name: '导出导入错误清单' });
  const out = path.join(userDataDir, '错误清单.xlsx');
  await save.getByLabel('保存到').fill(out);
  await save.getByRole('button', { name: '导出' }).click();
  await expect(page.getByText(`已导出 1 行到 ${out}`)).toBeVisible();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  expect((wb.worksheets[0].getRow(2).values as unknown[]).slice(1)).toEqual(['工作表', '行号', '列', '问题']);
  expect((wb.worksheets[0].getRow(3).values as unknown[]).slice(1, 4)).toEqual(['贫困人口', 6, '身份证号码']);
  // The new village is a warning, in its own table.
  const warnings = report.getByRole('region', { name: '警告列表' });
  await expect(warnings).toContainText('试点新村');
  await expect(report.getByRole('button', { name: '有错误，不能全部导入' })).toBeDisabled();
  await page.screenshot({ path: '/tmp/fupin-import-check.png' });
  // Nothing was written by the check.
  await expect(statusBar(page)).toContainText('合计 1097 户 / 2469 人');

  await report.getByRole('button', { name: '只导入无错误的户（1 户）' }).click();
  const confirm = page.getByRole('dialog', { name: '只导入无错误的户' });
  await expect(confirm).toContainText('只导入没有错误的 1 户 3 人');
  await confirm.getByRole('button', { name: '只导入无错误的户' }).click();

  const result = page.getByRole('region', { name: '导入结果' });
  await expect(result).toContainText('已导入 1 户 3 人');
  await expect(result).toContainText('新建行政村 1 个');
  await expect(result).toContainText('有错误的 1 户未导入');
  await expect(statusBar(page)).toContainText('合计 1098 户 / 2472 人');
  await page.screenshot({ path: '/tmp/fupin-import-only-valid.png' });

  await findHousehold(page, '4201159999990001');
  const grid = householdsGrid(page);
  await expect(page.getByText('显示 1 户 / 共 1098 户')).toBeVisible();
  await expect(cell(grid, 0, 'headName')).toHaveText('甄试强');
  await expect(cell(grid, 0, 'villageName')).toHaveText('试点新村');
  await expect(cell(grid, 0, 'size')).toHaveText('3');
  await page.getByLabel('快速搜索').fill('4201159999990002');
  await expect(page.getByText('显示 0 户 / 共 1098 户')).toBeVisible();

  const stored = await askRows<HouseholdRow>(backend, 'households.list', {});
  expect(stored.filter((h) => h.hhCode === '4201159999990001')).toHaveLength(1);
  expect(stored.some((h) => h.hhCode === '4201159999990002')).toBe(false);
});

test('k. a clean file: the check finds no errors, 确认导入 writes it and the new head is found in the grid; the template can be saved', async ({ app: page, backend, userDataDir }) => {
  await openImportTab(page);
  const id = await idMaker(backend);
  const file = await writeRegistryFile(userDataDir, '贫困人口_无错误.xlsx', [
    {
      hhCode: '4201159999990101',
      village: '光华村',
      category: '低保贫困户',
      people: [
        { name: '禹试德', idNumber: id('1958-11-12'), relation: '户主' },
        { name: '禹试兰', idNumber: id('1990-02-03'), relation: '之女' },
      ],
    },
  ]);

  await page.getByLabel('导入文件路径').fill(file);
  await page.getByRole('button', { name: '检查文件' }).click();
  const report = page.getByRole('region', { name: '检查结果' });
  // The check runs in a worker beside the demo's own background checks: on a loaded machine it can
  // take longer than an assertion's usual wait (this waits for it; it times nothing).
  await expect(report).toBeVisible({ timeout: 60_000 });
  await expect(report).toContainText('检查结果：没有错误');
  await expect(report).toContainText('可导入 1 户 / 2 人');
  await expect(report).toContainText('贫困户：新增 1 户，更新 0 户，不变 0 户');
  await expect(report.getByRole('region', { name: '错误列表' })).toHaveCount(0);
  await page.screenshot({ path: '/tmp/fupin-import-clean.png' });

  await report.getByRole('button', { name: '确认导入（1 户 2 人）' }).click();
  await expect(page.getByRole('region', { name: '导入结果' })).toContainText('已导入 1 户 2 人');
  await expect(statusBar(page)).toContainText('合计 1098 户 / 2471 人');
  await expect(statusBar(page)).toContainText('低保贫困户 537 户 / 894 人');

  await findHousehold(page, '禹试德');
  const grid = householdsGrid(page);
  await expect(page.getByText('显示 1 户 / 共 1098 户')).toBeVisible();
  await expect(cell(grid, 0, 'hhCode')).toHaveText('4201159999990101');
  await expect(cell(grid, 0, 'category')).toHaveText('低保贫困户');

  // The household's history names the import that created it: the file, the time and the clerk.
  await cell(grid, 0, 'hhCode').click();
  await page.getByRole('button', { name: '修改记录', exact: true }).click();
  const history = page.getByRole('dialog', { name: '修改记录' });
  const created = history.getByRole('table', { name: '修改记录列表' }).locator('tbody tr').last();
  await expect(created).toContainText('新增');
  await expect(created).toContainText(new RegExp(`由导入新建：贫困人口_无错误\\.xlsx，${todayIso()} \\d{2}:\\d{2}:\\d{2}，e2e@playwright`));
  await page.screenshot({ path: '/tmp/fupin-history-imported.png' });
  await history.getByRole('button', { name: '关闭' }).click();

  // The template, saved beside the database under the proposed name.
  await page.getByRole('tab', { name: '导入' }).click();
  // The page remembers the last import while the clerk looked at another tab.
  await expect(page.getByRole('region', { name: '导入结果' })).toContainText('已导入 1 户 2 人');
  await page.getByRole('button', { name: '下载导入模板…' }).click();
  const dialog = page.getByRole('dialog', { name: '下载导入模板' });
  const templatePath = path.join(userDataDir, '扶贫台账导入模板.xlsx');
  await expect(dialog.getByLabel('保存到')).toHaveValue(templatePath);
  await dialog.getByRole('button', { name: '保存模板' }).click();
  await expect(page.getByText(`已保存导入模板到 ${templatePath}`)).toBeVisible();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(templatePath);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['贫困户', '家庭成员']);
});

test('l. while a big file is checked the window stays usable; 取消 stops it, nothing is written and the page says so', async ({ app: page, userDataDir }) => {
  // 300 000 people in one CSV (several seconds of work in main's worker).
  const header = '户编号,行政村,姓名,身份证号码,与户主关系,贫困户属性,脱贫状态\n';
  const lines: string[] = [];
  for (let i = 0; i < 300_000; i++) lines.push(`42011599${String(i).padStart(8, '0')},光华村,测试${i},42011519700101${String(i % 1000).padStart(3, '0')}1,户主,一般贫困户,未脱贫`);
  const file = path.join(userDataDir, '大文件.csv');
  fs.writeFileSync(file, header + lines.join('\n'));

  await openImportTab(page);
  await page.getByLabel('导入文件路径').fill(file);
  await page.getByRole('button', { name: '检查文件' }).click();
  const running = page.getByRole('region', { name: '进度' });
  await expect(running.getByRole('progressbar')).toBeVisible();
  await expect(running.getByRole('progressbar')).toContainText(/正在读取文件：已读 \d+ 行/);
  await page.screenshot({ path: '/tmp/fupin-import-progress.png' });
  // Meanwhile the clerk looks at the households: the grid loads and answers.
  await page.getByRole('tab', { name: '贫困户' }).click();
  await expect(page.getByText('显示 1097 户 / 共 1097 户')).toBeVisible();
  await page.getByLabel('快速搜索').fill('光华村');
  await expect(page.getByText(/^显示 \d+ 户 \/ 共 1097 户$/)).not.toHaveText('显示 1097 户 / 共 1097 户');
  // Back on 导入 the check is still going, and is cancelled.
  await page.getByRole('tab', { name: '导入' }).click();
  await expect(page.getByLabel('导入文件路径')).toHaveValue(file);
  await running.getByRole('button', { name: '取消' }).click();
  await expect(page.getByText('已取消，未写入任何数据。')).toBeVisible();
  await expect(running).toHaveCount(0);
  await expect(statusBar(page)).toContainText('合计 1097 户 / 2469 人');
});

test('m. 导出 Excel… from a filtered, sorted grid writes exactly the rows and columns shown', async ({ app: page, backend, userDataDir }) => {
  await openDemo(page);
  const grid = householdsGrid(page);
  await expect(page.getByText('显示 1097 户 / 共 1097 户')).toBeVisible();

  // A village, then a surname that leaves a handful of its households (all drawn on screen).
  const village = (await ask(backend, 'villages.list', {})).find((v) => v.name === '光华村')!;
  const inVillage = (await askRows<HouseholdRow>(backend, 'households.list', { villageId: village.id }));
  const bySurname = new Map<string, number>();
  for (const h of inVillage) bySurname.set(h.headName![0], (bySurname.get(h.headName![0]) ?? 0) + 1);
  const surname = [...bySurname].filter(([, n]) => n >= 3 && n <= 8).sort((a, b) => b[1] - a[1])[0]?.[0];
  expect(surname, '光华村应有一个3至8户的姓').toBeDefined();

  await page.getByLabel('行政村', { exact: true }).selectOption({ label: '光华村' });
  await expect(page.getByText(`显示 ${inVillage.length} 户 / 共 ${inVillage.length} 户`)).toBeVisible();
  await page.getByLabel('快速搜索').fill(surname!);
  await expect(page.getByText(new RegExp(`^显示 \\d+ 户 / 共 ${inVillage.length} 户$`))).not.toHaveText(`显示 ${inVillage.length} 户 / 共 ${inVillage.length} 户`);
  const shownText = (await page.getByText(new RegExp(`^显示 \\d+ 户 / 共 ${inVillage.length} 户$`)).textContent())!;
  const shown = Number(/显示 (\d+) 户/.exec(shownText)![1]);
  expect(shown).toBeGreaterThanOrEqual(3);
  expect(shown, '所有显示的行都应画在屏幕上').toBeLessThanOrEqual(15);
  // Sorted by 户编号, descending (two clicks on the header).
  const header = grid.locator('.ag-header-cell[col-id="hhCode"] .ag-header-cell-label');
  await header.click();
  await header.click();
  await expect(grid.getByRole('columnheader', { name: '户编号' })).toHaveAttribute('aria-sort', 'descending');

  const onScreen: string[] = [];
  for (let i = 0; i < shown; i++) onScreen.push(await loadedText(cell(grid, i, 'hhCode')));
  expect([...onScreen].sort().reverse()).toEqual(onScreen);

  await page.getByRole('button', { name: '导出 Excel…' }).click();
  const dialog = page.getByRole('dialog', { name: '导出贫困户' });
  await expect(dialog).toContainText(`将导出表格当前显示的 ${shown} 行`);
  const field = dialog.getByLabel('保存到');
  await expect(field).toHaveValue(new RegExp(`^${userDataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/贫困户_\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
  const out = (await field.inputValue()).trim();
  await page.screenshot({ path: '/tmp/fupin-export-dialog.png' });
  await dialog.getByRole('button', { name: '导出' }).click();
  await expect(page.getByText(`已导出 ${shown} 行到 ${out}`)).toBeVisible();

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const ws = wb.worksheets[0];
  expect(String(ws.getRow(1).getCell(1).value)).toMatch(/^精准扶贫台账 · 贫困户 · 导出于 \d{4}-\d{2}-\d{2}$/);
  // Headers: the grid's columns as displayed — the pinned ones first, then the rest in order.
  const pinned = ['hhCode', 'headName'];
  const label = (key: string) => HOUSEHOLD_FIELDS.find((f) => f.key === key)!.label;
  const basic = HOUSEHOLD_FIELDS.filter((f) => f.group === 'basic' && !pinned.includes(f.key) && f.key !== 'note');
  const living = HOUSEHOLD_FIELDS.filter((f) => f.group === 'living');
  const expectedHeaders: string[] = [...pinned.map(label), ...basic.map((f) => f.label), ...living.map((f) => f.label), label('note')];
  const headerRow = ws.getRow(2).values as unknown[];
  expect(headerRow.slice(1)).toEqual(expectedHeaders);
  // The first headers are the ones on screen, in the same order.
  const screenHeaders = await grid.locator('.ag-header-row-column .ag-header-cell-text').allTextContents();
  expect(expectedHeaders.slice(0, 4)).toEqual(screenHeaders.slice(0, 4).map((t) => t.trim()));

  // Exactly the rows shown, in the order shown; ID numbers as text, equal to what main stores.
  expect(ws.actualRowCount).toBe(2 + shown);
  const col = (name: string) => expectedHeaders.indexOf(name) + 1;
  const byCode = new Map(inVillage.map((h) => [h.hhCode!, h]));
  for (let i = 0; i < shown; i++) {
    const row = ws.getRow(3 + i);
    const hhCode = row.getCell(col('户编号')).value;
    expect(hhCode).toBe(onScreen[i]);
    const idCell = row.getCell(col('户主证件号码')).value;
    expect(typeof idCell).toBe('string');
    expect(idCell).toBe(byCode.get(onScreen[i])!.headIdNumber);
    expect(row.getCell(col('行政村')).value).toBe('光华村');
    expect(row.getCell(col('户主姓名')).value).toBe(byCode.get(onScreen[i])!.headName);
  }
});

test('n. 年人均纯收入 “三千元”: the check lists it at its row and column, and the household is not imported', async ({ app: page, backend, userDataDir }) => {
  await openImportTab(page);
  const id = await idMaker(backend);
  const file = await writeRegistryFile(userDataDir, '贫困人口_人均收入有误.xlsx', [
    {
      hhCode: '4201159999990201',
      village: '光华村',
      declaredIncome: '3000',
      people: [
        { name: '庞试东', idNumber: id('1962-04-05'), relation: '户主' },
        { name: '庞试霞', idNumber: id('1964-06-07'), relation: '配偶' },
      ],
    },
    { hhCode: '4201159999990202', village: '光华村', declaredIncome: '三千元', people: [{ name: '卢试根', idNumber: id('1950-08-09'), relation: '户主' }] },
  ]);

  await page.getByLabel('导入文件路径').fill(file);
  await page.getByRole('button', { name: '检查文件' }).click();
  const report = page.getByRole('region', { name: '检查结果' });
  // The check runs in a worker beside the demo's own background checks: on a loaded machine it can
  // take longer than an assertion's usual wait (this waits for it; it times nothing).
  await expect(report).toBeVisible({ timeout: 60_000 });
  await expect(report).toContainText('发现 1 条错误');
  await expect(report).toContainText('可导入 1 户 / 2 人');
  // The third person is on Excel row 5 (title row 1, header row 2), under 年人均纯收入（元）.
  const errorRow = report.getByRole('region', { name: '错误列表' }).locator('tbody tr');
  await expect(errorRow).toHaveCount(1);
  await expect(errorRow.locator('td').nth(0)).toHaveText('贫困人口');
  await expect(errorRow.locator('td').nth(1)).toHaveText('5');
  await expect(errorRow.locator('td').nth(2)).toHaveText(DECLARED_INCOME);
  await expect(errorRow.locator('td').nth(3)).toContainText('金额“三千元”不是有效的数字');
  await expect(errorRow.locator('td').nth(3)).toContainText('年人均纯收入应填以元为单位的数字');
  await expect(report.getByRole('button', { name: '有错误，不能全部导入' })).toBeDisabled();
  await page.screenshot({ path: '/tmp/fupin-import-declared-error.png' });
  // The check wrote nothing.
  await expect(statusBar(page)).toContainText('合计 1097 户 / 2469 人');
  const stored = await askRows<HouseholdRow>(backend, 'households.list', {});
  expect(stored.some((h) => h.hhCode?.startsWith('42011599999902'))).toBe(false);
});

test('o. the clerk types the income year: the check and the import book the incomes to it, and the report says so', async ({ app: page, backend, userDataDir }) => {
  await openImportTab(page);
  const lastYear = new Date().getFullYear() - 1;
  const yearField = page.getByLabel('收入年度', { exact: true });
  // Empty by default: the hint names the year used then, the one before the current.
  await expect(yearField).toHaveValue('');
  await expect(page.getByText(`留空则按上一年（${lastYear} 年）导入`)).toBeVisible();

  const id = await idMaker(backend);
  const file = await writeRegistryFile(
    userDataDir,
    '贫困人口_无收入年度.xlsx',
    [{ hhCode: '4201159999990301', village: '光华村', declaredIncome: '3200.50', people: [{ name: '温试平', idNumber: id('1966-10-11'), relation: '户主' }] }],
    { incomeYear: false },
  );
  await page.getByLabel('导入文件路径').fill(file);

  // Not a year: said at once, and the check cannot start.
  await yearField.fill('一六年');
  await expect(page.getByRole('alert').filter({ hasText: '收入年度应为2000至2100年之间的四位年份' })).toBeVisible();
  await expect(page.getByRole('button', { name: '检查文件' })).toBeDisabled();

  await yearField.fill('2016');
  await page.getByRole('button', { name: '检查文件' }).click();
  const report = page.getByRole('region', { name: '检查结果' });
  // The check runs in a worker beside the demo's own background checks: on a loaded machine it can
  // take longer than an assertion's usual wait (this waits for it; it times nothing).
  await expect(report).toBeVisible({ timeout: 60_000 });
  await expect(report).toContainText('检查结果：没有错误');
  await expect(report).toContainText('收入年度：2016 年（导入时填写的年度）');
  await expect(report.getByRole('region', { name: '警告列表' })).toContainText('文件中没有“收入年度”列，1 户的收入按 2016 年导入（导入时指定的年度）');
  await page.screenshot({ path: '/tmp/fupin-import-year.png' });

  // Another year is another check: the report of 2016 goes.
  await yearField.fill('2017');
  await expect(report).toHaveCount(0);
  await yearField.fill('2016');
  await page.getByRole('button', { name: '检查文件' }).click();
  await report.getByRole('button', { name: '确认导入（1 户 1 人）' }).click();
  const result = page.getByRole('region', { name: '导入结果' });
  await expect(result).toContainText('已导入 1 户 1 人');
  await expect(result).toContainText('收入年度：2016 年（导入时填写的年度）');
  await expect(statusBar(page)).toContainText('合计 1098 户 / 2470 人');

  const income = backend.session
    .requireStore()
    .sqlite.prepare('SELECT i.year, i.declaredPerCapita, i.wage FROM incomes i JOIN households h ON h.id = i.householdId WHERE h.hhCode = ?')
    .all('4201159999990301');
  expect(income).toEqual([{ year: 2016, declaredPerCapita: 320050, wage: 120050 }]);
});
