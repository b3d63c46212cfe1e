// 数据安全 on the office laptop (1366×768): a manual backup to a folder standing for a USB stick
// appears in the backup list; after a change, 从文件恢复… restores that file chosen by path (after
// main's check, which refuses a file without its key plainly), the change is gone, and the restore
// is undone. A manual backup whose file is gone is listed as 不可用. Screenshots at both sizes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { MemberRow } from '../../shared/contract';
import { makeIdNumber } from '../../shared/domain/idNumber';
import { ask, askRows, expect, openDemo, statusBar, test } from './fixtures';

test.use({ viewport: { width: 1366, height: 768 } });

/** The page at 1366×768 and at 1920×1080, back at 1366×768 afterwards. */
async function shots(page: Page, name: string) {
  await page.screenshot({ path: `/tmp/fupin-safety-restore-${name}-1366.png` });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: `/tmp/fupin-safety-restore-${name}-1920.png` });
  await page.setViewportSize({ width: 1366, height: 768 });
}

/** Every button of a region inside the viewport, none covered by another element. */
async function expectButtonsReachable(page: Page, region: ReturnType<Page['getByRole']>) {
  const viewport = page.viewportSize()!;
  for (const button of await region.getByRole('button').all()) {
    const box = (await button.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    const hit = await button.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return top !== null && (top === el || el.contains(top));
    });
    expect(hit, (await button.textContent()) ?? '').toBe(true);
  }
}

test('a manual backup is listed; 从文件恢复… restores it by path after a check, and the restore is undone', async ({ app: page, backend }) => {
  const usb = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-usb-'));
  await openDemo(page);
  await expect(statusBar(page)).toContainText('合计 1097 户 / 2469 人');
  await page.getByRole('tab', { name: '数据安全' }).click();
  const card = page.getByRole('region', { name: '备份与恢复' });
  const list = card.getByRole('table', { name: '备份列表' });

  // 立即备份到… the USB stick: the backup appears in the list, with its place.
  const dest = path.join(usb, '台账备份');
  await page.getByLabel('立即备份到…（如U盘上的文件）').fill(dest);
  await card.getByRole('button', { name: '立即备份' }).click();
  await expect(card.getByRole('status')).toContainText(`已备份到 ${dest}.fupin`);
  const manualRow = list.getByRole('row').filter({ hasText: '手动备份' });
  await expect(manualRow).toHaveCount(1);
  await expect(manualRow).toContainText(usb);
  await expect(manualRow).toContainText('1097 户 / 2469 人');
  await expect(manualRow.getByRole('button', { name: /^恢复：.*手动备份，1097 户/ })).toBeEnabled();
  await shots(page, 'list');

  // A change after the backup: one more household.
  const village = (await ask(backend, 'villages.list', {})).find((v) => v.name === '光华村')!;
  const taken = new Set((await askRows<MemberRow>(backend, 'members.list', {})).map((m) => m.idNumber));
  let seq = 1;
  while (taken.has(makeIdNumber('420115', '1981-07-01', seq))) seq += 2;
  await ask(backend, 'households.create', { villageId: village.id, category: 'general', headName: '从文件恢复测试户', headIdNumber: makeIdNumber('420115', '1981-07-01', seq) });
  await expect(statusBar(page)).toContainText('合计 1098 户 / 2470 人');

  // 从文件恢复…: a copy without its key file is refused plainly; the backup itself passes the check.
  await card.getByRole('button', { name: '从文件恢复…' }).click();
  const dialog = page.getByRole('dialog', { name: '从文件恢复' });
  const field = dialog.getByLabel('备份文件路径');
  await expect(field).toBeFocused();
  const lonely = path.join(usb, '没有密钥.fupin');
  fs.copyFileSync(`${dest}.fupin`, lonely);
  await field.fill(lonely);
  await dialog.getByRole('button', { name: '检查文件' }).click();
  await expect(dialog.getByRole('alert')).toContainText(`备份文件旁边缺少密钥文件：${lonely}.key`);
  await expect(dialog.getByRole('button', { name: '确定恢复' })).toBeDisabled();
  await shots(page, 'dialog-refused');

  await field.fill(`${dest}.fupin`);
  await field.press('Enter');
  const checked = dialog.getByRole('status', { name: '检查结果' });
  await expect(checked).toContainText('检查通过');
  await expect(checked).toContainText('1097 户 / 2469 人');
  await expect(checked).toContainText(`${dest}.fupin.key`);
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await expectButtonsReachable(page, dialog);
  await shots(page, 'dialog-checked');
  await dialog.getByRole('button', { name: '确定恢复' }).click();
  await expect(dialog).toHaveCount(0);

  // The change is gone; the state before the restore is kept, and the restore can be undone.
  await expect(statusBar(page)).toContainText('合计 1097 户 / 2469 人');
  expect((await ask(backend, 'stats.get', {})).households).toBe(1097);
  const notice = page.getByRole('status').filter({ hasText: '已恢复为' });
  await expect(notice).toContainText(`${dest}.fupin`);
  await expect(list.getByRole('row').filter({ hasText: '恢复前备份' })).toContainText('1098 户 / 2470 人');
  await shots(page, 'restored');
  await notice.getByRole('button', { name: '撤销本次恢复' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已撤销本次恢复' })).toBeVisible();
  await expect(statusBar(page)).toContainText('合计 1098 户 / 2470 人');
  expect((await ask(backend, 'stats.get', {})).households).toBe(1098);

  // The stick's file removed: the backup stays in the list as 不可用, with why, until taken off it.
  fs.rmSync(`${dest}.fupin`);
  await card.getByRole('button', { name: '刷新' }).click();
  await expect(manualRow).toContainText('不可用：备份文件已不在原处');
  await expect(manualRow.getByRole('button', { name: /^恢复：/ })).toHaveCount(0);
  await shots(page, 'unavailable');
  await manualRow.getByRole('button', { name: /^移出列表：/ }).click();
  await expect(manualRow).toHaveCount(0);
  fs.rmSync(usb, { recursive: true, force: true });
});
