// 收入 on the demo registry, at the office laptop's 1366×768: a clerk types a component in yuan
// (a negative figure and a non-amount refused first, with the reason where it was typed), sees the
// computed 年人均纯收入 follow, types a declared figure that differs and sees the gap in red, and
// finds the household listed on 数据质量. Through the real router and encrypted database.
import type { Page } from '@playwright/test';
import type { IncomeGridRow } from '../../shared/contract';
import { INCOME_COMPONENT_KEYS, perCapitaNetFen, type IncomeComponents } from '../../shared/domain/income';
import { formatYuan } from '../../shared/domain/money';
import type { Backend } from '../../main/dev/bridge';
import { ask, cell, editCell, expect, loadedText, openDemo, statusBar, test } from './fixtures';

test.use({ viewport: { width: 1366, height: 768 } });

async function incomeRow(backend: Backend, hhCode: string): Promise<IncomeGridRow> {
  const { json } = await ask(backend, 'incomes.list', { year: 2015 });
  return (JSON.parse(json) as IncomeGridRow[]).find((r) => r.hhCode === hhCode)!;
}

function errorToast(page: Page, text: string) {
  return page.locator('.toasts').getByRole('alert').filter({ hasText: text });
}

const yuan = (fen: number) => formatYuan(fen, { unit: false });

test('收入: a component typed in yuan moves the computed per-capita income; a declared figure that differs shows the gap and a 数据质量 finding', async ({ app: page, backend }) => {
  await openDemo(page);
  await expect(statusBar(page)).toContainText('合计 1097 户 / 2469 人');
  await page.getByRole('tab', { name: '收入' }).click();
  await expect(page.getByLabel('收入年度')).toHaveValue('2015');
  await expect(page.getByRole('note')).toContainText('（工资性+生产经营性+财产性+转移性−生产经营性支出）÷ 家庭人口');
  await expect(page.getByRole('note')).toContainText('相差超过 1.00 元');
  const grid = page.getByRole('region', { name: '收入列表' });
  await expect(page.getByText('显示 1097 / 共 1097 户，已填收入 1097 户')).toBeVisible();
  await page.screenshot({ path: '/tmp/fupin-incomes-1366.png' });

  const hhCode = await loadedText(cell(grid, 0, 'hhCode'));
  const before = await incomeRow(backend, hhCode);
  expect(before.incomeId).not.toBeNull();
  await expect(cell(grid, 0, 'wage')).toHaveText(yuan(before.wage!));
  await expect(cell(grid, 0, 'computedPerCapita')).toHaveText(yuan(before.computedPerCapita!));

  // A negative figure: main refuses it; the cell keeps the stored value, marked, and says why.
  const wage = cell(grid, 0, 'wage');
  await editCell(page, wage, '-5');
  await expect(errorToast(page, '修改未保存。工资性收入不能为负数')).toBeVisible();
  await expect(wage).toHaveClass(/cell-refused/);
  await expect(wage).toHaveText(yuan(before.wage!));
  // Text that is no amount never leaves the page.
  await editCell(page, wage, '一万二');
  await expect(errorToast(page, '修改未保存（工资性收入）：金额“一万二”不是有效的数字')).toBeVisible();
  expect((await incomeRow(backend, hhCode)).wage).toBe(before.wage);

  // 12,345.60 yuan as a clerk types it: stored in fen, the per-capita figure computed anew.
  await editCell(page, wage, '12,345.6');
  const components = Object.fromEntries(INCOME_COMPONENT_KEYS.map((k) => [k, before[k] ?? 0])) as IncomeComponents;
  const computed = perCapitaNetFen({ ...components, wage: 1_234_560 }, before.size)!;
  await expect(wage).toHaveText('12,345.60');
  await expect(wage).not.toHaveClass(/cell-refused/);
  await expect(cell(grid, 0, 'computedPerCapita')).toHaveText(yuan(computed));
  expect(await incomeRow(backend, hhCode)).toMatchObject({ wage: 1_234_560, computedPerCapita: computed, gapFen: null });

  // The declared figure, typed straight into the cell: 543.22 yuan above the computed one.
  const declared = computed + 54_322;
  await cell(grid, 0, 'declaredPerCapita').click();
  await page.keyboard.type(yuan(declared).replace(/,/g, ''));
  await page.keyboard.press('Enter');
  await expect(cell(grid, 0, 'declaredPerCapita')).toHaveText(yuan(declared));
  const gap = cell(grid, 0, 'gap');
  await expect(gap).toHaveText('543.22');
  await expect(gap).toHaveClass(/cell-gap-finding/);
  await expect(page.getByText('申报与计算不符 1 户')).toBeVisible();
  await page.screenshot({ path: '/tmp/fupin-incomes-gap-1366.png' });

  // 数据质量 lists it, naming the household.
  await page.getByRole('tab', { name: '数据质量' }).click();
  await page.getByRole('button', { name: '开始检查' }).click();
  const section = page.getByRole('region', { name: '申报年人均纯收入与计算不符（2015年）' });
  await expect(section).toContainText('1 条');
  await expect(section).toContainText(`申报年人均纯收入 ${formatYuan(declared)}，按收入构成计算为 ${formatYuan(computed)}（相差 543.22 元）`);
  await expect(section.getByRole('button', { name: new RegExp(`^户编号 ${hhCode}（户主 `) })).toBeVisible();
  await page.screenshot({ path: '/tmp/fupin-incomes-quality-1366.png' });
});
