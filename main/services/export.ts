// Grids (and the lists a clerk sees) to .xlsx or .csv, as clerks expect them in WPS/Excel: a title row, Chinese headers, ID numbers and
// account numbers as text (a number cell keeps 15 digits only), money in yuan with two decimals,
// code values by name. The members export is the national per-person layout (one row per person
// with the household's columns), so it imports back unchanged.
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { writeToBuffer } from '@fast-csv/format';
import type { ExportWhat, HouseholdRow, MemberRow, Progress, VillageRow } from '../../shared/contract';
import { codeLabel, codesLabel, type CodeListName } from '../../shared/domain/codes';
import { todayIso } from '../../shared/domain/dates';
import { perCapitaNetFen, type IncomeComponents } from '../../shared/domain/income';
import { AppError } from '../../shared/errors';
import {
  HOUSEHOLD_FIELDS,
  INCOME_FIELDS,
  INCOME_YEAR_LABEL,
  MEMBER_FIELDS,
  NET_INCOME_PER_CAPITA_LABEL,
  COMPUTED_PER_CAPITA_LABEL,
  type FieldDef,
} from '../../shared/fields';
import type { IncomesTable } from '../db/schema';
import type { Store } from '../db/store';
import { listVillages } from './org';
import { gridIds, listHouseholds, listMembers } from './registry';
import type { GridQuery } from '../../shared/gridQuery';
import { queriesFor } from '../db/queries';
import { EXPORT_PART, journalExportTemp, removeDeadTempFiles } from './leftovers';
import { locatedError } from '../errors';
import { CSV_TEXT_FORMULA_MAX, csvTextFormula } from './import/sources';

export const APP_TITLE = '精准扶贫台账';

type Kind = 'text' | 'digits' | 'int' | 'decimal' | 'money' | 'bool' | 'code' | 'codes';

/** A row of the export, whatever the grid: the record and what the columns may need beside it. */
interface Ctx {
  household?: HouseholdRow;
  member?: MemberRow;
  village?: VillageRow;
  villageCode?: string;
  town?: string;
  income?: IncomesTable;
}

export interface ExportColumn {
  key: string;
  label: string;
  kind: Kind;
  list?: CodeListName;
  width: number;
  get(c: Ctx): unknown;
}

const DIGIT_TYPES = new Set(['idNumber', 'bankAccount', 'phone']);

function kindOf(def: FieldDef): Kind {
  if (DIGIT_TYPES.has(def.type) || def.key === 'hhCode') return 'digits';
  switch (def.type) {
    case 'int':
    case 'year':
      return 'int';
    case 'decimal':
      return 'decimal';
    case 'bool':
      return 'bool';
    case 'code':
      return 'code';
    case 'codes':
      return 'codes';
    default:
      return 'text';
  }
}

function widthOf(def: FieldDef): number {
  if (def.type === 'idNumber' || def.type === 'bankAccount') return 22;
  if (def.key === 'hhCode') return 18;
  return Math.max(8, Math.min(24, def.label.length * 2 + 2));
}

function fieldColumn(def: FieldDef, pick: (c: Ctx) => Record<string, unknown> | undefined): ExportColumn {
  return { key: def.key, label: def.label, kind: kindOf(def), list: def.list, width: widthOf(def), get: (c) => pick(c)?.[def.key] };
}

const villageCodeColumn: ExportColumn = { key: 'villageCode', label: '村代码', kind: 'digits', width: 16, get: (c) => c.villageCode };
const townColumn: ExportColumn = { key: 'town', label: '乡(镇)', kind: 'text', width: 10, get: (c) => c.town };

function incomeColumns(): ExportColumn[] {
  return [
    { key: 'incomeYear', label: INCOME_YEAR_LABEL, kind: 'int', width: 10, get: (c) => c.income?.year },
    ...INCOME_FIELDS.map((f): ExportColumn => ({ key: f.key, label: f.label, kind: 'money', width: 14, get: (c) => c.income?.[f.key] })),
    // The figure the household declared (imported again as declared: a round trip changes nothing)…
    { key: 'netIncomePerCapita', label: NET_INCOME_PER_CAPITA_LABEL, kind: 'money', width: 16, get: (c) => c.income?.declaredPerCapita ?? undefined },
    // …and the one its components give (shared/domain/income.ts), which an import reports and leaves.
    {
      key: 'computedPerCapita',
      label: COMPUTED_PER_CAPITA_LABEL,
      kind: 'money',
      width: 18,
      get: (c) => (c.income && c.household ? (perCapitaNetFen(c.income as unknown as IncomeComponents, c.household.size ?? 0) ?? undefined) : undefined),
    },
  ];
}

const household = (c: Ctx) => c.household as unknown as Record<string, unknown> | undefined;
const member = (c: Ctx) => c.member as unknown as Record<string, unknown> | undefined;

export function householdColumns(): ExportColumn[] {
  const fields = (HOUSEHOLD_FIELDS as readonly FieldDef[]).map((d) => fieldColumn(d, household));
  const at = fields.findIndex((c) => c.key === 'villageName') + 1;
  return [...fields.slice(0, at), villageCodeColumn, ...fields.slice(at), ...incomeColumns()];
}

/** The national per-person layout: place, person, then the household's columns on every row. */
export function memberColumns(): ExportColumn[] {
  const people = (MEMBER_FIELDS as readonly FieldDef[]).filter((d) => d.key !== 'hhCode' && d.key !== 'villageName').map((d) => fieldColumn(d, member));
  const households = (HOUSEHOLD_FIELDS as readonly FieldDef[]).filter((d) => d.key !== 'hhCode' && d.key !== 'villageName').map((d) => fieldColumn(d, household));
  const hh = (HOUSEHOLD_FIELDS as readonly FieldDef[]).filter((d) => d.key === 'hhCode' || d.key === 'villageName').map((d) => fieldColumn(d, household));
  return [townColumn, hh[1], villageCodeColumn, hh[0], ...people, ...households, ...incomeColumns()];
}

export function villageColumns(): ExportColumn[] {
  const v = (key: keyof VillageRow) => (c: Ctx) => c.village?.[key];
  return [
    { key: 'code', label: '村代码', kind: 'digits', width: 16, get: v('code') },
    { key: 'name', label: '行政村', kind: 'text', width: 12, get: v('name') },
    { key: 'town', label: '乡(镇)', kind: 'text', width: 10, get: v('town') },
    { key: 'teamName', label: '驻村工作队', kind: 'text', width: 20, get: v('teamName') },
    { key: 'leadUnitName', label: '牵头单位', kind: 'text', width: 20, get: v('leadUnitName') },
    { key: 'households', label: '贫困户数', kind: 'int', width: 10, get: v('households') },
    { key: 'people', label: '贫困人口数', kind: 'int', width: 10, get: v('people') },
    { key: 'exitedHouseholds', label: '已脱贫户数', kind: 'int', width: 10, get: v('exitedHouseholds') },
    { key: 'plannedExitYear', label: '计划出列年度', kind: 'int', width: 12, get: v('plannedExitYear') },
    { key: 'exitedYear', label: '实际出列年度', kind: 'int', width: 12, get: (c) => (c.village?.exitedOn ? Number(c.village.exitedOn.slice(0, 4)) : undefined) },
    { key: 'exitedOn', label: '出列日期', kind: 'text', width: 12, get: v('exitedOn') },
  ];
}

const SHEET_TITLES: Record<ExportWhat, string> = { households: '贫困户', members: '家庭成员', villages: '贫困村' };

function catalogue(what: ExportWhat): ExportColumn[] {
  return what === 'households' ? householdColumns() : what === 'members' ? memberColumns() : villageColumns();
}

function chooseColumns(what: ExportWhat, keys: readonly string[] | undefined): ExportColumn[] {
  const all = catalogue(what);
  if (!keys || keys.length === 0) return all;
  const chosen = keys.map((k) => all.find((c) => c.key === k));
  const unknown = keys.filter((_k, i) => !chosen[i]);
  if (unknown.length > 0) throw new AppError('VALIDATION', `无法导出未知的列：${unknown.join('、')}`);
  return chosen as ExportColumn[];
}

/** The cell value as the clerk should see it; money stays a number so Excel can sum it. */
export function cellValue(col: ExportColumn, raw: unknown): string | number | null {
  if (raw === null || raw === undefined || raw === '') return col.kind === 'bool' ? '否' : null;
  switch (col.kind) {
    case 'bool':
      return raw === true || raw === 1 ? '是' : '否';
    case 'code':
      return codeLabel(col.list!, String(raw)) || String(raw);
    case 'codes':
      return codesLabel(col.list!, String(raw).split(',').filter(Boolean).join(','));
    case 'money':
      return Number(raw) / 100;
    case 'int':
    case 'decimal':
      return Number(raw);
    case 'digits':
    case 'text':
      return String(raw);
  }
}

function latestIncomes(store: Store): Map<string, IncomesTable> {
  return new Map(queriesFor(store).exporting.latestIncomes().map((r) => [r.householdId, r]));
}

function villageMaps(store: Store) {
  return new Map(queriesFor(store).exporting.villagePlaces().map((r) => [r.id, r]));
}

function ordered<T extends { id: string }>(rows: T[], ids: readonly string[] | undefined): T[] {
  if (!ids) return rows;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [r] : [];
  });
}

function contexts(store: Store, what: ExportWhat, rowIds: readonly string[] | undefined): Ctx[] {
  if (what === 'villages') return ordered(listVillages(store), rowIds).map((village) => ({ village }));
  const villages = villageMaps(store);
  const incomes = latestIncomes(store);
  const households = listHouseholds(store);
  const place = (villageId: string) => ({ villageCode: villages.get(villageId)?.code, town: villages.get(villageId)?.town });
  if (what === 'households') {
    return ordered(households, rowIds).map((h) => ({ household: h, income: incomes.get(h.id), ...place(h.villageId) }));
  }
  const byId = new Map(households.map((h) => [h.id, h]));
  return ordered(listMembers(store), rowIds).map((m) => ({
    member: m,
    household: byId.get(m.householdId),
    income: incomes.get(m.householdId),
    ...place(m.villageId),
  }));
}

export interface ExportRequest {
  what: ExportWhat;
  path: string;
  rowIds?: readonly string[];
  /** households, members: the grid's query; its rows in its order are exported (rowIds is then ignored). */
  query?: GridQuery;
  columns?: readonly string[];
  /** The clerk confirmed replacing an existing file (the dialog's 覆盖, the CLI's --force). */
  overwrite?: boolean;
  /**
   * The user-data folder whose journal lists the temp file while it exists (leftovers.ts), so the
   * next start removes it wherever it was saved. Set by main (the CLI, the app's job), never by the
   * renderer: the contract's schema has no such field.
   */
  userDataDir?: string;
}

/** Refuses to replace a file nobody agreed to lose (asked again just before the rename). */
export function assertMayWrite(target: string, overwrite: boolean | undefined): void {
  if (!fs.existsSync(target)) return;
  if (!fs.statSync(target).isFile()) throw new AppError('FILE_EXISTS', `该位置是一个文件夹，不能保存为文件：${target}`);
  if (!overwrite) throw new AppError('FILE_EXISTS', `文件已存在，未覆盖：${target}（确认覆盖后再保存；命令行加 --force）`);
}

export interface ExportHooks {
  onProgress?: (p: Progress) => void;
  /** The date in the title; tests fix it. */
  today?: string;
}

export function exportTitle(what: ExportWhat, today: string): string {
  return `${APP_TITLE} · ${SHEET_TITLES[what]} · 导出于 ${today}`;
}

/**
 * The workbook is built in memory and reaches the disk in one write of the finished bytes to a temp
 * file beside the target, then one rename: a failed or killed export never leaves half a file, and
 * its plaintext temp file exists only for that write (Node cannot open a file that vanishes with
 * the process). The temp file is listed in the user-data journal while it exists (leftovers.ts).
 */
export async function exportGrid(store: Store, req: ExportRequest, hooks: ExportHooks = {}): Promise<{ path: string; rows: number }> {
  const columns = chooseColumns(req.what, req.columns);
  return writeTable(req, (target) => {
    // A SQL-backed grid's export is its query's rows: the same WHERE and ORDER BY the grid shows.
    const rowIds = req.query && req.what !== 'villages' ? gridIds(store, req.what, req.query) : req.rowIds;
    const rows = contexts(store, req.what, rowIds);
    return buildTable(target, {
      sheet: SHEET_TITLES[req.what],
      title: exportTitle(req.what, hooks.today ?? todayIso()),
      columns,
      rows: rows.length,
      row: (i) => columns.map((c) => cellValue(c, c.get(rows[i]))),
      onRows: (done) => hooks.onProgress?.({ job: 'export', done, total: rows.length, message: `正在导出：第 ${done} / ${rows.length} 行` }),
    });
  });
}

/** A list the clerk sees (an import's errors, a data-quality list, the units and teams) as a file. */
export interface TableExport {
  path: string;
  overwrite?: boolean;
  /** The sheet's name and the title row's subject: 导入错误清单, 数据质量：… */
  title: string;
  /** digits: text that stays text (ID numbers); money: integer fen, written as yuan numbers with 2 decimals. */
  columns: readonly { label: string; digits?: boolean; money?: boolean }[];
  rows: readonly (readonly (string | number | null)[])[];
  /** As in ExportRequest: set by main only. */
  userDataDir?: string;
  today?: string;
}

export async function exportTable(req: TableExport): Promise<{ path: string; rows: number }> {
  const columns = req.columns.map((c, i): ExportColumn => ({ key: String(i), label: c.label, kind: c.money ? 'money' : c.digits ? 'digits' : 'text', width: Math.min(60, Math.max(10, c.label.length * 2 + 4)), get: () => null }));
  return writeTable(req, (target) =>
    buildTable(target, {
      sheet: req.title.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '),
      title: `${APP_TITLE} · ${req.title} · 导出于 ${req.today ?? todayIso()}`,
      columns,
      rows: req.rows.length,
      row: (i) => columns.map((c, j) => (c.kind === 'money' ? cellValue(c, req.rows[i][j]) : (req.rows[i][j] ?? null))),
      onRows: () => {},
    }),
  );
}

/**
 * The file the clerk typed, in the form its extension says: .xlsx (a workbook with a title row)
 * or .csv (a plain table, UTF-8 with a BOM so that Excel and WPS read the Chinese); without an
 * extension, .xlsx is added. Any other extension is refused rather than silently replaced.
 */
export function exportTarget(typed: string): { target: string; format: 'xlsx' | 'csv' } {
  const ext = path.extname(typed).toLowerCase();
  if (ext === '.xlsx' || ext === '.csv') return { target: path.resolve(typed), format: ext === '.csv' ? 'csv' : 'xlsx' };
  if (ext === '' || /[^\x00-\x7f]/.test(ext)) return { target: path.resolve(`${typed}.xlsx`), format: 'xlsx' };
  throw new AppError('VALIDATION', `只能导出为 .xlsx 或 .csv 文件，不能保存为“${ext}”：${typed}`);
}

interface TableContent {
  sheet: string;
  title: string;
  columns: readonly ExportColumn[];
  rows: number;
  row: (i: number) => (string | number | null)[];
  onRows: (done: number) => void;
}

async function buildTable(target: { format: 'xlsx' | 'csv' }, content: TableContent): Promise<Built> {
  return { bytes: await (target.format === 'csv' ? buildCsv(content) : buildWorkbook(content)), rows: content.rows };
}

interface Built {
  bytes: Buffer[];
  rows: number;
}

/**
 * The export's bytes reach the disk in one write to a temp file beside the target, then one
 * rename: a failed or killed export never leaves half a file, and its plaintext temp file exists
 * only for that write. The temp file is listed in the user-data journal while it exists (leftovers.ts).
 */
async function writeTable(
  req: { path: string; overwrite?: boolean; userDataDir?: string },
  build: (target: { format: 'xlsx' | 'csv' }) => Promise<Built>,
): Promise<{ path: string; rows: number }> {
  const { target, format } = exportTarget(req.path);
  if (!fs.existsSync(path.dirname(target))) throw new AppError('FILE_NOT_FOUND', `保存位置不存在：${path.dirname(target)}`);
  assertMayWrite(target, req.overwrite);
  // The temp file is the whole export in clear: one left by a killed export goes now (and at the next open).
  removeDeadTempFiles(path.dirname(target), (name) => EXPORT_PART.test(name));
  const { bytes, rows } = await build({ format });
  assertMayWrite(target, req.overwrite);
  const temp = `${target}.${process.pid}.part`;
  const unlist = req.userDataDir ? journalExportTemp(req.userDataDir, temp) : () => {};
  try {
    writeSynced(temp, bytes);
    fs.renameSync(temp, target);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    // A full disk, a read-only stick, a folder without permission: the app's sentence, naming the file.
    throw locatedError(e, target);
  } finally {
    unlist();
  }
  return { path: target, rows };
}

/** The finished bytes, written and synced before the rename makes them the target. */
function writeSynced(file: string, chunks: readonly Buffer[]): void {
  const fd = fs.openSync(file, 'w');
  try {
    for (const chunk of chunks) {
      for (let at = 0; at < chunk.length; ) at += fs.writeSync(fd, chunk, at);
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A CSV cell. Digit columns (ID numbers, bank accounts, phones, 户编号, codes) as ="420115…", which
 * Excel and WPS keep as text and our import reads back as the digits (sources.ts). Any other cell a
 * spreadsheet would take for a formula (=, +, -, @ first) gets a leading apostrophe, as Excel itself marks text.
 */
function csvCell(column: ExportColumn, v: string | number | null): string | number | null {
  if (typeof v !== 'string') return v;
  if (column.kind === 'digits' && v.length <= CSV_TEXT_FORMULA_MAX) return csvTextFormula(v);
  return /^[=+\-@]/.test(v) ? `'${v}` : v;
}

/**
 * The .csv file's bytes: the header and the rows, no title row (a plain table for other programs),
 * UTF-8 with a BOM, each cell as csvCell writes it.
 */
async function buildCsv(content: TableContent): Promise<Buffer[]> {
  const rows: (string | number | null)[][] = [content.columns.map((c) => c.label)];
  for (let i = 0; i < content.rows; i++) {
    rows.push(content.row(i).map((v, j) => csvCell(content.columns[j], v)));
    if ((i + 1) % 2000 === 0) content.onRows(i + 1);
  }
  content.onRows(content.rows);
  return [await writeToBuffer(rows, { writeBOM: true, includeEndRowDelimiter: true, rowDelimiter: '\r\n' })];
}

/** The .xlsx file's bytes (the zip exceljs streams out), as chunks in memory. */
async function buildWorkbook(content: TableContent): Promise<Buffer[]> {
  const { sheet: sheetName, title, columns, onRows } = content;
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true });
  wb.creator = APP_TITLE;
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 2 }] });
  // Text format on the digit columns keeps a clerk's later edits in Excel from turning into numbers.
  ws.columns = columns.map((c) => ({
    key: c.key,
    width: c.width,
    style: c.kind === 'digits' ? { numFmt: '@' } : c.kind === 'money' ? { numFmt: '0.00' } : {},
  }));
  const titleRow = ws.addRow([title]);
  titleRow.font = { bold: true, size: 14 };
  if (columns.length > 1) ws.mergeCells(1, 1, 1, columns.length);
  titleRow.commit();
  const header = ws.addRow(columns.map((c) => c.label));
  header.font = { bold: true };
  header.commit();
  let done = 0;
  for (let i = 0; i < content.rows; i++) {
    const row = ws.addRow(content.row(i));
    row.commit();
    if (++done % 2000 === 0) {
      onRows(done);
      // Let the zip stream drain and the event loop breathe on big grids.
      await new Promise((r) => setImmediate(r));
    }
  }
  onRows(done);
  ws.commit();
  await wb.commit();
  return chunks;
}
