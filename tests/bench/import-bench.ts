// `tsx tests/bench/import-bench.ts [--people N] [--regen]`: imports a fictitious national-layout
// .xlsx of N people (default 300,000) into an empty encrypted database through the job runner
// (worker thread, as the app does), and converts the same file to CSV with LibreOffice headless,
// so the import time can be read as a ratio against a real spreadsheet program.
// Goal: ratio ≤ 1.0 and peak RSS ≤ 400 MB.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase } from '../../main/db/open';
import { readKeyFile, unlockWithPassword } from '../../main/db/keys';
import { runJob } from '../../main/jobs/runner';
import { makeIdNumber } from '../../shared/domain/idNumber';
import { Rng } from './rng';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BENCH_DIR = path.join(REPO, '.bench');
const PASSWORD = 'bench-import-1';
const VILLAGES = ['光明', '光华', '山新', '幸福', '五星', '光星', '星明', '群星', '群力', '丰收', '红星', '元丰', '红专', '跃进', '和尚桥', '先锋', '大咀', '光辉', '曙光', '邓家洲', '东方红'];
const SURNAMES = '张王李刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华';
const HEADER = ['序号', '县(市、区)', '乡(镇)', '行政村', '村代码', '户编号', '姓名', '证件号码', '与户主关系', '民族', '文化程度', '在校生状况', '健康状况', '劳动技能', '务工状况', '务工时间(月)', '家庭人口数', '贫困户属性', '脱贫状态', '主要致贫原因', '联系电话', '工资性收入', '收入年度'];

function args() {
  const a = process.argv.slice(2);
  const people = a.includes('--people') ? Number(a[a.indexOf('--people') + 1]) : 300_000;
  if (!Number.isInteger(people) || people < 10) throw new Error('--people needs an integer ≥ 10');
  return { people, regen: a.includes('--regen') };
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

async function main(): Promise<void> {
  const { people, regen } = args();
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `import-${people}.xlsx`);
  if (regen || !fs.existsSync(file)) {
    const t = Date.now();
    process.stderr.write(`generating ${file} …\n`);
    await generate(file, people);
    process.stderr.write(`generated in ${((Date.now() - t) / 1000).toFixed(1)} s, ${(fs.statSync(file).size / 1e6).toFixed(1)} MB\n`);
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-import-bench-'));
  const dbPath = path.join(work, 'bench.fupin');
  const { store } = createDatabase(dbPath, PASSWORD);
  const key = unlockWithPassword(readKeyFile(dbPath), PASSWORD);
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const phases: Record<string, number> = {};
  let phase = '';
  let phaseStart = Date.now();
  const t0 = Date.now();
  let workerMaxRssKb = 0;
  // The import reads, checks and writes household by household: progress messages cannot split
  // the time, the import's own clock does.
  let timings = null as Record<string, number> | null;
  const report = await runJob('import', { db: { path: dbPath, keyHex: key.toString('hex') }, file, dryRun: false, onlyValid: false, actor: { kind: 'system', name: 'bench' } }, {
    onProgress: (p) => {
      const name = p.message.startsWith('正在读取') || p.message.startsWith('已读完') ? 'read' : p.message.startsWith('正在检查') ? 'check' : p.message.startsWith('正在写入') ? 'write' : phase;
      if (name !== phase) {
        if (phase) phases[phase] = (phases[phase] ?? 0) + Date.now() - phaseStart;
        phase = name;
        phaseStart = Date.now();
      }
    },
    onFinished: (info) => (workerMaxRssKb = info.maxRssKb),
    onTimings: (t) => (timings = t),
  });
  if (phase) phases[phase] = (phases[phase] ?? 0) + Date.now() - phaseStart;
  const importMs = Date.now() - t0;
  clearInterval(sampler);
  const rows = (store.sqlite.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n;
  store.close();

  let officeMs: number | null = null;
  const office = soffice();
  if (office) {
    const t = Date.now();
    const r = spawnSync(office, [`-env:UserInstallation=file://${path.join(work, 'lo-profile')}`, '--headless', '--convert-to', 'csv', '--outdir', work, file], { encoding: 'utf8' });
    if (r.status === 0) officeMs = Date.now() - t;
    else process.stderr.write(`LibreOffice failed: ${r.stderr}\n`);
  }
  const maxRssMb = Math.max(peakRss / 1e6, (process.resourceUsage().maxRSS * 1024) / 1e6, (workerMaxRssKb * 1024) / 1e6);
  const ratio = officeMs ? importMs / officeMs : null;
  const result = {
    people,
    fileMB: +(fs.statSync(file).size / 1e6).toFixed(1),
    ok: report.ok,
    imported: { households: report.households, members: report.members, rowsInDb: rows },
    importMs,
    phasesMs: timings ? Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])) : phases,
    libreOfficeMs: officeMs,
    ratio: ratio === null ? null : +ratio.toFixed(2),
    peakRssMB: +maxRssMb.toFixed(0),
    /** The process before the job started (tsx, exceljs and the native module loaded). */
    baselineRssMB: +(baselineRss / 1e6).toFixed(0),
    sampledPeakRssMB: +(peakRss / 1e6).toFixed(0),
    goals: { ratioMet: ratio !== null && ratio <= 1.0, rssMet: maxRssMb <= 400 },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  fs.rmSync(work, { recursive: true, force: true });
}

await main();
