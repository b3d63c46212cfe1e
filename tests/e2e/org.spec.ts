// 单位与工作队 as a clerk uses it: a unit's phone edited in its grid (a wrong one refused in Chinese),
// a cadre added to a team and made its 第一书记, two households paired with them in 结对帮扶, and
// the 数据质量 finding gone once they have a helper; a helper from another village's team is listed
// there and its link opens the cadre. Real router, real encrypted database; fictitious people.
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { insertRow } from '../../main/db/write';
import type { CadreRow, HouseholdRow } from '../../shared/contract';
import { ask, cell, editCell, expect, openDemo, test } from './fixtures';
import { idMaker } from './registryFiles';

const SHOTS = '/tmp/shots-org';

async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const [width, height] of [
    [1366, 768],
    [1920, 1080],
  ]) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png` });
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

test.use({ viewport: { width: 1366, height: 768 } });

test('组织: edit a unit, add a cadre, make them 第一书记, pair two households, and the quality finding goes', async ({ app: page, backend }) => {
  await openDemo(page);
  await page.getByRole('tab', { name: '单位与工作队' }).click();
  await expect(page.getByText('显示 21 / 共 21 支工作队')).toBeVisible();
  await shoot(page, 'teams-empty');

  // A unit's phone, typed with a dash: main stores the digits; a short number is refused in Chinese.
  await page.getByRole('tab', { name: '帮扶单位' }).click();
  const units = page.getByRole('region', { name: '帮扶单位', exact: true });
  await expect(page.getByText('显示 66 / 共 66 个单位')).toBeVisible();
  const unitName = (await cell(units, 0, 'name').textContent())!.trim();
  await editCell(page, cell(units, 0, 'phone'), '027-8765 4321');
  await expect(cell(units, 0, 'phone')).toHaveText('02787654321');
  expect((await ask(backend, 'units.list', {})).find((u) => u.name === unitName)!.phone).toBe('02787654321');
  await editCell(page, cell(units, 0, 'phone'), '12345');
  await expect(page.getByRole('alert').filter({ hasText: '12345' })).toContainText('修改未保存。联系电话：“12345”不是有效电话号码（11位手机号或带区号的固定电话）');
  await expect(cell(units, 0, 'phone')).toHaveText('02787654321');
  await shoot(page, 'units');

  // A new cadre in the first team, then its 第一书记; the one before becomes a 队员.
  await page.getByRole('tab', { name: '工作队', exact: true }).click();
  const teams = page.getByRole('region', { name: '驻村工作队', exact: true });
  const teamName = (await cell(teams, 0, 'name').textContent())!.trim();
  const team = (await ask(backend, 'teams.list', {})).find((t) => t.name === teamName)!;
  const previous = team.firstSecretary!;
  await cell(teams, 0, 'unitNames').click();
  const members = page.getByRole('region', { name: `${teamName}队员` });
  await expect(page.getByText(`显示 ${team.cadres} / 共 ${team.cadres} 人`)).toBeVisible();
  await page.getByRole('button', { name: '新增队员' }).click();
  const dialog = page.getByRole('dialog', { name: `新增${teamName}干部` });
  await dialog.getByLabel('姓名').fill('测试队员');
  await dialog.getByLabel('联系电话').fill('1390000');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('联系电话：“1390000”不是有效电话号码（11位手机号或带区号的固定电话）');
  await dialog.getByLabel('联系电话').fill('139 0714 9999');
  await dialog.getByLabel('职责').fill('负责结对户走访和产业项目');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText(`显示 ${team.cadres + 1} / 共 ${team.cadres + 1} 人`)).toBeVisible();
  const newRow = members.locator('.ag-row', { hasText: '13907149999' });
  await expect(newRow).toContainText('负责结对户走访和产业项目');
  await members.locator('.ag-cell[col-id="name"]', { hasText: '测试队员' }).click();
  await page.getByRole('button', { name: '设为第一书记' }).click();
  await expect(cell(teams, 0, 'firstSecretary')).toHaveText('测试队员');
  const cadres = await ask(backend, 'cadres.list', {});
  const newcomer = cadres.find((c) => c.name === '测试队员')!;
  expect(newcomer).toMatchObject({ role: '第一书记', teamId: team.id, phone: '13907149999' });
  expect(cadres.find((c) => c.teamId === team.id && c.name === previous)!.role).toBe('队员');
  await shoot(page, 'teams');

  // Two new households of the team's village, without a helper: listed by 数据质量.
  const id = await idMaker(backend);
  const added: HouseholdRow[] = [];
  for (const name of ['结对测试甲', '结对测试乙']) added.push(await ask(backend, 'households.create', { villageId: team.villageId, category: 'general', headName: name, headIdNumber: id('1970-03-03') }));
  await page.getByRole('tab', { name: '数据质量' }).click();
  await page.getByRole('button', { name: /开始检查|重新检查/ }).click();
  const noHelper = page.getByRole('region', { name: '未落实帮扶责任人的户' });
  await expect(noHelper).toContainText('2 条');
  await expect(noHelper.getByRole('button', { name: `户编号 ${added[0].hhCode}（户主 结对测试甲）` })).toBeVisible();

  // 结对帮扶: only the unpaired households, both selected, given to the new 第一书记.
  await page.getByRole('tab', { name: '单位与工作队' }).click();
  await page.getByRole('tab', { name: '结对帮扶' }).click();
  await page.getByLabel('工作队', { exact: true }).selectOption(team.id);
  await page.getByLabel('只看未结对的户').check();
  const pairing = page.getByRole('region', { name: `${team.villageName}结对帮扶` });
  await expect(pairing.locator('.ag-row .ag-cell[col-id="headName"]')).toHaveCount(2);
  await cell(pairing, 0, 'headName').click();
  await cell(pairing, 1, 'headName').click({ modifiers: ['Shift'] });
  await expect(page.getByText('将选中的 2 户交由')).toBeVisible();
  await page.getByLabel('将选中的 2 户交由').selectOption(newcomer.id);
  await page.getByRole('button', { name: '帮扶', exact: true }).click();
  await expect(page.getByText('已将 2 户交由 测试队员 帮扶（变更 2 户）')).toBeVisible();
  await expect(pairing.locator('.ag-row .ag-cell[col-id="headName"]')).toHaveCount(0);
  await page.getByLabel('只看未结对的户').uncheck();
  // The 户编号 column's filter box narrows the village's households to the second one.
  await pairing.locator('.ag-floating-filter input').first().fill(added[1].hhCode!);
  await expect(cell(pairing, 0, 'headName')).toHaveText('结对测试乙');
  await expect(cell(pairing, 0, 'helper')).toHaveText('测试队员');
  await shoot(page, 'pairings');
  expect((await ask(backend, 'cadres.list', {})).find((c) => c.id === newcomer.id)!.households).toBe(2);

  await page.getByRole('tab', { name: '数据质量' }).click();
  await page.getByRole('button', { name: '重新检查' }).click();
  await expect(noHelper).toContainText('0 条');
  await expect(noHelper).toContainText('未发现问题');
});

test('组织: a helper from another village is listed in 数据质量 and its link opens the cadre', async ({ app: page, backend }) => {
  await openDemo(page);
  const [first, second] = await ask(backend, 'teams.list', {});
  const cadres = await ask(backend, 'cadres.list', {});
  const stranger: CadreRow = cadres.find((c) => c.teamId === second.id)!;
  const id = await idMaker(backend);
  const household = await ask(backend, 'households.create', { villageId: first.villageId, category: 'general', headName: '外村结对', headIdNumber: id('1966-06-06') });
  // Written past the service's rule, as an old import could have left it.
  backend.session.write({ kind: 'system', name: 'e2e' }, (w) => insertRow(w, 'pairings', { householdId: household.id, cadreId: stranger.id, since: '2016-01-01' }));

  await page.getByRole('tab', { name: '数据质量' }).click();
  await page.getByRole('button', { name: '开始检查' }).click();
  const section = page.getByRole('region', { name: '帮扶责任人不在本村工作队' });
  await expect(section).toContainText('1 条');
  await expect(section).toContainText(`户编号 ${household.hhCode} 在${first.villageName}：帮扶责任人只能帮扶本工作队所驻村的户`);
  await section.getByRole('button', { name: `帮扶干部 ${stranger.name}（${stranger.unitName}）` }).click();
  await expect(page.getByRole('tab', { name: '单位与工作队' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: '帮扶干部' })).toHaveAttribute('aria-selected', 'true');
  const grid = page.getByRole('region', { name: '帮扶干部', exact: true });
  const selected = grid.locator('.ag-row.ag-row-selected', { has: page.locator('.ag-cell[col-id="unitId"]') });
  await expect(selected).toHaveCount(1);
  await expect(selected).toContainText(stranger.unitName);
  await expect(selected).toBeInViewport();
});

test('组织: a new unit leads a new village’s new team; the unit cannot go while it leads it; the team, then the unit, are deleted', async ({ app: page, backend }) => {
  await openDemo(page);
  // A village of its own first: every demo village already has its team.
  await page.getByRole('tab', { name: '行政村' }).click();
  await page.getByRole('button', { name: '新增行政村' }).click();
  const village = page.getByRole('dialog', { name: '新增行政村' });
  await village.getByLabel('村代码').fill('420115010299');
  await village.getByLabel('行政村名称').fill('测试新村');
  await village.getByLabel('乡(镇)').fill('山坡街');
  await village.getByRole('button', { name: '保存' }).click();
  await expect(village).toHaveCount(0);

  // A unit, through its dialog (a wrong phone refused in the dialog first).
  await page.getByRole('tab', { name: '单位与工作队' }).click();
  await page.getByRole('tab', { name: '帮扶单位' }).click();
  await page.getByRole('button', { name: '新增单位' }).click();
  const newUnit = page.getByRole('dialog', { name: '新增帮扶单位' });
  await newUnit.getByLabel('单位名称').fill('区测试局');
  await newUnit.getByLabel('类别').fill('区直部门');
  await newUnit.getByLabel('负责人').fill('测试局长');
  await newUnit.getByLabel('联系电话').fill('027-123');
  await newUnit.getByRole('button', { name: '保存' }).click();
  await expect(newUnit.getByRole('alert')).toContainText('不是有效电话号码');
  await newUnit.getByLabel('联系电话').fill('027-87654000');
  await newUnit.getByRole('button', { name: '保存' }).click();
  await expect(newUnit).toHaveCount(0);
  await expect(page.getByText('显示 67 / 共 67 个单位')).toBeVisible();

  // The team: only the village without a team and the units without one are offered.
  await page.getByRole('tab', { name: '工作队', exact: true }).click();
  await page.getByRole('button', { name: '新增工作队' }).click();
  const newTeam = page.getByRole('dialog', { name: '新增驻村工作队' });
  await expect(newTeam.getByLabel('驻村').locator('option')).toHaveText(['测试新村']);
  await newTeam.getByLabel('驻村').selectOption({ label: '测试新村' });
  await expect(newTeam.getByLabel('工作队名称')).toHaveValue('测试新村驻村工作队');
  await expect(newTeam.getByLabel('牵头单位').locator('option')).toHaveText(['区测试局']);
  await newTeam.getByLabel('牵头单位').selectOption({ label: '区测试局' });
  await newTeam.getByRole('button', { name: '保存' }).click();
  await expect(newTeam).toHaveCount(0);
  await expect(page.getByText('显示 22 / 共 22 支工作队')).toBeVisible();
  const team = (await ask(backend, 'teams.list', {})).find((t) => t.name === '测试新村驻村工作队')!;
  expect(team).toMatchObject({ villageName: '测试新村', leadUnitName: '区测试局' });

  // The unit leads it: its deletion is refused, naming the team; the dialog starts on 取消.
  // The new rows are at the end: the name column's filter box finds them.
  await page.getByRole('tab', { name: '帮扶单位' }).click();
  const units = page.getByRole('region', { name: '帮扶单位', exact: true });
  await units.locator('.ag-floating-filter input').first().fill('区测试局');
  await expect(page.getByText('显示 1 / 共 67 个单位')).toBeVisible();
  await units.locator('.ag-cell[col-id="name"]', { hasText: '区测试局' }).click();
  await page.getByRole('button', { name: '删除单位' }).click();
  let confirm = page.getByRole('dialog', { name: '删除单位' });
  await expect(confirm.getByRole('button', { name: '取消' })).toBeFocused();
  await confirm.getByRole('button', { name: '删除', exact: true }).click();
  await expect(confirm.getByRole('alert')).toContainText('不能删除区测试局：该单位是测试新村驻村工作队的牵头单位');
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: '取消' }).click();

  // The team first, then the unit.
  await page.getByRole('tab', { name: '工作队', exact: true }).click();
  const teams = page.getByRole('region', { name: '驻村工作队', exact: true });
  await teams.locator('.ag-floating-filter input').first().fill('测试新村');
  await expect(page.getByText('显示 1 / 共 22 支工作队')).toBeVisible();
  await teams.locator('.ag-cell[col-id="name"]', { hasText: '测试新村驻村工作队' }).click();
  await page.getByRole('button', { name: '删除工作队' }).click();
  confirm = page.getByRole('dialog', { name: '删除工作队' });
  await confirm.getByRole('button', { name: '删除', exact: true }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByText(/共 21 支工作队/)).toBeVisible();
  await page.getByRole('tab', { name: '帮扶单位' }).click();
  await units.locator('.ag-floating-filter input').first().fill('区测试局');
  await units.locator('.ag-cell[col-id="name"]', { hasText: '区测试局' }).click();
  await page.getByRole('button', { name: '删除单位' }).click();
  confirm = page.getByRole('dialog', { name: '删除单位' });
  await confirm.getByRole('button', { name: '删除', exact: true }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByText(/共 66 个单位/)).toBeVisible();
  expect((await ask(backend, 'units.list', {})).some((u) => u.name === '区测试局')).toBe(false);
});
