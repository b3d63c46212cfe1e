// The SQL behind the SQL-backed grids (households, members): one GridQuery (shared/gridQuery.ts)
// becomes one WHERE and one ORDER BY, used for a block of rows, the totals, a row's position and
// the export, so that what the clerk sees, counts and exports cannot differ.
//
// Filters mean what AG Grid's own filters mean on the rows the grid shows (tests/unit/main/
// grid-sql.test.ts compares the two on the same rows):
// - text columns: case-insensitive on the text, an empty value counts as '' (so it passes
//   notContains and notEqual, and blank);
// - code and yes/no columns: the condition is applied to the labels the clerk sees (贫困户属性
//   contains 低保) and becomes the set of codes whose label passes, plus NULL when '' passes;
// - several codes in one column (其他致贫原因): the condition on the labels joined by '、';
// - numbers and dates: compared as values; an empty cell passes only blank; inRange excludes both ends.
// Sort is by what the grid shows (code columns by label), then the grid's default order (and the
// id where that order has ties), so that blocks never overlap or skip a row.
import { AppError } from '../../../shared/errors';
import type { FieldDef } from '../../../shared/fields';
import { HOUSEHOLD_FIELDS, MEMBER_FIELDS } from '../../../shared/fields';
import { CODE_LISTS, codesLabel, type CodeListName } from '../../../shared/domain/codes';
import { HEAD_RELATION } from '../../../shared/domain/household';
import { normalizeSearchQuery, pinyinQueryForms } from '../../../shared/domain/pinyin';
import type { ColumnCondition, ColumnFilter, GridName, GridPage, GridQuery, GridTotals, GridValueCount, TextCondition } from '../../../shared/gridQuery';
import type { SqliteHandle, Store } from '../store';
import { HOUSEHOLD_ROW_SQL, MEMBER_ROW_SQL } from './registry';

type Param = string | number;
interface Sql {
  text: string;
  params: Param[];
}

interface GridColumn {
  def: FieldDef;
  expr: string;
  joins: readonly string[];
  /**
   * A filter on a column of a small table every row joins exactly once (a village's name) is
   * tested there once and the rows kept by key — `wrap(condition on expr)` — instead of joining
   * that table to every row.
   */
  semi?: { expr: string; wrap: (condition: string) => string; table?: FactsTable };
  /**
   * A FROM clause that yields the rows in this column's order from an index (with the tables it
   * `provides` among the joins): a sort on it reads the first block without sorting every row.
   */
  walk?: { from: string; provides: readonly string[] };
}

/** One place the quick search looks: SQL with `?` for the word (text) or a nameSearch subquery (names). */
interface QuickTest {
  when: (word: string) => boolean;
  sql: (names: string) => string;
  /** how many `?` take the word itself; a pinyin test takes the nameSearch parameters instead */
  textParams: number;
  pinyin?: true;
}

const HAS_DIGIT = (w: string) => /\d/.test(w);
const ID_LIKE = (w: string) => /^[\dx]+$/.test(w);
const HAS_NON_ASCII = (w: string) => /[^\u0000-\u007f]/.test(w);
const PINYIN_LIKE = (w: string) => /^[a-z]+$/.test(w);
const ANY = () => true;

interface GridSpec {
  /** 'households' or 'members', for messages */
  what: string;
  /** the table alone, for the totals (joins added as the conditions need them) */
  from: string;
  /**
   * The id query's FROM when the default order must come from the indexes (villages by code,
   * households by (villageId, hhCode), members by members_booklet): CROSS JOIN fixes that join
   * order, which the planner does not always find on its own. Null: `from` with the joins.
   */
  orderedFrom: string | null;
  idExpr: string;
  /** name → JOIN clause, in the order they may be needed (a join may need an earlier one) */
  joins: ReadonlyArray<readonly [name: string, clause: string, needs?: string]>;
  columns: ReadonlyMap<string, GridColumn>;
  /** The grid's own order; `unique`: it orders every row (no tie for the id to break). */
  defaultOrder: { text: string; joins: readonly string[]; unique: boolean };
  /**
   * Quick search, one word: the row matches when any test that fits the word's shape holds (a
   * 户编号 or ID number has digits, a name or village has Chinese, pinyin is letters). Each test
   * reads an index or a small table of its own, never the grid's joins for every row.
   */
  quick: readonly QuickTest[];
  scope(query: GridQuery): { text: string; params: Param[]; joins: readonly string[] } | null;
  rowSql: { json: string; from: string; idExpr: string };
}

function columnsOf(fields: readonly FieldDef[], alias: string, derived: Record<string, Omit<GridColumn, 'def'>>): Map<string, GridColumn> {
  return new Map(fields.map((def): [string, GridColumn] => [def.key, derived[def.key] ? { def, ...derived[def.key] } : { def, expr: `${alias}.${def.key}`, joins: [] }]));
}

/**
 * The small table of one row per household the facts columns live in. A filter on such a column
 * keeping few households is tested there and the households kept by key (the semi-join); one that
 * keeps most (an ID number containing 2) is tested on each row of the grid's own walk instead,
 * which finds the first block's rows at once (sqliteGridQueries decides, by a count there).
 */
interface FactsTable {
  name: string;
  key: string;
}
const HOUSEHOLD_FACTS: FactsTable = { name: 'householdFacts', key: 'householdId' };

/**
 * A column of householdFacts: filtered by a scan of that small table (every household has exactly
 * one row there, so a condition that passes an empty value keeps the households without a head or
 * helper too), sorted by a walk of its index.
 */
function householdFact(column: 'headName' | 'headIdNumber' | 'size' | 'helperName'): Omit<GridColumn, 'def'> {
  return {
    expr: `f.${column}`,
    joins: ['f'],
    semi: { expr: `sf.${column}`, wrap: (c) => `h.id IN (SELECT sf.householdId FROM householdFacts sf WHERE ${c})`, table: HOUSEHOLD_FACTS },
    walk: { from: `householdFacts f INDEXED BY householdFacts_${column} CROSS JOIN households h ON h.id = f.householdId`, provides: ['f'] },
  };
}

const HOUSEHOLDS: GridSpec = {
  what: '贫困户',
  from: 'households h',
  orderedFrom: null,
  idExpr: 'h.id',
  joins: [
    ['v', 'JOIN villages v ON v.id = h.villageId'],
    // Head, size and helper: one narrow row per household kept by triggers (m005_household_facts.ts).
    ['f', 'JOIN householdFacts f ON f.householdId = h.id'],
    // The same, looked up row by row in the grid's walk (a wide filter on it): CROSS JOIN keeps
    // the planner from scanning it first and sorting everything it keeps.
    ['fw', 'CROSS JOIN householdFacts f ON f.householdId = h.id'],
  ],
  columns: columnsOf(HOUSEHOLD_FIELDS, 'h', {
    villageName: { expr: 'v.name', joins: ['v'], semi: { expr: 'sv.name', wrap: (c) => `h.villageId IN (SELECT sv.id FROM villages sv WHERE ${c})` } },
    headName: householdFact('headName'),
    headIdNumber: householdFact('headIdNumber'),
    size: householdFact('size'),
    helperName: householdFact('helperName'),
  }),
  // 户编号 is unique: with households(villageId, hhCode) this order needs no sort at all.
  defaultOrder: { text: 'v.code, h.hhCode', joins: ['v'], unique: true },
  quick: [
    { when: HAS_DIGIT, sql: () => 'instr(lower(h.hhCode), ?) > 0', textParams: 1 },
    { when: ID_LIKE, sql: () => `h.id IN (SELECT householdId FROM members WHERE relation = '${HEAD_RELATION}' AND instr(lower(idNumber), ?) > 0)`, textParams: 1 },
    { when: HAS_NON_ASCII, sql: () => `h.id IN (SELECT householdId FROM members WHERE relation = '${HEAD_RELATION}' AND instr(lower(name), ?) > 0)`, textParams: 1 },
    { when: HAS_NON_ASCII, sql: () => 'h.villageId IN (SELECT id FROM villages WHERE instr(lower(name), ?) > 0)', textParams: 1 },
    { when: ANY, sql: () => 'h.id IN (SELECT householdId FROM pairings WHERE cadreId IN (SELECT id FROM cadres WHERE instr(lower(name), ?) > 0))', textParams: 1 },
    { when: PINYIN_LIKE, sql: (names) => `h.id IN (SELECT householdId FROM members WHERE relation = '${HEAD_RELATION}' AND id IN (${names}))`, textParams: 0, pinyin: true },
    { when: PINYIN_LIKE, sql: (names) => `h.id IN (SELECT householdId FROM pairings WHERE cadreId IN (${names}))`, textParams: 0, pinyin: true },
  ],
  scope: (q) => (q.villageId ? { text: 'h.villageId = ?', params: [q.villageId], joins: [] } : null),
  rowSql: { json: HOUSEHOLD_ROW_SQL.json, from: HOUSEHOLD_ROW_SQL.from, idExpr: 'h.id' },
};

const MEMBERS: GridSpec = {
  what: '贫困人口',
  from: 'members m',
  orderedFrom: 'villages v CROSS JOIN households h ON h.villageId = v.id CROSS JOIN members m ON m.householdId = h.id',
  idExpr: 'm.id',
  joins: [
    ['h', 'JOIN households h ON h.id = m.householdId'],
    ['v', 'JOIN villages v ON v.id = h.villageId', 'h'],
  ],
  columns: columnsOf(MEMBER_FIELDS, 'm', {
    hhCode: { expr: 'h.hhCode', joins: ['h'], semi: { expr: 'sh.hhCode', wrap: (c) => `m.householdId IN (SELECT sh.id FROM households sh WHERE ${c})` } },
    villageName: {
      expr: 'v.name',
      joins: ['h', 'v'],
      semi: { expr: 'sv.name', wrap: (c) => `m.householdId IN (SELECT sh.id FROM households sh WHERE sh.villageId IN (SELECT sv.id FROM villages sv WHERE ${c}))` },
    },
  }),
  defaultOrder: { text: `v.code, h.hhCode, m.relation <> '${HEAD_RELATION}', m.birthDate`, joins: ['h', 'v'], unique: false },
  quick: [
    { when: HAS_NON_ASCII, sql: () => 'm.id IN (SELECT id FROM members WHERE instr(lower(name), ?) > 0)', textParams: 1 },
    { when: ID_LIKE, sql: () => 'm.id IN (SELECT id FROM members WHERE instr(lower(idNumber), ?) > 0)', textParams: 1 },
    { when: HAS_DIGIT, sql: () => 'm.householdId IN (SELECT id FROM households WHERE instr(lower(hhCode), ?) > 0)', textParams: 1 },
    { when: HAS_NON_ASCII, sql: () => 'm.householdId IN (SELECT id FROM households WHERE villageId IN (SELECT id FROM villages WHERE instr(lower(name), ?) > 0))', textParams: 1 },
    { when: PINYIN_LIKE, sql: (names) => `m.id IN (${names})`, textParams: 0, pinyin: true },
  ],
  scope: (q) => (q.householdId ? { text: 'm.householdId = ?', params: [q.householdId], joins: [] } : null),
  rowSql: { json: MEMBER_ROW_SQL.json, from: MEMBER_ROW_SQL.from, idExpr: 'm.id' },
};

const SPECS: Record<GridName, GridSpec> = { households: HOUSEHOLDS, members: MEMBERS };

// ---- filters ----

const YES = '是';
const NO = '否';

/** AG Grid's text matching, on lower-cased text: the same test the SQL makes, for labels in JS. */
function textPasses(cond: TextCondition, value: string): boolean {
  const v = value.toLowerCase();
  const f = (cond.filter ?? '').toLowerCase();
  switch (cond.type) {
    case 'blank':
      return v === '';
    case 'notBlank':
      return v !== '';
    case 'contains':
      return v.includes(f);
    case 'notContains':
      return !v.includes(f);
    case 'equals':
      return v === f;
    case 'notEqual':
      return v !== f;
    case 'startsWith':
      return v.startsWith(f);
    case 'endsWith':
      return v.endsWith(f);
  }
}

const NEEDS_VALUE = (type: string) => type !== 'blank' && type !== 'notBlank';

function textSql(cond: TextCondition, expr: string): Sql | null {
  if (NEEDS_VALUE(cond.type) && (cond.filter === null || cond.filter === undefined || cond.filter === '')) return null;
  const x = `lower(coalesce(${expr}, ''))`;
  const f = (cond.filter ?? '').toLowerCase();
  switch (cond.type) {
    case 'blank':
      return { text: `${x} = ''`, params: [] };
    case 'notBlank':
      return { text: `${x} <> ''`, params: [] };
    case 'contains':
      return { text: `instr(${x}, ?) > 0`, params: [f] };
    case 'notContains':
      return { text: `instr(${x}, ?) = 0`, params: [f] };
    case 'equals':
      return { text: `${x} = ?`, params: [f] };
    case 'notEqual':
      return { text: `${x} <> ?`, params: [f] };
    case 'startsWith':
      return { text: `substr(${x}, 1, ?) = ?`, params: [[...f].length, f] };
    case 'endsWith':
      // substr counts characters; a shorter value can never end with a longer filter.
      return { text: `(length(${x}) >= ? AND substr(${x}, -?) = ?)`, params: [[...f].length, [...f].length, f] };
  }
}

/** A condition on labels as the set of stored values whose label passes (NULL shows as ''). */
function labelSetSql(cond: TextCondition, expr: string, values: readonly { stored: Param; label: string }[], nullStored?: Param): Sql | null {
  if (NEEDS_VALUE(cond.type) && (cond.filter === null || cond.filter === undefined || cond.filter === '')) return null;
  const passing = values.filter((v) => textPasses(cond, v.label)).map((v) => v.stored);
  const nullPasses = textPasses(cond, '');
  const parts: string[] = [];
  if (passing.length > 0) parts.push(`${expr} IN (${passing.map(() => '?').join(', ')})`);
  if (nullPasses && nullStored === undefined) parts.push(`${expr} IS NULL`);
  if (parts.length === 0) return { text: '0', params: [] };
  return { text: `(${parts.join(' OR ')})`, params: passing };
}

function scalarSql(cond: ColumnCondition, expr: string, from: Param | null | undefined, to: Param | null | undefined): Sql | null {
  switch (cond.type) {
    case 'blank':
      return { text: `${expr} IS NULL`, params: [] };
    case 'notBlank':
      return { text: `${expr} IS NOT NULL`, params: [] };
  }
  if (from === null || from === undefined) return null;
  switch (cond.type) {
    case 'equals':
      return { text: `${expr} = ?`, params: [from] };
    case 'notEqual':
      return { text: `${expr} <> ?`, params: [from] };
    case 'lessThan':
      return { text: `${expr} < ?`, params: [from] };
    case 'lessThanOrEqual':
      return { text: `${expr} <= ?`, params: [from] };
    case 'greaterThan':
      return { text: `${expr} > ?`, params: [from] };
    case 'greaterThanOrEqual':
      return { text: `${expr} >= ?`, params: [from] };
    case 'inRange':
      if (to === null || to === undefined) return null;
      return { text: `(${expr} > ? AND ${expr} < ?)`, params: [from, to] };
    default:
      return null;
  }
}

function refused(column: GridColumn, what: string): AppError {
  return new AppError('VALIDATION', `“${column.def.label}”列不能按${what}筛选`);
}

/**
 * The values a column of several codes (其他致贫原因) holds, each with the label the clerk sees,
 * or null when they are too many to list: a condition on the labels then becomes a set of stored
 * values, as on a code column, instead of labelling every row in a JS function (100k calls).
 */
type StoredCodes = (column: GridColumn) => { stored: Param; label: string }[] | null;
const LABEL_EACH_ROW: StoredCodes = () => null;

function conditionSql(column: GridColumn, cond: ColumnCondition, codes: StoredCodes): Sql | null {
  const { def, expr } = column;
  const numeric = def.type === 'int' || def.type === 'decimal' || def.type === 'year';
  if (cond.filterType === 'number') {
    if (!numeric) throw refused(column, '数字');
    return scalarSql(cond, expr, cond.filter, cond.filterTo);
  }
  if (cond.filterType === 'date') {
    if (def.type !== 'date') throw refused(column, '日期');
    const day = (d: string | null | undefined) => (d ? d.slice(0, 10) : d);
    // A blank date may be stored as NULL or ''.
    const x = `nullif(${expr}, '')`;
    return scalarSql(cond, x, day(cond.dateFrom), day(cond.dateTo));
  }
  if (numeric || def.type === 'date') throw refused(column, '文本');
  if (def.type === 'code') {
    const list = def.list!;
    return labelSetSql(
      cond,
      expr,
      CODE_LISTS[list].map((c) => ({ stored: c.code, label: c.label })),
    );
  }
  if (def.type === 'bool') {
    return labelSetSql(cond, `coalesce(${expr}, 0)`, [
      { stored: 1, label: YES },
      { stored: 0, label: NO },
    ], 0);
  }
  if (def.type === 'codes') {
    const stored = codes(column);
    return stored ? labelSetSql(cond, expr, stored) : textSql(cond, `${CODES_LABEL_FN}('${def.list!}', ${expr})`);
  }
  return textSql(cond, expr);
}

/** The stored values of a code or 是/否 column and the labels the clerk sees for them. */
function labelledValues(column: GridColumn): { stored: Param; label: string }[] | null {
  if (column.def.type === 'code') return CODE_LISTS[column.def.list!].map((c) => ({ stored: c.code, label: c.label }));
  if (column.def.type === 'bool')
    return [
      { stored: 1, label: YES },
      { stored: 0, label: NO },
    ];
  return null;
}

/** A set filter: the rows whose label is one of the ticked ones ('' for an empty cell). */
function setSql(column: GridColumn, values: readonly string[]): Sql {
  const labelled = labelledValues(column);
  if (!labelled || column.joins.length > 0) throw refused(column, '勾选值');
  const wanted = new Set(values);
  const expr = column.def.type === 'bool' ? `coalesce(${column.expr}, 0)` : column.expr;
  const passing = labelled.filter((v) => wanted.has(v.label)).map((v) => v.stored);
  const parts: string[] = [];
  if (passing.length > 0) parts.push(`${expr} IN (${passing.map(() => '?').join(', ')})`);
  // An empty cell shows ''; so does a code outside the list (codeLabel), as the grid shows it.
  if (wanted.has('') && column.def.type === 'code') parts.push(`(${expr} IS NULL OR ${expr} NOT IN (${labelled.map(() => '?').join(', ')}))`);
  if (parts.length === 0) return { text: '0', params: [] };
  return { text: `(${parts.join(' OR ')})`, params: [...passing, ...(wanted.has('') && column.def.type === 'code' ? labelled.map((v) => v.stored) : [])] };
}

function filterSql(column: GridColumn, filter: ColumnFilter, codes: StoredCodes = LABEL_EACH_ROW): Sql | null {
  if (filter.filterType === 'set') return setSql(column, filter.values);
  if ('conditions' in filter) {
    const parts = filter.conditions.map((c) => conditionSql(column, c, codes)).filter((s): s is Sql => s !== null);
    if (parts.length === 0) return null;
    return { text: `(${parts.map((p) => p.text).join(filter.operator === 'OR' ? ' OR ' : ' AND ')})`, params: parts.flatMap((p) => p.params) };
  }
  return conditionSql(column, filter, codes);
}

// ---- the labels of several codes, as SQL sees them ----

const CODES_LABEL_FN = 'fupin_codes_label';
const withFunctions = new WeakSet<SqliteHandle>();

function registerFunctions(sqlite: SqliteHandle): void {
  if (withFunctions.has(sqlite)) return;
  // A registry holds few distinct combinations of codes: each is labelled once (a filter or sort
  // calls this for every row of 100k).
  const labels = new Map<string, string>();
  sqlite.function(CODES_LABEL_FN, { deterministic: true }, (list: unknown, value: unknown) => {
    if (typeof value !== 'string' || value === '') return '';
    const key = `${String(list)}\u0000${value}`;
    let label = labels.get(key);
    if (label === undefined) {
      label = codesLabel(list as CodeListName, value);
      if (labels.size < 10_000) labels.set(key, label);
    }
    return label;
  });
  withFunctions.add(sqlite);
}

// ---- sort ----

function sortExpr(column: GridColumn): string {
  const { def, expr } = column;
  if (def.type === 'code') {
    // By the label the clerk sees (codeLabel: '' for an empty or unknown code).
    const cases = CODE_LISTS[def.list!].map((c) => `WHEN '${c.code.replace(/'/g, "''")}' THEN '${c.label.replace(/'/g, "''")}'`).join(' ');
    return `(CASE ${expr} ${cases} ELSE '' END)`;
  }
  if (def.type === 'bool') return `coalesce(${expr}, 0)`;
  if (def.type === 'codes') return `${CODES_LABEL_FN}('${def.list!}', ${expr})`;
  return expr;
}

// ---- the whole query ----

interface Compiled {
  from: string;
  where: string;
  params: Param[];
  order: string;
  /** the totals need the joins of the WHERE only */
  whereJoins: string;
}

function joinClauses(spec: GridSpec, needed: Set<string>): string {
  for (const [name, , needs] of spec.joins) if (needed.has(name) && needs) needed.add(needs);
  return spec.joins
    .filter(([name]) => needed.has(name))
    .map(([, clause]) => `\n${clause}`)
    .join('');
}

/**
 * The column whose index can give the query's order, when the first sort is on one (and no quick
 * search or scope picks the few rows first): the caller decides whether to walk it (ids()).
 */
function walkable(spec: GridSpec, query: GridQuery): GridColumn | null {
  const first = query.sort?.[0];
  if (!first || spec.scope(query) || (query.quick ?? '').trim() !== '') return null;
  return spec.columns.get(first.colId)?.walk ? spec.columns.get(first.colId)! : null;
}

function compile(spec: GridSpec, query: GridQuery, codes: StoredCodes, walk: GridColumn | null = null, wide: ReadonlySet<string> = new Set()): Compiled {
  const whereJoins = new Set<string>();
  const conditions: string[] = [];
  const params: Param[] = [];
  const scope = spec.scope(query);
  if (scope) {
    conditions.push(scope.text);
    params.push(...scope.params);
    scope.joins.forEach((j) => whereJoins.add(j));
  }
  for (const [colId, filter] of Object.entries(query.filters ?? {})) {
    const column = spec.columns.get(colId);
    if (!column) throw new AppError('VALIDATION', `${spec.what}表格没有“${colId}”列，不能按它筛选`);
    const semi = wide.has(colId) ? undefined : column.semi;
    const sql = filterSql(semi ? { ...column, expr: semi.expr } : column, filter, codes);
    if (!sql) continue;
    conditions.push(semi ? semi.wrap(sql.text) : sql.text);
    params.push(...sql.params);
    if (!semi) (wide.has(colId) ? ['fw'] : column.joins).forEach((j) => whereJoins.add(j));
  }
  const words = (query.quick ?? '')
    .split(/\s+/)
    .map(normalizeSearchQuery)
    .filter((w) => w !== '');
  for (const word of words) {
    // The pinyin: the word at the start of the initials or of the full pinyin, an index range each.
    const forms = pinyinQueryForms(word);
    const names = `SELECT id FROM nameSearch WHERE ${forms.flatMap(() => ['(initials >= ? AND initials < ?)', '(pinyin >= ? AND pinyin < ?)']).join(' OR ')}`;
    const tests = spec.quick.filter((q) => q.when(word));
    if (tests.length === 0) {
      conditions.push('0');
      continue;
    }
    conditions.push(`(${tests.map((q) => q.sql(names)).join('\n    OR ')})`);
    for (const q of tests) {
      if (q.pinyin) for (const f of forms) params.push(f, `${f}\u{10FFFF}`, f, `${f}\u{10FFFF}`);
      else for (let i = 0; i < q.textParams; i++) params.push(word);
    }
  }
  const orderJoins = new Set(whereJoins);
  const order: string[] = [];
  for (const s of query.sort ?? []) {
    const column = spec.columns.get(s.colId);
    if (!column) throw new AppError('VALIDATION', `${spec.what}表格没有“${s.colId}”列，不能按它排序`);
    order.push(`${sortExpr(column)} ${s.sort === 'desc' ? 'DESC' : 'ASC'}`);
    column.joins.forEach((j) => orderJoins.add(j));
  }
  // One alias f: looked up row by row (fw) wins over the plain join when a wide filter needs it.
  for (const joins of [whereJoins, orderJoins]) if (joins.has('fw')) joins.delete('f');
  order.push(spec.defaultOrder.text);
  if (!spec.defaultOrder.unique) order.push(spec.idExpr);
  spec.defaultOrder.joins.forEach((j) => orderJoins.add(j));
  // A quick search keeps few rows: they are found through its indexes and sorted, not picked out
  // of a walk through the whole grid in its order.
  const ordered = spec.orderedFrom !== null && words.length === 0;
  let from = ordered ? `FROM ${spec.orderedFrom}` : `FROM ${spec.from}${joinClauses(spec, orderJoins)}`;
  if (walk?.walk) {
    // The first block comes from the walk's first rows; only ties of the sort column are sorted.
    const provided = new Set(walk.walk.provides);
    from = `FROM ${walk.walk.from}${joinClauses(spec, new Set([...orderJoins].filter((j) => !provided.has(j) && !(j === 'fw' && provided.has('f')))))}`;
  }
  return {
    from,
    whereJoins: `FROM ${spec.from}${joinClauses(spec, whereJoins)}`,
    where: conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '',
    params,
    order: ` ORDER BY ${order.join(', ')}`,
  };
}

export interface GridQueries {
  /** A code or 是/否 column's labels with their row counts under the query (its own filter left out). */
  values(grid: GridName, query: GridQuery, colId: string): GridValueCount[];
  /** Rows [startRow, endRow) as JSON, and the totals when startRow is 0. */
  page(grid: GridName, query: GridQuery, startRow: number, endRow: number): GridPage;
  totals(grid: GridName, query: GridQuery): GridTotals;
  /** Every id the query keeps, in its order (the export; a row's position). */
  ids(grid: GridName, query: GridQuery): string[];
  /** Where a row stands in the query's order, or null when the query leaves it out. */
  position(grid: GridName, query: GridQuery, id: string): number | null;
}

/** Per connection (queriesFor is made per request): a codes column's distinct values, with when they were read. */
const STORED_CODES = new WeakMap<SqliteHandle, Map<string, { version: string; values: { stored: Param; label: string }[] | null }>>();

/** Above this many distinct values, a codes column's filter labels each row (a bound parameter each otherwise). */
const MAX_STORED_CODES = 2000;

/** Walk a sort column's index, or test a facts filter row by row, when it keeps at least 1 row in this many. */
const WALK_WHEN_KEPT = 4;

export function sqliteGridQueries(store: Store): GridQueries {
  const prepare = (text: string) => {
    registerFunctions(store.sqlite);
    return store.sqlite.prepare(text);
  };
  /**
   * The distinct values of a codes column, read when a filter needs them (an index-free scan of
   * the grid's own table, about 20 ms on 100k households against about 150 ms for labelling each
   * row); more than MAX_STORED_CODES of them: labelled row by row after all.
   */
  let storedCache = STORED_CODES.get(store.sqlite);
  if (!storedCache) STORED_CODES.set(store.sqlite, (storedCache = new Map()));
  const kept = storedCache;
  const storedCodes = (spec: GridSpec): StoredCodes => (column) => {
    if (column.joins.length > 0 || column.def.type !== 'codes') return null;
    // Kept while nothing was written: by this connection (total_changes) or another (data_version).
    const version = `${String(prepare('PRAGMA data_version').pluck().get())}:${String(prepare('SELECT total_changes()').pluck().get())}`;
    const key = `${spec.from}\u0000${column.expr}`;
    const known = kept.get(key);
    if (known?.version === version) return known.values;
    const found = prepare(`SELECT DISTINCT ${column.expr} FROM ${spec.from} LIMIT ${MAX_STORED_CODES + 1}`).pluck().all() as (string | null)[];
    const values = found.length > MAX_STORED_CODES ? null : found.filter((v): v is string => v !== null).map((v) => ({ stored: v, label: codesLabel(column.def.list!, v) }));
    kept.set(key, { version, values });
    return values;
  };
  /** How many rows of a facts table pass these filters (all on its columns), or null when some are not. */
  const countInFacts = (spec: GridSpec, filters: Record<string, ColumnFilter>): { table: FactsTable; rows: number } | null => {
    const parts: Sql[] = [];
    let table: FactsTable | undefined;
    for (const [colId, filter] of Object.entries(filters)) {
      const column = spec.columns.get(colId);
      const semi = column?.semi;
      if (!column || !semi?.table || (table && table !== semi.table)) return null;
      table = semi.table;
      const sql = filterSql({ ...column, expr: semi.expr }, filter);
      if (sql) parts.push(sql);
    }
    if (!table) return null;
    const where = parts.length > 0 ? ` WHERE ${parts.map((p) => p.text).join(' AND ')}` : '';
    return { table, rows: prepare(`SELECT count(*) FROM ${table.name} sf${where}`).pluck().get(...parts.flatMap((p) => p.params)) as number };
  };
  /** The facts columns whose filter keeps at least 1 row in WALK_WHEN_KEPT (see FactsTable). */
  const wideFilters = (spec: GridSpec, query: GridQuery): Set<string> => {
    const wide = new Set<string>();
    for (const [colId, filter] of Object.entries(query.filters ?? {})) {
      const kept = spec.columns.get(colId)?.semi?.table ? countInFacts(spec, { [colId]: filter }) : null;
      if (kept && kept.rows * WALK_WHEN_KEPT >= (prepare(`SELECT count(*) FROM ${kept.table.name}`).pluck().get() as number)) wide.add(colId);
    }
    return wide;
  };
  const count = (grid: GridName, query: GridQuery): number => {
    const spec = SPECS[grid];
    const c = compile(spec, query, storedCodes(spec));
    // Nothing narrows the grid: the table's own count (an index, no join).
    if (c.where === '') return (prepare(`SELECT count(*) FROM ${grid}`).pluck().get() as number);
    // Only filters on one row per household: counted in that small table alone.
    if (!spec.scope(query) && (query.quick ?? '').trim() === '') {
      const facts = countInFacts(spec, query.filters ?? {});
      if (facts) return facts.rows;
    }
    return prepare(`SELECT count(*) ${c.whereJoins}${c.where}`).pluck().get(...c.params) as number;
  };
  const totals = (grid: GridName, query: GridQuery): GridTotals => {
    const rows = count(grid, query);
    const scope: GridQuery = { villageId: query.villageId, householdId: query.householdId };
    const narrowed = (query.quick ?? '').trim() !== '' || Object.keys(query.filters ?? {}).length > 0;
    return { rows, scopeRows: narrowed ? count(grid, scope) : rows };
  };
  const ids = (grid: GridName, query: GridQuery, limit?: { start: number; count: number }): string[] => {
    const spec = SPECS[grid];
    // Walking a sort column's index pays when most rows pass the filters (the block's rows come
    // early in the walk); when the filters keep few, finding those and sorting them is cheaper.
    let walk = walkable(spec, query);
    if (walk && Object.keys(query.filters ?? {}).length > 0 && count(grid, query) * WALK_WHEN_KEPT < count(grid, {})) walk = null;
    const c = compile(spec, query, storedCodes(spec), walk, wideFilters(spec, query));
    const paging = limit ? ' LIMIT ? OFFSET ?' : '';
    const params = limit ? [...c.params, limit.count, limit.start] : c.params;
    return prepare(`SELECT ${spec.idExpr} ${c.from}${c.where}${c.order}${paging}`).pluck().all(...params) as string[];
  };
  return {
    values(grid, query, colId) {
      const spec = SPECS[grid];
      const column = spec.columns.get(colId);
      const labelled = column && column.joins.length === 0 ? labelledValues(column) : null;
      if (!column || !labelled) throw new AppError('VALIDATION', `${spec.what}表格的“${column?.def.label ?? colId}”列没有可勾选的值`);
      const others = Object.fromEntries(Object.entries(query.filters ?? {}).filter(([k]) => k !== colId));
      // Code and 是/否 columns are the grid's own table's columns: no join of their own.
      const c = compile(spec, { ...query, filters: others }, storedCodes(spec));
      const rows = prepare(`SELECT ${column.def.type === 'bool' ? `coalesce(${column.expr}, 0)` : column.expr} AS v, count(*) AS n ${c.whereJoins}${c.where} GROUP BY 1`).raw().all(...c.params) as [Param | null, number][];
      // Every label of the list, with 0 for those no row holds, and '' for empty cells (and codes
      // outside the list, which the grid shows empty too).
      const counts = new Map<string, number>(labelled.map((v) => [v.label, 0]));
      for (const [value, n] of rows) {
        const label = labelled.find((v) => v.stored === value)?.label ?? '';
        counts.set(label, (counts.get(label) ?? 0) + n);
      }
      return [...counts].map(([label, count]) => ({ label, count }));
    },
    page(grid, query, startRow, endRow) {
      const spec = SPECS[grid];
      const pageIds = ids(grid, query, { start: startRow, count: endRow - startRow });
      let json = '[]';
      if (pageIds.length > 0) {
        // The rows in the grid's form, put back in the query's order.
        const rows = prepare(`SELECT ${spec.rowSql.idExpr} AS id, ${spec.rowSql.json} AS row ${spec.rowSql.from} WHERE ${spec.rowSql.idExpr} IN (SELECT value FROM json_each(?))`)
          .raw()
          .all(JSON.stringify(pageIds)) as [string, string][];
        const byId = new Map(rows);
        json = `[${pageIds.map((id) => byId.get(id)).filter((r): r is string => r !== undefined).join(',')}]`;
      }
      return { json, count: pageIds.length, totals: startRow === 0 ? totals(grid, query) : null };
    },
    totals,
    ids: (grid, query) => ids(grid, query),
    position(grid, query, id) {
      const i = ids(grid, query).indexOf(id);
      return i < 0 ? null : i;
    },
  };
}
