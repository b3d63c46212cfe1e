// Which file column is which field. Headers are matched by name, never by position: the national
// system, WPS templates and clerks all order, bracket and space them differently.
import { normalizeLabel } from '../../../shared/domain/codes';
import { HOUSEHOLD_FIELDS, INCOME_FIELDS, INCOME_YEAR_LABEL, MEMBER_FIELDS, NET_INCOME_PER_CAPITA_LABEL, COMPUTED_PER_CAPITA_LABEL, type FieldDef, type MoneyFieldDef } from '../../../shared/fields';

export type ColumnRole =
  | { kind: 'household'; def: FieldDef }
  | { kind: 'member'; def: FieldDef }
  | { kind: 'income'; def: MoneyFieldDef }
  | { kind: 'incomeYear' }
  /** 年人均纯收入: the per-capita net income the household declared for the income's year. */
  | { kind: 'declaredIncome' }
  | { kind: 'county' }
  | { kind: 'town' }
  | { kind: 'villageCode' }
  /** Known columns that are derived or informative (序号, 家庭年纯收入): recognised, not imported. */
  | { kind: 'ignored' };

/** Place columns of the national export that are not fields of a household. */
const PLACE_HEADERS: readonly [ColumnRole, readonly string[]][] = [
  [{ kind: 'county' }, ['县(市、区)', '县（市、区）', '县市区', '县', '区县', '县区']],
  [{ kind: 'town' }, ['乡(镇)', '乡（镇）', '乡镇', '乡镇(街道)', '乡镇街道', '街道']],
  [{ kind: 'villageCode' }, ['行政区划代码', '村代码', '行政村代码', '村编码', '村行政区划代码']],
  [{ kind: 'incomeYear' }, [INCOME_YEAR_LABEL, '年度收入年份', '收入年份']],
  [{ kind: 'declaredIncome' }, [NET_INCOME_PER_CAPITA_LABEL, '年人均纯收入', '人均纯收入']],
  // 家庭年纯收入 is the household's total, not a per-capita figure: it is not the declared one.
  [{ kind: 'ignored' }, ['序号', '编号', '家庭年纯收入', COMPUTED_PER_CAPITA_LABEL]],
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

/** Why a header column's values are not imported; each is reported once, with its count. */
export type SkippedColumn =
  | { reason: 'unknown'; name: string; suggestion: string | undefined }
  | { reason: 'ignored'; name: string }
  | { reason: 'duplicate'; name: string; first: string }
  /** A blank header cell left of the last named one; name is its column letters ('F'). */
  | { reason: 'unnamed'; name: string };

/** 1 → 'A', 27 → 'AA', 16384 → 'XFD'. */
export function columnLetters(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export interface SheetColumns {
  /** The header row as Excel numbers it (the first of two rows for a two-row header). */
  headerRow: number;
  /** 0-based cell index → role */
  roles: Map<number, ColumnRole>;
  /** 0-based cell index → the header text as written in the file, for the report */
  names: Map<number, string>;
  /** role key ('household.hhCode', 'member.idNumber', 'town' …) → cell index */
  index: Map<string, number>;
  /** Named columns whose values are not imported: unknown names, ignored and repeated ones. */
  skipped: Map<number, SkippedColumn>;
  /** Cells from this index on have no header: the readers need not build them. */
  width: number;
}

function roleKeyOf(text: string): string | undefined {
  const role = roleOfHeader(text);
  return role && roleKey(role);
}

export function roleKey(role: ColumnRole): string {
  return role.kind === 'household' || role.kind === 'member' || role.kind === 'income' ? `${role.kind}.${role.def.key}` : role.kind;
}

function headerText(cell: unknown): string | null {
  if (typeof cell !== 'string') return null;
  const t = cell.trim();
  return t === '' ? null : t;
}

/** Levenshtein distance, cut off early: only a close name is worth suggesting. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The known column name nearest to an unknown header, by edit distance over every spelling we
 * accept (an alias that is close suggests its field's label); undefined when nothing is close.
 */
export function suggestHeader(text: string): string | undefined {
  const key = normalizeHeader(text);
  if (key === '') return undefined;
  const limit = Math.max(1, Math.floor(key.length / 2));
  let best: { d: number; name: string } | undefined;
  for (const [known, role] of LOOKUP) {
    const d = distance(key, known, best ? Math.min(best.d - 1, limit) : limit);
    if (d > limit || (best && d >= best.d)) continue;
    best = { d, name: labelOf(role) ?? known };
  }
  return best?.name;
}

function labelOf(role: ColumnRole): string | undefined {
  if (role.kind === 'household' || role.kind === 'member' || role.kind === 'income') return role.def.label;
  // An ignored name is suggested as itself: PLACE_HEADERS lists several under one role.
  if (role.kind === 'ignored') return undefined;
  return PLACE_HEADERS.find(([r]) => r.kind === role.kind)?.[1][0];
}

/**
 * Reads one row as a header. A row counts as the header when it names 户编号 and at least two
 * other known columns: title rows ("2016年建档立卡贫困人口明细表") and notes never do.
 */
export function matchHeader(rowNumber: number, cells: readonly unknown[]): SheetColumns | undefined {
  return matchNames(rowNumber, cells.map((c) => headerText(c)));
}

function matchNames(rowNumber: number, texts: readonly (string | null)[]): SheetColumns | undefined {
  const roles = new Map<number, ColumnRole>();
  const names = new Map<number, string>();
  const index = new Map<string, number>();
  const skipped = new Map<number, SkippedColumn>();
  let width = 0;
  texts.forEach((text, i) => {
    if (text === null || text === undefined) return;
    width = i + 1;
    const role = roleOfHeader(text);
    if (!role) {
      skipped.set(i, { reason: 'unknown', name: text, suggestion: undefined });
      return;
    }
    if (role.kind === 'ignored') {
      skipped.set(i, { reason: 'ignored', name: text });
      return;
    }
    const key = roleKey(role);
    // The first of two same-named columns wins, as Excel's own lookups do.
    const first = index.get(key);
    if (first !== undefined) {
      skipped.set(i, { reason: 'duplicate', name: text, first: names.get(first) ?? text });
      return;
    }
    roles.set(i, role);
    names.set(i, text);
    index.set(key, i);
  });
  if (!index.has('household.hhCode') || roles.size < 3) return undefined;
  for (let i = 0; i < width; i++) if (texts[i] === null || texts[i] === undefined) skipped.set(i, { reason: 'unnamed', name: columnLetters(i + 1) });
  // Suggestions cost an edit-distance scan: only for the header actually chosen.
  for (const [i, s] of skipped) if (s.reason === 'unknown') skipped.set(i, { ...s, suggestion: suggestHeader(s.name) });
  return { headerRow: rowNumber, roles, names, index, skipped, width };
}

/**
 * A header written over two rows: group titles merged across the top ("家庭成员信息", "收入情况")
 * with the column names under them, and single names merged down both rows ("户编号"). Each column
 * is named by the lower cell, the group title and the lower cell together ("户主" + "证件号码"),
 * or the upper cell, whichever is a known name; a merged title counts for the empty cells to its
 * right. Undefined unless that names more known columns than either row alone.
 */
export function matchTwoRowHeader(top: SheetColumns | undefined, rowNumber: number, upper: readonly unknown[], lower: readonly unknown[]): SheetColumns | undefined {
  const n = Math.max(upper.length, lower.length);
  const texts: (string | null)[] = [];
  let group: string | null = null;
  for (let i = 0; i < n; i++) {
    const up = headerText(upper[i]);
    const low = headerText(lower[i]);
    if (up !== null) group = up;
    else if (low === null) group = null;
    const candidates = [low, group !== null && low !== null ? group + low : null, up ?? (low === null ? null : undefined)].filter((c): c is string => typeof c === 'string');
    texts.push(candidates.find((c) => roleOfHeader(c) !== undefined) ?? (low !== null && up !== null ? `${up}/${low}` : (low ?? up)));
  }
  const both = matchNames(rowNumber, texts);
  if (!both) return undefined;
  // A data row under a one-row header has a 户编号; a second header row never does.
  const hh = lower[both.index.get('household.hhCode')!];
  const hhText = headerText(hh);
  const blank = hh === null || hh === undefined || (typeof hh === 'string' && hhText === null);
  if (!blank && (hhText === null || roleKeyOf(hhText) !== 'household.hhCode')) return undefined;
  if (top && both.roles.size <= top.roles.size) return undefined;
  // A title or note above a complete header is not part of it.
  const alone = matchHeader(rowNumber + 1, lower);
  if (alone && alone.roles.size >= both.roles.size) return undefined;
  return both;
}

/** How many rows from the top a header may sit under titles and notes. */
export const HEADER_SEARCH_ROWS = 30;
