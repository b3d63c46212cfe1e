// `tsx tests/bench/import-bench.ts [--people N[,N…]] [--reps R] [--regen] [--no-verify] [--generate-only] [--built]`: imports a
// fictitious national-layout .xlsx of N people (default 300,000 and 100,000) into an empty
// encrypted database through the job runner (worker thread, as the app does), each import in a
// fresh process so its peak RSS is its own, and converts the same file to CSV with LibreOffice
// headless in the same round, so the import time reads as a ratio against a real spreadsheet
// program. R rounds (default 3); the figures are medians. After each import, `verify` runs on the
// new database (its time is reported apart; it is not part of the import).
// With --built the import runs in out/main/worker.js (`npm run build` first) as the packaged app
// runs it; without, through the job runner from source, where every thread also loads tsx.
// Goal (issue 9): ratio ≤ 1.0 and peak RSS ≤ 400 MB.
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, openWithKey } from '../../main/db/open';
import { verifyDatabase } from '../../main/services/verify';
import { readKeyFile, unlockWithPassword } from '../../main/db/keys';
import { importHeapBudgetMb, runJob } from '../../main/jobs/runner';
import { makeIdNumber } from '../../shared/domain/idNumber';
import { Rng } from './rng';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BENCH_DIR = path.join(REPO, '.bench');
const PASSWORD = 'bench-import-1';
const VILLAGES = ['光明', '光华', '山新', '幸福', '五星', '光星', '星明', '群星', '群力', '丰收', '红星', '元丰', '红专', '跃进', '和尚桥', '先锋', '大咀', '光辉', '曙光', '邓家洲', '东方红'];
const SURNAMES = '张王李刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华';
const HEADER = ['序号', '县(市、区)', '乡(镇)', '行政村', '村代码', '户编号', '姓名', '证件号码', '与户主关系', '民族', '文化程度', '在校生状况', '健康状况', '劳动技能', '务工状况', '务工时间(月)', '家庭人口数', '贫困户属性', '脱贫状态', '主要致贫原因', '联系电话', '工资性收入', '收入年度'];

interface Args {
  people: number[];
  reps: number;
  regen: boolean;
  verify: boolean;
  child?: string;
  /** Only make the files (so a later timed run does not include their generation). */
  generateOnly: boolean;
  built: boolean;
}

function args(): Args {
  const a = process.argv.slice(2);
  const value = (flag: string) => (a.includes(flag) ? a[a.indexOf(flag) + 1] : undefined);
  const people = (value('--people') ?? '300000,100000').split(',').map(Number);
  if (people.some((n) => !Number.isInteger(n) || n < 10)) throw new Error('--people needs integers ≥ 10');
  const reps = Number(value('--reps') ?? 3);
  if (!Number.isInteger(reps) || reps < 1) throw new Error('--reps needs an integer ≥ 1');
  return { people, reps, regen: a.includes('--regen'), verify: !a.includes('--no-verify'), child: value('--child'), generateOnly: a.includes('--generate-only'), built: a.includes('--built') };
}

/** Streams the file row by row: the generator itself never holds the sheet. */
async function generate(file: string, people: number): Promise<void> {
  // Loaded only to generate: the process's peak RSS is the import's figure, and exceljs in this
  // thread (≈30 MB) is no part of the import (the worker loads its own).
  const { default: ExcelJS } = await import('exceljs');
  const rng = new Rng(20151024);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('贫困人口');
  ws.addRow(['全国扶贫开发信息系统 · 贫困人口明细（虚构演示数据，基准测试用）']).commit();
  ws.addRow(HEADER).commit();
  let n = 0;
  let hh = 0;
  const start = new Date(Date.UTC(1930, 0, 1)).getTime();
  while (n < people) {
    hh++;
    const size = Math.min(people - n, rng.weighted([[1, 15], [2, 25], [3, 30], [4, 20], [5, 10]] as const));
    const v = (hh * 7) % VILLAGES.length;
    const code = `4201150102${String(v + 1).padStart(2, '0')}`;
    const hhCode = `${code}${String(hh).padStart(6, '0')}`;
    const category = rng.pick(['一般贫困户', '低保贫困户', '特困供养贫困户']);
    for (let i = 0; i < size; i++) {
      n++;
      // Unique by construction: the day of birth and the sequence number together encode n.
      const day = n % 25_000;
      const birth = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
      const id = makeIdNumber('420115', birth, Math.floor(n / 25_000) * 2 + (rng.chance(0.5) ? 1 : 0));
      const name = rng.pick([...SURNAMES]) + rng.pick([...GIVEN]) + (rng.chance(0.5) ? rng.pick([...GIVEN]) : '');
      ws.addRow([
        n, '江夏区', '山坡街', `${VILLAGES[v]}村`, code, hhCode, name, id, i === 0 ? '户主' : rng.pick(['配偶', '之子', '之女', '之父', '之母']),
        '汉族', rng.pick(['小学', '初中', '高中', '文盲或半文盲']), '非在校生', rng.pick(['健康', '长期慢性病', '残疾']), rng.pick(['普通劳动力', '无劳动力']),
        rng.pick(['乡（镇）内务工', '省外务工', '其他']), String(rng.int(0, 12)), String(size), category, '未脱贫', rng.pick(['因病', '缺资金', '缺技术']),
        `138${rng.digits(8)}`, (rng.int(0, 2_000_000) / 100).toFixed(2), '2015',
      ]).commit();
    }
  }
  ws.commit();
  await wb.commit();
}

function soffice(): string | undefined {
  return ['soffice', 'libreoffice'].find((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0);
}

interface ImportRun {
  ok: boolean;
  households: number;
  members: number;
  rowsInDb: number;
  importMs: number;
  phasesMs: Record<string, number>;
  peakRssMB: number;
  baselineRssMB: number;
  verifyMs: number | null;
  verifyOk: boolean | null;
}

/** One import in this (fresh) process; prints its figures as JSON on the last line of stdout. */
/** The import in the built worker, as the job runner starts it in the packaged app (same heap budget). */
function builtImport(input: { file: string }, onTimings: (t: Record<string, number>) => void): Promise<{ ok: boolean; households: number; members: number }> {
  const worker = new Worker(path.join(REPO, 'out/main/worker.js'), {
    workerData: { name: 'import', input, cancel: new SharedArrayBuffer(4) },
    resourceLimits: { maxOldGenerationSizeMb: importHeapBudgetMb(input.file) },
  });
  return new Promise((resolve, reject) => {
    worker.on('message', (m: { type: string; result?: unknown; timings?: Record<string, number>; error?: { message: string } }) => {
      if (m.type === 'timings') onTimings(m.timings!);
      else if (m.type === 'done') resolve(m.result as never);
      else if (m.type === 'error') reject(new Error(m.error!.message));
    });
    worker.on('error', reject);
  }).finally(() => void worker.terminate()) as never;
}

async function child(file: string, verify: boolean, built: boolean): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-import-bench-'));
  const dbPath = path.join(work, 'bench.fupin');
  const { store } = createDatabase(dbPath, PASSWORD);
  const key = unlockWithPassword(readKeyFile(dbPath), PASSWORD);
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const t0 = Date.now();
  let workerMaxRssKb = 0;
  // The import reads, checks and writes household by household: its own clock splits the time.
  let timings: Record<string, number> = {};
  const input = { db: { path: dbPath, keyHex: key.toString('hex') }, file, dryRun: false, onlyValid: false, actor: { kind: 'system' as const, name: 'bench' } };
  const report = built
    ? await builtImport(input, (t) => (timings = { ...t }))
    : await runJob('import', input, {
        onFinished: (info) => (workerMaxRssKb = info.maxRssKb),
        onTimings: (t) => (timings = { ...t }),
      });
  const importMs = Date.now() - t0;
  clearInterval(sampler);
  const rowsInDb = (store.sqlite.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n;
  store.close();
  // Worker threads share the process: its maxRSS covers the import's worker.
  const peakRssMB = Math.max(peakRss / 1e6, (process.resourceUsage().maxRSS * 1024) / 1e6, (workerMaxRssKb * 1024) / 1e6);
  let verifyMs: number | null = null;
  let verifyOk: boolean | null = null;
  if (verify) {
    const t = Date.now();
    const opened = openWithKey(dbPath, key);
    try {
      verifyOk = verifyDatabase(opened).ok;
    } finally {
      opened.close();
    }
    verifyMs = Date.now() - t;
  }
  fs.rmSync(work, { recursive: true, force: true });
  const run: ImportRun = {
    ok: report.ok,
    households: report.households,
    members: report.members,
    rowsInDb,
    importMs,
    phasesMs: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])),
    peakRssMB: Math.round(peakRssMB),
    baselineRssMB: Math.round(baselineRss / 1e6),
    verifyMs,
    verifyOk,
  };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function runChild(file: string, verify: boolean, built: boolean): ImportRun {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', file, ...(verify ? [] : ['--no-verify']), ...(built ? ['--built'] : [])], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`import run failed (${r.status}): ${r.stderr}`);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as ImportRun;
}

function libreOfficeMs(office: string, file: string): number | null {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-lo-bench-'));
  try {
    const t = Date.now();
    const r = spawnSync(office, [`-env:UserInstallation=file://${path.join(work, 'lo-profile')}`, '--headless', '--convert-to', 'csv', '--outdir', work, file], { encoding: 'utf8' });
    if (r.status !== 0) {
      process.stderr.write(`LibreOffice failed: ${r.stderr}\n`);
      return null;
    }
    return Date.now() - t;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function benchOne(people: number, a: Args) {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `import-${people}.xlsx`);
  if (a.regen || !fs.existsSync(file)) {
    const t = Date.now();
    process.stderr.write(`generating ${file} …\n`);
    await generate(file, people);
    process.stderr.write(`generated in ${((Date.now() - t) / 1000).toFixed(1)} s, ${(fs.statSync(file).size / 1e6).toFixed(1)} MB\n`);
  }
  if (a.generateOnly) return null;
  const office = soffice();
  const rounds: { import: ImportRun; libreOfficeMs: number | null; ratio: number | null }[] = [];
  for (let i = 0; i < a.reps; i++) {
    const run = runChild(file, a.verify, a.built);
    const lo = office ? libreOfficeMs(office, file) : null;
    const ratio = lo ? +(run.importMs / lo).toFixed(2) : null;
    rounds.push({ import: run, libreOfficeMs: lo, ratio });
    process.stderr.write(`${people} people, round ${i + 1}: import ${run.importMs} ms (${JSON.stringify(run.phasesMs)}), LibreOffice ${lo ?? '—'} ms, ratio ${ratio ?? '—'}, peak ${run.peakRssMB} MB, verify ${run.verifyMs ?? '—'} ms\n`);
  }
  const imports = rounds.map((r) => r.import.importMs);
  const los = rounds.flatMap((r) => (r.libreOfficeMs === null ? [] : [r.libreOfficeMs]));
  const importMs = median(imports);
  const loMs = los.length ? median(los) : null;
  const ratio = loMs ? importMs / loMs : null;
  const phaseNames = Object.keys(rounds[0].import.phasesMs);
  const peak = Math.max(...rounds.map((r) => r.import.peakRssMB));
  const verifies = rounds.flatMap((r) => (r.import.verifyMs === null ? [] : [r.import.verifyMs]));
  return {
    people,
    worker: a.built ? 'built (out/main/worker.js)' : 'from source (tsx)',
    fileMB: +(fs.statSync(file).size / 1e6).toFixed(1),
    ok: rounds.every((r) => r.import.ok),
    imported: { households: rounds[0].import.households, members: rounds[0].import.members, rowsInDb: rounds[0].import.rowsInDb },
    reps: a.reps,
    importMsMedian: importMs,
    phasesMsMedian: Object.fromEntries(phaseNames.map((p) => [p, median(rounds.map((r) => r.import.phasesMs[p] ?? 0))])),
    libreOfficeMsMedian: loMs,
    ratio: ratio === null ? null : +ratio.toFixed(2),
    roundRatios: rounds.map((r) => r.ratio),
    peakRssMB: peak,
    baselineRssMB: rounds[0].import.baselineRssMB,
    verifyMsMedian: verifies.length ? median(verifies) : null,
    verifyOk: rounds.every((r) => r.import.verifyOk !== false),
    goals: { ratioMet: ratio !== null && ratio <= 1.0, rssMet: peak <= 400 },
  };
}

async function main(): Promise<void> {
  const a = args();
  if (a.child) return child(a.child, a.verify, a.built);
  const results = [];
  for (const people of a.people) results.push(await benchOne(people, a));
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

await main();
