// From rows to households: finds each sheet's header, turns every cell into a stored value (or a
// problem placed at its sheet, row and column) and groups the people by 户编号.
import type { ImportIssue } from '../../../shared/contract';
import { checkHouseholdCode } from '../../../shared/domain/household';
import { checkIdNumber, normalizeIdNumber } from '../../../shared/domain/idNumber';
import { compactHalfWidth } from '../../../shared/domain/text';
import { parseYuan } from '../../../shared/domain/money';
import type { FieldDef, HouseholdFieldKey, MemberFieldKey, MoneyFieldDef } from '../../../shared/fields';
import { parseFieldValue, type StoredValue } from '../../../shared/validation';
import { HEADER_SEARCH_ROWS, matchHeader, type SheetColumns } from './columns';
import { ownCopy, type Cell, type SheetRow } from './sources';

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
  income?: { year: number | null; values: Partial<Record<IncomeKey, number>> } & Place;
  members: FileMember[];
  columns: SheetColumns;
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
 */
export class SheetTracker {
  readonly sheets: string[] = [];
  readonly sheetsWithoutHeader: string[] = [];
  rowsRead = 0;
  private current = '';
  private columns: SheetColumns | undefined;
  private finished = false;

  /** The columns of a data row; undefined for title and header rows and in sheets without a header. */
  columnsOf(r: SheetRow): SheetColumns | undefined {
    this.rowsRead++;
    if (r.sheet !== this.current || this.sheets.length === 0) {
      if (this.sheets.length > 0 && !this.columns) this.sheetsWithoutHeader.push(this.current);
      this.current = r.sheet;
      this.sheets.push(r.sheet);
      this.columns = undefined;
    }
    if (!this.columns) {
      if (r.row <= HEADER_SEARCH_ROWS) this.columns = matchHeader(r.row, r.cells);
      return undefined;
    }
    return this.columns;
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.sheets.length > 0 && !this.columns) this.sheetsWithoutHeader.push(this.current);
  }
}

/** The 户编号 a data row belongs to, by the same rules as collectRow; null when it belongs to none. */
export function hhCodeOfRow(r: SheetRow, cols: SheetColumns): string | null {
  if (isBlank(r.cells)) return null;
  const hh = parseHhCode(r.cells[cols.index.get('household.hhCode')!] ?? null);
  return hh.ok ? String(hh.value) : null;
}

export interface CollectedRow {
  household: FileHousehold;
  /** true when this row opened the household in the map. */
  created: boolean;
  /** The person this row describes, if any. */
  member: FileMember | null;
}

function isBlank(cells: readonly Cell[]): boolean {
  return cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
}

/** Adds one data row to its household in the map (opening it if needed). */
export function collectRow(r: SheetRow, cols: SheetColumns, households: Map<string, FileHousehold>, issues: Issues): CollectedRow | null {
  if (isBlank(r.cells)) return null;
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
  // Member problems wait until the row is known to describe a person.
  const pendingMemberErrors: [string, string][] = [];

  for (const [i, role] of cols.roles) {
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
        if (!HOUSEHOLD_IMPORTED(def) || def.key in household.values) break;
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
        if (!MEMBER_IMPORTED(def)) break;
        const p = parseImportValue(def, raw);
        if (p.ok) member.values[def.key as MemberFieldKey] = p.value;
        else pendingMemberErrors.push([name(i), p.message]);
        break;
      }
      case 'income': {
        income ??= {};
        if (raw === null || (typeof raw === 'string' && raw.trim() === '')) {
          income[role.def.key] = 0;
          break;
        }
        const p = parseYuan(typeof raw === 'number' ? Math.round(raw * 100) / 100 : String(raw));
        if (p.ok) income[role.def.key] = p.fen;
        else issues.error(place, name(i), p.message, [hhCode]);
        break;
      }
      case 'incomeYear': {
        if (raw === null) {
          incomeYear = null;
          break;
        }
        const y = Number(compactHalfWidth(String(raw)).replace(/年$/, ''));
        if (Number.isInteger(y) && y >= 2000 && y <= 2100) incomeYear = y;
        else issues.error(place, name(i), `收入年度“${String(raw)}”应为四位年份`, [hhCode]);
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
    household.members.push(member);
  }
  if (income && !household.income) household.income = { year: incomeYear ?? null, values: income, sheet: r.sheet, row: r.row };
  return { household, created, member: hasMember ? member : null };
}
