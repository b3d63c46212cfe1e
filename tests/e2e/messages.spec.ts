// Messages and dialogs as a clerk meets them on the office laptop (1366×768): a refused edit's
// message goes with 锁定 and 关闭数据库, messages never lie over an open dialog, a delete
// confirmation starts on 取消 so Enter deletes nothing, and messages go away by themselves.
import type { Locator, Page } from '@playwright/test';
import type { MemberRow } from '../../shared/contract';
import { makeIdNumber } from '../../shared/domain/idNumber';
import { askRows, cell, editCell, expect, householdsGrid, membersGrid, openDemo, test } from './fixtures';
import { DEMO_PASSWORD } from './paths';

test.use({ viewport: { width: 1366, height: 768 } });

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function toasts(page: Page): Locator {
  return page.locator('.toasts .toast');
}

/** An error message stays 12 s: gone within this much less means it was cleared, not timed out. */
const CLEARED_WITHIN = 3_000;

/** A phone number main refuses, typed into the first household's 联系电话 cell: its message appears. */
async function refuseAnEdit(page: Page): Promise<Locator> {
  const grid = householdsGrid(page);
  await expect(cell(grid, 0, 'hhCode')).not.toBeEmpty();
  await editCell(page, cell(grid, 0, 'phone'), '12345');
  const message = page.locator('.toasts').getByRole('alert').filter({ hasText: '修改未保存' });
  await expect(message).toBeVisible();
  await expect(message).toContainText('联系电话');
  return message;
}

async function boxOf(target: Locator): Promise<Box> {
  const box = await target.boundingBox();
  expect(box, '应有位置').not.toBeNull();
  return box!;
}

/** Every message shown is inside the window and clear of the dialog (and so of its buttons). */
async function expectClearOf(page: Page, dialog: Locator): Promise<void> {
  const viewport = page.viewportSize()!;
  const dialogBox = await boxOf(dialog);
  const buttons = dialog.getByRole('button');
  const shown = toasts(page);
  expect(await shown.count()).toBeGreaterThan(0);
  for (const toast of await shown.all()) {
    const box = await boxOf(toast);
    expect(overlaps(box, dialogBox), `提示 ${JSON.stringify(box)} 不应压住对话框 ${JSON.stringify(dialogBox)}`).toBe(false);
    for (const button of await buttons.all()) expect(overlaps(box, await boxOf(button))).toBe(false);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    // Nothing of the message is cut: its text fits its box.
    const clipped = await toast.locator('.toast-text').evaluate((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
    expect(clipped).toBe(false);
  }
}

test('a refused edit’s message goes with 锁定 and with 关闭数据库', async ({ app: page }) => {
  await openDemo(page);
  await refuseAnEdit(page);

  await page.getByRole('button', { name: '锁定', exact: true }).click();
  const lock = page.getByRole('main', { name: '已锁定' });
  await expect(lock).toBeVisible();
  await expect(toasts(page)).toHaveCount(0, { timeout: CLEARED_WITHIN });
  await lock.getByLabel('密码').fill(DEMO_PASSWORD);
  await lock.getByRole('button', { name: '解锁' }).click();
  await expect(householdsGrid(page)).toBeVisible();
  await expect(toasts(page)).toHaveCount(0);

  await refuseAnEdit(page);
  await page.getByRole('button', { name: '关闭数据库' }).click();
  await expect(page.getByRole('button', { name: '打开演示数据' })).toBeVisible();
  await expect(toasts(page)).toHaveCount(0, { timeout: CLEARED_WITHIN });
});

test('messages stay clear of dialogs; 删除成员 starts on 取消 and Enter deletes nothing', async ({ app: page, backend }) => {
  test.slow();
  await openDemo(page);
  const members = membersGrid(page);

  // 删除成员 with a message shown: the message is beside the dialog, 取消 has the focus.
  await refuseAnEdit(page);
  await cell(householdsGrid(page), 0, 'hhCode').click();
  await expect(cell(members, 0, 'name')).not.toBeEmpty();
  await cell(members, 0, 'name').click();
  const name = (await cell(members, 0, 'name').textContent())!.trim();
  const before = await askRows<MemberRow>(backend, 'members.list', {});
  await page.getByRole('button', { name: '删除成员' }).click();
  const remove = page.getByRole('dialog', { name: '删除成员' });
  await expect(remove).toContainText(name);
  await expect(remove.getByRole('button', { name: '取消' })).toBeFocused();
  await expectClearOf(page, remove);
  await page.screenshot({ path: '/tmp/fupin-messages-1366-delete.png' });

  // Enter, as a clerk used to confirming with it would press it: the dialog closes, no one is deleted.
  await page.keyboard.press('Enter');
  await expect(remove).toHaveCount(0);
  expect(await askRows<MemberRow>(backend, 'members.list', {})).toHaveLength(before.length);
  await expect(cell(members, 0, 'name')).toHaveText(name);

  // 新增成员 with a message shown: the first field has the focus, the message is clear of the dialog.
  await refuseAnEdit(page);
  await page.getByRole('button', { name: '新增成员' }).click();
  const add = page.getByRole('dialog', { name: '新增成员' });
  await expect(add.getByLabel('姓名')).toBeFocused();
  await expectClearOf(page, add);
  // The message's 关闭 works above the backdrop, and the dialog stays open.
  await toasts(page).first().getByRole('button', { name: '关闭提示' }).click();
  await expect(toasts(page)).toHaveCount(0);
  await expect(add).toBeVisible();
  await add.getByRole('button', { name: '取消' }).click();
  await expect(add).toHaveCount(0);

  // 修改记录 is wider than the room beside it at 1366: the message goes above or below it.
  await refuseAnEdit(page);
  await page.getByRole('button', { name: '修改记录' }).first().click();
  const history = page.getByRole('dialog', { name: '修改记录' });
  await expect(history).toBeVisible();
  await expectClearOf(page, history);
  await page.screenshot({ path: '/tmp/fupin-messages-1366-history.png' });
  await page.keyboard.press('Escape');
  await expect(history).toHaveCount(0);

  // The same on a wall-sized screen.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await refuseAnEdit(page);
  await cell(members, 0, 'name').click();
  await page.getByRole('button', { name: '删除成员' }).click();
  await expect(remove.getByRole('button', { name: '取消' })).toBeFocused();
  await expectClearOf(page, remove);
  await page.screenshot({ path: '/tmp/fupin-messages-1920-delete.png' });
  await remove.getByRole('button', { name: '取消' }).click();
  await expect(remove).toHaveCount(0);
});

test('a confirmation goes away by itself, and so does an error, later', async ({ app: page, backend }) => {
  await openDemo(page);
  const taken = new Set((await askRows<MemberRow>(backend, 'members.list', {})).map((m) => m.idNumber));
  let id = '';
  for (let seq = 1; seq < 1000 && !id; seq += 2) {
    const candidate = makeIdNumber('420115', '2008-03-14', seq);
    if (!taken.has(candidate)) id = candidate;
  }

  await cell(householdsGrid(page), 0, 'hhCode').click();
  await page.getByRole('button', { name: '新增成员' }).click();
  const add = page.getByRole('dialog', { name: '新增成员' });
  await add.getByLabel('姓名').fill('提示测试孙子');
  await add.getByLabel('身份证号').fill(id);
  await add.getByLabel('与户主关系').selectOption({ label: '之孙子' });
  await add.getByRole('button', { name: '保存' }).click();
  await expect(add).toHaveCount(0);
  const done = page.locator('.toasts').getByRole('status').filter({ hasText: '已新增成员：提示测试孙子' });
  await expect(done).toBeVisible();
  await page.screenshot({ path: '/tmp/fupin-messages-1366-info.png' });
  await expect(done).toBeHidden({ timeout: 10_000 });

  // An error stays long enough to read (about 12 s), but it too goes by itself.
  const error = await refuseAnEdit(page);
  await page.mouse.move(10, 10);
  await expect(error).toBeHidden({ timeout: 25_000 });
});
