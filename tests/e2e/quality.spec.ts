// 修改记录 and 数据质量 through the window: an edit shows up in the record's history with its old and
// new value; the quality lists name the records, and a click lands on the record in its grid.
import fs from 'node:fs';
import path from 'node:path';
import type { HouseholdRow, ImportJobState, MemberRow } from '../../shared/contract';
import type { Backend } from '../../main/dev/bridge';
import { ask, askRows, cell, editCell, expect, householdsGrid, membersGrid, openDemo, statusBar, test, loadedText } from './fixtures';
import { idMaker, writeRegistryFile, type FileHousehold } from './registryFiles';
import { todayIso } from '../../shared/domain/dates';


test('n. 修改记录: a phone number edited in the grid is listed with its time, the clerk, the old and the new value', async ({ app: page, backend }) => {
  await openDemo(page);
  const grid = householdsGrid(page);
  const hhCode = await loadedText(cell(grid, 0, 'hhCode'));
  const before = (await askRows<HouseholdRow>(backend, 'households.list', {})).find((h) => h.hhCode === hhCode)!;
  const oldPhone = before.phone ?? '';
  const newPhone = oldPhone === '13907140001' ? '13907140002' : '13907140001';

  await expect(page.getByRole('button', { name: '修改记录', exact: true })).toBeDisabled();
  await cell(grid, 0, 'hhCode').click();
  await expect(page.getByRole('heading', { name: new RegExp(`户编号 ${hhCode}`) })).toBeVisible();
  await editCell(page, cell(grid, 0, 'phone'), newPhone);
  await expect(cell(grid, 0, 'phone')).toHaveText(newPhone);

  await page.getByRole('button', { name: '修改记录', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '修改记录' });
  await expect(dialog).toContainText(`户编号 ${hhCode}`);
  const newest = dialog.getByRole('table', { name: '修改记录列表' }).locator('tbody tr').first();
  const cells = newest.locator('td');
  await expect(cells.nth(0)).toHaveText(new RegExp(`^${todayIso()} \\d{2}:\\d{2}:\\d{2}$`));
  await expect(cells.nth(1)).toHaveText('e2e@playwright');
  await expect(cells.nth(2)).toHaveText('修改');
  await expect(cells.nth(3)).toHaveText('联系电话');
  await expect(cells.nth(4)).toHaveText(`${oldPhone === '' ? '（空）' : oldPhone} → ${newPhone}`);
  await page.screenshot({ path: '/tmp/fupin-history.png' });
  await dialog.getByRole('button', { name: '关闭' }).click();
  await expect(dialog).toHaveCount(0);

  // A member's own history: the head's record, from its creation on.
  const members = membersGrid(page);
  await cell(members, 0, 'name').click();
  await page.getByRole('button', { name: '成员修改记录' }).click();
  const memberDialog = page.getByRole('dialog', { name: '修改记录' });
  const head = (await askRows<MemberRow>(backend, 'members.list', { householdId: before.id }))[0];
  await expect(memberDialog).toContainText(head.name!);
  await expect(memberDialog.getByRole('table', { name: '修改记录列表' }).locator('tbody tr').last()).toContainText('新增');
  await page.keyboard.press('Escape');
  await expect(memberDialog).toHaveCount(0);
});

/** Imports through the router (setup only; the UI import has its own tests). */
async function importDirect(backend: Backend, file: string): Promise<void> {
  const { jobId } = await ask(backend, 'import.start', { path: file, dryRun: false, onlyValid: false });
  let state: ImportJobState;
  do {
    await new Promise((r) => setTimeout(r, 100));
    state = await ask(backend, 'import.result', { jobId });
  } while (state.status === 'running');
  expect(state.report?.committed, state.error?.message ?? JSON.stringify(state.report?.errors.slice(0, 3))).toBe(true);
}

test('o. 数据质量: the checks list what is wrong, long lists are cut at 200 with the rest counted, and a click lands on the record', async ({ app: page, backend, userDataDir }) => {
  await openDemo(page);
  await expect(statusBar(page)).toContainText('合计 1097 户 / 2469 人');
  // The demo is clean. One household added without a helper and with fields left empty…
  const village = (await ask(backend, 'villages.list', {})).find((v) => v.name === '光华村')!;
  const id = await idMaker(backend);
  const created = await ask(backend, 'households.create', { villageId: village.id, category: 'general', headName: '质检测试', headIdNumber: id('1966-06-06') });
  // …and 250 more from a file, none of them paired with a helper: a list longer than the page shows;
  // in the first, a boy of nine who is not at school.
  const many: FileHousehold[] = [
    {
      hhCode: '420115999909999',
      village: '光华村',
      people: [
        { name: '质检父亲', idNumber: id('1975-04-04'), relation: '户主' },
        { name: '质检儿童', idNumber: id('2006-08-08'), relation: '之子' },
      ],
    },
  ];
  for (let i = 0; i < 249; i++) many.push({ hhCode: `42011599990${String(i).padStart(4, '0')}`, village: '光华村', people: [{ name: `批量${i}`, idNumber: id('1970-01-01'), relation: '户主' }] });
  await importDirect(backend, await writeRegistryFile(userDataDir, '批量.xlsx', many));
  const report = await ask(backend, 'quality.run', {});
  const noHelper = report.checks.find((c) => c.key === 'noHelper')!;
  expect(noHelper.total).toBe(251);
  expect(noHelper.items[0].targets[0].id).toBe(created.id);

  await page.getByRole('tab', { name: '数据质量' }).click();
  await page.getByRole('button', { name: '开始检查' }).click();
  const section = page.getByRole('region', { name: '未落实帮扶责任人的户' });
  await expect(section).toContainText('251 条');
  await expect(section.locator('.quality-items > li')).toHaveCount(200);
  await expect(section).toContainText('还有 51 条未列出');
  await expect(page.getByRole('region', { name: '同一证件号码登记在两户' })).toContainText('未发现问题');
  await page.screenshot({ path: '/tmp/fupin-quality.png' });
  // The list as a file, every listed item (not only the 200 shown), as .csv: header and rows.
  await section.getByRole('button', { name: '导出…' }).click();
  const save = page.getByRole('dialog', { name: '导出数据质量：未落实帮扶责任人的户' });
  const out = path.join(userDataDir, '未落实帮扶.csv');
  await save.getByLabel('保存到').fill(out);
  await save.getByRole('button', { name: '导出' }).click();
  await expect(page.getByText(`已导出 ${noHelper.items.length} 行到 ${out}`)).toBeVisible();
  const lines = fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  expect(lines[0]).toBe('序号,问题,涉及记录');
  expect(lines).toHaveLength(noHelper.items.length + 1);
  // 打印: the list alone is what the print dialog gets.
  await page.evaluate(() => {
    window.print = () => {
      (window as unknown as { printed: string }).printed = document.querySelector('.print-area')?.textContent ?? '';
    };
  });
  await section.getByRole('button', { name: '打印' }).click();
  const printed = await page.evaluate(() => (window as unknown as { printed?: string }).printed ?? '');
  expect(printed).toContain('数据质量：未落实帮扶责任人的户');
  expect(printed).toContain(noHelper.items[0].message);
  await expect(page.locator('.print-area')).toHaveCount(0);

  // The household: the 贫困户 tab opens with it selected, in view, its members below.
  const link = section.getByRole('button', { name: `户编号 ${created.hhCode}（户主 质检测试）` });
  await link.click();
  await expect(page.getByRole('tab', { name: '贫困户' })).toHaveAttribute('aria-selected', 'true');
  const grid = householdsGrid(page);
  const selectedRow = grid.locator('.ag-row.ag-row-selected');
  await expect(selectedRow).toHaveCount(1);
  await expect(selectedRow.locator('.ag-cell[col-id="hhCode"]')).toHaveText(created.hhCode!);
  await expect(selectedRow).toBeInViewport();
  await expect(page.getByRole('heading', { name: new RegExp(`户编号 ${created.hhCode}`) })).toBeVisible();
  await expect(cell(membersGrid(page), 0, 'name')).toHaveText('质检测试');
  await page.screenshot({ path: '/tmp/fupin-quality-jump.png' });

  // Back on 数据质量 the lists are still there; a person's link opens 贫困人口 on that person.
  await page.getByRole('tab', { name: '数据质量' }).click();
  const school = page.getByRole('region', { name: '年龄与在校生状况不符' });
  await expect(school).toContainText('1 条');
  const personLink = school.getByRole('button', { name: '质检儿童（之子，户编号 420115999909999）' });
  await expect(personLink).toBeVisible();
  await personLink.click();
  await expect(page.getByRole('tab', { name: '贫困人口' })).toHaveAttribute('aria-selected', 'true');
  const people = page.getByRole('region', { name: '贫困人口列表' });
  const selectedPerson = people.locator('.ag-row.ag-row-selected');
  await expect(selectedPerson).toHaveCount(1);
  await expect(selectedPerson.locator('.ag-cell[col-id="name"]')).toHaveText('质检儿童');
  await expect(selectedPerson.locator('.ag-cell[col-id="hhCode"]')).toHaveText('420115999909999');
  await expect(selectedPerson).toBeInViewport();
  await page.screenshot({ path: '/tmp/fupin-quality-member.png' });
});
