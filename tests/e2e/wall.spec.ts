// The wall display (大屏) as a second window of kind 'wall' beside the clerk's: it waits calmly with
// no database, shows the key figures once one is open, follows a change made in the clerk's grid
// within 2 s (pushed data.changed, no polling), keeps showing and following changes while the
// clerk's window is locked, and asks for nothing but the aggregates. Screenshots at 1920×1080 and
// 3840×2160. Everyone in the demo is fictitious (虚构演示数据).
import type { Page } from '@playwright/test';
import { openApp } from '../../main/dev/bridge';
import { updateRow } from '../../main/db/write';
import { ask, cell, editCell, expect, householdsGrid, loadedText, openDemo, test } from './fixtures';
import { strikeOffSome } from './battleData';

const wallFigures = (wall: Page) => wall.getByRole('region', { name: '关键指标' });
const plannedOf = (wall: Page, year: number) => wall.getByRole('group', { name: `${year}年度任务` }).locator('[data-figure="planned"]');

test.describe('大屏', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('waits without a database, shows the figures, follows the clerk’s edits within 2 s, also while locked, and reads only aggregates', async ({ app: clerk, backend, context }) => {
    // Count every request each window makes, at the router the bridge calls.
    const calls: { window: number; channel: string }[] = [];
    const handle = backend.router.handle.bind(backend.router);
    backend.router.handle = (ctx, channel, input) => {
      calls.push({ window: ctx.window.id, channel: String(channel) });
      return handle(ctx, channel, input);
    };
    const wall = await openApp(context, backend, { kind: 'wall' });
    await expect(wall.getByText('大屏已就绪，等待打开数据库')).toBeVisible();
    // The wall's first question is for the figures (the clerk's window is on the start screen).
    const wallId = calls.find((c) => c.channel === 'battle.overview')!.window;
    await wall.screenshot({ path: '/tmp/fupin-wall-waiting-1920.png' });

    await openDemo(clerk);
    await expect(wallFigures(wall).getByRole('group', { name: '剩余贫困人口' })).toContainText('2,469', { timeout: 10_000 });
    const o = (await ask(backend, 'battle.overview', {}))!;
    await expect(wall.getByRole('group', { name: '倒计时' })).toContainText(o.countdown.daysLeft === null ? '已结束' : `还剩${o.countdown.daysLeft}天`);
    await expect(wall.getByText(o.countdown.text)).toBeVisible();
    await expect(wall.getByRole('img', { name: '村级脱贫作战图（计划与销号）' })).toBeVisible();

    // The clerk moves the first household of the grid to another planned year.
    const grid = householdsGrid(clerk);
    await expect(clerk.getByText('显示 1097 户 / 共 1097 户')).toBeVisible();
    const size = Number(await loadedText(cell(grid, 0, 'size')));
    await cell(grid, 0, 'phone').click();
    for (let i = 0; i < 30 && !(await cell(grid, 0, 'plannedExitYear').isVisible()); i++) await clerk.keyboard.press('ArrowRight');
    const from = Number(await loadedText(cell(grid, 0, 'plannedExitYear')));
    const to = from === 2018 ? 2017 : 2018;
    const plannedFrom = o.years.find((y) => y.year === from)!.planned.people;
    const plannedTo = o.years.find((y) => y.year === to)!.planned.people;
    await expect(plannedOf(wall, from)).toHaveText(`计划 ${plannedFrom.toLocaleString('zh-CN')} 人`);
    await editCell(clerk, cell(grid, 0, 'plannedExitYear'), String(to));
    await expect(cell(grid, 0, 'plannedExitYear')).toHaveText(String(to));
    await expect(plannedOf(wall, from)).toHaveText(`计划 ${(plannedFrom - size).toLocaleString('zh-CN')} 人`, { timeout: 2000 });
    await expect(plannedOf(wall, to)).toHaveText(`计划 ${(plannedTo + size).toLocaleString('zh-CN')} 人`, { timeout: 2000 });

    // Locked: the clerk's window hides everything; the wall keeps showing and keeps following.
    await clerk.getByRole('button', { name: '锁定' }).click();
    await expect(clerk.getByLabel('密码', { exact: true })).toBeVisible();
    await expect(wallFigures(wall)).toBeVisible();
    const h = (await backend.session.requireStore().sqlite.prepare("SELECT id FROM households WHERE plannedExitYear = ? ORDER BY hhCode LIMIT 1").get(to)) as { id: string };
    const sizeOf = backend.session.requireStore().sqlite.prepare('SELECT size FROM householdFacts WHERE householdId = ?').pluck().get(h.id) as number;
    backend.session.write({ kind: 'system', name: '测试' }, (w) => updateRow(w, 'households', h.id, { plannedExitYear: from }, '贫困户'));
    await expect(plannedOf(wall, from)).toHaveText(`计划 ${(plannedFrom - size + sizeOf).toLocaleString('zh-CN')} 人`, { timeout: 2000 });
    await expect(wallFigures(wall).getByRole('group', { name: '剩余贫困人口' })).toContainText('2,469');

    // The wall asked for the aggregates only, and is refused personal data.
    expect(new Set(calls.filter((c) => c.window === wallId).map((c) => c.channel))).toEqual(new Set(['battle.overview']));
    const refused = await wall.evaluate(() => window.api.invoke('households.list', {}));
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Idle, it asks for nothing (no polling).
    const before = calls.length;
    await wall.waitForTimeout(3000);
    expect(calls.slice(before).filter((c) => c.window === wallId)).toEqual([]);
    await wall.close();
  });

  test('a household struck off (销号…) in the clerk’s window shows on the wall within 2 s', async ({ app: clerk, backend, context }) => {
    const wall = await openApp(context, backend, { kind: 'wall' });
    await openDemo(clerk);
    const exitedPeople = wallFigures(wall).getByRole('group', { name: '已脱贫人口' }).locator('.key-value');
    await expect(exitedPeople).toHaveText('0人', { timeout: 10_000 });
    const grid = householdsGrid(clerk);
    const size = Number(await loadedText(cell(grid, 0, 'size')));
    await cell(grid, 0, 'hhCode').click();
    await clerk.getByRole('button', { name: '销号…' }).click();
    const dialog = clerk.getByRole('dialog', { name: /^销号：/ });
    await dialog.getByLabel('销号日期').fill('2016-12-20');
    await expect(dialog.getByRole('list', { name: '脱贫标准' }).getByRole('listitem')).toHaveCount(6);
    await dialog.getByLabel('审核人').fill('王审核');
    await dialog.getByLabel('佐证与说明').fill('村民代表评议通过，公示无异议');
    // The demo's first household misses some criteria on that day: struck off with a reason.
    expect(await dialog.locator('.criterion-missing').count()).toBeGreaterThan(0);
    await dialog.getByLabel('未达标仍销号的理由').fill('演示：经区扶贫办同意');
    await dialog.getByRole('button', { name: '未达标仍销号' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(exitedPeople).toHaveText(`${size}人`, { timeout: 2000 });
    await expect(wallFigures(wall).getByRole('group', { name: '剩余贫困人口' }).locator('.key-value')).toHaveText(`${(2469 - size).toLocaleString('zh-CN')}人`, { timeout: 2000 });
    await wall.screenshot({ path: '/tmp/fupin-wall-after-exit-1920.png' });
    await wall.close();
  });

  test('打开大屏 in the clerk’s header opens the wall as another page in the Chromium runner, once', async ({ app: clerk, context }) => {
    await openDemo(clerk);
    const [wall] = await Promise.all([context.waitForEvent('page'), clerk.getByRole('button', { name: '打开大屏' }).click()]);
    await expect(wall).toHaveURL(/#wall$/);
    await expect(wallFigures(wall)).toBeVisible();
    await expect(clerk.getByText(/大屏已在新页面中打开/)).toBeVisible();
    await clerk.getByRole('button', { name: '打开大屏' }).click();
    await expect(clerk.getByText('大屏已经打开，已切换到大屏页面')).toBeVisible();
    expect(context.pages().filter((p) => p.url().endsWith('#wall'))).toHaveLength(1);
  });

  test('readable on 1920×1080 and 3840×2160: each view in turn', async ({ app: clerk, backend, browser }) => {
    test.setTimeout(180_000);
    await openDemo(clerk);
    await expect(clerk.getByText('显示 1097 户 / 共 1097 户')).toBeVisible();
    await ask(backend, 'settings.set', { wallRotateSeconds: 5 });
    // Some households struck off and one village 出列, so that every mark of the board shows.
    strikeOffSome(backend);
    for (const [width, height] of [
      [1920, 1080],
      [3840, 2160],
    ] as const) {
      const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, locale: 'zh-CN' });
      const wall = await openApp(context, backend, { kind: 'wall' });
      await expect(wallFigures(wall)).toBeVisible();
      await expect(wall.getByText(/每 5 秒轮换/)).toBeVisible();
      const views = Number((await wall.getByText(/第 \d+\/\d+ 屏/).textContent())!.match(/第 \d+\/(\d+) 屏/)![1]);
      expect(views).toBeGreaterThanOrEqual(4);
      for (let i = 1; i <= views; i++) {
        await expect(wall.getByText(new RegExp(`第 ${i}/${views} 屏`))).toBeVisible({ timeout: 8000 });
        await wall.waitForTimeout(1200);
        await wall.screenshot({ path: `/tmp/fupin-wall-${width}-${i}.png` });
      }
      await context.close();
    }
  });
});
