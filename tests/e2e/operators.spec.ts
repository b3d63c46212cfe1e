// 操作员 at unlock, at the office laptop's 1366×768: the first operator added right on the password
// step, an edit then named after them in 修改记录, the name preselected when the database is opened
// again and on the lock screen. All names are fictitious.
import { ask, cell, editCell, expect, householdsGrid, loadedText, test } from './fixtures';
import type { Page } from '@playwright/test';
import { DEMO_PASSWORD } from './paths';

test.use({ viewport: { width: 1366, height: 768 } });

async function prepareDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: '打开演示数据' }).click();
  await expect(page.getByText(`演示数据库密码：${DEMO_PASSWORD}（虚构演示数据）`)).toBeVisible({ timeout: 45_000 });
  // Ready for the password without a click.
  await expect(page.getByLabel('密码', { exact: true })).toBeFocused();
}

/** Nothing of the card is cut off by the window's edges or lies under anything else. */
async function expectWholeAndUncovered(page: Page, selector: string): Promise<void> {
  const viewport = page.viewportSize()!;
  const box = (await page.locator(selector).first().boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
  for (const control of await page.locator(`${selector} select, ${selector} input, ${selector} button`).all()) {
    if (!(await control.isVisible())) continue;
    const b = (await control.boundingBox())!;
    const onTop = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('select, input, button')?.outerHTML ?? null, [b.x + b.width / 2, b.y + b.height / 2]);
    expect(onTop, await control.evaluate((e) => e.outerHTML)).toBe(await control.evaluate((e) => e.outerHTML));
  }
}

test('the first operator is added at unlock, named in 修改记录, and preselected next time', async ({ app: page, backend }) => {
  await prepareDemo(page);
  const choice = page.getByLabel('操作员（修改记录中记为此人）');
  // Never chosen on this PC: a new one, typed in right here.
  await expect(choice).toHaveValue('new');
  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByLabel('姓名', { exact: true }).fill('张测试');
  await page.getByLabel('科室', { exact: true }).fill('扶贫办');
  await expectWholeAndUncovered(page, '.start-card');
  await page.screenshot({ path: '/tmp/fupin-operators-first-1366.png' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expectWholeAndUncovered(page, '.start-card');
  await page.screenshot({ path: '/tmp/fupin-operators-first-1920.png' });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.getByRole('button', { name: '打开', exact: true }).click();

  const grid = householdsGrid(page);
  await expect(grid).toBeVisible();
  expect(await ask(backend, 'operators.list', {})).toMatchObject([{ label: '张测试（扶贫办）', retired: false }]);

  // An edit, then its history names the operator.
  const phone = await loadedText(cell(grid, 0, 'phone'));
  const newPhone = phone === '13907140011' ? '13907140012' : '13907140011';
  await editCell(page, cell(grid, 0, 'phone'), newPhone);
  await expect(cell(grid, 0, 'phone')).toHaveText(newPhone);
  await cell(grid, 0, 'hhCode').click();
  await page.getByRole('button', { name: '修改记录' }).first().click();
  const history = page.getByRole('dialog', { name: '修改记录' });
  await expect(history).toBeVisible();
  await expect(history.getByText('张测试（扶贫办）').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(history).toHaveCount(0);

  // The lock screen offers the same name first.
  await page.getByRole('button', { name: '锁定', exact: true }).click();
  const lock = page.getByRole('main', { name: '已锁定' });
  await expect(lock).toBeVisible();
  await expect(lock.getByLabel('操作员（修改记录中记为此人）')).toHaveValue('remembered');
  await expect(lock.locator('#unlock-operator option:checked')).toHaveText('张测试（扶贫办）');
  await expectWholeAndUncovered(page, '.lock-card');
  await page.screenshot({ path: '/tmp/fupin-operators-lock-1366.png' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expectWholeAndUncovered(page, '.lock-card');
  await page.screenshot({ path: '/tmp/fupin-operators-lock-1920.png' });
  await page.setViewportSize({ width: 1366, height: 768 });
  await lock.getByLabel('密码').fill(DEMO_PASSWORD);
  await lock.getByRole('button', { name: '解锁' }).click();
  await expect(grid).toBeVisible();

  // Closed and opened again: the name is preselected; Enter opens as that operator.
  await page.getByRole('button', { name: '关闭数据库' }).click();
  await prepareDemo(page);
  await expect(choice).toHaveValue('remembered');
  await expect(page.locator('#start-operator option:checked')).toHaveText('张测试（扶贫办）');
  await expect(page.getByLabel('姓名', { exact: true })).toHaveCount(0);
  await expectWholeAndUncovered(page, '.start-card');
  await page.screenshot({ path: '/tmp/fupin-operators-start-1366.png' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expectWholeAndUncovered(page, '.start-card');
  await page.screenshot({ path: '/tmp/fupin-operators-start-1920.png' });
  await page.setViewportSize({ width: 1366, height: 768 });
  const password = page.getByLabel('密码', { exact: true });
  await password.fill(DEMO_PASSWORD);
  await password.press('Enter');
  await expect(grid).toBeVisible();
  expect(await ask(backend, 'operators.current', {})).toMatchObject({ label: '张测试（扶贫办）' });
});

test('a database with operators but none remembered here asks after the password', async ({ app: page, backend }) => {
  await prepareDemo(page);
  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByLabel('密码', { exact: true }).press('Enter');
  await expect(householdsGrid(page)).toBeVisible();
  // Another PC's clerks, added meanwhile; this PC has chosen no one for the demo yet.
  await ask(backend, 'operators.add', { name: '李测试', office: '社会救助科' });
  await ask(backend, 'operators.add', { name: '王测试', office: '' });
  await page.getByRole('button', { name: '关闭数据库' }).click();

  await prepareDemo(page);
  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByLabel('密码', { exact: true }).press('Enter');
  const step = page.getByRole('form', { name: '选择操作员' });
  await expect(step).toBeVisible();
  await expectWholeAndUncovered(page, '.start-card');
  await page.screenshot({ path: '/tmp/fupin-operators-step-1366.png' });
  // A name too long is refused in Chinese, and nothing is added.
  await step.getByLabel('操作员', { exact: true }).selectOption({ label: '新增操作员…' });
  await step.getByLabel('姓名', { exact: true }).fill('测'.repeat(21));
  await step.getByRole('button', { name: '添加并开始工作' }).click();
  await expect(step.getByRole('alert')).toHaveText('操作员姓名不能超过20个字');
  await step.getByLabel('操作员', { exact: true }).selectOption({ label: '王测试' });
  await step.getByRole('button', { name: '开始工作' }).click();
  await expect(householdsGrid(page)).toBeVisible();
  expect(await ask(backend, 'operators.current', {})).toMatchObject({ label: '王测试' });
  expect(await ask(backend, 'operators.list', {})).toHaveLength(2);
});
