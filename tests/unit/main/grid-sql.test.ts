// The SQL behind the SQL-backed grids (main/db/queries/gridSql.ts) against the same rows filtered,
// searched and sorted in JS as the grid shows them (labels for codes, 是/否, several codes joined by
// '、'), on the fictitious demo registry (1097 households, 2469 people).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HouseholdRow, MemberRow } from '../../../shared/contract';
import { CODE_LISTS, codeLabel, codesLabel } from '../../../shared/domain/codes';
import { searchText } from '../../../shared/domain/pinyin';
import { HOUSEHOLD_FIELDS, MEMBER_FIELDS, type FieldDef } from '../../../shared/fields';
import type { ColumnCondition, ColumnFilter, GridQuery } from '../../../shared/gridQuery';
import { gridQuerySchema } from '../../../shared/gridQuery';
import { openDatabase } from '../../../main/db/open';
import type { Store } from '../../../main/db/store';
import { createDemoDatabase, DEMO_PASSWORD } from '../../../main/services/demo';
import * as registry from '../../../main/services/registry';
import { testWriter, tempDir } from './helpers';

let dir: string;
let store: Store;
let households: HouseholdRow[];
let members: MemberRow[];

beforeAll(() => {
  dir = tempDir('fupin-grid-');
  const file = path.join(dir, 'grid.fupin');
  createDemoDatabase(file, DEMO_PASSWORD);
  store = openDatabase(file, DEMO_PASSWORD);
  households = registry.listHouseholds(store);
  members = registry.listMembers(store);
}, 120_000);
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

// ---- the oracle: what the grid shows, and AG Grid's filters on it ----

function shown(def: FieldDef, row: Record<string, unknown>): string | number | null {
  const v = row[def.key];
  switch (def.type) {
    case 'code':
      return codeLabel(def.list!, v as string | null);
    case 'codes':
      return codesLabel(def.list!, v as string | null);
    case 'bool':
      return v ? '是' : '否';
    case 'int':
    case 'decimal':
    case 'year':
      return v === null || v === undefined ? null : Number(v);
    default:
      return v === null || v === undefined ? null : String(v);
  }
}

function passes(def: FieldDef, row: Record<string, unknown>, c: ColumnCondition): boolean {
  const v = shown(def, row);
  if (c.filterType === 'text') {
    const t = String(v ?? '').toLowerCase();
    const f = (c.filter ?? '').toLowerCase();
    const test = { contains: t.includes(f), notContains: !t.includes(f), equals: t === f, notEqual: t !== f, startsWith: t.startsWith(f), endsWith: t.endsWith(f), blank: t === '', notBlank: t !== '' };
    return test[c.type];
  }
  const from = c.filterType === 'number' ? c.filter : c.dateFrom?.slice(0, 10);
  const to = c.filterType === 'number' ? c.filterTo : c.dateTo?.slice(0, 10);
  const x = v === '' ? null : v;
  if (c.type === 'blank') return x === null;
  if (c.type === 'notBlank') return x !== null;
  if (x === null) return false;
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  switch (c.type) {
    case 'equals':
      return cmp(x, from!) === 0;
    case 'notEqual':
      return cmp(x, from!) !== 0;
    case 'lessThan':
      return cmp(x, from!) < 0;
    case 'lessThanOrEqual':
      return cmp(x, from!) <= 0;
    case 'greaterThan':
      return cmp(x, from!) > 0;
    case 'greaterThanOrEqual':
      return cmp(x, from!) >= 0;
    case 'inRange':
      return cmp(x, from!) > 0 && cmp(x, to!) < 0;
  }
}

function filterPasses(def: FieldDef, row: Record<string, unknown>, f: ColumnFilter): boolean {
  // A set filter keeps the rows whose shown label was ticked ('' for an empty cell).
  if (f.filterType === 'set') return f.values.includes(String(shown(def, row) ?? ''));
  if ('conditions' in f) {
    const results = f.conditions.map((c) => passes(def, row, c));
    return f.operator === 'AND' ? results.every(Boolean) : results.some(Boolean);
  }
  return passes(def, row, f);
}

/** Rows sorted as the grid shows them (NULL first when ascending), ties in the grid's own order (rank). */
function jsSorted(rows: readonly HouseholdRow[], d: FieldDef, dir: 1 | -1, rank: ReadonlyMap<string, number>): string[] {
  return [...rows]
    .sort((a, b) => {
      const x = shown(d, a as unknown as Record<string, unknown>);
      const y = shown(d, b as unknown as Record<string, unknown>);
      const c = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
      return c !== 0 ? c * dir : rank.get(a.id)! - rank.get(b.id)!;
    })
    .map((h) => h.id);
}

/** Runs fn with every SQL text the store prepares recorded (which plan a query took). */
function withSqlSeen(fn: (seen: string[]) => void): void {
  const seen: string[] = [];
  const prepare = store.sqlite.prepare.bind(store.sqlite);
  (store.sqlite as { prepare: (t: string) => ReturnType<typeof prepare> }).prepare = (text: string) => {
    seen.push(text);
    return prepare(text);
  };
  try {
    fn(seen);
  } finally {
    (store.sqlite as { prepare: typeof prepare }).prepare = prepare;
  }
}

function idsBySql(grid: 'households' | 'members', query: GridQuery): string[] {
  return registry.gridIds(store, grid, gridQuerySchema.parse(query));
}

function expectSame(grid: 'households' | 'members', colId: string, filter: ColumnFilter): number {
  const fields = grid === 'households' ? HOUSEHOLD_FIELDS : MEMBER_FIELDS;
  const rows = (grid === 'households' ? households : members) as unknown as Record<string, unknown>[];
  const def = fields.find((f) => f.key === colId)!;
  const expected = rows.filter((r) => filterPasses(def, r, filter)).map((r) => r.id as string);
  const got = idsBySql(grid, { filters: { [colId]: filter } });
  expect(new Set(got), `${grid}.${colId} ${JSON.stringify(filter)}`).toEqual(new Set(expected));
  // The totals count exactly the rows the query keeps.
  expect(registry.gridPage(store, grid, { filters: { [colId]: filter } }, 0, 1).totals?.rows).toBe(expected.length);
  return expected.length;
}

describe('column filters in SQL keep exactly the rows the grid would keep', () => {
  it('set filters on code and 是/否 columns: the ticked labels, empty cells as "", and the counts of each value under the other filters', () => {
    const kept: number[] = [];
    kept.push(expectSame('households', 'category', { filterType: 'set', values: ['低保贫困户', '特困供养贫困户'] }));
    kept.push(expectSame('households', 'category', { filterType: 'set', values: [] }));
    kept.push(expectSame('households', 'dangerousHouse', { filterType: 'set', values: ['是'] }));
    kept.push(expectSame('members', 'relation', { filterType: 'set', values: ['户主', ''] }));
    kept.push(expectSame('members', 'education', { filterType: 'set', values: [''] }));
    expect(kept.some((n) => n > 0 && n < households.length)).toBe(true);
    // The counts: every label of the list, each as many rows as a JS count, under another filter.
    const other = { dangerousHouse: { filterType: 'set', values: ['否'] } } as const;
    const counts = registry.gridValues(store, 'households', gridQuerySchema.parse({ filters: { ...other, category: { filterType: 'set', values: ['低保贫困户'] } } }), 'category');
    const def = HOUSEHOLD_FIELDS.find((f) => f.key === 'category')!;
    const under = households.filter((h) => !h.dangerousHouse);
    expect(counts.map((c) => c.label)).toEqual(expect.arrayContaining(CODE_LISTS.householdCategory.map((c) => c.label)));
    for (const c of counts) expect(c.count, c.label).toBe(under.filter((h) => String(shown(def, h as unknown as Record<string, unknown>) ?? '') === c.label).length);
    expect(() => idsBySql('households', { filters: { headName: { filterType: 'set', values: ['x'] } } })).toThrowError('不能按勾选值筛选');
  });

  it('text: every operator on plain text, ID numbers and phones (case-insensitive, empty as "")', () => {
    const sample = households[7];
    const code = sample.hhCode!;
    const village = sample.villageName!;
    const kept: number[] = [];
    for (const type of ['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith'] as const) {
      kept.push(expectSame('households', 'hhCode', { filterType: 'text', type, filter: type.includes('quals') ? code : code.slice(3, 9) }));
      kept.push(expectSame('households', 'villageName', { filterType: 'text', type, filter: type.includes('quals') ? village : village.slice(1) }));
    }
    for (const type of ['blank', 'notBlank'] as const) {
      kept.push(expectSame('households', 'note', { filterType: 'text', type }));
      kept.push(expectSame('households', 'helperName', { filterType: 'text', type }));
    }
    kept.push(expectSame('households', 'headIdNumber', { filterType: 'text', type: 'endsWith', filter: 'x' }));
    kept.push(expectSame('members', 'idNumber', { filterType: 'text', type: 'contains', filter: '1970' }));
    kept.push(expectSame('members', 'name', { filterType: 'text', type: 'startsWith', filter: members[3].name!.slice(0, 1) }));
    kept.push(expectSame('members', 'hhCode', { filterType: 'text', type: 'equals', filter: members[3].hhCode! }));
    // The filters were not all trivially empty or full.
    expect(kept.some((n) => n > 0 && n < households.length)).toBe(true);
  });

  it('code sets: a condition on the labels becomes the set of codes whose label passes, NULL as ""', () => {
    const counts: number[] = [];
    counts.push(expectSame('households', 'category', { filterType: 'text', type: 'contains', filter: '低保' }));
    counts.push(expectSame('households', 'category', { filterType: 'text', type: 'notEqual', filter: '一般贫困户' }));
    counts.push(expectSame('households', 'mainCause', { filterType: 'text', type: 'startsWith', filter: '因' }));
    counts.push(expectSame('households', 'mainCause', { filterType: 'text', type: 'blank' }));
    counts.push(expectSame('households', 'exitStatus', { filterType: 'text', type: 'notContains', filter: '已脱贫' }));
    counts.push(expectSame('members', 'health', { filterType: 'text', type: 'equals', filter: CODE_LISTS.health[1].label }));
    counts.push(expectSame('members', 'relation', { filterType: 'text', type: 'contains', filter: '子' }));
    // 是/否 columns.
    counts.push(expectSame('households', 'dangerousHouse', { filterType: 'text', type: 'equals', filter: '是' }));
    counts.push(expectSame('members', 'dibao', { filterType: 'text', type: 'notContains', filter: '是' }));
    // Several codes in one cell, as their labels joined by 、.
    counts.push(expectSame('households', 'otherCauses', { filterType: 'text', type: 'contains', filter: '因病' }));
    counts.push(expectSame('households', 'otherCauses', { filterType: 'text', type: 'notBlank' }));
    expect(counts.filter((n) => n > 0 && n < households.length).length).toBeGreaterThan(5);
  });

  it('numbers: comparisons, an exclusive range, blank; combined conditions', () => {
    const counts: number[] = [];
    for (const type of ['equals', 'notEqual', 'lessThan', 'lessThanOrEqual', 'greaterThan', 'greaterThanOrEqual'] as const) {
      counts.push(expectSame('households', 'size', { filterType: 'number', type, filter: 3 }));
      counts.push(expectSame('households', 'arableLand', { filterType: 'number', type, filter: 2.5 }));
    }
    counts.push(expectSame('households', 'size', { filterType: 'number', type: 'inRange', filter: 1, filterTo: 4 }));
    counts.push(expectSame('households', 'plannedExitYear', { filterType: 'number', type: 'blank' }));
    counts.push(expectSame('members', 'workMonths', { filterType: 'number', type: 'notBlank' }));
    counts.push(
      expectSame('households', 'size', {
        filterType: 'number',
        operator: 'OR',
        conditions: [
          { filterType: 'number', type: 'equals', filter: 1 },
          { filterType: 'number', type: 'greaterThan', filter: 5 },
        ],
      }),
    );
    counts.push(
      expectSame('households', 'hhCode', {
        filterType: 'text',
        operator: 'AND',
        conditions: [
          { filterType: 'text', type: 'startsWith', filter: '4201' },
          { filterType: 'text', type: 'notContains', filter: '0001' },
        ],
      }),
    );
    expect(counts.filter((n) => n > 0 && n < households.length).length).toBeGreaterThan(5);
  });

  it('dates: by day, from the grid’s "YYYY-MM-DD hh:mm:ss"', () => {
    const day = members[10].birthDate!;
    const counts: number[] = [];
    for (const type of ['equals', 'notEqual', 'lessThan', 'greaterThan'] as const) {
      counts.push(expectSame('members', 'birthDate', { filterType: 'date', type, dateFrom: `${day} 00:00:00` }));
    }
    counts.push(expectSame('members', 'birthDate', { filterType: 'date', type: 'inRange', dateFrom: '1960-01-01 00:00:00', dateTo: '1980-12-31 00:00:00' }));
    counts.push(expectSame('households', 'identifiedOn', { filterType: 'date', type: 'lessThan', dateFrom: '2015-06-30 00:00:00' }));
    counts.push(expectSame('households', 'identifiedOn', { filterType: 'date', type: 'blank' }));
    expect(counts.filter((n) => n > 0 && n < members.length).length).toBeGreaterThan(3);
  });

  it('refuses a filter the column cannot take, and a column the grid does not have, in Chinese', () => {
    expect(() => idsBySql('households', { filters: { size: { filterType: 'text', type: 'contains', filter: '3' } } })).toThrowError('“家庭人口数”列不能按文本筛选');
    expect(() => idsBySql('households', { filters: { nope: { filterType: 'text', type: 'contains', filter: '3' } } })).toThrowError('贫困户表格没有“nope”列');
    expect(() => idsBySql('members', { sort: [{ colId: 'nope', sort: 'asc' }] })).toThrowError('不能按它排序');
  });
});

describe('sort, quick search, pages and totals', () => {
  it('sorts by what the grid shows (code labels, numbers), then the grid’s own order, the same as a JS sort', () => {
    const def = HOUSEHOLD_FIELDS.find((f) => f.key === 'category')!;
    const base = idsBySql('households', {});
    const rank = new Map(base.map((id, i) => [id, i]));
    const byJs = (_key: string, d: FieldDef, dir: 1 | -1) => jsSorted(households, d, dir, rank);
    expect(idsBySql('households', { sort: [{ colId: 'category', sort: 'asc' }] })).toEqual(byJs('category', def, 1));
    const size = HOUSEHOLD_FIELDS.find((f) => f.key === 'size')!;
    expect(idsBySql('households', { sort: [{ colId: 'size', sort: 'desc' }] })).toEqual(byJs('size', size, -1));
    // The default order is the registry's: village code, then 户编号.
    expect(base).toEqual(households.map((h) => h.id));
  });

  it('a filter on head, size or helper keeping most rows is tested row by row in the walk, one keeping few by key; both keep what JS keeps', () => {
    withSqlSeen((sqlSeen) => {
      const someHead = households.find((h) => h.headIdNumber)!.headIdNumber!;
      const cases: [string, ColumnFilter, boolean][] = [
        ['headIdNumber', { filterType: 'text', type: 'contains', filter: '2' }, true],
        ['headIdNumber', { filterType: 'text', type: 'equals', filter: someHead }, false],
        ['size', { filterType: 'number', type: 'greaterThan', filter: 1 }, true],
        ['size', { filterType: 'number', type: 'greaterThan', filter: 6 }, false],
        ['headName', { filterType: 'text', type: 'notBlank' }, true],
        ['helperName', { filterType: 'text', type: 'blank' }, false],
      ];
      for (const [colId, filter, wide] of cases) {
        sqlSeen.length = 0;
        const kept = expectSame('households', colId, filter);
        const page = registry.gridPage(store, 'households', { filters: { [colId]: filter } }, 0, 100);
        expect(page.totals?.rows).toBe(kept);
        expect(sqlSeen.some((s) => s.includes('CROSS JOIN householdFacts f')), `${colId} ${JSON.stringify(filter)}: 逐行检验`).toBe(wide);
      }
    });
  });

  it('a sort on head, size or helper (walked from householdFacts’ index, or sorted when filters keep few rows) is the JS sort, paged without gap', () => {
    const base = idsBySql('households', {});
    const rank = new Map(base.map((id, i) => [id, i]));
    withSqlSeen((sqlSeen) => {
      for (const key of ['headName', 'headIdNumber', 'size', 'helperName'] as const) {
        const d = HOUSEHOLD_FIELDS.find((f) => f.key === key)!;
        for (const dir of [1, -1] as const) {
          // No filter and an unselective one (about half the rows) walk the index; one village's
          // name keeps few and is sorted; a village's own grid (its scope) is sorted too.
          const half = { category: { filterType: 'text', type: 'notEqual', filter: '一般贫困户' } } as const;
          const oneVillage = { villageName: { filterType: 'text', type: 'equals', filter: households[0].villageName! } } as const;
          for (const [filters, keep, walks] of [
            [{}, () => true, true],
            [half, (h: HouseholdRow) => h.category !== 'general', true],
            [oneVillage, (h: HouseholdRow) => h.villageName === households[0].villageName, false],
          ] as const) {
            const query: GridQuery = { sort: [{ colId: key, sort: dir === 1 ? 'asc' : 'desc' }], filters };
            const expected = jsSorted(households.filter(keep), d, dir, rank);
            sqlSeen.length = 0;
            const paged: string[] = [];
            for (let start = 0; start < expected.length; start += 400) {
              paged.push(...(JSON.parse(registry.gridPage(store, 'households', query, start, start + 400).json) as HouseholdRow[]).map((r) => r.id));
            }
            expect(paged, `${key} ${dir} ${JSON.stringify(filters)}`).toEqual(expected);
            expect(sqlSeen.some((s) => s.includes(`INDEXED BY householdFacts_${key}`)), `${key}: 是否按索引顺序读取`).toBe(walks);
          }
        }
        const villageId = households[0].villageId;
        const inVillage = households.filter((h) => h.villageId === villageId);
        sqlSeen.length = 0;
        expect(idsBySql('households', { villageId, sort: [{ colId: key, sort: 'asc' }] })).toHaveLength(inVillage.length);
        expect(sqlSeen.some((s) => s.includes('INDEXED BY householdFacts_'))).toBe(false);
      }
    });
  });

  it('quick search: each word must match 户编号, a name, its pinyin initials or full pinyin (from the start), an ID number or the village', () => {
    const head = households.find((h) => (h.headName ?? '').length >= 3)!;
    const st = searchText(head.headName!).split(' ');
    const [, initials, full] = st;
    const bySearch = (q: string) => new Set(idsBySql('households', { quick: q }));
    for (const q of [initials, full, full.slice(0, 4), head.headName!.slice(1), head.hhCode!.slice(-6), head.headIdNumber!.slice(0, 10)]) {
      expect(bySearch(q).has(head.id), `搜索“${q}”应找到 ${head.headName}`).toBe(true);
      // Every row it keeps matches the word somewhere the search looks.
      for (const id of bySearch(q)) {
        const h = households.find((x) => x.id === id)!;
        const hay = [h.hhCode, h.headIdNumber, h.villageName, h.headName, h.helperName].map((s) => (s ?? '').toLowerCase());
        const names = [h.headName, h.helperName].map((n) => searchText(n ?? '').split(' ').slice(1));
        const ok = hay.some((s) => s.includes(q.toLowerCase())) || names.some((parts) => parts.some((p) => p.startsWith(q.toLowerCase())));
        expect(ok, `“${q}” kept ${h.hhCode}`).toBe(true);
      }
    }
    // Two words: both must match.
    const two = bySearch(`${initials} ${head.villageName}`);
    expect(two.has(head.id)).toBe(true);
    for (const id of two) expect(households.find((x) => x.id === id)!.villageName).toBe(head.villageName);
    // People too.
    const person = members.find((m) => (m.name ?? '').length >= 2)!;
    expect(idsBySql('members', { quick: searchText(person.name!).split(' ')[1] })).toContain(person.id);
  });

  it('pages follow each other without overlap or gap, the first with the totals', () => {
    const query: GridQuery = { sort: [{ colId: 'mainCause', sort: 'desc' }], filters: { category: { filterType: 'text', type: 'notEqual', filter: '一般贫困户' } } };
    const all = idsBySql('households', query);
    const seen: string[] = [];
    for (let start = 0; start < all.length; start += 100) {
      const page = registry.gridPage(store, 'households', query, start, start + 100);
      seen.push(...(JSON.parse(page.json) as HouseholdRow[]).map((r) => r.id));
      if (start === 0) {
        const kept = households.filter((h) => h.category !== 'general');
        expect(page.totals).toEqual({ rows: kept.length, scopeRows: households.length });
      } else expect(page.totals).toBeNull();
    }
    expect(seen).toEqual(all);
    // A village's grid: its scope is the village's rows.
    const villageId = households[0].villageId;
    const inVillage = households.filter((h) => h.villageId === villageId).length;
    expect(registry.gridPage(store, 'households', { villageId, quick: households[0].hhCode! }, 0, 100).totals).toMatchObject({ rows: 1, scopeRows: inVillage });
    // Position: where the row stands in the query's order.
    expect(registry.gridPosition(store, 'households', query, all[250])).toEqual({ index: 250 });
    expect(registry.gridPosition(store, 'households', query, households.find((h) => h.category === 'general')!.id)).toEqual({ index: null });
  });

  it('several codes (其他致贫原因): a condition on the joined labels, also right after a write adds a new combination', () => {
    const counts: number[] = [];
    const sample = households.find((h) => (h.otherCauses ?? '').includes(','))!;
    const joined = codesLabel('povertyCause', sample.otherCauses);
    counts.push(expectSame('households', 'otherCauses', { filterType: 'text', type: 'equals', filter: joined }));
    counts.push(expectSame('households', 'otherCauses', { filterType: 'text', type: 'contains', filter: '、' }));
    counts.push(expectSame('households', 'otherCauses', { filterType: 'text', type: 'endsWith', filter: joined.split('、').pop()! }));
    counts.push(expectSame('households', 'otherCauses', { filterType: 'text', type: 'blank' }));
    counts.push(expectSame('households', 'otherCauses', { filterType: 'text', type: 'notContains', filter: '因病' }));
    expect(counts.filter((n) => n > 0 && n < households.length).length).toBeGreaterThan(2);
    // A combination no household holds yet: found by the filter as soon as it is written.
    const held = new Set(households.map((h) => h.otherCauses));
    const codes = CODE_LISTS.povertyCause.map((c) => c.code);
    const fresh = codes.flatMap((a) => codes.map((b) => `${a},${b}`)).find((v) => !held.has(v) && v.split(',')[0] !== v.split(',')[1])!;
    const filter: ColumnFilter = { filterType: 'text', type: 'equals', filter: codesLabel('povertyCause', fresh) };
    const before = idsBySql('households', { filters: { otherCauses: filter } });
    expect(before).not.toContain(sample.id);
    registry.updateHousehold(testWriter(store), { id: sample.id, field: 'otherCauses', value: fresh });
    expect(idsBySql('households', { filters: { otherCauses: filter } })).toContain(sample.id);
    registry.updateHousehold(testWriter(store), { id: sample.id, field: 'otherCauses', value: sample.otherCauses });
    expect(idsBySql('households', { filters: { otherCauses: filter } })).toEqual(before);
  });

  it('the write path keeps the pinyin: a renamed person is found by the new name’s initials, not the old', () => {
    const person = members.find((m) => m.relation !== 'head')!;
    const w = testWriter(store);
    registry.updateMember(w, { id: person.id, field: 'name', value: '欧阳修竹' });
    expect(idsBySql('members', { quick: 'oyxz' })).toContain(person.id);
    expect(idsBySql('members', { quick: 'ouyangxiu' })).toContain(person.id);
    const oldInitials = searchText(person.name!).split(' ')[1];
    expect(idsBySql('members', { quick: oldInitials })).not.toContain(person.id);
    registry.removeMember(w, person.id);
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM nameSearch WHERE id = ?').get(person.id)).toEqual({ n: 0 });
  });
});
