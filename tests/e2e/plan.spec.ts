// 脱贫计划 on the demo, as a clerk uses it: the quotas and the live check (the demo's plan meets
// them), three households moved to 2016 in bulk from the households grid (计划年度…) break the
// quotas and the village rule, 自动编排 proposes a plan as a difference, and applying it makes the
// check pass again; the figures per year are saved in yuan, and a bad one is refused with its place.
// Screenshots at the office laptop's 1366×768 and at 1920×1080.
import type { Page } from '@playwright/test';
import { ask, askRows, cell, expect, householdsGrid, loadedText, openDemo, test } from './fixtures';

function shot(page: Page, name: string) {
  return page.screenshot({ path: `/tmp/fupin-plan-${name}.png`, fullPage: false });
}

const checkTable = (page: Page) => page.getByRole('table', { name: '当前计划与任务对照' });

test.describe('脱贫计划', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('bulk-set years break the quotas; 自动编排 proposes a difference and applying it meets every quota', async ({ app: page, backend }) => {
    await openDemo(page);
    await page.getByRole('tab', { name: '脱贫计划' }).click();
    const table = checkTable(page);
    await expect(table.getByRole('row', { name: /2016年 741 741 ✓/ })).toBeVisible();
    await expect(table.getByRole('row', { name: /2017年 1234 1234 ✓/ })).toBeVisible();
    await expect(table.getByRole('row', { name: /2018年 494 494 ✓/ })).toBeVisible();
    await expect(page.getByText('当前计划恰好满足各年度任务，村出列年度均不早于其贫困户。')).toBeVisible();
    await expect(page.getByText(/取整规则：.*最大余数法/)).toBeVisible();
    await shot(page, 'ok-1366');

    // Three households of a village that exits last, moved to 2016 from the households grid.
    const late = (await ask(backend, 'villages.list', {})).find((v) => v.plannedExitYear === 2018)!;
    await page.getByRole('tab', { name: '贫困户' }).click();
    const grid = householdsGrid(page);
    await page.getByLabel('行政村', { exact: true }).selectOption({ label: late.name });
    const codes = [await loadedText(cell(grid, 0, 'hhCode')), await loadedText(cell(grid, 1, 'hhCode')), await loadedText(cell(grid, 2, 'hhCode'))];
    const yearsOf = async () => {
      const rows = await askRows<{ hhCode: string; plannedExitYear: number | null }>(backend, 'households.list', { villageId: late.id });
      return codes.map((c) => rows.find((r) => r.hhCode === c)?.plannedExitYear);
    };
    // Easy households of a late village may already plan earlier years; at least one moves.
    expect((await yearsOf()).some((y) => y !== 2016)).toBe(true);
    await cell(grid, 0, 'hhCode').click();
    await cell(grid, 2, 'hhCode').click({ modifiers: ['Shift'] });
    await page.getByRole('button', { name: '计划年度…' }).click();
    const dialog = page.getByRole('dialog', { name: '设置计划脱贫年度' });
    await expect(dialog.getByText(/已选 3 户/)).toBeVisible();
    await dialog.getByLabel('计划脱贫年度').selectOption('2016');
    await shot(page, 'bulk-year-1366');
    await dialog.getByRole('button', { name: '设置', exact: true }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText(/已把 3 户的计划脱贫年度设为 2016 年/)).toBeVisible();
    expect(await yearsOf()).toEqual([2016, 2016, 2016]);

    await page.getByRole('tab', { name: '脱贫计划' }).click();
    await expect(table.getByRole('row', { name: /^2016年 7\d\d 741 多 \d+/ })).toBeVisible();
    await expect(page.getByText('当前计划尚未满足任务：见标红的项。')).toBeVisible();
    // The village itself plans a later 出列 than its households now do: that is allowed; but
    // the quotas are broken until the plan is redone.
    await page.getByRole('button', { name: '自动编排…' }).click();
    const proposal = page.getByRole('region', { name: '编排方案' });
    await expect(proposal.getByText(/方案调整 \d+ 户（\d+ 人）、\d+ 个村的计划年度。/)).toBeVisible();
    const after = proposal.getByRole('table', { name: '方案与任务对照' });
    await expect(after.getByRole('row', { name: /2016年 741 741 ✓/ })).toBeVisible();
    await expect(proposal.getByText('方案恰好满足各年度任务，村出列年度均不早于其贫困户。')).toBeVisible();
    await expect(proposal.getByRole('table', { name: '调整的贫困户' }).getByRole('row')).not.toHaveCount(1);
    await shot(page, 'proposal-1366');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot(page, 'proposal-1920');
    await page.setViewportSize({ width: 1366, height: 768 });

    await proposal.getByRole('button', { name: '应用此方案…' }).click();
    const confirm = page.getByRole('dialog', { name: '应用编排方案' });
    await confirm.getByRole('button', { name: '应用', exact: true }).click();
    await expect(confirm).toHaveCount(0);
    await expect(page.getByText(/已应用编排方案：调整 \d+ 户/)).toBeVisible();
    await expect(page.getByText('当前计划恰好满足各年度任务，村出列年度均不早于其贫困户。')).toBeVisible();
    await expect(table.getByRole('row', { name: /2016年 741 741 ✓/ })).toBeVisible();
    // The battle map's board shows every year's plan meeting its quota.
    await page.getByRole('tab', { name: '挂图作战' }).click();
    for (const [year, people] of [
      [2016, '741'],
      [2017, '1,234'],
      [2018, '494'],
    ] as const) {
      const card = page.getByRole('group', { name: `${year}年度任务` });
      await expect(card.locator('[data-figure="planned"]')).toHaveText(`计划 ${people} 人`);
      await expect(card.locator('[data-figure="planned"]')).not.toHaveClass(/year-task-off/);
    }
    await shot(page, 'battle-after-apply-1366');
    const overview = await ask(backend, 'plan.overview', {});
    expect(overview.check.ok).toBe(true);
    expect(overview.check.years.map((y) => [y.people.planned, y.villages.planned])).toEqual([
      [741, 6],
      [1234, 9],
      [494, 6],
    ]);
  });

  test('the figures per year are saved in yuan; a bad figure is refused with its year and field', async ({ app: page, backend }) => {
    await openDemo(page);
    await page.getByRole('tab', { name: '脱贫计划' }).click();
    const line = page.getByLabel('2016年扶贫标准');
    await expect(line).toHaveValue('3100.00');
    await line.fill('三千二');
    await page.getByRole('button', { name: '保存标准' }).click();
    await expect(page.getByRole('alert')).toHaveText(/2016年的扶贫标准：金额“三千二”不是有效的数字/);
    await line.fill('3,200');
    await page.getByRole('button', { name: '保存标准' }).click();
    await expect(page.getByText('年度标准已保存。')).toBeVisible();
    expect((await ask(backend, 'plan.overview', {})).campaign.years.find((y) => y.year === 2016)?.povertyLineFen).toBe(320000);
    // A year after the campaign (a late 销号 is judged on its own year's line) is added and saved.
    await page.getByLabel('添加年度').fill('2019');
    await page.getByRole('button', { name: '添加', exact: true }).click();
    await page.getByLabel('2019年扶贫标准').fill('3700');
    await page.getByRole('button', { name: '保存标准' }).click();
    await expect.poll(async () => (await ask(backend, 'plan.overview', {})).campaign.years.find((y) => y.year === 2019)?.povertyLineFen).toBe(370000);
    await expect(page.getByLabel('2019年扶贫标准')).toHaveValue('3700.00');

    const percent = page.getByLabel('2016年脱贫人口比例');
    await percent.fill('40');
    await page.getByRole('button', { name: '保存比例' }).click();
    await expect(page.getByRole('alert')).toHaveText(/脱贫人口各年度比例之和应为100%/);
    await page.getByLabel('2017年脱贫人口比例').fill('40');
    await page.getByRole('button', { name: '保存比例' }).click();
    await expect(page.getByText('任务比例已保存。')).toBeVisible();
    // 2469 × 40 % = 987.6 → 988 (largest remainder), and the check follows at once.
    await expect(page.getByRole('table', { name: '各年度任务比例' }).getByRole('row', { name: /2016年/ })).toContainText('988');
    await expect(checkTable(page).getByRole('row', { name: /^2016年 741 988 少 247/ })).toBeVisible();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot(page, 'settings-1920');
  });
});
