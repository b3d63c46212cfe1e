// What one child process measures. Each repetition runs in a fresh process, so nothing (SQLite's
// page cache, prepared statements, V8's compiled code) survives from the previous one: this is the
// state of the app right after the clerk types the password. The OS file cache does stay warm
// (dropping it needs privileges we do not have), as it would on a PC that opened the file before.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { applyRuntimePragmas, migrate, openDatabase, applyCachePragmas, applyKey, openCheckOf, runIntegrityCheck } from '../../main/db/open';
import { checkBeforeOpenReason, type CheckKind } from '../../main/db/health';
import { runJob } from '../../main/jobs/runner';
import { Store, type SqliteHandle } from '../../main/db/store';
import { getStats, gridPage, householdsJson } from '../../main/services/registry';
import { battleOverview } from '../../main/services/battle';
import { plannerInput, planProposal } from '../../main/services/plan';
import { autoPlan } from '../../shared/domain/plan';
import { HOUSEHOLD_FIELDS } from '../../shared/fields';
import type { GridQuery } from '../../shared/gridQuery';
import type { HouseholdRow } from '../../shared/contract';
import { namePinyin } from '../../shared/domain/pinyin';
import { Session } from '../../main/services/session';
import type { Platform } from '../../main/ipc/platform';
import { acquireLock } from '../../main/db/lock';
import { readKeyFile, unlockWithPassword } from '../../main/db/keys';
import type { CopyKind } from './fixture';
import { BENCH_PASSWORD } from './fixture';
import { windowContext } from '../../main/ipc/context';

export interface FiguresResult {
  openMs: number;
  gridMs: number;
  parseMs: number;
  statsMs: number;
  rows: number;
  jsonChars: number;
  via: 'router' | 'direct';
  routerError?: string;
}

export interface OpenPartsResult {
  unlockMs: number;
  lockMs: number;
  constructMs: number;
  keyPragmasMs: number;
  firstReadMs: number;
  /** Reading the health record beside the file: whether the whole file must be checked first. */
  decideMs: number;
  /** Not part of a clean open any more (nor of totalMs): only after an unclean close, or before a migration. */
  quickCheckMs: number;
  runtimePragmasMs: number;
  migrateMs: number;
  totalMs: number;
}

const now = () => performance.now();

/**
 * The plain copy's equivalent of openDatabase after a clean close: the same lock file (one writer
 * per file is the app's, not the cipher's), open, the same pragmas, no whole-file check (that runs
 * in the background, measured apart: checkInBackground). Only the cipher and the password differ.
 */
export function openPlain(file: string): Store {
  const release = acquireLock(file);
  const sqlite = new Database(file, { fileMustExist: true });
  const version = sqlite.pragma('user_version', { simple: true }) as number;
  applyCachePragmas(sqlite);
  applyRuntimePragmas(sqlite);
  migrate(sqlite, version);
  return new Store(sqlite, file, () => release());
}

export function openCopy(kind: CopyKind, file: string): Store {
  return kind === 'enc' ? openDatabase(file, BENCH_PASSWORD) : openPlain(file);
}

function isJsonRows(data: unknown): data is { json: string; count: number } {
  return typeof data === 'object' && data !== null && 'json' in data && typeof (data as { json: unknown }).json === 'string';
}

function finish(store: Store, openMs: number, gridMs: number, json: string, via: FiguresResult['via'], routerError?: string): FiguresResult {
  let t = now();
  const parsed: unknown = JSON.parse(json);
  const parseMs = now() - t;
  t = now();
  getStats(store);
  const statsMs = now() - t;
  return { openMs, gridMs, parseMs, statsMs, rows: Array.isArray(parsed) ? parsed.length : -1, jsonChars: json.length, via, routerError };
}

/** householdsJson, exactly what the 'households.list' handler does. */
export function figuresDirect(kind: CopyKind, file: string, routerError?: string): FiguresResult {
  let t = now();
  const store = openCopy(kind, file);
  const openMs = now() - t;
  try {
    t = now();
    const { json } = householdsJson(store);
    const gridMs = now() - t;
    return finish(store, openMs, gridMs, json, 'direct', routerError);
  } finally {
    store.close();
  }
}

/**
 * The real path: a Session opens the encrypted file (as 'db.open' does) and the real router answers
 * 'households.list'. Falls back to the direct call when the handlers module cannot load (another
 * area's module still being written), and says so.
 */
export async function figuresRouter(file: string, benchDir: string): Promise<FiguresResult> {
  let mods: [typeof import('../../main/ipc/router'), typeof import('../../main/ipc/handlers')];
  try {
    mods = await Promise.all([import('../../main/ipc/router'), import('../../main/ipc/handlers')]);
  } catch (e) {
    return figuresDirect('enc', file, e instanceof Error ? e.message.split('\n')[0] : String(e));
  }
  const [{ createRouter }, { createHandlers }] = mods;
  const userDataDir = path.join(benchDir, 'session');
  fs.mkdirSync(userDataDir, { recursive: true });
  const session = new Session(userDataDir);
  const platform: Platform = { version: 'bench', broadcast: () => undefined };
  const router = createRouter(createHandlers(session, platform));
  let t = now();
  session.open(file, BENCH_PASSWORD);
  const openMs = now() - t;
  try {
    t = now();
    const res = await router.handle(windowContext({ id: 1, kind: 'main' }, 'bench'), 'households.list', {});
    const gridMs = now() - t;
    if (!res.ok) throw new Error(`households.list: ${res.error.code} ${res.error.message}`);
    if (!isJsonRows(res.data)) throw new Error('households.list did not return { json, count }');
    return finish(session.requireStore(), openMs, gridMs, res.data.json, 'router');
  } finally {
    session.close();
  }
}

/** openDatabase's steps one by one (same order, same calls where they are exported), to see which
 *  one costs what. */
export function openParts(kind: CopyKind, file: string): OpenPartsResult {
  const t0 = now();
  let t = now();
  let dataKey: Buffer | null = null;
  if (kind === 'enc') {
    // openDatabase: file checks, read the key file, unwrap the data key (scrypt N=2^15).
    fs.statSync(file);
    dataKey = unlockWithPassword(readKeyFile(file), BENCH_PASSWORD);
  }
  const unlockMs = now() - t;
  t = now();
  const release = acquireLock(file);
  const lockMs = now() - t;
  t = now();
  const sqlite: SqliteHandle = new Database(file, { fileMustExist: true });
  const constructMs = now() - t;
  try {
    t = now();
    if (dataKey) applyKey(sqlite, dataKey);
    const keyPragmasMs = now() - t;
    t = now();
    sqlite.pragma('application_id', { simple: true });
    const version = sqlite.pragma('user_version', { simple: true }) as number;
    const firstReadMs = now() - t;
    t = now();
    const reason = kind === 'enc' ? checkBeforeOpenReason(file) : null;
    const decideMs = now() - t;
    if (reason) throw new Error(`the bench copy would be checked before opening (${reason}): a run was killed? Delete ${file}.health's "open" or --rebuild`);
    t = now();
    applyRuntimePragmas(sqlite);
    const runtimePragmasMs = now() - t;
    t = now();
    migrate(sqlite, version);
    const migrateMs = now() - t;
    const totalMs = now() - t0;
    // What an open after an unclean close adds (on a fresh connection: no page cached yet).
    t = now();
    const problems = runIntegrityCheck(sqlite, 'quick_check');
    const quickCheckMs = now() - t;
    if (problems.length > 0) throw new Error(`quick_check: ${problems[0]}`);
    return { unlockMs, lockMs, constructMs, keyPragmasMs, firstReadMs, decideMs, quickCheckMs, runtimePragmasMs, migrateMs, totalMs };
  } finally {
    sqlite.close();
    release();
  }
}

export interface OpenOnlyResult {
  openMs: number;
  /** The check openDatabase ran before opening (null: a clean open, as measured). */
  checkedBeforeOpen: string | null;
}

/** Figure 1 alone: open + unlock as 'db.open' does it after a clean close, and nothing else. */
export function openOnly(kind: CopyKind, file: string): OpenOnlyResult {
  const t = now();
  const store = openCopy(kind, file);
  const openMs = now() - t;
  const checkedBeforeOpen = kind === 'enc' ? openCheckOf(store).ranBeforeOpen : null;
  store.close();
  return { openMs, checkedBeforeOpen };
}

export interface BackgroundCheckResult {
  /** From asking to the answer: for the encrypted copy a worker thread started for it, as the app does. */
  wallMs: number;
  /** The check itself on its read-only connection. */
  checkMs: number;
}

/** The background check after opening: the encrypted copy through the app's worker task, the plain one directly. */
export async function checkInBackground(kind: CopyKind, file: string, check: CheckKind): Promise<BackgroundCheckResult> {
  const t = now();
  if (kind === 'enc') {
    const dataKey = unlockWithPassword(readKeyFile(file), BENCH_PASSWORD);
    const t1 = now();
    const r = await runJob('integrityCheck', { db: { path: file, keyHex: dataKey.toString('hex') }, kind: check });
    if (r.problems.length > 0) throw new Error(`${check}: ${r.problems[0]}`);
    return { wallMs: now() - t1, checkMs: r.ms };
  }
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    sqlite.pragma('cache_size=-8192');
    const problems = runIntegrityCheck(sqlite, check);
    if (problems.length > 0) throw new Error(`${check}: ${problems[0]}`);
  } finally {
    sqlite.close();
  }
  const ms = now() - t;
  return { wallMs: ms, checkMs: ms };
}

export interface GridFiguresResult {
  openMs: number;
  /** 'grid.page' for the first 100 households, right after opening */
  firstRowsMs: number;
  /** per column: sort descending, and one filter of the column's kind (first block, with totals) */
  sortMs: Record<string, number>;
  filterMs: Record<string, number>;
  /** quick search by a head's pinyin initials, and by full pinyin */
  pinyinInitialsMs: number;
  pinyinFullMs: number;
  /** the block holding row 90,000 (100 rows), in the registry's order */
  scrollMs: number;
  countsMs: number;
  /** Row 90,000's block with the grid sorted by 户主姓名 (no target: the targets' scroll is unsorted). */
  sortedScrollMs: number;
  rows: number;
}

/** One filter of the kind each column takes, as the grid's floating filter would send it. */
function filterFor(key: string, type: string): GridQuery['filters'] {
  switch (type) {
    case 'int':
    case 'decimal':
    case 'year':
      return { [key]: { filterType: 'number', type: 'greaterThan', filter: 2 } };
    case 'date':
      return { [key]: { filterType: 'date', type: 'lessThan', dateFrom: '2016-01-01 00:00:00' } };
    case 'bool':
      return { [key]: { filterType: 'text', type: 'equals', filter: '是' } };
    case 'code':
    case 'codes':
      return { [key]: { filterType: 'text', type: 'contains', filter: '低保' } };
    default:
      return { [key]: { filterType: 'text', type: 'contains', filter: '2' } };
  }
}

/**
 * The SQL-backed households grid as the clerk meets it (issue 14's targets): open, the first rows,
 * then on the same connection (the app keeps it) a sort and a filter on every column, pinyin
 * searches, the block at row 90,000, and the per-category counts.
 */
export function gridFigures(kind: CopyKind, file: string): GridFiguresResult {
  let t = now();
  const store = openCopy(kind, file);
  const openMs = now() - t;
  try {
    t = now();
    const first = gridPage(store, 'households', {}, 0, 100);
    const firstRowsMs = now() - t;
    const time = (q: GridQuery, start = 0) => {
      const t0 = now();
      gridPage(store, 'households', q, start, start + 100);
      return now() - t0;
    };
    const sortMs: Record<string, number> = {};
    const filterMs: Record<string, number> = {};
    for (const f of HOUSEHOLD_FIELDS) {
      sortMs[f.key] = time({ sort: [{ colId: f.key, sort: 'desc' }] });
      filterMs[f.key] = time({ filters: filterFor(f.key, f.type) });
    }
    // A head from the middle of the registry, found as a clerk would type the name.
    const mid = JSON.parse(gridPage(store, 'households', {}, 50_000, 50_100).json) as HouseholdRow[];
    const head = mid.find((h) => (h.headName ?? '').length >= 3) ?? mid[0];
    const py = namePinyin(head.headName!)!;
    const pinyinInitialsMs = time({ quick: py.initials });
    const pinyinFullMs = time({ quick: py.full });
    const scrollMs = time({}, 90_000);
    const sortedScrollMs = time({ sort: [{ colId: 'headName', sort: 'asc' }] }, 90_000);
    t = now();
    getStats(store);
    const countsMs = now() - t;
    return { openMs, firstRowsMs, sortMs, filterMs, pinyinInitialsMs, pinyinFullMs, scrollMs, sortedScrollMs, countsMs, rows: first.totals?.rows ?? -1 };
  } finally {
    store.close();
  }
}

export interface BattleFiguresResult {
  openMs: number;
  /** 'battle.overview' right after opening: every page it reads is read and decrypted now. */
  firstMs: number;
  /** Computed again on the same connection, as after a change (pages cached, the answer not). */
  againMs: number;
  /** Asked again with nothing written since: the kept answer. */
  keptMs: number;
  villages: number;
  people: number;
  exitedPeople: number;
}

/**
 * 挂图作战's aggregates as 'battle.overview' computes them (services/battle.ts): the first time after
 * opening, again as after a change (another date defeats the kept answer), and once more unchanged.
 */
export function battleFigures(kind: CopyKind, file: string): BattleFiguresResult {
  let t = now();
  const store = openCopy(kind, file);
  const openMs = now() - t;
  try {
    t = now();
    const o = battleOverview(store, '2017-06-01');
    const firstMs = now() - t;
    t = now();
    battleOverview(store, '2017-06-02');
    const againMs = now() - t;
    t = now();
    battleOverview(store, '2017-06-02');
    const keptMs = now() - t;
    return { openMs, firstMs, againMs, keptMs, villages: o.figures.villages, people: o.figures.total.people, exitedPeople: o.figures.exited.people };
  } finally {
    store.close();
  }
}

export interface PlanFiguresResult {
  households: number;
  villages: number;
  /** Reading every household and scoring it (plannerInput). */
  readMs: number;
  /** The auto-planner alone (shared/domain/plan.ts autoPlan) on those households, nothing fixed. */
  planMs: number;
  planOk: boolean;
  /** 'plan.propose' as the 脱贫计划 page asks it: read, score, plan, check and diff. */
  proposeMs: number;
  proposeOk: boolean;
}

/**
 * Figure 8: the auto-planner on every household of the fixture. The fixture's own 脱贫状态 fixes
 * many households in years its planned years do not balance, so the pure planner is also timed with
 * nothing fixed: the case the target describes (plan 100k households).
 */
export function planFigures(kind: CopyKind, file: string): PlanFiguresResult {
  const store = openCopy(kind, file);
  try {
    let t = now();
    const p = plannerInput(store);
    const readMs = now() - t;
    const unfixed = { ...p.input, households: p.input.households.map((h) => ({ ...h, fixedYear: null })), villages: p.input.villages.map((v) => ({ ...v, fixedYear: null })) };
    t = now();
    const plan = autoPlan(unfixed);
    const planMs = now() - t;
    t = now();
    const proposal = planProposal(store);
    const proposeMs = now() - t;
    return { households: p.households.length, villages: p.villages.length, readMs, planMs, planOk: plan.ok, proposeMs, proposeOk: proposal.ok };
  } finally {
    store.close();
  }
}
