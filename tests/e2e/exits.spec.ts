// 销号 and 出列 on the demo, as a clerk does them: the criteria of the chosen day with what each
// misses; a 销号 refused without a reason while any fails, then made with one; undone only with a
// reason; a village's facts entered, its criteria shown, 出列 made and recorded. Screenshots at
// 1366×768 and 1920×1080.
import type { Page } from '@playwright/test';
import { ask, askRows, cell, expect, householdsGrid, loadedText, openDemo, test } from './fixtures';

function shot(page: Page, name: string) {
  return page.screenshot({ path: `/tmp/fupin-exits-${name}.png` });
}

test.describe('销号 and 出列', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('a household is struck off with a reason when a criterion fails, and the 销号 is undone only with a reason', async ({ app: page, backend }) => {
    await openDemo(page);
    const grid = householdsGrid(page);
    const hhCode = await loadedText(cell(grid, 0, 'hhCode'));
    await cell(grid, 0, 'hhCode').click();
    await page.getByRole('button', { name: '销号…' }).click();
    const dialog = page.getByRole('dialog', { name: new RegExp(`^销号：${hhCode}`) });
    await dialog.getByLabel('销号日期').fill('2016-12-20');
    const criteria = dialog.getByRole('list', { name: '脱贫标准' });
    await expect(criteria.getByRole('listitem')).toHaveCount(6);
    await expect(criteria).toContainText('2016年扶贫标准 3,100.00 元');
    await expect(criteria).toContainText('按 2015 年收入');
    await shot(page, 'household-1366');

    await dialog.getByLabel('审核人').fill('王审核');
    await dialog.getByLabel('佐证与说明').fill('村民代表评议通过，公示7天无异议');
    const failing = await criteria.locator('.criterion-missing').count();
    if (failing > 0) {
      await dialog.getByRole('button', { name: '未达标仍销号' }).click();
      await expect(dialog.getByRole('alert')).toHaveText(/该户尚未达到标准：.*如确需办理，请填写理由/);
      await dialog.getByLabel('未达标仍销号的理由').fill('低保兜底，经区扶贫办审核同意');
      await dialog.getByRole('button', { name: '未达标仍销号' }).click();
    } else {
      await dialog.getByRole('button', { name: '销号', exact: true }).click();
    }
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText(`已销号：${hhCode}（2016-12-20）`)).toBeVisible();
    const row = async () => (await askRows<{ hhCode: string; exitStatus: string; exitedOn: string | null }>(backend, 'households.list', {})).find((h) => h.hhCode === hhCode)!;
    expect(await row()).toMatchObject({ exitStatus: 'exited_supported', exitedOn: '2016-12-20' });

    // Undoing needs a reason.
    await page.getByRole('button', { name: '销号…' }).click();
    const again = page.getByRole('dialog', { name: new RegExp(`^销号：${hhCode}`) });
    await expect(again.getByText('（2016-12-20 销号）')).toBeVisible();
    await expect(again.getByRole('table', { name: '销号记录' })).toContainText('王审核');
    await again.getByRole('button', { name: '撤销销号' }).click();
    await expect(again.getByRole('alert')).toHaveText(/请填写撤销原因/);
    await again.getByLabel('原因').fill('收入核算有误，待复核');
    await again.getByRole('button', { name: '撤销销号' }).click();
    await expect(again).toHaveCount(0);
    expect(await row()).toMatchObject({ exitStatus: 'not_exited', exitedOn: null });
  });

  test('a village’s facts are entered, its criteria shown, and its 出列 recorded', async ({ app: page, backend }) => {
    await openDemo(page);
    await page.getByRole('tab', { name: '行政村' }).click();
    const villages = page.getByRole('region', { name: '行政村列表' });
    await loadedText(cell(villages, 0, 'name'));
    const name = await loadedText(cell(villages, 0, 'name'));
    await cell(villages, 0, 'name').click();
    await page.getByRole('button', { name: '出列…' }).click();
    const dialog = page.getByRole('dialog', { name: `出列：${name}` });
    await dialog.getByLabel('出列日期').fill('2016-12-28');
    await dialog.getByLabel('村人均可支配收入（元）').fill('9,500');
    await dialog.getByLabel('村集体经济收入（元）').fill('12万');
    await dialog.getByRole('button', { name: '保存村情况' }).click();
    await expect(dialog.getByRole('alert')).toHaveText(/村集体经济收入：金额“12万”不是有效的数字/);
    await dialog.getByLabel('村集体经济收入（元）').fill('120000');
    for (const label of ['有主导产业', '有集体经济收入', '有村级综合服务中心']) await dialog.getByLabel(label).check();
    await dialog.getByRole('button', { name: '保存村情况' }).click();
    await expect(page.getByText('村情况已保存')).toBeVisible();
    const criteria = dialog.getByRole('list', { name: '出列标准' });
    await expect(criteria.locator('.criterion-ok')).toContainText(['村人均可支配收入达到全省的70%', '村集体经济收入达到10万元']);
    await expect(criteria).toContainText('还缺：小学、卫生室和文化室、通村硬化路');
    await expect(criteria).toContainText(/还有 \d+ 户未脱贫/);
    await shot(page, 'village-1366');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot(page, 'village-1920');

    await dialog.getByLabel('审核人').fill('李验收');
    await dialog.getByLabel('佐证与说明').fill('区级验收');
    await dialog.getByLabel('未达标仍出列的理由').fill('演示：测试未达标出列的记录');
    await dialog.getByRole('button', { name: '未达标仍出列' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText(`${name}已出列（2016-12-28）`)).toBeVisible();
    const village = (await ask(backend, 'villages.list', {})).find((v) => v.name === name)!;
    expect(village.exitedOn).toBe('2016-12-28');
    const view = await ask(backend, 'exits.village', { villageId: village.id });
    expect(view.events).toEqual([expect.objectContaining({ kind: 'exit', reviewer: '李验收', overrideReason: '演示：测试未达标出列的记录' })]);
  });
});
