// Data safety as a clerk meets it: a strong password and the one-time recovery code at creation,
// 忘记密码？, changing the password, backups and restore with undo, the idle lock, and a damaged
// database brought back from its backup. Real encrypted databases and the real router throughout.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { MemberRow } from '../../shared/contract';
import { makeIdNumber } from '../../shared/domain/idNumber';
import { openApp } from '../../main/dev/bridge';
import { updateHealth } from '../../main/db/health';
import { ask, askRows, cell, editCell, expect, householdsGrid, openDemo, statusBar, test, loadedText } from './fixtures';
import { DEMO_PASSWORD } from './paths';

const RECOVERY_CODE = /^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-safety-'));
}

function shot(page: Page, name: string) {
  return page.screenshot({ path: `/tmp/fupin-safety-${name}.png` });
}

async function closeDatabase(page: Page) {
  await page.getByRole('button', { name: '关闭数据库' }).click();
  await expect(page.getByRole('button', { name: '新建数据库' })).toBeVisible();
}

/** 贫困户 → 新增贫困户, with an ID number nobody in the registry has yet. */
async function addHousehold(page: Page, backend: Parameters<typeof ask>[0], headName: string) {
  const taken = new Set((await askRows<MemberRow>(backend, 'members.list', {})).map((m) => m.idNumber));
  let seq = 1;
  while (taken.has(makeIdNumber('420115', '1980-06-01', seq))) seq += 2;
  await page.getByRole('tab', { name: '贫困户' }).click();
  await page.getByRole('button', { name: '新增贫困户' }).click();
  const dialog = page.getByRole('dialog', { name: '新增贫困户' });
  await dialog.getByLabel('行政村').selectOption({ label: '光华村' });
  await dialog.getByLabel('贫困户属性').selectOption({ label: '一般贫困户' });
  await dialog.getByLabel('户主姓名').fill(headName);
  await dialog.getByLabel('户主身份证号').fill(makeIdNumber('420115', '1980-06-01', seq));
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toHaveCount(0);
}

test.describe('on a PC without the demo', () => {
  test.use({ withDemo: false });

  test('a. a new database needs a strong password, shows its recovery code once, and the code resets a forgotten password', async ({ app: page }) => {
    const dir = tempDir();
    const file = path.join(dir, '台账2016.fupin');
    await page.getByRole('button', { name: '新建数据库' }).click();
    await page.getByLabel('数据库文件路径').fill(file);
    const password = page.getByLabel('密码', { exact: true });
    const confirm = page.getByLabel('确认密码');

    // A weak password: the hints say why while typing, and main refuses it.
    await expect(page.getByText('密码要求：')).toBeVisible();
    await password.fill('abc');
    await expect(page.getByText('密码强度不够：')).toBeVisible();
    await expect(page.getByText('至少 8 个字符')).toBeVisible();
    await shot(page, 'create-weak');
    await password.fill('12345678');
    await expect(page.getByText('这是常见密码，容易被猜中')).toBeVisible();
    await confirm.fill('12345678');
    await page.getByRole('button', { name: '创建', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('密码强度不够');
    expect(fs.existsSync(file)).toBe(false);

    // A strong one, first mistyped in the confirmation.
    await password.fill('Fupin#2016');
    await expect(page.getByText('✓ 密码强度符合要求')).toBeVisible();
    await confirm.fill('Fupin#2061');
    await page.getByRole('button', { name: '创建', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('两次输入的密码不一致');
    expect(fs.existsSync(file)).toBe(false);
    await shot(page, 'create-form');

    await confirm.fill('Fupin#2016');
    await page.getByRole('button', { name: '创建', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '请保管好恢复码' });
    await expect(dialog).toBeVisible();
    const code = (await dialog.getByLabel('恢复码', { exact: true }).textContent())!.trim();
    expect(code).toMatch(RECOVERY_CODE);
    await expect(dialog).toContainText('忘记密码时只能用恢复码重设密码；恢复码只显示这一次');
    await expect(dialog).toContainText(file);
    await expect(dialog).toContainText(`${file}.key`);
    expect(fs.existsSync(`${file}.key`)).toBe(true);
    // The main window waits behind the dialog until the clerk confirms keeping the code.
    await expect(page.getByRole('tab', { name: '贫困户' })).toHaveCount(0);
    const next = dialog.getByRole('button', { name: '继续' });
    await expect(next).toBeDisabled();
    await shot(page, 'recovery-code');

    // Printing shows only the sheet: title, path, code, date, a line for the keeper's signature.
    await page.emulateMedia({ media: 'print' });
    const sheet = page.locator('.print-sheet');
    await expect(sheet).toBeVisible();
    await expect(sheet).toContainText('精准扶贫台账 · 数据库恢复码');
    await expect(sheet).toContainText(code);
    await expect(sheet).toContainText(file);
    await expect(sheet).toContainText('保管人签字');
    await expect(dialog).toBeHidden();
    await shot(page, 'recovery-print');
    await page.emulateMedia({ media: null });
    await expect(sheet).toBeHidden();
    // And on paper (the PDF Chromium prints): the sheet only, nothing of the dialog or the form.
    const pdf = '/tmp/fupin-safety-recovery.pdf';
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    const printed = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(printed).toContain('精准扶贫台账·数据库恢复码');
    expect(printed).toContain(code);
    expect(printed).toContain('保管人签字');
    expect(printed).not.toContain('我已抄写');
    expect(printed).not.toContain('最近打开');
    await dialog.getByRole('button', { name: '打印恢复码' }).click();

    await dialog.getByLabel('我已抄写或打印并妥善保管恢复码').check();
    await expect(next).toBeEnabled();
    await next.click();
    await expect(dialog).toHaveCount(0);
    await expect(statusBar(page)).toContainText('合计 0 户 / 0 人');
    await closeDatabase(page);

    // 忘记密码？: a wrong code is refused plainly; the right one, typed in lower case, sets a new password.
    await page.getByRole('button', { name: '忘记密码？' }).click();
    const form = page.getByRole('form', { name: '用恢复码重设密码' });
    await form.getByLabel('数据库文件路径').fill(file);
    await form.getByLabel('恢复码').fill('AAAAA-BBBBB-CCCCC-DDDDD-EEEEE');
    await form.getByLabel('新密码', { exact: true }).fill('Xin#2017mima');
    await form.getByLabel('确认新密码').fill('Xin#2017mima');
    await form.getByRole('button', { name: '重设密码并打开' }).click();
    await expect(form.getByRole('alert')).toContainText('恢复码不正确');
    await shot(page, 'recover-form');
    await form.getByLabel('恢复码').fill(code.toLowerCase());
    await form.getByRole('button', { name: '重设密码并打开' }).click();
    await expect(statusBar(page)).toContainText('合计 0 户 / 0 人');
    await closeDatabase(page);

    // The old password no longer opens it; the new one does.
    await page.getByRole('button', { name: '打开数据库' }).click();
    await page.getByLabel('数据库文件路径').fill(file);
    await page.getByLabel('密码', { exact: true }).fill('Fupin#2016');
    await page.getByRole('button', { name: '打开', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('密码错误');
    await page.getByLabel('密码', { exact: true }).fill('Xin#2017mima');
    await page.getByRole('button', { name: '打开', exact: true }).click();
    await expect(statusBar(page)).toContainText('合计 0 户 / 0 人');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

test('b. 数据安全 → 修改密码: a wrong old password is refused; the new one opens the database after closing', async ({ app: page }) => {
  await openDemo(page);
  await page.getByRole('tab', { name: '数据安全' }).click();
  const card = page.getByRole('region', { name: '修改密码' });
  await card.getByLabel('原密码').fill('wrong-pass-1');
  await card.getByLabel('新密码', { exact: true }).fill('Demo#2016new');
  await expect(card.getByText('✓ 密码强度符合要求')).toBeVisible();
  await card.getByLabel('确认新密码').fill('Demo#2016new');
  await card.getByRole('button', { name: '修改密码' }).click();
  await expect(card.getByRole('alert')).toContainText('密码错误');

  // A weak new password: the hint says so and main refuses it.
  await card.getByLabel('原密码').fill(DEMO_PASSWORD);
  await card.getByLabel('新密码', { exact: true }).fill('aaaaaaaa');
  await expect(card.getByText('不能全是同一个字符')).toBeVisible();
  await card.getByLabel('确认新密码').fill('aaaaaaaa');
  await card.getByRole('button', { name: '修改密码' }).click();
  await expect(card.getByRole('alert')).toContainText('密码强度不够');

  await card.getByLabel('新密码', { exact: true }).fill('Demo#2016new');
  await card.getByLabel('确认新密码').fill('Demo#2016new');
  await card.getByRole('button', { name: '修改密码' }).click();
  await expect(card.getByRole('status')).toContainText('密码已修改');
  await expect(card.getByRole('alert')).toHaveCount(0);
  await shot(page, 'change-password');

  await closeDatabase(page);
  await openDemo(page, DEMO_PASSWORD);
  await expect(page.getByRole('alert')).toContainText('密码错误');
  await page.getByLabel('密码', { exact: true }).fill('Demo#2016new');
  await page.getByRole('button', { name: '打开', exact: true }).click();
  await expect(statusBar(page)).toContainText('合计 1097 户 / 2469 人');
});

test('c. backups: a manual backup with its key file, restoring an automatic backup from the list, and undoing the restore', async ({ app: page, backend }) => {
  await openDemo(page);
  // A day's work ends with a change and 关闭数据库: that makes the automatic close backup.
  await editCell(page, cell(householdsGrid(page), 0, 'phone'), '13907149999');
  await expect(cell(householdsGrid(page), 0, 'phone')).toHaveText('13907149999');
  await closeDatabase(page);
  await openDemo(page);
  await expect(statusBar(page)).toContainText('合计 1097 户 / 2469 人');

  await page.getByRole('tab', { name: '数据安全' }).click();
  const list = page.getByRole('table', { name: '备份列表' });
  await expect(list.getByRole('row')).toHaveCount(2); // header + the close backup
  await expect(list).toContainText('关闭时备份');
  await expect(list).toContainText('1097 户 / 2469 人');

  // 立即备份到… a folder standing for the USB stick: the file and its .key appear there.
  const usb = tempDir();
  const dest = path.join(usb, '台账备份');
  await page.getByLabel('立即备份到…（如U盘上的文件）').fill(dest);
  await page.getByRole('button', { name: '立即备份' }).click();
  const made = page.getByRole('region', { name: '备份与恢复' }).getByRole('status');
  await expect(made).toContainText(`已备份到 ${dest}.fupin`);
  await expect(made).toContainText(`${dest}.fupin.key`);
  expect(fs.existsSync(`${dest}.fupin`)).toBe(true);
  expect(fs.existsSync(`${dest}.fupin.key`)).toBe(true);
  await shot(page, 'safety-page');

  await addHousehold(page, backend, '恢复测试户');
  await expect(statusBar(page)).toContainText('合计 1098 户 / 2470 人');

  // Restore the close backup from the list, after the confirmation.
  await page.getByRole('tab', { name: '数据安全' }).click();
  await list.getByRole('button', { name: /^恢复：.*关闭时备份，1097 户/ }).click();
  const confirm = page.getByRole('dialog', { name: '恢复备份' });
  await expect(confirm).toContainText('恢复前会先自动备份当前数据，可以撤销');
  await shot(page, 'restore-confirm');
  await confirm.getByRole('button', { name: '确定恢复' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(statusBar(page)).toContainText('合计 1097 户 / 2469 人');
  const notice = page.getByRole('status').filter({ hasText: '已恢复为' });
  await expect(notice).toContainText('关闭时备份');
  // The state before the restore is now in the list too.
  await expect(list).toContainText('恢复前备份');
  await expect(list.getByRole('row').filter({ hasText: '恢复前备份' })).toContainText('1098 户 / 2470 人');
  await shot(page, 'restored');
  expect((await ask(backend, 'stats.get', {})).households).toBe(1097);

  await notice.getByRole('button', { name: '撤销本次恢复' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已撤销本次恢复' })).toBeVisible();
  await expect(statusBar(page)).toContainText('合计 1098 户 / 2470 人');
  expect((await ask(backend, 'stats.get', {})).households).toBe(1098);
  fs.rmSync(usb, { recursive: true, force: true });
});

test('d. auto-lock: after a minute idle the window hides the data until the password is given; back on the same tab', async ({ context, backend }) => {
  await context.clock.install();
  const page = await openApp(context, backend);
  await openDemo(page);
  await page.getByRole('tab', { name: '数据安全' }).click();
  const settings = page.getByRole('region', { name: '自动锁定与自动备份' });
  const lockField = settings.getByLabel('自动锁定（分钟，0 = 不锁定）');
  await expect(lockField).toHaveValue('10');

  // Main's validation speaks for bad input.
  await lockField.fill('300');
  await settings.getByRole('button', { name: '保存设置' }).click();
  await expect(settings.getByRole('alert')).toContainText('自动锁定时间不能超过240分钟');
  await lockField.fill('半小时');
  await settings.getByRole('button', { name: '保存设置' }).click();
  await expect(settings.getByRole('alert')).toContainText('自动锁定时间应为分钟数');
  await lockField.fill('1');
  await settings.getByRole('button', { name: '保存设置' }).click();
  await expect(settings.getByRole('status')).toContainText('设置已保存');
  expect((await ask(backend, 'settings.get', {})).autoLockMinutes).toBe(1);

  await page.getByRole('tab', { name: '贫困人口' }).click();
  const grid = page.getByRole('region', { name: '贫困人口列表' });
  const name = await loadedText(cell(grid, 0, 'name'));
  const idNumber = await loadedText(cell(grid, 0, 'idNumber'));
  expect(name.length).toBeGreaterThan(1);

  await page.clock.fastForward(30_000);
  await expect(grid).toBeVisible(); // half a minute is not yet idle enough
  await page.clock.fastForward(31_000);
  const lock = page.getByRole('main', { name: '已锁定' });
  await expect(lock).toBeVisible();
  await expect(lock).toContainText('演示数据库.fupin');
  // Nothing of the data is left in the page, not merely covered.
  await expect(page.getByText(name)).toHaveCount(0);
  await expect(page.getByText(idNumber)).toHaveCount(0);
  await expect(page.locator('.ag-root')).toHaveCount(0);
  await expect(statusBar(page)).toHaveCount(0);
  expect(await page.locator('body').innerText()).not.toContain(name);
  await shot(page, 'locked');

  await lock.getByLabel('密码').fill('wrong-pass-1');
  await lock.getByRole('button', { name: '解锁' }).click();
  await expect(lock.getByRole('alert')).toContainText('密码错误');
  await expect(lock).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);

  await lock.getByLabel('密码').fill(DEMO_PASSWORD);
  await lock.getByRole('button', { name: '解锁' }).click();
  await expect(lock).toHaveCount(0);
  await expect(page.getByRole('tab', { name: '贫困人口' })).toHaveAttribute('aria-selected', 'true');
  await expect(cell(grid, 0, 'name')).toHaveText(name);

  // The 锁定 button locks at once, and reloading the window is no way past the lock.
  await page.getByRole('button', { name: '锁定', exact: true }).click();
  await expect(lock).toBeVisible();
  await page.reload();
  await expect(lock).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);
  await lock.getByLabel('密码').fill(DEMO_PASSWORD);
  await lock.getByRole('button', { name: '解锁' }).click();
  await expect(statusBar(page)).toContainText('合计 1097 户 / 2469 人');
  await page.close();
});

test('e. a damaged database is refused, restored from its close backup after confirmation, and the damaged file is kept aside', async ({ app: page, backend }) => {
  // Yesterday: a household added, then the database closed (which makes the close backup).
  const file = backend.session.demoPath;
  await ask(backend, 'db.open', { path: file, password: DEMO_PASSWORD });
  const village = (await ask(backend, 'villages.list', {})).find((v) => v.name === '光华村')!;
  const taken = new Set((await askRows<MemberRow>(backend, 'members.list', {})).map((m) => m.idNumber));
  let seq = 1;
  while (taken.has(makeIdNumber('420115', '1975-01-01', seq))) seq += 2;
  await ask(backend, 'households.create', { villageId: village.id, category: 'general', headName: '损坏测试户', headIdNumber: makeIdNumber('420115', '1975-01-01', seq) });
  await ask(backend, 'db.close', {});

  // Overnight: a 4096-byte page in the middle of the file is overwritten (page 1 intact).
  const size = fs.statSync(file).size;
  const page4k = 4096;
  const offset = Math.floor(size / page4k / 2) * page4k;
  expect(offset).toBeGreaterThan(page4k);
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(page4k, 0x5a), 0, page4k, offset);
  fs.closeSync(fd);
  // …and the PC lost power with the app open, so the next open checks the whole file first (a file
  // closed cleanly opens at once and is checked in the background: integrity.spec.ts).
  updateHealth(file, (r) => ({ ...r, open: true }));
  const damaged = fs.readFileSync(file);

  await openDemo(page);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('数据库文件已损坏');
  await shot(page, 'damaged');
  await alert.getByRole('button', { name: '从备份恢复…' }).click();

  const chooser = page.getByRole('dialog', { name: '从备份恢复损坏的数据库' });
  const backups = chooser.getByRole('table', { name: '可用的备份' });
  await expect(backups).toContainText('关闭时备份');
  await expect(backups).toContainText('1098 户 / 2470 人');
  await shot(page, 'damaged-backups');
  await backups.getByRole('button', { name: /^恢复此备份：.*关闭时备份，1098 户/ }).click();

  const confirm = page.getByRole('dialog', { name: '确认从备份恢复' });
  await expect(confirm).toContainText('损坏的文件不会删除');
  await confirm.getByRole('button', { name: '确定恢复' }).click();

  const done = page.getByRole('dialog', { name: '已从备份恢复' });
  const kept = (await done.getByLabel('损坏文件另存位置').textContent())!.trim();
  expect(path.isAbsolute(kept)).toBe(true);
  expect(fs.existsSync(kept)).toBe(true);
  expect(fs.readFileSync(kept).equals(damaged)).toBe(true);
  await shot(page, 'damaged-restored');
  await done.getByRole('button', { name: '进入台账' }).click();
  await expect(statusBar(page)).toContainText('合计 1098 户 / 2470 人');
  await expect(page.getByRole('tab', { name: '贫困户' })).toHaveAttribute('aria-selected', 'true');
});
