// From rows to households: finds each sheet's header, turns every cell into a stored value (or a
// problem placed at its sheet, row and column) and groups the people by 户编号.
import type { ImportIssue } from '../../../shared/contract';
import { checkHouseholdCode, isHeadRelation } from '../../../shared/domain/household';
import { checkIdNumber, normalizeIdNumber } from '../../../shared/domain/idNumber';
import { compactHalfWidth } from '../../../shared/domain/text';
import { parseYearText, yearRangeMessage } from '../../../shared/domain/dataYear';
import { formatYuan, parseYuan } from '../../../shared/domain/money';
import { fieldByKey, HOUSEHOLD_FIELDS, MEMBER_FIELDS, type FieldDef, type HouseholdFieldKey, type MemberFieldKey, type MoneyFieldDef } from '../../../shared/fields';
import { parseFieldValue, type StoredValue } from '../../../shared/validation';
import { codeFromLabel, codeLabel, normalizeLabel } from '../../../shared/domain/codes';
import { columnLetters, HEADER_SEARCH_ROWS, matchHeader, matchTwoRowHeader, type SheetColumns } from './columns';
import { addBeyond, type Cell, type CellsBeyond, type HeaderWidth, type SheetRow } from './sheetRow';
import { ownCopy } from './sources';

export type IncomeKey = MoneyFieldDef['key'];

export interface Place {
  sheet: string;
  row: number;
}

export interface FileMember extends Place {
  hhCode: string;
  /** Normalised 18-character number; null when the cell could not be read. */
  idNumber: string | null;
  sex: string | null;
  birthDate: string | null;
  values: Partial<Record<MemberFieldKey, StoredValue>>;
  columns: SheetColumns;
}

export interface FileHousehold extends Place {
  hhCode: string;
  values: Partial<Record<HouseholdFieldKey, StoredValue>>;
  village: { name?: string | null; code?: string | null; town?: string | null; county?: string | null };
  declaredSize?: { value: number } & Place & { column: string };
  income?: FileIncome;
  members: FileMember[];
  columns: SheetColumns;
  /** The member whose 与户主关系 is 户主 (the first, if the file names two). */
  head?: FileMember;
  /** 户主姓名 / 户主证件号码 cells seen before the head's row, compared when it comes. */
  headClaims?: Stated[];
  /** 帮扶责任人 as the file first states it: not imported (the registry's comes from the pairing). */
  helper?: Stated;
}

/** The household's income figures in the file, for one year (the first row's 收入年度, else the import's year). */
export interface FileIncome extends Place {
  year: number | null;
  values: Partial<Record<IncomeKey, number>>;
  /**
   * 年人均纯收入 as the file declares it; null: the file has the column but the household's cells
   * are empty (nothing declared); undefined: the file has no such column.
   */
  declared?: DeclaredIncome | null;
}

/** The first figure a household's rows state for 年人均纯收入, and the later rows that state another. */
export interface DeclaredIncome extends Place {
  column: string;
  fen: number;
  others: (Place & { fen: number })[];
}

/** A value the registry computes itself, as a cell of the file states it: compared, never imported. */
export interface Stated extends Place {
  key: string;
  column: string;
  raw: Cell;
}

export class Issues {
  readonly errors: ImportIssue[] = [];
  readonly warnings: ImportIssue[] = [];
  /** 户编号 of households with at least one error: onlyValid leaves them out. */
  readonly badHouseholds = new Set<string>();
  /** Rows with errors that belong to no household (no 户编号): they block a full import. */
  orphanErrors = 0;

  error(place: Place, column: string, message: string, hhCodes: readonly (string | null | undefined)[]): void {
    this.errors.push({ sheet: place.sheet, row: place.row, column, message });
    const codes = hhCodes.filter((c): c is string => !!c);
    if (codes.length === 0) this.orphanErrors++;
    for (const c of codes) this.badHouseholds.add(c);
  }

  warn(place: Place, column: string, message: string): void {
    this.warnings.push({ sheet: place.sheet, row: place.row, column, message });
  }

  private readonly tallies = new Map<string, { place: Place; column: string; n: number; message: (n: number) => string }>();

  /**
   * One warning for many cells (an alias used 3,000 times, an ignored column): counted here, and
   * written once, at the first place, by flushTallies.
   */
  tally(key: string, place: Place, column: string, message: (n: number) => string, add = 1): void {
    const t = this.tallies.get(key);
    if (t) t.n += add;
    else this.tallies.set(key, { place, column, n: add, message });
  }

  private readonly beyond = new Map<string, { place: Place; cells: CellsBeyond }>();

  /**
   * Non-empty cells right of a sheet's header: they have no column name, so nothing says what they
   * are and they are not imported. One warning per sheet, with their count and columns.
   */
  cellsBeyondHeader(place: Place, cells: CellsBeyond): void {
    const b = this.beyond.get(place.sheet);
    if (!b) {
      this.beyond.set(place.sheet, { place, cells: { ...cells } });
      return;
    }
    b.cells.count += cells.count;
    b.cells.first = Math.min(b.cells.first, cells.first);
    b.cells.last = Math.max(b.cells.last, cells.last);
  }

  flushTallies(): void {
    for (const t of this.tallies.values()) this.warn(t.place, t.column, t.message(t.n));
    this.tallies.clear();
    for (const { place, cells } of this.beyond.values()) {
      const columns = cells.first === cells.last ? columnLetters(cells.first) : `${columnLetters(cells.first)}–${columnLetters(cells.last)}`;
      this.warn(place, columnLetters(cells.first), `工作表“${place.sheet}”表头右侧（${columns} 列）没有列名，其中 ${cells.count} 个非空单元格未导入（首次在第 ${place.row} 行）：如需导入，请在表头中为这些列填写列名`);
    }
    this.beyond.clear();
  }
}

type Parsed = { ok: true; value: StoredValue; warning?: string } | { ok: false; message: string };

const LOST_DIGITS = /^[+-]?\d+(\.\d+)?e\+?\d+$/i;

function lostDigits(what: string): Parsed {
  return {
    ok: false,
    message: `${what}以数字格式保存，超过15位的数字已被 Excel 改写，无法恢复：请把该列设为“文本”格式后重新录入正确的${what}`,
  };
}

/** A long digit string from a cell: numbers are exact only up to 15 significant digits. */
function digitsCell(raw: Cell, what: string, exactDigits: number): Parsed | string | null {
  if (raw === null) return null;
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw) || String(raw).length > exactDigits) return lostDigits(what);
    return String(raw);
  }
  const text = compactHalfWidth(String(raw));
  if (text === '') return null;
  if (LOST_DIGITS.test(text)) return lostDigits(what);
  return text;
}

export function parseIdNumberCell(raw: Cell, def: FieldDef): Parsed & { sex?: string; birthDate?: string } {
  // A 15-digit old number survives a numeric cell intact; an 18-digit one never does.
  const text = digitsCell(raw, '证件号码', 15);
  if (text === null) return def.required ? { ok: false, message: '不能为空' } : { ok: true, value: null };
  if (typeof text !== 'string') return text;
  const check = checkIdNumber(text);
  if (!check.ok) return { ok: false, message: `证件号码“${normalizeIdNumber(String(raw))}”无效：${check.reason}` };
  return {
    ok: true,
    value: check.value,
    sex: check.sex,
    birthDate: check.birthDate,
    warning: check.upgradedFrom15 ? `15位旧证件号码 ${check.value.slice(0, 6)}${check.value.slice(8, 17)} 已转换为18位 ${check.value}` : undefined,
  };
}

export function parseImportValue(def: FieldDef, raw: Cell): Parsed {
  switch (def.type) {
    case 'idNumber':
      return parseIdNumberCell(raw, def);
    case 'bankAccount': {
      const text = digitsCell(raw, '银行卡号', 15);
      if (text === null || typeof text === 'string') return parseFieldValue(def, text);
      return text;
    }
    case 'phone':
      return parseFieldValue(def, typeof raw === 'number' ? String(raw) : raw);
    default:
      return parseFieldValue(def, raw);
  }
}

function parseHhCode(raw: Cell): Parsed {
  const text = digitsCell(raw, '户编号', 16);
  if (text !== null && typeof text !== 'string') return text;
  return checkHouseholdCode(text ?? '');
}

function textCell(raw: Cell): string | null {
  if (raw === null) return null;
  const t = String(raw).trim();
  return t === '' ? null : t;
}

/** Fields the file may set; derived ones (户主姓名, 帮扶责任人, 性别 …) are recognised but computed. */
const HOUSEHOLD_IMPORTED = (def: FieldDef) => def.editable;
const MEMBER_IMPORTED = (def: FieldDef) => def.editable;

/**
 * Follows the sheets of a file: finds each sheet's header and says which rows are data rows.
 * Shared by the import's passes so that every pass sees exactly the same rows.
 *
 * A header may span two rows, so a row that reads as a header is held until the next one shows
 * whether it continues the header (see matchTwoRowHeader) or is the first data row.
 */
export class SheetTracker {
  readonly sheets: string[] = [];
  readonly sheetsWithoutHeader: string[] = [];
  rowsRead = 0;
  private current = '';
  private columns: SheetColumns | undefined;
  /** The latest row of the header search, with its reading as a one-row header. */
  private candidate: { row: SheetRow; alone: SheetColumns | undefined } | undefined;
  private finished = false;

  /** The columns of a data row; undefined for title and header rows and in sheets without a header. */
  columnsOf(r: SheetRow): SheetColumns | undefined {
    this.rowsRead++;
    if (r.sheet !== this.current || this.sheets.length === 0) {
      this.endSheet();
      this.current = r.sheet;
      this.sheets.push(r.sheet);
      this.columns = undefined;
      this.candidate = undefined;
    }
    if (this.columns) return this.columns;
    const held = this.candidate;
    if (held) {
      const two = r.row === held.row.row + 1 ? matchTwoRowHeader(held.alone, held.row.row, held.row.cells, r.cells) : undefined;
      if (two) {
        this.columns = two;
        this.candidate = undefined;
        return undefined;
      }
      if (held.alone) {
        this.columns = held.alone;
        this.candidate = undefined;
        return this.columns;
      }
    }
    this.candidate = r.row <= HEADER_SEARCH_ROWS ? { row: r, alone: matchHeader(r.row, r.cells) } : undefined;
    return undefined;
  }

  /**
   * Cells a reader should build for the next row: up to the header's last named column; every
   * cell while the header is still sought; none in a sheet that has shown no header in time.
   */
  readonly width: HeaderWidth = Object.assign(
    (sheet: string, row: number): number => {
      if (sheet !== this.current) return Infinity;
      if (this.columns) return this.columns.width;
      return row <= HEADER_SEARCH_ROWS + 1 ? Infinity : 0;
    },
    { fromHeader: true } as const,
  );

  private endSheet(): void {
    if (this.sheets.length === 0) return;
    // A header in the sheet's last row still counts (a sheet of headers only).
    if (!this.columns && this.candidate?.alone) this.columns = this.candidate.alone;
    if (!this.columns) this.sheetsWithoutHeader.push(this.current);
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.endSheet();
  }
}

/** The 户编号 a data row belongs to, by the same rules as collectRow; null when it belongs to none. */
export function hhCodeOfRow(r: SheetRow, cols: SheetColumns): string | null {
  if (isBlank(r.cells, cols.width)) return null;
  const hh = parseHhCode(r.cells[cols.index.get('household.hhCode')!] ?? null);
  return hh.ok ? String(hh.value) : null;
}

function skippedMessage(s: SheetColumns['skipped'] extends Map<number, infer S> ? S : never, n: number): string {
  const values = n === 0 ? '该列没有数据' : `该列 ${n} 个值未导入`;
  switch (s.reason) {
    case 'unknown':
      return `无法识别列名“${s.name}”，${values}${s.suggestion ? `；最接近的已知列名是“${s.suggestion}”，如是该列请改用此列名` : ''}`;
    case 'ignored':
      // 家庭年纯收入: the household's total, derived from the income columns (年人均纯收入 is imported).
      return /收入/.test(s.name) ? `“${s.name}”列不导入（由各项收入计算得出），${values}` : `“${s.name}”列不导入（仅为行号），${values}`;
    case 'duplicate':
      return `“${s.name}”与前面的“${s.first}”列是同一项，只导入前一列，${values}`;
    case 'unnamed':
      return `${s.name} 列在表头中没有列名，${values}：如需导入，请在表头中填写列名`;
  }
}

/**
 * Puts each column the import will not read on the report, once per sheet, with the number of
 * values it held (counted by collectRow): nothing in a file is dropped without a word.
 */
export function noteSkippedColumns(cols: SheetColumns, sheet: string, issues: Issues): void {
  for (const [i, s] of cols.skipped) {
    // A blank spacer column is no news; one is reported only once a value is found under it.
    if (s.reason === 'unnamed') continue;
    issues.tally(`column|${sheet}|${i}`, { sheet, row: cols.headerRow }, s.name, (n) => skippedMessage(s, n), 0);
  }
}

/**
 * A code read through an alias ("特困户" for 特困供养贫困户): a warning per spelling and column,
 * counting every cell that holds it (also a household's repeats on its later rows).
 */
function noteAliases(def: FieldDef, raw: Cell, place: Place, column: string, issues: Issues): void {
  if (!def.list || raw === null) return;
  const list = def.list;
  const texts = def.type === 'codes' ? String(raw).split(/[,，、;；\s]+/).filter(Boolean) : [String(raw)];
  for (const text of texts) {
    const code = codeFromLabel(list, text);
    if (code === undefined) continue;
    const key = normalizeLabel(text);
    const label = codeLabel(list, code);
    if (key === normalizeLabel(label) || key === normalizeLabel(code)) continue;
    issues.tally(`alias|${place.sheet}|${column}|${key}`, place, column, (n) => `“${text.trim()}”不是代码表中的名称，已按“${label}”导入：共 ${n} 处（首次在第 ${place.row} 行）`);
  }
}

export interface CollectedRow {
  household: FileHousehold;
  /** true when this row opened the household in the map. */
  created: boolean;
  /** The person this row describes, if any. */
  member: FileMember | null;
}

function isEmpty(c: Cell | undefined): boolean {
  return c === null || c === undefined || (typeof c === 'string' && c.trim() === '');
}

/** A row with nothing under the header's columns (what lies right of them is not read). */
function isBlank(cells: readonly Cell[], width: number): boolean {
  for (let i = 0; i < cells.length && i < width; i++) if (!isEmpty(cells[i])) return false;
  return true;
}

/**
 * Counts the non-empty cells right of the header's last column: those the reader left out, and
 * those it built before the header was known (the first data row is read whole).
 */
function noteCellsBeyond(r: SheetRow, cols: SheetColumns, issues: Issues): void {
  let beyond = r.beyond && { ...r.beyond };
  // As the readers count: a cell that holds anything, even spaces.
  for (let i = cols.width; i < r.cells.length; i++) if (r.cells[i] !== null && r.cells[i] !== '') beyond = addBeyond(beyond, i + 1);
  if (beyond) issues.cellsBeyondHeader({ sheet: r.sheet, row: r.row }, beyond);
}

/** Adds one data row to its household in the map (opening it if needed). */
export function collectRow(r: SheetRow, cols: SheetColumns, households: Map<string, FileHousehold>, issues: Issues): CollectedRow | null {
  noteCellsBeyond(r, cols, issues);
  if (isBlank(r.cells, cols.width)) return null;
  const place: Place = { sheet: r.sheet, row: r.row };
  const cell = (i: number | undefined): Cell => (i === undefined ? null : (r.cells[i] ?? null));
  const name = (i: number) => cols.names.get(i) ?? '';

  const hhIndex = cols.index.get('household.hhCode')!;
  const hh = parseHhCode(cell(hhIndex));
  if (!hh.ok) {
    issues.error(place, name(hhIndex), hh.message, []);
    return null;
  }
  let hhCode = String(hh.value);
  let household = households.get(hhCode);
  const created = !household;
  if (!household) {
    hhCode = ownCopy(hhCode);
    household = { hhCode, sheet: r.sheet, row: r.row, values: {}, village: {}, members: [], columns: cols };
    households.set(hhCode, household);
  }
  // The household's own copy: members outlive the row (see ownCopy).
  hhCode = household.hhCode;

  let hasMember = false;
  const member: FileMember = { sheet: r.sheet, row: r.row, hhCode, idNumber: null, sex: null, birthDate: null, values: {}, columns: cols };
  let income: Partial<Record<IncomeKey, number>> | undefined;
  let incomeYear: number | null | undefined;
  // 年人均纯收入 on this row: undefined without the column, null when its cell is empty or wrong.
  let declared: { fen: number; column: string } | null | undefined;
  // Member problems wait until the row is known to describe a person.
  const pendingMemberErrors: [string, string][] = [];
  // Cells of columns the registry computes (性别, 户主姓名 …): compared once the row is read.
  const stated: Stated[] = [];

  for (const [i, skipped] of cols.skipped) {
    const v = cell(i);
    if (v === null || (typeof v === 'string' && v.trim() === '')) continue;
    issues.tally(`column|${r.sheet}|${i}`, { sheet: r.sheet, row: cols.headerRow }, skipped.name, (n) => skippedMessage(skipped, n));
  }
  let idUnreadable = false;
  for (const [i, role] of cols.roles) {
    const problem = r.problems?.get(i);
    if (problem !== undefined) {
      // The value is unknown, so nothing is read from this cell; the row's household is refused.
      if (role.kind === 'member') {
        if (role.def.key === 'name' || role.def.key === 'idNumber') hasMember = true;
        if (role.def.key === 'idNumber') idUnreadable = true;
        pendingMemberErrors.push([name(i), problem]);
      } else issues.error(place, name(i), problem, [hhCode]);
      continue;
    }
    const raw = cell(i);
    switch (role.kind) {
      case 'household': {
        const def = role.def;
        if (def.key === 'hhCode') break;
        if (def.key === 'villageName') {
          if (!('name' in household.village)) household.village.name = textCell(raw);
          break;
        }
        if (def.key === 'size') {
          if (household.declaredSize || raw === null) break;
          const p = parseFieldValue(def, raw);
          if (p.ok && typeof p.value === 'number') household.declaredSize = { value: p.value, sheet: r.sheet, row: r.row, column: name(i) };
          else if (!p.ok) issues.warn(place, name(i), `${p.message}，已忽略`);
          break;
        }
        if (!HOUSEHOLD_IMPORTED(def)) {
          if (!isEmpty(raw)) stated.push({ key: def.key, column: name(i), raw, ...place });
          break;
        }
        noteAliases(def, raw, place, name(i), issues);
        if (def.key in household.values) break;
        const p = parseImportValue(def, raw);
        if (p.ok) household.values[def.key as HouseholdFieldKey] = p.value;
        else issues.error(place, name(i), p.message, [hhCode]);
        break;
      }
      case 'member': {
        const def = role.def;
        if (raw !== null && (def.key === 'name' || def.key === 'idNumber')) hasMember = true;
        if (def.key === 'hhCode' || def.key === 'villageName') break;
        if (def.key === 'idNumber') {
          const p = parseIdNumberCell(raw, def);
          if (p.ok) {
            member.idNumber = p.value as string | null;
            member.sex = p.sex ?? null;
            member.birthDate = p.birthDate ?? null;
            member.values.idNumber = p.value;
            if (p.warning) issues.warn(place, name(i), p.warning);
          } else member.values.idNumber = undefined;
          if (!p.ok) pendingMemberErrors.push([name(i), p.message]);
          break;
        }
        if (!MEMBER_IMPORTED(def)) {
          if (!isEmpty(raw)) stated.push({ key: def.key, column: name(i), raw, ...place });
          break;
        }
        const p = parseImportValue(def, raw);
        if (p.ok) {
          member.values[def.key as MemberFieldKey] = p.value;
          noteAliases(def, raw, place, name(i), issues);
        } else pendingMemberErrors.push([name(i), p.message]);
        break;
      }
      case 'income': {
        income ??= {};
        if (raw === null || (typeof raw === 'string' && raw.trim() === '')) {
          income[role.def.key] = 0;
          break;
        }
        const p = parseYuan(moneyInput(raw));
        if (p.ok) income[role.def.key] = p.fen;
        else issues.error(place, name(i), p.message, [hhCode]);
        break;
      }
      case 'declaredIncome': {
        if (isEmpty(raw)) {
          declared ??= null;
          break;
        }
        const p = parseDeclaredIncome(raw);
        if (p.ok) declared = { fen: p.fen, column: name(i) };
        else {
          issues.error(place, name(i), p.message, [hhCode]);
          declared = null;
        }
        break;
      }
      case 'incomeYear': {
        if (raw === null) {
          incomeYear = null;
          break;
        }
        const y = parseYearText(compactHalfWidth(String(raw)).replace(/年$/, ''));
        if (y !== null) incomeYear = y;
        else issues.error(place, name(i), `${yearRangeMessage('收入年度')}，文件中为“${String(raw)}”`, [hhCode]);
        break;
      }
      case 'villageCode': {
        if (!('code' in household.village)) {
          const code = digitsCell(raw, '村代码', 15);
          household.village.code = typeof code === 'string' ? code : null;
        }
        break;
      }
      case 'town':
        if (!('town' in household.village)) household.village.town = textCell(raw);
        break;
      case 'county':
        if (!('county' in household.village)) household.village.county = textCell(raw);
        break;
      case 'ignored':
        break;
    }
  }
  // Member problems only count for rows that describe a person; a households-only row has none.
  if (hasMember) {
    for (const [column, message] of pendingMemberErrors) issues.error(place, column, message, [hhCode]);
    // Without its ID number a person cannot be stored or matched: never dropped in silence.
    if (!cols.index.has('member.idNumber') && !idUnreadable) {
      issues.error(place, name(cols.index.get('member.name') ?? -1), `该行有成员，但文件中没有证件号码列（可用列名：证件号码、身份证号码、公民身份号码），无法导入该成员：请在表头中加上证件号码列`, [hhCode]);
    }
    household.members.push(member);
    if (!household.head && isHeadRelation(member.values.relation)) household.head = member;
  }
  noteStated(stated, household, hasMember ? member : null, issues);
  // A declared figure alone is an income of the year too: its components stay at their defaults (0).
  if ((income || declared) && !household.income) household.income = { year: incomeYear ?? null, values: income ?? {}, sheet: r.sheet, row: r.row };
  if (declared !== undefined && household.income) noteDeclared(household.income, declared, place);
  return { household, created, member: hasMember ? member : null };
}

/** A number cell goes to the money parser as a number: its binary-fraction noise is the parser's rule. */
function moneyInput(raw: Cell): string | number {
  return typeof raw === 'number' ? raw : String(raw);
}

/** 年人均纯收入 in yuan, by the one money parser; words, ranges ("3000-4000") and negatives are errors. */
export function parseDeclaredIncome(raw: Cell): { ok: true; fen: number } | { ok: false; message: string } {
  const p = parseYuan(moneyInput(raw));
  if (!p.ok) return { ok: false, message: `${p.message}：年人均纯收入应填以元为单位的数字，如 3000 或 3000.50` };
  if (p.fen < 0) return { ok: false, message: `年人均纯收入不能为负（文件中为“${String(raw).trim()}”）` };
  return p;
}

/**
 * 年人均纯收入 repeats on each member row of the national export. The first row that states a figure
 * gives the household's; an empty cell states nothing (a merged cell reads as empty below its first
 * row); a later row stating another figure is kept for the warning (noteDeclaredDisagreement).
 */
function noteDeclared(income: FileIncome, declared: { fen: number; column: string } | null, place: Place): void {
  if (declared === null) {
    income.declared ??= null;
    return;
  }
  if (!income.declared) income.declared = { ...place, column: declared.column, fen: declared.fen, others: [] };
  else if (income.declared.fen !== declared.fen) income.declared.others.push({ ...place, fen: declared.fen });
}

/**
 * The rows of one household that disagree on 年人均纯收入: one warning with their row numbers and
 * figures, saying the first row's is the one imported. For the reconciler, once the household is
 * complete.
 */
export function noteDeclaredDisagreement(h: FileHousehold, issues: Issues): void {
  const d = h.income?.declared;
  if (!d || d.others.length === 0) return;
  const at = (p: Place) => (p.sheet === d.sheet ? `第 ${p.row} 行` : `${p.sheet} 第 ${p.row} 行`);
  const rows = [d, ...d.others].map((p) => `${at(p)} ${formatYuan(p.fen)}`).join('，');
  issues.warn(d, d.column, `户编号 ${h.hhCode} 各行的“${d.column}”不一致（${rows}），已按其中第一行（${at(d)}）的 ${formatYuan(d.fen)}导入`);
}

/**
 * Columns the registry computes itself are recognised but never imported; what a file says in
 * them is compared with what the registry will show, so that nothing is dropped without a word:
 * - 性别 and 出生日期 against the ID number (each person's own row);
 * - 户主姓名 and 户主证件号码 against the household's head row (cells seen before it wait);
 * - 帮扶责任人 is kept on the household: only the registry knows its pairing (noteStatedHelper).
 * 家庭人口数 is compared with the household's member rows when the household is reconciled.
 * Each disagreement is one counted warning per sheet and column.
 */
function noteStated(stated: readonly Stated[], household: FileHousehold, member: FileMember | null, issues: Issues): void {
  for (const s of stated) {
    switch (s.key) {
      case 'sex':
      case 'birthDate':
        if (member) compareWithIdNumber(s, member, issues);
        break;
      case 'headName':
      case 'headIdNumber':
        (household.headClaims ??= []).push(s);
        break;
      case 'helperName':
        household.helper ??= s;
        break;
      case 'exitedOn':
        // The app's own export writes it; a 销号 day is recorded only through 销号 (with its reviewer).
        issues.tally(`stated|${s.sheet}|${s.column}`, s, s.column, (n) => `“${s.column}”列不导入（销号日期只在“销号…”办理时记下），该列 ${n} 个值未导入`);
        break;
    }
  }
  const head = household.head;
  if (head && household.headClaims) {
    for (const claim of household.headClaims) compareWithHead(claim, head, issues);
    household.headClaims = undefined;
  }
}

function idColumnOf(columns: SheetColumns): string {
  return columns.names.get(columns.index.get('member.idNumber') ?? -1) ?? '证件号码';
}

/** 出生日期 as national exports also write it: 19700101. */
function statedDate(raw: Cell): Cell {
  const text = typeof raw === 'number' ? String(raw) : raw;
  return typeof text === 'string' && /^\s*\d{8}\s*$/.test(text) ? text.trim().replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3') : raw;
}

function compareWithIdNumber(s: Stated, member: FileMember, issues: Issues): void {
  // Without a valid ID number nothing is computed, and the row has its error already.
  const computed = s.key === 'sex' ? member.sex : member.birthDate;
  if (computed === null) return;
  const def = fieldByKey(MEMBER_FIELDS, s.key)!;
  const p = parseFieldValue(def, s.key === 'birthDate' ? statedDate(s.raw) : s.raw);
  if (p.ok && p.value === computed) return;
  const id = idColumnOf(member.columns);
  issues.tally(`stated|${s.sheet}|${s.column}`, s, s.column, (n) => `“${s.column}”与${id}不一致的有 ${n} 行，已按${id}计算（首次在第 ${s.row} 行）`);
}

const sameName = (a: string, b: string) => compactHalfWidth(a) === compactHalfWidth(b);

function compareWithHead(s: Stated, head: FileMember, issues: Issues): void {
  if (s.key === 'headName') {
    const name = head.values.name;
    if (typeof name !== 'string' || sameName(String(s.raw), name)) return;
  } else {
    if (head.idNumber === null) return;
    const p = parseIdNumberCell(s.raw, fieldByKey(HOUSEHOLD_FIELDS, 'headIdNumber')!);
    if (p.ok && p.value === head.idNumber) return;
  }
  const of = s.key === 'headName' ? '姓名' : '证件号码';
  issues.tally(
    `stated|${s.sheet}|${s.column}`,
    s,
    s.column,
    (n) => `“${s.column}”与该户户主（与户主关系为“户主”的一行）的${of}不一致的有 ${n} 行，未导入：户主以成员行为准（首次在第 ${s.row} 行）`,
  );
}

/**
 * 帮扶责任人 comes from the household's pairing in the registry; a file that names someone else
 * (or names someone for a household without a pairing) is told so, once per sheet and column.
 * For the reconciler, which knows the registry's helper (null: none, or a new household).
 */
export function noteStatedHelper(h: FileHousehold, registryHelper: string | null, issues: Issues): void {
  const s = h.helper;
  if (!s || (registryHelper !== null && sameName(String(s.raw), registryHelper))) return;
  issues.tally(
    `stated|${s.sheet}|${s.column}`,
    s,
    s.column,
    (n) => `“${s.column}”列不导入（帮扶责任人以结对帮扶为准），与台账不一致的有 ${n} 户（首次在第 ${s.row} 行）：请在结对帮扶中调整`,
  );
}
