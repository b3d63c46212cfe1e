// `npm run bench`: how long a clerk waits on a registry of 100,000 households (300,000 people),
// on an encrypted copy and on a plain copy of the same fictitious data.
//
//   npm run bench -- [--households N] [--reps R] [--rebuild] [--json [file]]
//                    [--experiments | --experiments-only] [--only name,name] [--experiment-reps R]
//
// --only open: just the open figures (open + unlock, its steps, the background check); --only battle:
// just the battle map's aggregates (figure 7); --only plan: just the auto-planner (figure 8); --only
// letters: the 66 unit letters to PDF through the print route (figure 9; needs `npm run build`);
// other names choose experiments.
//
// The databases live under .bench/ (git-ignored) and are reused while their parameters match.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_VERSION } from '../../main/db/migrations/index';
import { keyFilePath } from '../../main/db/keys';
import { answer, CHILD_FLAG, runChild } from './child';
import { buildCopy, GENERATOR_VERSION, type BuildResult, type CopyKind, type FixtureParams } from './fixture';
import { battleFigures, planFigures, type PlanFiguresResult, checkInBackground, figuresDirect, figuresRouter, gridFigures, openOnly, openParts, type GridFiguresResult, type BattleFiguresResult, type BackgroundCheckResult, type FiguresResult, type OpenOnlyResult, type OpenPartsResult } from './measure';
import type { CheckKind } from '../../main/db/health';
import { runExperiment, EXPERIMENTS, type ExperimentResult, type ExperimentTask } from './experiments';
import { median, min, fmtMs, renderTable } from './report';
import { measureLetters } from './letterFigures';

const SCRIPT = fileURLToPath(import.meta.url);
const REPO = path.resolve(path.dirname(SCRIPT), '../..');
const BENCH_DIR = path.join(REPO, '.bench');
const SEED = 20240601;

const GRID_TARGET_MS = 1000;
// Issue 14's targets for the SQL-backed grid.
const FIRST_ROWS_TARGET_MS = 300;
const QUERY_TARGET_MS = 300;
const SCROLL_TARGET_MS = 200;
const COUNTS_TARGET_MS = 100;
// 挂图作战: the battle map and the wall refetch their aggregates after every change.
const BATTLE_TARGET_MS = 100;
// 自动编排: the auto-planner on 100,000 households.
const PLAN_TARGET_MS = 5000;
const RATIO_TARGET = 1.3;

type Task =
  | { type: 'build'; kind: CopyKind; file: string; params: FixtureParams }
  | { type: 'figures'; kind: CopyKind; file: string; via: 'direct' | 'router' }
  | { type: 'openParts'; kind: CopyKind; file: string }
  | { type: 'openOnly'; kind: CopyKind; file: string }
  | { type: 'grid'; kind: CopyKind; file: string }
  | { type: 'battle'; kind: CopyKind; file: string }
  | { type: 'plan'; kind: CopyKind; file: string }
  | { type: 'check'; kind: CopyKind; file: string; check: CheckKind }
  | ({ type: 'experiment' } & ExperimentTask);

async function runTask(task: Task): Promise<unknown> {
  switch (task.type) {
    case 'build':
      return buildCopy(task.kind, task.file, task.params);
    case 'figures':
      return task.via === 'router' ? figuresRouter(task.file, BENCH_DIR) : figuresDirect(task.kind, task.file);
    case 'openParts':
      return openParts(task.kind, task.file);
    case 'grid':
      return gridFigures(task.kind, task.file);
    case 'battle':
      return battleFigures(task.kind, task.file);
    case 'plan':
      return planFigures(task.kind, task.file);
    case 'openOnly':
      return openOnly(task.kind, task.file);
    case 'check':
      return checkInBackground(task.kind, task.file, task.check);
    case 'experiment':
      return runExperiment(task);
  }
}

interface Options {
  households: number;
  reps: number;
  rebuild: boolean;
  json: string | null;
  experiments: boolean;
  experimentReps: number;
  experimentsOnly: boolean;
  only: string[] | null;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { households: 100_000, reps: 5, rebuild: false, json: null, experiments: false, experimentReps: 3, experimentsOnly: false, only: null };
  const positive = (flag: string, v: string | undefined) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--households') o.households = positive(a, argv[++i]);
    else if (a === '--reps') o.reps = positive(a, argv[++i]);
    else if (a === '--experiment-reps') o.experimentReps = positive(a, argv[++i]);
    else if (a === '--rebuild') o.rebuild = true;
    else if (a === '--experiments') o.experiments = true;
    else if (a === '--experiments-only') o.experiments = o.experimentsOnly = true;
    else if (a === '--only') o.only = (argv[++i] ?? '').split(',');
    else if (a === '--json') o.json = argv[i + 1] && !argv[i + 1].startsWith('--') ? path.resolve(argv[++i]) : path.join(BENCH_DIR, 'bench-results.json');
    else if (a === '--help' || a === '-h') {
      console.log('npm run bench -- [--households N] [--reps R] [--rebuild] [--json [file]] [--experiments | --experiments-only] [--only name,name] [--experiment-reps R]');
      process.exit(0);
    } else throw new Error(`unknown argument: ${a}`);
  }
  return o;
}

interface Manifest {
  generatorVersion: number;
  schemaVersion: number;
  params: FixtureParams;
  builds: BuildResult[];
  builtAt: string;
}

interface Fixture {
  files: Record<CopyKind, string>;
  manifest: Manifest;
  reused: boolean;
}

const KINDS: readonly CopyKind[] = ['enc', 'plain'];

function fileSize(file: string): number {
  let total = 0;
  for (const f of [file, `${file}-wal`]) if (fs.existsSync(f)) total += fs.statSync(f).size;
  return total;
}

async function ensureFixture(o: Options): Promise<Fixture> {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const params: FixtureParams = { households: o.households, seed: SEED };
  const base = path.join(BENCH_DIR, `households-${o.households}`);
  const files: Record<CopyKind, string> = { enc: `${base}.enc.fupin`, plain: `${base}.plain.db` };
  const manifestFile = `${base}.json`;
  if (!o.rebuild && fs.existsSync(manifestFile) && KINDS.every((k) => fs.existsSync(files[k])) && fs.existsSync(keyFilePath(files.enc))) {
    const m = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
    if (m.generatorVersion === GENERATOR_VERSION && m.schemaVersion === SCHEMA_VERSION && m.params.households === params.households && m.params.seed === params.seed) {
      return { files, manifest: m, reused: true };
    }
  }
  fs.rmSync(manifestFile, { force: true });
  console.log(`Building the fictitious databases (${o.households} households) in two processes…`);
  // The two copies are independent: build them side by side, one per core.
  const builds = await Promise.all(KINDS.map((kind) => runChild<BuildResult>(SCRIPT, { type: 'build', kind, file: files[kind], params } satisfies Task)));
  const manifest: Manifest = { generatorVersion: GENERATOR_VERSION, schemaVersion: SCHEMA_VERSION, params, builds, builtAt: new Date().toISOString() };
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  return { files, manifest, reused: false };
}

interface Stat {
  median: number;
  min: number;
  samples: number[];
}

/** A one-line progress note, only on a terminal (it would litter a log). */
function progress(text: string): void {
  if (process.stdout.isTTY) process.stdout.write(`\r${text.padEnd(70)}${text ? '…' : ''}\r`);
}

const stat = (samples: number[]): Stat => ({ median: median(samples), min: min(samples), samples });

interface FigureRow {
  figure: string;
  enc: Stat | null;
  plain: Stat | null;
  ratio: number | null;
  target: string;
  met: boolean | null;
}

function ratioOf(enc: Stat | null, plain: Stat | null): number | null {
  return enc && plain && plain.median > 0 ? enc.median / plain.median : null;
}

function figureRow(figure: string, enc: Stat | null, plain: Stat | null, absoluteMs?: number, withRatioTarget = true): FigureRow {
  const ratio = ratioOf(enc, plain);
  const checks: boolean[] = [];
  const target: string[] = [];
  if (absoluteMs !== undefined) {
    target.push(`≤ ${absoluteMs} ms`);
    checks.push((enc ?? plain)!.median <= absoluteMs && (plain === null || plain.median <= absoluteMs));
  }
  if (ratio !== null && withRatioTarget) {
    target.push(`enc/plain ≤ ${RATIO_TARGET}×`);
    checks.push(ratio <= RATIO_TARGET);
  }
  return { figure, enc, plain, ratio, target: target.join(', ') || '—', met: checks.length ? checks.every(Boolean) : null };
}

function printFigures(rows: readonly FigureRow[]): void {
  const cell = (s: Stat | null) => (s ? `${fmtMs(s.median)} (min ${fmtMs(s.min)})` : 'n/a');
  console.log(
    renderTable(
      ['figure', 'encrypted ms median (min)', 'plain ms median (min)', 'enc/plain', 'target', 'met'],
      rows.map((r) => [r.figure, cell(r.enc), cell(r.plain), r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`, r.target, r.met === null ? '—' : r.met ? 'met' : 'NOT MET']),
    ),
  );
}

async function measureFigures(o: Options, fx: Fixture) {
  const figures: Record<'enc' | 'plain' | 'router', FiguresResult[]> = { enc: [], plain: [], router: [] };
  const parts: Record<CopyKind, OpenPartsResult[]> = { enc: [], plain: [] };
  const grids: Record<CopyKind, GridFiguresResult[]> = { enc: [], plain: [] };
  const battles: Record<CopyKind, BattleFiguresResult[]> = { enc: [], plain: [] };
  const plans: Record<CopyKind, PlanFiguresResult[]> = { enc: [], plain: [] };
  for (let rep = 0; rep < o.reps; rep++) {
    progress(`measuring: repetition ${rep + 1}/${o.reps}`);
    // Interleaved, so a noisy moment on the machine does not fall on one copy only.
    for (const kind of KINDS) figures[kind].push(await runChild<FiguresResult>(SCRIPT, { type: 'figures', kind, file: fx.files[kind], via: 'direct' } satisfies Task));
    figures.router.push(await runChild<FiguresResult>(SCRIPT, { type: 'figures', kind: 'enc', file: fx.files.enc, via: 'router' } satisfies Task));
    for (const kind of KINDS) parts[kind].push(await runChild<OpenPartsResult>(SCRIPT, { type: 'openParts', kind, file: fx.files[kind] } satisfies Task));
    for (const kind of KINDS) grids[kind].push(await runChild<GridFiguresResult>(SCRIPT, { type: 'grid', kind, file: fx.files[kind] } satisfies Task));
    for (const kind of KINDS) battles[kind].push(await runChild<BattleFiguresResult>(SCRIPT, { type: 'battle', kind, file: fx.files[kind] } satisfies Task));
    for (const kind of KINDS) plans[kind].push(await runChild<PlanFiguresResult>(SCRIPT, { type: 'plan', kind, file: fx.files[kind] } satisfies Task));
  }
  progress('');
  const gridRows = gridFigureRows(grids);

  const pick = (list: FiguresResult[], k: keyof Pick<FiguresResult, 'openMs' | 'gridMs' | 'parseMs' | 'statsMs'>) => stat(list.map((r) => r[k]));
  const routerReal = figures.router.every((r) => r.via === 'router');
  const routerNote = routerReal ? '' : ` [router unavailable: ${figures.router[0]?.routerError}; measured householdsJson instead]`;
  const rows: FigureRow[] = [
    figureRow('1. open + unlock (openDatabase / plain equivalent)', pick(figures.enc, 'openMs'), pick(figures.plain, 'openMs')),
    withoutPasswordStep(parts),
    ...gridRows,
    ...battleFigureRows(battles),
    ...planFigureRows(plans),
    figureRow('w. the whole table as JSON (households.list: no screen asks for it since the SQL-backed grid; tests only)', pick(figures.enc, 'gridMs'), pick(figures.plain, 'gridMs'), GRID_TARGET_MS),
    figureRow(`wr. the same via the real router 'households.list' (Session)${routerNote}`, pick(figures.router, 'gridMs'), null, GRID_TARGET_MS),
  ];
  console.log(`\nFigures (${figures.enc[0].rows} rows, JSON ${(figures.enc[0].jsonChars / 2 ** 20).toFixed(1)} M chars). Plain copy: Session only opens encrypted files, so its grid figure calls householdsJson directly, as the handler does.`);
  printFigures(rows);

  const partRows = printOpenParts(parts);

  return { figures: rows, openParts: partRows, raw: { figures, parts, grids, battles, plans } };
}

/** Figure 7: 'battle.overview' (services/battle.ts), the battle map's and the wall's one question. */
function battleFigureRows(battles: Record<CopyKind, BattleFiguresResult[]>): FigureRow[] {
  const both = (f: (b: BattleFiguresResult) => number) => [stat(battles.enc.map(f)), stat(battles.plain.map(f))] as const;
  return [
    figureRow('7. 挂图作战 aggregates (battle.overview), the first time after open', ...both((b) => b.firstMs), BATTLE_TARGET_MS, false),
    figureRow('7a. the same recomputed, as after a change (pages cached)', ...both((b) => b.againMs), BATTLE_TARGET_MS, false),
    { ...figureRow('7k. asked again with nothing changed (the kept answer)', ...both((b) => b.keptMs), undefined, false), target: '—', met: null },
  ];
}

/** --only battle: figure 7 alone. */
async function measureBattle(o: Options, fx: Fixture) {
  const battles: Record<CopyKind, BattleFiguresResult[]> = { enc: [], plain: [] };
  for (let rep = 0; rep < o.reps; rep++) {
    progress(`measuring the battle map: repetition ${rep + 1}/${o.reps}`);
    for (const kind of KINDS) battles[kind].push(await runChild<BattleFiguresResult>(SCRIPT, { type: 'battle', kind, file: fx.files[kind] } satisfies Task));
  }
  progress('');
  const b = battles.enc[0];
  console.log(`\nThe battle map's aggregates (${b.villages} villages, ${b.people} people, ${b.exitedPeople} exited):`);
  const rows = battleFigureRows(battles);
  printFigures(rows);
  return { figures: rows, raw: { battles } };
}

/** Figure 8: the auto-planner (shared/domain/plan.ts) and 'plan.propose' (services/plan.ts). */
function planFigureRows(plans: Record<CopyKind, PlanFiguresResult[]>): FigureRow[] {
  const both = (f: (p: PlanFiguresResult) => number) => [stat(plans.enc.map(f)), stat(plans.plain.map(f))] as const;
  const n = plans.enc[0]?.households ?? 0;
  return [
    figureRow(`8. 自动编排: the planner alone on ${n.toLocaleString('en')} households`, ...both((p) => p.planMs), PLAN_TARGET_MS, false),
    { ...figureRow('8r. reading and scoring them (plannerInput)', ...both((p) => p.readMs), undefined, false), target: '—', met: null },
    figureRow("8p. 'plan.propose' end to end: read, score, plan, check, diff", ...both((p) => p.proposeMs), PLAN_TARGET_MS, false),
  ];
}

/** --only plan: figure 8 alone. */
async function measurePlan(o: Options, fx: Fixture) {
  const plans: Record<CopyKind, PlanFiguresResult[]> = { enc: [], plain: [] };
  for (let rep = 0; rep < o.reps; rep++) {
    progress(`measuring the auto-planner: repetition ${rep + 1}/${o.reps}`);
    for (const kind of KINDS) plans[kind].push(await runChild<PlanFiguresResult>(SCRIPT, { type: 'plan', kind, file: fx.files[kind] } satisfies Task));
  }
  progress('');
  const p = plans.enc[0];
  console.log(`\nThe auto-planner (${p.households} households, ${p.villages} villages; planner ${p.planOk ? 'found a plan' : 'found no plan'}, proposal ${p.proposeOk ? 'ok' : 'infeasible with the fixture’s fixed years'}):`);
  const rows = planFigureRows(plans);
  printFigures(rows);
  return { figures: rows, raw: { plans } };
}

/** The SQL-backed grid's figures against issue 14's targets; "any column" is the slowest column. */
function gridFigureRows(grids: Record<CopyKind, GridFiguresResult[]>): FigureRow[] {
  const of = (kind: CopyKind, f: (g: GridFiguresResult) => number) => stat(grids[kind].map(f));
  const both = (f: (g: GridFiguresResult) => number) => [of('enc', f), of('plain', f)] as const;
  const slowest = (m: 'sortMs' | 'filterMs') => {
    const cols = Object.keys(grids.enc[0][m]);
    const medianOf = (c: string) => median(grids.enc.map((g) => g[m][c]));
    const worst = cols.reduce((a, b) => (medianOf(a) >= medianOf(b) ? a : b));
    const all = cols.map(medianOf).sort((a, b) => a - b);
    return { worst, f: (g: GridFiguresResult) => g[m][worst], medianOfColumns: all[Math.floor(all.length / 2)], over: cols.filter((c) => medianOf(c) > QUERY_TARGET_MS, false) };
  };
  const sort = slowest('sortMs');
  const filter = slowest('filterMs');
  const note = (x: typeof sort) => `slowest column ${x.worst}; median of the ${Object.keys(grids.enc[0].sortMs).length} columns ${fmtMs(x.medianOfColumns)} ms; over target: ${x.over.length ? x.over.join(', ') : 'none'}`;
  return [
    figureRow('2. unlock → first households rows ready (open + grid.page 0–100)', ...both((g) => g.openMs + g.firstRowsMs), FIRST_ROWS_TARGET_MS, false),
    { ...figureRow('2a. of which grid.page 0–100 with totals', ...both((g) => g.firstRowsMs), undefined, false), target: '—', met: null },
    figureRow(`3. a sort on any column (${note(sort)})`, ...both(sort.f), QUERY_TARGET_MS, false),
    figureRow(`3f. a filter on any column (${note(filter)})`, ...both(filter.f), QUERY_TARGET_MS, false),
    figureRow('4. pinyin quick search: initials', ...both((g) => g.pinyinInitialsMs), QUERY_TARGET_MS, false),
    figureRow('4f. pinyin quick search: full pinyin', ...both((g) => g.pinyinFullMs), QUERY_TARGET_MS, false),
    figureRow('5. scrolling to row 90,000 (its block of 100)', ...both((g) => g.scrollMs), SCROLL_TARGET_MS, false),
    { ...figureRow('5s. row 90,000 with the grid sorted by 户主姓名 (no target of its own)', ...both((g) => g.sortedScrollMs), undefined, false), target: '—', met: null },
    figureRow('6. per-category counts (getStats)', ...both((g) => g.countsMs), COUNTS_TARGET_MS, false),
  ];
}

/**
 * --only open: figure 1 (open + unlock after a clean close, as 'db.open' does it), its steps, and
 * the background check that follows it.
 */
async function measureOpen(o: Options, fx: Fixture) {
  const opens: Record<CopyKind, OpenOnlyResult[]> = { enc: [], plain: [] };
  const parts: Record<CopyKind, OpenPartsResult[]> = { enc: [], plain: [] };
  for (let rep = 0; rep < o.reps; rep++) {
    progress(`measuring open: repetition ${rep + 1}/${o.reps}`);
    for (const kind of KINDS) opens[kind].push(await runChild<OpenOnlyResult>(SCRIPT, { type: 'openOnly', kind, file: fx.files[kind] } satisfies Task));
    for (const kind of KINDS) parts[kind].push(await runChild<OpenPartsResult>(SCRIPT, { type: 'openParts', kind, file: fx.files[kind] } satisfies Task));
  }
  progress('');
  const checked = opens.enc.filter((r) => r.checkedBeforeOpen !== null).length;
  const rows: FigureRow[] = [figureRow('1. open + unlock after a clean close (openDatabase / plain equivalent)', stat(opens.enc.map((r) => r.openMs)), stat(opens.plain.map((r) => r.openMs)))];
  rows.push(withoutPasswordStep(parts));
  console.log(`\nOpen figures${checked ? ` — WARNING: ${checked} of ${opens.enc.length} encrypted opens ran a check first (unclean record)` : ''}:`);
  printFigures(rows);
  const partRows = printOpenParts(parts);
  const checks = await measureBackgroundChecks(o, fx);
  return { figures: rows, openParts: partRows, backgroundChecks: checks, raw: { opens, parts } };
}

/** Figure 1 less the password's key derivation (scrypt: slow on purpose, and absent from a plain file). */
function withoutPasswordStep(parts: Record<CopyKind, OpenPartsResult[]>): FigureRow {
  const dbPart = (list: OpenPartsResult[]) => stat(list.map((p) => p.totalMs - p.unlockMs));
  return figureRow('1a. the same without the password step (scrypt N=2^15), replayed step by step', dbPart(parts.enc), dbPart(parts.plain));
}

function printOpenParts(parts: Record<CopyKind, OpenPartsResult[]>): FigureRow[] {
  const keys: (keyof OpenPartsResult)[] = ['unlockMs', 'lockMs', 'constructMs', 'keyPragmasMs', 'firstReadMs', 'decideMs', 'runtimePragmasMs', 'migrateMs', 'totalMs', 'quickCheckMs'];
  const labels: Record<keyof OpenPartsResult, string> = {
    unlockMs: 'read key file + unwrap data key (scrypt N=2^15)',
    lockMs: 'acquireLock (lock file)',
    constructMs: 'new Database(file)',
    keyPragmasMs: 'cipher/legacy/key pragmas (raw key: no PBKDF2)',
    firstReadMs: 'first read (application_id, user_version)',
    decideMs: 'read the health record: check first? (no: clean close)',
    runtimePragmasMs: 'WAL/synchronous/foreign_keys pragmas',
    migrateMs: 'migrate (nothing pending)',
    totalMs: 'total',
    quickCheckMs: 'PRAGMA quick_check — only after an unclean close; not in total',
  };
  const rows = keys.map((k) => figureRow(`  ${labels[k]}`, stat(parts.enc.map((p) => p[k])), stat(parts.plain.map((p) => p[k]))));
  console.log('\nWhere open + unlock goes (openDatabase replayed step by step):');
  printFigures(rows.map((r) => ({ ...r, target: '—', met: null })));
  return rows;
}

/** The check that runs right after opening, off the critical path: quick (every open) and full (weekly). */
async function measureBackgroundChecks(o: Options, fx: Fixture): Promise<FigureRow[]> {
  const reps = Math.min(o.reps, 3);
  const results: Record<CheckKind, Record<CopyKind, BackgroundCheckResult[]>> = { quick_check: { enc: [], plain: [] }, integrity_check: { enc: [], plain: [] } };
  for (let rep = 0; rep < reps; rep++) {
    for (const check of ['quick_check', 'integrity_check'] as const) {
      progress(`measuring background ${check}: repetition ${rep + 1}/${reps}`);
      for (const kind of KINDS) results[check][kind].push(await runChild<BackgroundCheckResult>(SCRIPT, { type: 'check', kind, file: fx.files[kind], check } satisfies Task));
    }
  }
  progress('');
  const rows: FigureRow[] = [];
  for (const check of ['quick_check', 'integrity_check'] as const) {
    const r = results[check];
    const label = check === 'quick_check' ? 'after every open' : 'weekly, instead of quick_check';
    rows.push({ ...figureRow(`bg. ${check} (${label}): the check on its read-only connection`, stat(r.enc.map((x) => x.checkMs)), stat(r.plain.map((x) => x.checkMs))), target: 'off the critical path', met: null });
    rows.push({ ...figureRow(`bg. ${check}: from start to result, worker thread included`, stat(r.enc.map((x) => x.wallMs)), null), target: '—', met: null });
  }
  console.log(`\nThe background check after opening (${reps} repetitions; the encrypted copy through the app's worker task):`);
  printFigures(rows);
  return rows;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const started = Date.now();
  // --only letters: figure 9 on the demo database (66 units), no registry fixture needed.
  if (o.only?.includes('letters')) {
    const { met } = await measureLetters(o.reps);
    process.exitCode = met ? 0 : 1;
    return;
  }
  const fx = await ensureFixture(o);
  const sizes = { enc: fileSize(fx.files.enc), plain: fileSize(fx.files.plain) };
  const env = { node: process.version, cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? '?', platform: `${os.platform()} ${os.release()}`, memGB: Math.round(os.totalmem() / 2 ** 30) };

  console.log(`\nFupin Desk benchmark — fictitious data, ${o.reps} repetitions, each in a fresh process`);
  console.log(`Node ${env.node}, ${env.cores} cores (${env.cpu}), ${env.platform}, ${env.memGB} GB RAM`);
  const c = fx.manifest.builds[0].counts;
  console.log(`Data: ${c.households} households, ${c.members} people, ${c.villages} villages, ${c.cadres} cadres, ${c.pairings} pairings (incomes and the audit log are left empty)`);
  console.log(`Files: encrypted ${(sizes.enc / 2 ** 20).toFixed(1)} MiB (${fx.files.enc}), plain ${(sizes.plain / 2 ** 20).toFixed(1)} MiB`);
  for (const b of fx.manifest.builds) {
    console.log(`Build ${b.kind === 'enc' ? 'encrypted (createDatabase)' : 'plain'}: ${(b.ms / 1000).toFixed(1)} s${fx.reused ? ` (reused, built ${fx.manifest.builtAt}; --rebuild to redo)` : ''} — bulk load with prepared statements, one transaction per table, audit log skipped`);
  }

  const openOnlyRun = o.only?.includes('open') ?? false;
  const battleOnlyRun = o.only?.includes('battle') ?? false;
  const planOnlyRun = o.only?.includes('plan') ?? false;
  const measured = o.experimentsOnly
    ? null
    : openOnlyRun
      ? await measureOpen(o, fx)
      : battleOnlyRun
        ? await measureBattle(o, fx)
        : planOnlyRun
          ? await measurePlan(o, fx)
          : await measureFigures(o, fx);
  if (!o.experimentsOnly && !openOnlyRun && !battleOnlyRun && !planOnlyRun) await measureBackgroundChecks(o, fx);

  const experiments = o.experiments ? await runExperiments(SCRIPT, fx.files, o.experimentReps, o.only) : [];

  console.log(`\nTotal bench time ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  if (o.json) {
    fs.mkdirSync(path.dirname(o.json), { recursive: true });
    fs.writeFileSync(
      o.json,
      JSON.stringify({ when: new Date().toISOString(), env, options: o, fixture: { ...fx.manifest, reused: fx.reused, sizes }, ...measured, experiments }, null, 2),
    );
    console.log(`Results written to ${o.json}`);
  }
}

async function runExperiments(script: string, files: Record<CopyKind, string>, reps: number, only: string[] | null): Promise<ExperimentResult[]> {
  const results: ExperimentResult[] = [];
  const chosen = EXPERIMENTS.filter((e) => !only || only.includes(e.name));
  const total = chosen.length * KINDS.length * reps;
  let done = 0;
  for (const exp of chosen) {
    for (const kind of KINDS) {
      for (let rep = 0; rep < reps; rep++) {
        progress(`experiments: ${++done}/${total} (${exp.name}, ${kind})`);
        results.push(await runChild<ExperimentResult>(script, { type: 'experiment', name: exp.name, kind, file: files[kind], verify: rep === 0 } satisfies Task, exp.execArgv));
      }
    }
  }
  progress('');
  printExperiments(results);
  return results;
}

function printExperiments(results: readonly ExperimentResult[]): void {
  console.log('\nExperiments (each run in a fresh process; ms = median over repetitions; phases in brackets):');
  const rows: string[][] = [];
  for (const exp of EXPERIMENTS) {
    const byKind = (k: CopyKind) => results.filter((r) => r.name === exp.name && r.kind === k);
    const enc = byKind('enc');
    const plain = byKind('plain');
    if (enc.length === 0) continue;
    const phases = (list: ExperimentResult[]) =>
      Object.keys(list[0].phases)
        .map((p) => `${p} ${fmtMs(median(list.map((r) => r.phases[p])))}`)
        .join(', ');
    const e = median(enc.map((r) => r.totalMs));
    const p = median(plain.map((r) => r.totalMs));
    const parse = enc[0].parseMs === undefined ? '—' : `${fmtMs(median(enc.map((r) => r.parseMs ?? NaN)))} ms / ${((enc[0].jsonChars ?? 0) / 2 ** 20).toFixed(1)} M`;
    const checks = [...new Set([...enc, ...plain].map((r) => r.check).filter(Boolean))].join(', ');
    rows.push([exp.name, `${fmtMs(e)} [${phases(enc)}]`, `${fmtMs(p)} [${phases(plain)}]`, `${(e / p).toFixed(2)}×`, parse, checks]);
  }
  console.log(renderTable(['variant', 'encrypted ms [phases]', 'plain ms [phases]', 'enc/plain', 'JSON.parse / chars', 'same result as current?'], rows));
  for (const exp of EXPERIMENTS) console.log(`  ${exp.name}: ${exp.description}`);
}

if (process.argv[2] === CHILD_FLAG) {
  void answer(() => runTask(JSON.parse(process.argv[3]) as Task));
} else {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
