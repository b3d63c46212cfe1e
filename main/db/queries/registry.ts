// The registry's reads: the grids' rows (built as JSON by SQLite), the counts, the lookups its
// writes check against, and what its rules need (see main/services/registryRules.ts): who holds an
// ID number, the latest income year, and the exited 脱贫状态 codes as SQL.
import type { JsonRows, Stats } from '../../../shared/contract';
import { EXITED_STATUSES } from '../../../shared/domain/exitStatus';
import { HEAD_RELATION } from '../../../shared/domain/household';
import { HOUSEHOLD_FIELDS, MEMBER_FIELDS, type FieldDef } from '../../../shared/fields';
import { sql } from 'kysely';
import type { MembersTable } from '../schema';
import type { Store } from '../store';

// The grids' rows are built as JSON by SQLite itself: one json_object per row, joined into one
// array string. Measured on 100k households this is ~3x faster than letting the driver build JS
// objects and stringifying them (tests/bench), and it is the form the rows cross IPC in anyway.
type Expr = readonly [key: string, sql: string];

function jsonObjectSql(entries: readonly Expr[]): string {
  return `json_object(${entries.map(([k, e]) => `'${k}', ${e}`).join(', ')})`;
}

function fieldExprs(fields: readonly FieldDef[], alias: string, derived: Readonly<Record<string, string>>): Expr[] {
  return fields.map((f): Expr => {
    if (derived[f.key]) return [f.key, derived[f.key]];
    // SQLite has no boolean: 0/1 columns become JSON true/false here, once.
    if (f.type === 'bool') return [f.key, `json(CASE ${alias}.${f.key} WHEN 1 THEN 'true' ELSE 'false' END)`];
    return [f.key, `${alias}.${f.key}`];
  });
}

// Head, size and helper are derived from the members and pairings: householdFacts holds them,
// kept by SQLite's triggers (migrations/m005_household_facts.ts), never written by the app.
const HOUSEHOLD_JSON = jsonObjectSql([
  ['id', 'h.id'],
  ['villageId', 'h.villageId'],
  ['updatedAt', 'h.updatedAt'],
  ...fieldExprs(HOUSEHOLD_FIELDS, 'h', {
    villageName: 'v.name',
    headName: 'f.headName',
    headIdNumber: 'f.headIdNumber',
    size: 'f.size',
    helperName: 'f.helperName',
  }),
]);

const HOUSEHOLD_FROM = `
FROM households h
JOIN villages v ON v.id = h.villageId
JOIN householdFacts f ON f.householdId = h.id`;

const HOUSEHOLD_ORDER = ' ORDER BY v.code, h.hhCode';

/** A household's grid row as SQL (json) over its FROM clause, for the grids' paged queries (gridSql.ts). */
export const HOUSEHOLD_ROW_SQL = { json: HOUSEHOLD_JSON, from: HOUSEHOLD_FROM } as const;

/** Rows as one JSON array string, each row's object built by SQLite. */
function jsonRows(store: Store, query: string, params: readonly unknown[]): JsonRows {
  const texts = store.sqlite.prepare(query).pluck().all(...params) as string[];
  return { json: `[${texts.join(',')}]`, count: texts.length };
}

/** A list of ids bound as one JSON array parameter (SQLite's json_each). */
const IN_IDS = 'IN (SELECT value FROM json_each(?))';

const MEMBER_JSON = jsonObjectSql([
  ['id', 'm.id'],
  ['householdId', 'm.householdId'],
  ['villageId', 'h.villageId'],
  ['updatedAt', 'm.updatedAt'],
  ...fieldExprs(MEMBER_FIELDS, 'm', { hhCode: 'h.hhCode', villageName: 'v.name' }),
]);

const MEMBER_FROM = `
FROM members m
JOIN households h ON h.id = m.householdId
JOIN villages v ON v.id = h.villageId`;

/** A member's grid row as SQL (json) over its FROM clause. */
export const MEMBER_ROW_SQL = { json: MEMBER_JSON, from: MEMBER_FROM } as const;

// 户主 first, then by birth date: the order of a household's booklet.
const MEMBER_ORDER = ` ORDER BY v.code, h.hhCode, m.relation <> '${HEAD_RELATION}', m.birthDate`;

export interface RegistryQueries {
  householdRows(filter: { villageId?: string }): JsonRows;
  householdRowsByIds(ids: readonly string[]): JsonRows;
  /** One household's grid row as JSON text, or undefined. */
  householdRow(id: string): string | undefined;
  memberRows(filter: { householdId?: string }): JsonRows;
  memberRowsByIds(ids: readonly string[]): JsonRows;
  memberRow(id: string): string | undefined;
  stats(): Stats;
  headOf(householdId: string): { id: string; name: string } | undefined;
  householdIdByCode(hhCode: string): string | undefined;
  /** The highest 户编号 made of the village code and a sequence of that many digits. */
  lastHouseholdCodeInVillage(villageCode: string, sequenceDigits: number): string | null;
  rowsOfHousehold(table: 'pairings' | 'incomes' | 'members' | 'exitEvents', householdId: string): string[];
  /** No villages, units, households, members or settings yet (a database just created). */
  isEmpty(): boolean;
}

export function sqliteRegistryQueries(store: Store): RegistryQueries {
  return {
    householdRows(filter) {
      const where = filter.villageId ? ' WHERE h.villageId = ?' : '';
      return jsonRows(store, `SELECT ${HOUSEHOLD_JSON}${HOUSEHOLD_FROM}${where}${HOUSEHOLD_ORDER}`, filter.villageId ? [filter.villageId] : []);
    },
    householdRowsByIds(ids) {
      return jsonRows(store, `SELECT ${HOUSEHOLD_JSON}${HOUSEHOLD_FROM} WHERE h.id ${IN_IDS}`, [JSON.stringify(ids)]);
    },
    householdRow(id) {
      return store.sqlite.prepare(`SELECT ${HOUSEHOLD_JSON}${HOUSEHOLD_FROM} WHERE h.id = ?`).pluck().get(id) as string | undefined;
    },
    memberRows(filter) {
      const where = filter.householdId ? ' WHERE m.householdId = ?' : '';
      return jsonRows(store, `SELECT ${MEMBER_JSON}${MEMBER_FROM}${where}${MEMBER_ORDER}`, filter.householdId ? [filter.householdId] : []);
    },
    memberRowsByIds(ids) {
      return jsonRows(store, `SELECT ${MEMBER_JSON}${MEMBER_FROM} WHERE m.id ${IN_IDS}`, [JSON.stringify(ids)]);
    },
    memberRow(id) {
      return store.sqlite.prepare(`SELECT ${MEMBER_JSON}${MEMBER_FROM} WHERE m.id = ?`).pluck().get(id) as string | undefined;
    },
    stats() {
      const count = (table: 'villages' | 'units' | 'teams' | 'cadres') => (store.sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
      // One scan of a small covering index (householdFacts_category), not 300k member rows: the
      // households and people in all are the sums of the categories, so they cannot disagree.
      const byCategory = store.sqlite
        .prepare('SELECT category, count(*) AS households, coalesce(sum(size), 0) AS people FROM householdFacts GROUP BY category')
        .all() as { category: string | null; households: number; people: number }[];
      const of = (category: string) => {
        const r = byCategory.find((x) => x.category === category);
        return { households: r?.households ?? 0, people: r?.people ?? 0 };
      };
      return {
        villages: count('villages'),
        units: count('units'),
        teams: count('teams'),
        cadres: count('cadres'),
        households: byCategory.reduce((n, r) => n + r.households, 0),
        people: byCategory.reduce((n, r) => n + r.people, 0),
        byCategory: { general: of('general'), dibao: of('dibao'), wubao: of('wubao') },
      };
    },
    headOf(householdId) {
      return store.first(store.kysely.selectFrom('members').select(['id', 'name']).where('householdId', '=', householdId).where('relation', '=', HEAD_RELATION));
    },
    householdIdByCode(hhCode) {
      return store.first(store.kysely.selectFrom('households').select('id').where('hhCode', '=', hhCode))?.id;
    },
    lastHouseholdCodeInVillage(villageCode, sequenceDigits) {
      const r = store.first(
        store.kysely
          .selectFrom('households')
          .select(sql<string | null>`max(hhCode)`.as('maxCode'))
          .where('hhCode', 'like', `${villageCode}%`)
          .where(sql<number>`length(hhCode)`, '=', villageCode.length + sequenceDigits),
      );
      return r?.maxCode ?? null;
    },
    rowsOfHousehold(table, householdId) {
      return store.all(store.kysely.selectFrom(table).select('id').where('householdId', '=', householdId)).map((r) => r.id);
    },
    isEmpty() {
      const tables = ['villages', 'units', 'households', 'members', 'settings'] as const;
      return tables.every((t) => (store.sqlite.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n === 0);
    },
  };
}


/** The member holding an ID number, with the 户编号 and village of their household. */
export interface IdNumberHolder extends MembersTable {
  hhCode: string;
  villageName: string;
}

export interface RegistryRuleQueries {
  /**
   * Finds who holds an ID number (normalised, 18 characters). The lookup is built once for callers
   * that look up many numbers, so an engine can prepare its statement once.
   */
  idNumberHolderLookup(): (idNumber: string) => IdNumberHolder | undefined;
  /** The latest year with incomes, or null when there are none. */
  latestIncomeYear(): number | null;
}

/** A list of text values as SQL literals for `IN (…)`; quotes are doubled, as SQL escapes them. */
function sqlTextList(values: readonly string[]): string {
  return values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
}

/** `IN (…)` of the exited 脱贫状态 codes, for counts made in SQL (standard SQL: any engine). */
export const IN_EXITED_STATUSES = `IN (${sqlTextList(EXITED_STATUSES)})`;

export function sqliteRegistryRuleQueries(store: Store): RegistryRuleQueries {
  return {
    idNumberHolderLookup() {
      // `m.*` with two joined columns: Kysely would list every member column by hand.
      const statement = store.sqlite.prepare(
        `SELECT m.*, h.hhCode AS hhCode, v.name AS villageName FROM members m
         JOIN households h ON h.id = m.householdId JOIN villages v ON v.id = h.villageId WHERE m.idNumber = ?`,
      );
      return (idNumber) => statement.get(idNumber) as IdNumberHolder | undefined;
    },

    latestIncomeYear() {
      const latest = store.first(store.kysely.selectFrom('incomes').select((eb) => eb.fn.max<number | null>('year').as('year')));
      return latest?.year ?? null;
    },
  };
}
