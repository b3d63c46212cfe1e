// Open fast, check soon, as the clerk sees it: the demo opens without a whole-file check, the status
// bar says when the background check passed; damage the background check finds locks editing and
// leads to the backups. Real encrypted databases, the real router and worker thread throughout.
import fs from 'node:fs';
import { windowContext } from '../../main/ipc/context';
import { ask, expect, openDemo, statusBar, test } from './fixtures';
import { DEMO_PASSWORD } from './paths';

test('the status bar says when the integrity check of the just-opened demo passed', async ({ app: page, backend }) => {
  await openDemo(page);
  // The demo was never fully checked: the weekly full check runs first, in the background.
  await expect(statusBar(page)).toContainText(/完整性检查：(正在全面检查…|今天 \d{2}:\d{2} 通过)/);
  await expect(statusBar(page)).toContainText(/完整性检查：今天 \d{2}:\d{2} 通过/, { timeout: 45_000 });
  expect(await ask(backend, 'integrity.status', {})).toMatchObject({ state: 'passed', kind: 'full', problem: null });
  await page.screenshot({ path: '/tmp/fupin-integrity-passed.png' });
});

test('damage the background check finds: a blocking notice, writes refused, the way to the backups', async ({ app: page, backend }) => {
  const file = backend.session.demoPath;
  // Yesterday: opened, checked, closed cleanly.
  await ask(backend, 'db.open', { path: file, password: DEMO_PASSWORD });
  await backend.session.integrity.settled();
  await ask(backend, 'db.close', {});
  // Overnight: a page near the end of the file is overwritten (a failing disk).
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, size - 4 * 4096);
  fs.closeSync(fd);

  await openDemo(page);
  const notice = page.getByRole('dialog', { name: '数据库文件已损坏' });
  await expect(notice).toContainText('已停止修改数据', { timeout: 45_000 });
  await expect(statusBar(page)).toContainText('完整性检查：发现损坏');
  await page.screenshot({ path: '/tmp/fupin-integrity-damaged.png' });
  const refused = await backend.router.handle(windowContext({ id: 1, kind: 'main' }, 'e2e'), 'settings.set', { autoLockMinutes: 5 });
  expect(refused).toMatchObject({ ok: false, error: { code: 'CORRUPT', message: expect.stringContaining('数据库完整性检查发现损坏') } });

  await notice.getByRole('button', { name: '从备份恢复…' }).click();
  await expect(page.getByRole('tab', { name: '数据安全' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('region', { name: '备份与恢复' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: '数据库完整性检查发现损坏' })).toBeVisible();
});
