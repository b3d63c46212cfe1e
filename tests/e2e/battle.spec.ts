// 挂图作战 on the demo, as a clerk uses it: the key figures and four charts with their titles, a chart
// saved as a PNG file (written by main after checking it), and a click on a village of the board
// opening that village's households. Screenshots at the office laptop's 1366×768 and at 1920×1080.
// Everyone in the demo is fictitious (虚构演示数据).
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { ask, expect, openDemo, test } from './fixtures';
import { strikeOffSome } from './battleData';

const TITLES = ['村级脱贫作战图（计划与销号）', '累计脱贫人数与计划目标（按月）', '各驻村工作队脱贫进度', '未脱贫户主要致贫原因'];

async function openBattle(page: Page): Promise<void> {
  await openDemo(page);
  await page.getByRole('tab', { name: '挂图作战' }).click();
  await expect(page.getByRole('region', { name: '关键指标' })).toBeVisible();
}

/** Scrolls the page so that a chart's card starts at the top (for the screenshots). */
async function scrollToTop(page: Page, title: string): Promise<void> {
  await page.getByRole('region', { name: title }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
}

/** A chart has drawn when its canvas has pixels that are not all one colour. */
async function expectDrawn(chart: Locator): Promise<void> {
  await expect
    .poll(() =>
      chart.locator('canvas').first().evaluate((c: HTMLCanvasElement) => {
        const ctx = c.getContext('2d');
        if (!ctx || c.width === 0) return 0;
        const data = ctx.getImageData(0, 0, c.width, c.height).data;
        const seen = new Set<number>();
        for (let i = 0; i < data.length && seen.size < 20; i += 4 * 97) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        return seen.size;
      }),
    )
    .toBeGreaterThan(3);
}

test.describe('挂图作战', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('four charts with titles; saving one writes a PNG; a village on the board opens its households', async ({ app: page, backend, userDataDir }) => {
    await openBattle(page);
    const o = (await ask(backend, 'battle.overview', {}))!;
    const figures = page.getByRole('region', { name: '关键指标' });
    await expect(figures.getByRole('group', { name: '剩余贫困人口' })).toContainText(o.figures.remaining.people.toLocaleString('zh-CN'));
    await expect(figures.getByRole('group', { name: '已出列村' })).toContainText(`${o.figures.exitedVillages}/21`);
    await expect(figures.getByRole('group', { name: '倒计时' })).toContainText(o.countdown.daysLeft === null ? '已结束' : `还剩${o.countdown.daysLeft}天`);
    await expect(page.getByRole('group', { name: '2016年度任务' })).toContainText(`目标 ${o.years[0].quotaPeople.toLocaleString('zh-CN')} 人`);
    await expect(page.getByRole('group', { name: '2016年度任务' }).locator('[data-figure="planned"]')).toHaveText(`计划 ${o.years[0].planned.people.toLocaleString('zh-CN')} 人`);
    await expectDrawn(page.getByRole('region', { name: TITLES[0] }));
    await page.screenshot({ path: '/tmp/fupin-battle-1366.png' });
    for (const title of TITLES) {
      const card = page.getByRole('region', { name: title });
      await card.scrollIntoViewIfNeeded();
      await expect(card.getByRole('img', { name: title })).toBeVisible();
      await expectDrawn(card);
    }
    await scrollToTop(page, TITLES[1]);
    await page.screenshot({ path: '/tmp/fupin-battle-1366-charts.png' });
    await scrollToTop(page, TITLES[2]);
    await page.screenshot({ path: '/tmp/fupin-battle-1366-teams.png' });

    // 保存图片: main writes the PNG where the clerk says.
    const curve = page.getByRole('region', { name: TITLES[1] });
    await curve.getByRole('button', { name: '保存图片' }).click();
    const dialog = page.getByRole('dialog', { name: '保存图片' });
    const field = dialog.getByLabel('保存为（PNG 图片）');
    await expect(field).toHaveValue(/累计脱贫人数与计划目标按月-\d{4}-\d{2}-\d{2}\.png$/);
    const file = path.join(userDataDir, '累计曲线.png');
    await field.fill(file);
    await page.screenshot({ path: '/tmp/fupin-battle-1366-save.png' });
    await dialog.getByRole('button', { name: '保存', exact: true }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText(`图片已保存：${file}`)).toBeVisible();
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(bytes.length).toBeGreaterThan(10_000);
    fs.copyFileSync(file, '/tmp/fupin-battle-saved-curve.png');
    // Saved again to the same name: asked first, replaced only on 覆盖.
    await curve.getByRole('button', { name: '保存图片' }).click();
    await dialog.getByLabel('保存为（PNG 图片）').fill(file);
    await dialog.getByRole('button', { name: '保存', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: '文件已存在' });
    await expect(confirm).toBeVisible();
    await confirm.getByRole('button', { name: '覆盖' }).click();
    await expect(confirm).toHaveCount(0);

    // A click on the board's first village (its name column) opens its households.
    const first = o.villages[0];
    const board = page.getByRole('region', { name: TITLES[0] }).getByRole('img', { name: TITLES[0] });
    await board.scrollIntoViewIfNeeded();
    const box = (await board.boundingBox())!;
    // The board's grid starts 88 px down and spans the rest; five equal columns.
    const rowHeight = (box.height - 88 - 6) / o.villages.length;
    await board.click({ position: { x: box.width / 10, y: 88 + rowHeight / 2 } });
    await expect(page.getByRole('tab', { name: '贫困户' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByLabel('行政村', { exact: true })).toHaveValue(first.id);
    await expect(page.getByText(`显示 ${first.total.households} 户 / 共 ${first.total.households} 户`)).toBeVisible();
  });

  test('households struck off and a village 出列 show on the board, the curve and the figures, live', async ({ app: page, backend }) => {
    await openBattle(page);
    const o = (await ask(backend, 'battle.overview', {}))!;
    const struck = strikeOffSome(backend);
    const figures = page.getByRole('region', { name: '关键指标' });
    await expect(figures.getByRole('group', { name: '已出列村' })).toContainText('1/21');
    await expect(figures.getByRole('group', { name: '已脱贫户' })).toContainText(String(struck.households));
    await expect(page.getByRole('group', { name: '2016年度任务' })).toContainText(`出列 1/${o.years[0].plannedVillages} 村`);
    await expectDrawn(page.getByRole('region', { name: TITLES[0] }));
    await page.waitForTimeout(500);
    await page.screenshot({ path: '/tmp/fupin-battle-1366-exits.png' });
    await scrollToTop(page, TITLES[1]);
    await page.waitForTimeout(500);
    await page.screenshot({ path: '/tmp/fupin-battle-1366-exits-charts.png' });
  });

  test('at 1920×1080 the page and its charts fit', async ({ app: page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openBattle(page);
    for (const title of TITLES) await expectDrawn(page.getByRole('region', { name: title }));
    await page.screenshot({ path: '/tmp/fupin-battle-1920.png' });
    await scrollToTop(page, TITLES[1]);
    await page.screenshot({ path: '/tmp/fupin-battle-1920-charts.png' });
    await scrollToTop(page, TITLES[2]);
    await page.screenshot({ path: '/tmp/fupin-battle-1920-teams.png' });
  });
});
