// Saving over an existing file: main refuses, the window asks 文件已存在，是否覆盖？, 取消 keeps the
// file as it was, 覆盖 replaces it — as a clerk exporting the same list twice would see it.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, openDemo, test } from './fixtures';

test('export to an existing file asks first; 取消 keeps it, 覆盖 replaces it', async ({ app: page, userDataDir }) => {
  await openDemo(page);
  await expect(page.getByText('显示 1097 户 / 共 1097 户')).toBeVisible();
  const out = path.join(userDataDir, '贫困户-已有文件.xlsx');
  fs.writeFileSync(out, 'a file the clerk made earlier');

  await page.getByRole('button', { name: '导出 Excel…' }).click();
  const dialog = page.getByRole('dialog', { name: '导出贫困户' });
  await dialog.getByLabel('保存到').fill(out);
  await dialog.getByRole('button', { name: '导出' }).click();

  const confirm = page.getByRole('dialog', { name: '文件已存在' });
  await expect(confirm).toContainText('文件已存在，是否覆盖？');
  await expect(confirm).toContainText(out);
  await confirm.getByRole('button', { name: '取消' }).click();
  await expect(confirm).toHaveCount(0);
  expect(fs.readFileSync(out, 'utf8')).toBe('a file the clerk made earlier');

  // Back in the export dialog with the same path: this time the clerk replaces the file.
  await expect(dialog.getByLabel('保存到')).toHaveValue(out);
  await dialog.getByRole('button', { name: '导出' }).click();
  await confirm.getByRole('button', { name: '覆盖' }).click();
  await expect(page.getByText(`已导出 1097 行到 ${out}`)).toBeVisible();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  expect(wb.worksheets[0].actualRowCount).toBe(2 + 1097);
});
