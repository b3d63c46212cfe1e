// Our own import template: a 贫困户 sheet (one row per household) and a 家庭成员 sheet (one row per
// person), headed by the field labels, so a clerk can fill it in WPS/Excel and import it back.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { AppError } from '../../../shared/errors';
import { HOUSEHOLD_FIELDS, INCOME_FIELDS, INCOME_YEAR_LABEL, MEMBER_FIELDS, NET_INCOME_PER_CAPITA_LABEL, type FieldDef } from '../../../shared/fields';
import { APP_TITLE, assertMayWrite } from '../export';

interface TemplateColumn {
  label: string;
  text: boolean;
  required: boolean;
}

const DIGITS = new Set(['idNumber', 'bankAccount', 'phone']);

function fromField(def: FieldDef): TemplateColumn {
  return { label: def.label, text: DIGITS.has(def.type) || def.key === 'hhCode', required: def.required === true };
}

export function templateHouseholdColumns(): TemplateColumn[] {
  const fields = HOUSEHOLD_FIELDS as readonly FieldDef[];
  const derived = new Set(['headName', 'headIdNumber', 'size', 'helperName']);
  return [
    fromField(fields[0]),
    { label: '行政村', text: false, required: true },
    { label: '村代码', text: true, required: false },
    ...fields.filter((f) => f.editable && !derived.has(f.key)).map(fromField),
    { label: INCOME_YEAR_LABEL, text: false, required: false },
    ...INCOME_FIELDS.map((f) => ({ label: f.label, text: false, required: false })),
    // The per-capita net income the household declared (imported as such; may be left empty).
    { label: NET_INCOME_PER_CAPITA_LABEL, text: false, required: false },
  ];
}

export function templateMemberColumns(): TemplateColumn[] {
  const fields = MEMBER_FIELDS as readonly FieldDef[];
  return [
    { label: '户编号', text: true, required: true },
    ...fields.filter((f) => f.editable).map(fromField),
  ];
}

function addSheet(wb: ExcelJS.Workbook, name: string, note: string, columns: readonly TemplateColumn[]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.getRow(1).getCell(1).value = note;
  ws.getRow(1).font = { italic: true, color: { argb: 'FF666666' } };
  if (columns.length > 1) ws.mergeCells(1, 1, 1, Math.min(columns.length, 12));
  const header = ws.getRow(2);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.label;
    cell.font = { bold: true, color: c.required ? { argb: 'FFC00000' } : undefined };
    const col = ws.getColumn(i + 1);
    col.width = Math.max(10, Math.min(24, c.label.length * 2 + 2));
    // ID numbers typed into a General cell lose their last digits: the column is text from the start.
    if (c.text) col.numFmt = '@';
  });
}

/** overwrite: the clerk confirmed replacing an existing file. Written to a temp name, then renamed. */
export async function writeImportTemplate(file: string, options: { overwrite?: boolean } = {}): Promise<{ path: string }> {
  const target = path.resolve(file.toLowerCase().endsWith('.xlsx') ? file : `${file}.xlsx`);
  if (!fs.existsSync(path.dirname(target))) throw new AppError('FILE_NOT_FOUND', `保存位置不存在：${path.dirname(target)}`);
  assertMayWrite(target, options.overwrite);
  const wb = new ExcelJS.Workbook();
  wb.creator = APP_TITLE;
  addSheet(wb, '贫困户', `${APP_TITLE} · 导入模板：每户一行；红色列必填；户编号、证件号码、银行卡号请按文本填写；代码项填中文名称（如“一般贫困户”“因病”）`, templateHouseholdColumns());
  addSheet(wb, '家庭成员', `${APP_TITLE} · 导入模板：每人一行，用户编号与“贫困户”表对应；每户须有且只有一名“户主”`, templateMemberColumns());
  const temp = `${target}.${process.pid}.part`;
  try {
    await wb.xlsx.writeFile(temp);
    assertMayWrite(target, options.overwrite);
    fs.renameSync(temp, target);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    if (e instanceof AppError) throw e;
    throw new AppError('VALIDATION', `无法写入文件：${target}（${(e as Error).message}）`);
  }
  return { path: target };
}
