// 行政村 in a new, empty database: a village is added through 新增行政村 (a bad code first: the
// reason is shown and nothing is added), then shown in the list and edited in place. At the office
// laptop's 1366×768, with screenshots there and at 1920×1080. Village names are DOMAIN.md's.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { makeIdNumber } from '../../shared/domain/idNumber';
import { ask, cell, editCell, expect, householdsGrid, statusBar, test } from './fixtures';

const PASSWORD = 'Fupin#2016';

function shot(page: Page, name: string) {
  return page.screenshot({ path: `/tmp/fupin-villages-${name}.png` });
}

/** 新建数据库 as a clerk does it, through the recovery-code dialog. */
async function createDatabase(page: Page, file: string): Promise<void> {
  await page.getByRole('button', { name: '新建数据库' }).click();
  await page.getByLabel('数据库文件路径').fill(file);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByLabel('确认密码').fill(PASSWORD);
  await page.getByRole('button', { name: '创建', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '请保管好恢复码' });
  await dialog.getByLabel('我已抄写或打印并妥善保管恢复码').check();
  await dialog.getByRole('button', { name: '继续' }).click();
  await expect(dialog).toHaveCount(0);
}

test.describe('行政村 in a new database', () => {
  test.use({ withDemo: false, viewport: { width: 1366, height: 768 } });

  test('with no village 新增贫困户 says why it is disabled; once a village is added, a household is added in it', async ({ app: page, backend, userDataDir }) => {
    await createDatabase(page, path.join(userDataDir, '新台账.fupin'));
    const add = page.getByRole('button', { name: '新增贫困户' });
    await expect(add).toBeDisabled();
    await expect(page.getByText('需先新增行政村')).toBeVisible();
    await expect(add).toHaveAttribute('title', /请先在“行政村”页新增行政村/);
    await shot(page, 'no-village-households-1366');

    await page.getByRole('tab', { name: '行政村' }).click();
    await page.getByRole('button', { name: '新增行政村' }).click();
    const village = page.getByRole('dialog', { name: '新增行政村' });
    await village.getByLabel('村代码').fill('420115010201');
    await village.getByLabel('行政村名称').fill('光华村');
    await village.getByLabel('乡(镇)').fill('山坡街');
    await village.getByRole('button', { name: '保存' }).click();
    await expect(village).toHaveCount(0);

    await page.getByRole('tab', { name: '贫困户' }).click();
    await expect(add).toBeEnabled();
    await expect(page.getByText('需先新增行政村')).toHaveCount(0);
    await add.click();
    const dialog = page.getByRole('dialog', { name: '新增贫困户' });
    await dialog.getByLabel('行政村').selectOption({ label: '光华村' });
    await dialog.getByLabel('贫困户属性').selectOption({ label: '一般贫困户' });
    await dialog.getByLabel('户主姓名').fill('测试村民');
    await dialog.getByLabel('户主身份证号').fill(makeIdNumber('420115', '1968-04-05', 17));
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(statusBar(page)).toContainText('合计 1 户 / 1 人');
    await expect(cell(householdsGrid(page), 0, 'hhCode')).toHaveText('4201150102010001');
    await expect(cell(householdsGrid(page), 0, 'villageName')).toHaveText('光华村');
    expect(await ask(backend, 'villages.list', {})).toMatchObject([{ name: '光华村', households: 1 }]);
  });

  test('a village is added through the dialog (a bad code refused first), listed, and edited in place', async ({ app: page, backend, userDataDir }) => {
    // In the test's own folder, removed after the backend has closed the database.
    await createDatabase(page, path.join(userDataDir, '新台账.fupin'));
    await page.getByRole('tab', { name: '行政村' }).click();
    const grid = page.getByRole('region', { name: '行政村列表' });
    await expect(page.getByText('显示 0 / 共 0 个行政村')).toBeVisible();
    await expect(grid.getByText('还没有行政村：请点击“新增行政村”')).toBeVisible();
    await shot(page, 'empty-1366');

    await page.getByRole('button', { name: '新增行政村' }).click();
    const dialog = page.getByRole('dialog', { name: '新增行政村' });
    await expect(dialog.getByLabel('村代码')).toBeFocused();
    await expect(dialog).toContainText('本库的第一个行政村确定本库所属区县');
    // A code one digit short: main's reason in the dialog, which stays open; nothing is added.
    await dialog.getByLabel('村代码').fill('42011501020');
    await dialog.getByLabel('行政村名称').fill('光华村');
    await dialog.getByLabel('乡(镇)').fill('山坡街');
    await dialog.getByLabel('计划出列年度').fill('2017');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('村代码“42011501020”应为12位数字，现为11位');
    await shot(page, 'dialog-refused-1366');
    expect(await ask(backend, 'villages.list', {})).toEqual([]);
    await expect(page.getByText('显示 0 / 共 0 个行政村')).toBeVisible();

    // Corrected (typed with full-width digits, as an input method gives them): added and listed.
    await dialog.getByLabel('村代码').fill('４２０１１５０１０２０１');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText('显示 1 / 共 1 个行政村')).toBeVisible();
    await expect(cell(grid, 0, 'code')).toHaveText('420115010201');
    await expect(cell(grid, 0, 'name')).toHaveText('光华村');
    await expect(cell(grid, 0, 'town')).toHaveText('山坡街');
    await expect(cell(grid, 0, 'plannedExitYear')).toHaveText('2017');
    expect(await ask(backend, 'villages.list', {})).toMatchObject([{ code: '420115010201', name: '光华村', town: '山坡街', plannedExitYear: 2017, households: 0 }]);
    await shot(page, 'added-1366');

    // A second village now lies in the first one's county: another county's code is refused.
    await page.getByRole('button', { name: '新增行政村' }).click();
    await expect(dialog).toContainText('前6位为本库的区县代码 420115');
    await expect(dialog.getByLabel('乡(镇)')).toHaveValue('山坡街');
    await dialog.getByLabel('村代码').fill('420116010207');
    await dialog.getByLabel('行政村名称').fill('群星村');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(dialog.getByRole('alert')).toContainText('不在本区县');
    await dialog.getByLabel('村代码').fill('420115010201');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('村代码 420115010201 已被山坡街光华村使用：每个行政村的代码不能重复');
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect(dialog).toHaveCount(0);
    expect(await ask(backend, 'villages.list', {})).toHaveLength(1);

    // In place: the planned exit year, then a refused code that leaves the cell as it was.
    await editCell(page, cell(grid, 0, 'plannedExitYear'), '2018');
    await expect(cell(grid, 0, 'plannedExitYear')).toHaveText('2018');
    await editCell(page, cell(grid, 0, 'code'), '4201150102');
    await expect(page.getByText('村代码“4201150102”应为12位数字，现为10位')).toBeVisible();
    await expect(cell(grid, 0, 'code')).toHaveText('420115010201');
    expect(await ask(backend, 'villages.list', {})).toMatchObject([{ code: '420115010201', plannedExitYear: 2018 }]);

    // The page and the dialog at the large office screen too.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot(page, 'list-1920');
    await page.getByRole('button', { name: '新增行政村' }).click();
    await dialog.getByLabel('村代码').fill('12345');
    await dialog.getByLabel('行政村名称').fill('群星村');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(dialog.getByRole('alert')).toContainText('应为12位数字');
    await shot(page, 'dialog-1920');
    await dialog.getByRole('button', { name: '取消' }).click();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('button', { name: '新增行政村' }).click();
    await shot(page, 'dialog-1366');
  });
});
