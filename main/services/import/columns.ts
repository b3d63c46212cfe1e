// Which file column is which field. Headers are matched by name, never by position: the national
// system, WPS templates and clerks all order, bracket and space them differently.
import { normalizeLabel } from '../../../shared/domain/codes';
import { HOUSEHOLD_FIELDS, INCOME_FIELDS, INCOME_YEAR_LABEL, MEMBER_FIELDS, NET_INCOME_PER_CAPITA_LABEL, type FieldDef, type MoneyFieldDef } from '../../../shared/fields';

export type ColumnRole =
  | { kind: 'household'; def: FieldDef }
  | { kind: 'member'; def: FieldDef }
  | { kind: 'income'; def: MoneyFieldDef }
  | { kind: 'incomeYear' }
  | { kind: 'county' }
  | { kind: 'town' }
  | { kind: 'villageCode' }
  /** Known columns that are derived or informative (序号, 年人均纯收入): recognised, not imported. */
  | { kind: 'ignored' };

/** Place columns of the national export that are not fields of a household. */
const PLACE_HEADERS: readonly [ColumnRole, readonly string[]][] = [
  [{ kind: 'county' }, ['县(市、区)', '县（市、区）', '县市区', '县', '区县', '县区']],
  [{ kind: 'town' }, ['乡(镇)', '乡（镇）', '乡镇', '乡镇(街道)', '乡镇街道', '街道']],
  [{ kind: 'villageCode' }, ['行政区划代码', '村代码', '行政村代码', '村编码', '村行政区划代码']],
  [{ kind: 'incomeYear' }, [INCOME_YEAR_LABEL, '年度收入年份', '收入年份']],
  [{ kind: 'ignored' }, ['序号', '编号', NET_INCOME_PER_CAPITA_LABEL, '年人均纯收入', '人均纯收入', '家庭年纯收入']],
];

/** Spellings of 户编号 the national system and old templates use. */
const EXTRA_ALIASES: Readonly<Record<string, readonly string[]>> = {
  hhCode: ['户码', '户编码', '贫困户编号'],
};

function buildLookup(): Map<string, ColumnRole> {
  const map = new Map<string, ColumnRole>();
  const add = (names: readonly string[], role: ColumnRole) => {
    for (const n of names) {
      const key = normalizeLabel(n);
      if (!map.has(key)) map.set(key, role);
    }
  };
  // Household first: 户编号 and 行政村 appear in both lists and belong to the household.
  for (const def of HOUSEHOLD_FIELDS as readonly FieldDef[]) add([def.label, ...(def.aliases ?? []), ...(EXTRA_ALIASES[def.key] ?? [])], { kind: 'household', def });
  for (const def of MEMBER_FIELDS as readonly FieldDef[]) add([def.label, ...(def.aliases ?? [])], { kind: 'member', def });
  for (const def of INCOME_FIELDS as readonly MoneyFieldDef[]) add([def.label, ...(def.aliases ?? [])], { kind: 'income', def });
  for (const [role, names] of PLACE_HEADERS) add(names, role);
  return map;
}

const LOOKUP = buildLookup();

export function normalizeHeader(text: string): string {
  // normalizeLabel drops brackets and spaces; '*' and '：' mark required columns in templates.
  return normalizeLabel(text.replace(/[*＊:：]/g, ''));
}

export function roleOfHeader(text: string): ColumnRole | undefined {
  return LOOKUP.get(normalizeHeader(text));
}

export interface SheetColumns {
  /** The header row as Excel numbers it. */
  headerRow: number;
  /** 0-based cell index → role */
  roles: Map<number, ColumnRole>;
  /** 0-based cell index → the header text as written in the file, for the report */
  names: Map<number, string>;
  /** role key ('household.hhCode', 'member.idNumber', 'town' …) → cell index */
  index: Map<string, number>;
}

export function roleKey(role: ColumnRole): string {
  return role.kind === 'household' || role.kind === 'member' || role.kind === 'income' ? `${role.kind}.${role.def.key}` : role.kind;
}

/**
 * Reads one row as a header. A row counts as the header when it names 户编号 and at least two
 * other known columns: title rows ("2016年建档立卡贫困人口明细表") and notes never do.
 */
export function matchHeader(rowNumber: number, cells: readonly unknown[]): SheetColumns | undefined {
  const roles = new Map<number, ColumnRole>();
  const names = new Map<number, string>();
  const index = new Map<string, number>();
  cells.forEach((cell, i) => {
    if (typeof cell !== 'string' || cell.trim() === '') return;
    const role = roleOfHeader(cell);
    if (!role) return;
    const key = roleKey(role);
    // The first of two same-named columns wins, as Excel's own lookups do.
    if (index.has(key) && role.kind !== 'ignored') return;
    roles.set(i, role);
    names.set(i, cell.trim());
    index.set(key, i);
  });
  if (!index.has('household.hhCode') || roles.size < 3) return undefined;
  return { headerRow: rowNumber, roles, names, index };
}

/** How many rows from the top a header may sit under titles and notes. */
export const HEADER_SEARCH_ROWS = 30;
