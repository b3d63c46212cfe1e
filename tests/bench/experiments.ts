// Variants of the grid query and the stats query, tried here (not in main/) so the lead can pick
// one with numbers in hand. Each variant runs once in a fresh process, like the figures; the
// result is then compared with the current code's result, so a faster variant that answers
// differently is caught.
import Database from 'better-sqlite3-multiple-ciphers';
import { applyKey, applyRuntimePragmas, migrate, openDatabase } from '../../main/db/open';
import { Store } from '../../main/db/store';
import { acquireLock } from '../../main/db/lock';
import { readKeyFile, unlockWithPassword } from '../../main/db/keys';
import { getStats, listHouseholds } from '../../main/services/registry';
import { HOUSEHOLD_FIELDS } from '../../shared/fields';
import { BENCH_PASSWORD, type CopyKind } from './fixture';
import { openCopy } from './measure';

export interface ExperimentTask {
  name: string;
  kind: CopyKind;
  file: string;
  /** Compare the answer with the current code's (slow at 100k rows: done on the first repetition). */
  verify: boolean;
}

export interface ExperimentResult extends ExperimentTask {
  totalMs: number;
  phases: Record<string, number>;
  check: string;
  /** For grid variants: JSON.parse of the string (the renderer's cost; not in totalMs) and its length. */
  parseMs?: number;
  jsonChars?: number;
}

type Phases = Record<string, number>;

interface Experiment {
  name: string;
  description: string;
  /** Opens the copy itself (and times it as a phase) instead of using the ordinary open. */
  open?: (kind: CopyKind, file: string) => Store;
  /** Run on the opened store before anything is timed. */
  pragmas?: readonly string[];
  run(store: Store, phases: Phases): string | object;
  compare: 'grid' | 'gridColumns' | 'stats' | 'none';
  /** V8 flags for the child process (Electron: app.commandLine.appendSwitch('js-flags', …)). */
  execArgv?: readonly string[];
}

function timed<T>(phases: Phases, name: string, fn: () => T): T {
  const t = performance.now();
  const out = fn();
  phases[name] = (phases[name] ?? 0) + performance.now() - t;
  return out;
}

// ---- The current grid query, copied from main/services/registry.ts (HOUSEHOLD_SELECT). ----
const HOUSEHOLD_BOOLS: readonly string[] = HOUSEHOLD_FIELDS.filter((f) => f.type === 'bool').map((f) => f.key);

const CURRENT_SELECT = `
SELECT h.*, v.name AS villageName, head.name AS headName, head.idNumber AS headIdNumber,
       (SELECT count(*) FROM members m WHERE m.householdId = h.id) AS size,
       c.name AS helperName
FROM households h
JOIN villages v ON v.id = h.villageId
LEFT JOIN members head ON head.householdId = h.id AND head.relation = 'head'
LEFT JOIN pairings p ON p.householdId = h.id
LEFT JOIN cadres c ON c.id = p.cadreId`;

const ORDER = ' ORDER BY v.code, h.hhCode';

// Size from one pass over members_household instead of one index probe per household.
const GROUPED_SIZE_SELECT = `
SELECT h.*, v.name AS villageName, head.name AS headName, head.idNumber AS headIdNumber,
       coalesce(s.n, 0) AS size,
       c.name AS helperName
FROM households h
JOIN villages v ON v.id = h.villageId
LEFT JOIN members head ON head.householdId = h.id AND head.relation = 'head'
LEFT JOIN (SELECT householdId, count(*) AS n FROM members GROUP BY householdId) s ON s.householdId = h.id
LEFT JOIN pairings p ON p.householdId = h.id
LEFT JOIN cadres c ON c.id = p.cadreId`;

function toBooleans(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  for (const row of rows) for (const k of HOUSEHOLD_BOOLS) row[k] = row[k] === 1;
  return rows;
}

function gridViaObjects(store: Store, phases: Phases, sql: string): string {
  const rows = timed(phases, 'sql', () => store.sqlite.prepare(sql).all() as Record<string, unknown>[]);
  const mapped = timed(phases, 'map', () => toBooleans(rows));
  return timed(phases, 'stringify', () => JSON.stringify(mapped));
}

function householdColumns(store: Store): string[] {
  return (store.sqlite.pragma('table_info(households)') as { name: string }[]).map((c) => c.name);
}

const SIZE_SUBQUERY = '(SELECT count(*) FROM members m WHERE m.householdId = h.id)';
const SIZE_GROUPED_JOIN = `\nLEFT JOIN (SELECT householdId, count(*) AS n FROM members GROUP BY householdId) s ON s.householdId = h.id`;

/** Output keys and the SQL expression for each, in the order the current query returns them. */
function gridColumns(store: Store, sizeExpr: string): [string, string][] {
  const bools = new Set(HOUSEHOLD_BOOLS);
  const cols: [string, string][] = householdColumns(store).map((c) => [c, bools.has(c) ? `json(CASE h."${c}" WHEN 1 THEN 'true' ELSE 'false' END)` : `h."${c}"`]);
  cols.push(['villageName', 'v.name'], ['headName', 'head.name'], ['headIdNumber', 'head.idNumber'], ['size', sizeExpr], ['helperName', 'c.name']);
  return cols;
}

/** The same rows built by SQLite's JSON functions: no JS row objects at all. */
interface SqlJsonOptions {
  size: 'subquery' | 'grouped';
  shape: 'objects' | 'arrays';
  /** aggregate: one json_group_array(… ORDER BY …) value; rows: one JSON text per row, joined in JS. */
  assembly: 'aggregate' | 'rows';
}

function jsonSelect(store: Store, o: SqlJsonOptions): string {
  const cols = gridColumns(store, o.size === 'grouped' ? 'coalesce(s.n, 0)' : SIZE_SUBQUERY);
  const row = o.shape === 'objects' ? `json_object(${cols.map(([k, e]) => `'${k}', ${e}`).join(', ')})` : `json_array(${cols.map(([, e]) => e).join(', ')})`;
  const from = `
FROM households h
JOIN villages v ON v.id = h.villageId
LEFT JOIN members head ON head.householdId = h.id AND head.relation = 'head'${o.size === 'grouped' ? SIZE_GROUPED_JOIN : ''}
LEFT JOIN pairings p ON p.householdId = h.id
LEFT JOIN cadres c ON c.id = p.cadreId`;
  return o.assembly === 'aggregate' ? `SELECT json_group_array(${row} ORDER BY v.code, h.hhCode) AS json${from}` : `SELECT ${row} AS j${from}${ORDER}`;
}

function gridViaSqlJson(store: Store, phases: Phases, o: SqlJsonOptions): string {
  const sql = jsonSelect(store, o);
  let rows: string;
  if (o.assembly === 'aggregate') {
    rows = timed(phases, 'sql', () => (store.sqlite.prepare(sql).get() as { json: string }).json);
  } else {
    // Each row arrives as one string (no per-column JS values); the order is the statement's ORDER BY.
    const texts = timed(phases, 'sql', () => store.sqlite.prepare(sql).pluck().all() as string[]);
    rows = timed(phases, 'join', () => `[${texts.join(',')}]`);
  }
  if (o.shape === 'objects') return rows;
  // A leaner wire format: the keys once, then one array per row (the renderer would map them back).
  return `{"columns":${JSON.stringify(gridColumns(store, '').map(([k]) => k))},"rows":${rows}}`;
}

/** Turns the columns+rows format back into the objects the grid reads today. */
function columnsToObjects(parsed: unknown): Record<string, unknown>[] {
  const { columns, rows } = parsed as { columns: string[]; rows: unknown[][] };
  return rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]])));
}

/** Opens like openDatabase but with a large page cache set before quick_check, so the pages that
 *  quick_check has just decrypted are still in memory when the grid query runs. */
function openWithCacheFirst(cacheKiB: number, quickCheck = true) {
  return (kind: CopyKind, file: string): Store => {
    const dataKey = kind === 'enc' ? unlockWithPassword(readKeyFile(file), BENCH_PASSWORD) : null;
    const release = kind === 'enc' ? acquireLock(file) : () => undefined;
    const sqlite = new Database(file, { fileMustExist: true });
    if (dataKey) applyKey(sqlite, dataKey);
    sqlite.pragma(`cache_size=-${cacheKiB}`);
    sqlite.pragma('temp_store=MEMORY');
    const version = sqlite.pragma('user_version', { simple: true }) as number;
    if (quickCheck && sqlite.pragma('quick_check', { simple: true }) !== 'ok') throw new Error('quick_check failed');
    applyRuntimePragmas(sqlite);
    migrate(sqlite, version);
    return new Store(sqlite, file, release);
  };
}

function openCurrent(kind: CopyKind, file: string): Store {
  return kind === 'enc' ? openDatabase(file, BENCH_PASSWORD) : openCopy('plain', file);
}

/** getStats with another per-category statement (same result shape). */
function statsWith(byCategorySql: string) {
  return (store: Store): object => {
    const byCat = store.sqlite.prepare(byCategorySql).all() as { category: string; households: number; people: number }[];
    const count = (t: string) => (store.sqlite.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n;
    const cat = (c: string) => {
      const r = byCat.find((x) => x.category === c);
      return { households: r?.households ?? 0, people: r?.people ?? 0 };
    };
    return {
      villages: count('villages'),
      units: count('units'),
      teams: count('teams'),
      cadres: count('cadres'),
      households: count('households'),
      people: count('members'),
      byCategory: { general: cat('general'), dibao: cat('dibao'), wubao: cat('wubao') },
    };
  };
}

// count(m.householdId) instead of count(m.id): answered from the members_household index alone.
const STATS_COVERING = `SELECT h.category AS category, count(DISTINCT h.id) AS households, count(m.householdId) AS people
  FROM households h LEFT JOIN members m ON m.householdId = h.id GROUP BY h.category`;
// Members counted once per household from the index, then one pass over households.
const STATS_GROUPED = `SELECT h.category AS category, count(*) AS households, coalesce(sum(s.n), 0) AS people
  FROM households h LEFT JOIN (SELECT householdId, count(*) AS n FROM members GROUP BY householdId) s ON s.householdId = h.id
  GROUP BY h.category`;

const grid = (sql: string) => (s: Store, p: Phases) => gridViaObjects(s, p, sql);
const CURRENT = CURRENT_SELECT + ORDER;
const BIG_CACHE_KIB = 262144;

export const EXPERIMENTS: readonly Experiment[] = [
  { name: 'grid.current', description: 'copy of listHouseholds + JSON.stringify: sql = prepare+all() (row objects built by better-sqlite3), map = toBooleans, stringify', run: grid(CURRENT), compare: 'grid' },
  { name: 'grid.noOrderBy', description: 'current without ORDER BY (only to see what the sort costs; the grid needs an order)', run: grid(CURRENT_SELECT), compare: 'none' },
  { name: 'grid.sizeGroupBy', description: 'size from LEFT JOIN (SELECT householdId, count(*) … GROUP BY householdId) instead of the correlated subquery', run: grid(GROUPED_SIZE_SELECT + ORDER), compare: 'grid' },
  { name: 'grid.cache64M', description: 'current, after PRAGMA cache_size=-65536 (this build defaults to -16000, i.e. 16 MB)', pragmas: ['cache_size=-65536'], run: grid(CURRENT), compare: 'grid' },
  { name: 'grid.tempStoreMemory', description: 'current, after PRAGMA temp_store=MEMORY', pragmas: ['temp_store=MEMORY'], run: grid(CURRENT), compare: 'grid' },
  { name: 'grid.mmap256M', description: 'current, after PRAGMA mmap_size=268435456', pragmas: ['mmap_size=268435456'], run: grid(CURRENT), compare: 'grid' },
  { name: 'grid.current+semi64', description: 'current, V8 --max-semi-space-size=64 (fewer young-generation GCs while 100k row objects pile up)', execArgv: ['--max-semi-space-size=64'], run: grid(CURRENT), compare: 'grid' },
  { name: 'grid.sqlJsonAgg', description: 'json_group_array(json_object(…) ORDER BY v.code, h.hhCode): one value, SQLite writes the very same JSON', run: (s, p) => gridViaSqlJson(s, p, { size: 'subquery', shape: 'objects', assembly: 'aggregate' }), compare: 'grid' },
  { name: 'grid.sqlJsonRows', description: "SELECT json_object(…) … ORDER BY v.code, h.hhCode with .pluck().all(), then '[' + texts.join(',') + ']': same JSON, no row objects, no stringify", run: (s, p) => gridViaSqlJson(s, p, { size: 'subquery', shape: 'objects', assembly: 'rows' }), compare: 'grid' },
  { name: 'grid.sqlJsonRows+sizeGroupBy', description: 'grid.sqlJsonRows with the grouped size join', run: (s, p) => gridViaSqlJson(s, p, { size: 'grouped', shape: 'objects', assembly: 'rows' }), compare: 'grid' },
  { name: 'grid.sqlJsonRows+tempMem', description: 'grid.sqlJsonRows after PRAGMA temp_store=MEMORY and cache_size=-65536 (the sort stays in memory)', pragmas: ['temp_store=MEMORY', 'cache_size=-65536'], run: (s, p) => gridViaSqlJson(s, p, { size: 'subquery', shape: 'objects', assembly: 'rows' }), compare: 'grid' },
  { name: 'grid.sqlJsonRowsArrays', description: 'FORMAT CHANGE: {"columns":[…],"rows":[[…],…]} with json_array() per row; keys sent once (renderer must map); with the tempMem pragmas', pragmas: ['temp_store=MEMORY', 'cache_size=-65536'], run: (s, p) => gridViaSqlJson(s, p, { size: 'subquery', shape: 'arrays', assembly: 'rows' }), compare: 'gridColumns' },
  { name: 'stats.current', description: 'getStats as it is (count(DISTINCT h.id), count(m.id) over households LEFT JOIN members)', run: (s, p) => timed(p, 'sql', () => getStats(s)), compare: 'stats' },
  { name: 'stats.coveringCount', description: 'getStats with count(m.householdId) instead of count(m.id) (members_household covers it)', run: (s, p) => timed(p, 'sql', () => statsWith(STATS_COVERING)(s)), compare: 'stats' },
  { name: 'stats.groupedMembers', description: 'getStats with households LEFT JOIN (members GROUP BY householdId) GROUP BY category', run: (s, p) => timed(p, 'sql', () => statsWith(STATS_GROUPED)(s)), compare: 'stats' },
  {
    name: 'session.current',
    description: 'what the clerk waits for: openDatabase → current grid JSON → getStats, as the code is today',
    open: openCurrent,
    run: (s, p) => {
      const json = gridViaObjects(s, p, CURRENT);
      timed(p, 'stats', () => getStats(s));
      return json;
    },
    compare: 'grid',
  },
  {
    name: 'session.proposed',
    description: 'open with cache_size=-262144 and temp_store=MEMORY set before quick_check (pages stay decrypted in memory) → grid.sqlJsonRows → stats.groupedMembers',
    open: openWithCacheFirst(BIG_CACHE_KIB),
    run: (s, p) => {
      const json = gridViaSqlJson(s, p, { size: 'subquery', shape: 'objects', assembly: 'rows' });
      timed(p, 'stats', () => statsWith(STATS_GROUPED)(s));
      return json;
    },
    compare: 'grid',
  },
  {
    name: 'session.deferredCheck',
    description: 'as session.proposed but quick_check left out of the open (to be run later, e.g. in a worker on its own connection)',
    open: openWithCacheFirst(BIG_CACHE_KIB, false),
    run: (s, p) => {
      const json = gridViaSqlJson(s, p, { size: 'subquery', shape: 'objects', assembly: 'rows' });
      timed(p, 'stats', () => statsWith(STATS_GROUPED)(s));
      return json;
    },
    compare: 'grid',
  },
  {
    name: 'session.proposedNoCacheChange',
    description: 'as session.proposed but with the default page cache (only the two query changes)',
    open: openCurrent,
    run: (s, p) => {
      const json = gridViaSqlJson(s, p, { size: 'subquery', shape: 'objects', assembly: 'rows' });
      timed(p, 'stats', () => statsWith(STATS_GROUPED)(s));
      return json;
    },
    compare: 'grid',
  },
];

function sameRows(a: unknown, b: unknown): string {
  if (!Array.isArray(a) || !Array.isArray(b)) return 'not arrays';
  if (a.length !== b.length) return `row count ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Record<string, unknown>;
    const y = b[i] as Record<string, unknown>;
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    for (const k of keys) {
      if (x[k] !== y[k]) return `row ${i} key ${k}: ${JSON.stringify(x[k])} vs ${JSON.stringify(y[k])}`;
    }
  }
  return 'same';
}

export function runExperiment(task: ExperimentTask): ExperimentResult {
  const exp = EXPERIMENTS.find((e) => e.name === task.name);
  if (!exp) throw new Error(`no experiment ${task.name}`);
  const phases: Phases = {};
  const store = exp.open ? timed(phases, 'open', () => exp.open!(task.kind, task.file)) : openCopy(task.kind, task.file);
  try {
    for (const p of exp.pragmas ?? []) store.sqlite.pragma(p);
    const out = exp.run(store, phases);
    const totalMs = Object.values(phases).reduce((a, b) => a + b, 0);
    let parseMs: number | undefined;
    let jsonChars: number | undefined;
    let parsed: unknown;
    if (typeof out === 'string') {
      const t = performance.now();
      parsed = JSON.parse(out);
      parseMs = performance.now() - t;
      jsonChars = out.length;
    }
    let check = task.verify ? '—' : '';
    if (!task.verify) return { ...task, totalMs, phases, check, parseMs, jsonChars };
    // The reference answer is computed after the timing, with the app's own functions.
    const reference = () => JSON.parse(JSON.stringify(listHouseholds(store))) as unknown;
    if (exp.compare === 'grid') check = sameRows(parsed, reference());
    if (exp.compare === 'gridColumns') check = sameRows(columnsToObjects(parsed), reference());
    if (exp.compare === 'stats') check = JSON.stringify(out) === JSON.stringify(getStats(store)) ? 'same' : 'DIFFERENT';
    return { ...task, totalMs, phases, check, parseMs, jsonChars };
  } finally {
    store.close();
  }
}
