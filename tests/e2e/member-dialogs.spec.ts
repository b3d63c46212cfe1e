// A household's members through the dialogs: add one, make them 户主, remove the former head —
// each refused plainly when incomplete, each counted and stored through the real router.
import type { HouseholdRow, MemberRow } from '../../shared/contract';
import { makeIdNumber } from '../../shared/domain/idNumber';
import { askRows, cell, expect, membersGrid, openDemo, statusBar, test } from './fixtures';

function freshId(taken: Set<string>, birth: string, sex: 'male' | 'female'): string {
  for (let seq = sex === 'male' ? 1 : 2; seq < 1000; seq += 2) {
    const id = makeIdNumber('420115', birth, seq);
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
  throw new Error('no free ID number');
}

test('p. 新增成员, 设为户主 and 删除成员 through their dialogs, with the counts following', async ({ app: page, backend }) => {
  await openDemo(page);
  await expect(statusBar(page)).toContainText('合计 1097 户 / 2469 人');
  const taken = new Set((await askRows<MemberRow>(backend, 'members.list', {})).map((m) => m.idNumber!));
  const headId = freshId(taken, '1962-04-05', 'male');
  const wifeId = freshId(taken, '1965-08-09', 'female');

  // A new household: the category must be chosen, not defaulted.
  await page.getByRole('button', { name: '新增贫困户' }).click();
  const nh = page.getByRole('dialog', { name: '新增贫困户' });
  await nh.getByLabel('行政村').selectOption({ label: '光华村' });
  await nh.getByLabel('户主姓名').fill('对话框户主');
  await nh.getByLabel('户主身份证号').fill(headId);
  await nh.getByRole('button', { name: '保存' }).click();
  await expect(nh.getByRole('alert')).toContainText('请选择贫困户属性');
  await nh.getByLabel('贫困户属性').selectOption({ label: '低保贫困户' });
  await nh.getByRole('button', { name: '保存' }).click();
  await expect(nh).toHaveCount(0);
  await expect(statusBar(page)).toContainText('低保贫困户 537 户 / 893 人');

  // 新增成员: the relation must be chosen; then the wife is added.
  await page.getByRole('button', { name: '新增成员' }).click();
  const nm = page.getByRole('dialog', { name: '新增成员' });
  await nm.getByLabel('姓名').fill('对话框妻子');
  await nm.getByLabel('身份证号').fill(wifeId.toLowerCase());
  await nm.getByRole('button', { name: '保存' }).click();
  await expect(nm.getByRole('alert')).toContainText('请选择与户主关系');
  await nm.getByLabel('与户主关系').selectOption({ label: '配偶' });
  await nm.getByRole('button', { name: '保存' }).click();
  await expect(nm).toHaveCount(0);
  await expect(statusBar(page)).toContainText('合计 1098 户 / 2471 人');
  const grid = membersGrid(page);
  await expect(grid.locator('.ag-row')).toHaveCount(2);

  // 设为户主: the wife becomes 户主, the former head takes the relation chosen for him.
  await cell(grid, 1, 'name').click();
  await expect(cell(grid, 1, 'name')).toHaveText('对话框妻子');
  await page.getByRole('button', { name: '设为户主' }).click();
  const mh = page.getByRole('dialog', { name: '设为户主' });
  await expect(mh).toContainText('原户主“对话框户主”');
  await mh.getByLabel('原户主的新关系').selectOption({ label: '配偶' });
  await mh.getByRole('button', { name: '确定' }).click();
  await expect(mh).toHaveCount(0);
  await expect(page.getByRole('heading', { name: /户主 对话框妻子/ })).toBeVisible();
  let household = (await askRows<HouseholdRow>(backend, 'households.list', {})).find((h) => h.headIdNumber === wifeId)!;
  expect(household.headName).toBe('对话框妻子');
  const members = await askRows<MemberRow>(backend, 'members.list', { householdId: household.id });
  expect(members.find((m) => m.idNumber === headId)?.relation).toBe('spouse');

  // 删除成员: the former head, after confirmation.
  await grid.locator('.ag-cell[col-id="name"]', { hasText: '对话框户主' }).click();
  await page.getByRole('button', { name: '删除成员' }).click();
  const rm = page.getByRole('dialog', { name: '删除成员' });
  await expect(rm).toContainText('对话框户主');
  await expect(rm).toContainText(headId);
  await rm.getByRole('button', { name: '确定删除' }).click();
  await expect(rm).toHaveCount(0);
  await expect(statusBar(page)).toContainText('合计 1098 户 / 2470 人');
  household = (await askRows<HouseholdRow>(backend, 'households.list', {})).find((h) => h.id === household.id)!;
  expect(household.size).toBe(1);
  expect((await askRows<MemberRow>(backend, 'members.list', {})).some((m) => m.idNumber === headId)).toBe(false);
});
