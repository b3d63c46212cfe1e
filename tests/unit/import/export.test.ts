// Export formatting read back with exceljs, the round trip through the demo data, the job runner,
// the IPC channels, the CLI, and a real LibreOffice reading our file.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, openDatabase } from '../../../main/db/open';
import type { Store } from '../../../main/db/store';
import { createRouter } from '../../../main/ipc/router';
import { createHandlers } from '../../../main/ipc/handlers';
import { runJob } from '../../../main/jobs/runner';
import { createDemoDatabase, DEMO_PASSWORD } from '../../../main/services/demo';
import { exportGrid, exportTitle } from '../../../main/services/export';
import { runImport } from '../../../main/services/import/index';
import { writeImportTemplate } from '../../../main/services/import/template';
import { fromCsvTextFormula } from '../../../main/services/import/sources';
import { historyOf } from '../../../main/services/history';
import { QUALITY_ITEM_CAP, runQuality } from '../../../main/services/quality';
import { Session } from '../../../main/services/session';
import type { ImportJobState, Progress } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';
import { dirListing, tempDir, MAIN_WINDOW } from '../main/helpers';
import { baseRows, count, snapshot, toTable, writeXlsx } from './fixtures';
import { tester } from '../main/helpers';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
let dir: string;
let demoPath: string;
let demo: Store;

/** /dev/full made in place: mknod needs root (as in CI) or CAP_MKNOD. */
const CAN_MKNOD = (() => {
  const probe = path.join(os.tmpdir(), `fupin-export-full-probe-${process.pid}`);
  try {
    execFileSync('mknod', [probe, 'c', '1', '7'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(probe, { force: true });
  }
})();

beforeAll(() => {
  dir = tempDir('fupin-export-');
  demoPath = path.join(dir, 'demo.fupin');
  createDemoDatabase(demoPath, DEMO_PASSWORD);
  demo = openDatabase(demoPath, DEMO_PASSWORD);
}, 120_000);
afterAll(() => {
  demo?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function readBack(file: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets[0];
}

describe('export', () => {
  it('writes a title row, Chinese headers, text ID numbers, money in yuan with two decimals, code names and 是/否', async () => {
    const file = path.join(dir, 'members.xlsx');
    const r = await exportGrid(demo, { what: 'members', path: file }, { today: '2026-11-29' });
    expect(r.rows).toBe(2469);
    const ws = await readBack(file);
    expect(ws.name).toBe('家庭成员');
    expect(ws.getCell('A1').value).toBe('精准扶贫台账 · 家庭成员 · 导出于 2026-11-29');
    expect(exportTitle('households', '2026-11-29')).toBe('精准扶贫台账 · 贫困户 · 导出于 2026-11-29');
    const header = (ws.getRow(2).values as unknown[]).slice(1) as string[];
    for (const label of ['乡(镇)', '行政村', '村代码', '户编号', '姓名', '证件号码', '与户主关系', '贫困户属性', '工资性收入（元）', '收入年度']) expect(header).toContain(label);
    const col = (label: string) => header.indexOf(label) + 1;
    const row = ws.getRow(3);
    const id = row.getCell(col('证件号码'));
    expect(id.type).toBe(ExcelJS.ValueType.String);
    expect(String(id.value)).toMatch(/^\d{17}[\dX]$/);
    expect(row.getCell(col('户编号')).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(col('与户主关系')).value).toBe('户主');
    expect(['一般贫困户', '低保贫困户', '特困供养贫困户']).toContain(row.getCell(col('贫困户属性')).value);
    expect(['是', '否']).toContain(row.getCell(col('是否享受低保')).value);
    const wage = row.getCell(col('工资性收入（元）'));
    expect(typeof wage.value).toBe('number');
    expect(wage.numFmt).toBe('0.00');
    expect(Number.isInteger(Math.round((wage.value as number) * 100))).toBe(true);
  });

  it('exports the rows and columns a grid shows, in its order', async () => {
    const ids = (demo.sqlite.prepare('SELECT id FROM households ORDER BY hhCode DESC LIMIT 5').all() as { id: string }[]).map((r) => r.id);
    const file = path.join(dir, 'filtered.xlsx');
    const r = await exportGrid(demo, { what: 'households', path: file, rowIds: ids, columns: ['hhCode', 'headName', 'category', 'bankAccount'] });
    expect(r.rows).toBe(5);
    const ws = await readBack(file);
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(['户编号', '户主姓名', '贫困户属性', '银行卡号']);
    const codes = [3, 4, 5, 6, 7].map((i) => String(ws.getRow(i).getCell(1).value));
    expect(codes).toEqual([...codes].sort().reverse());
    expect(ws.getRow(3).getCell(4).type).toBe(ExcelJS.ValueType.String);
    await expect(exportGrid(demo, { what: 'households', path: file, columns: ['nope'] })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('keeps the extension the clerk typed: .csv is a UTF-8 table with a BOM, none becomes .xlsx, another is refused and nothing is written', async () => {
    const ids = (demo.sqlite.prepare('SELECT id FROM households ORDER BY hhCode LIMIT 5').all() as { id: string }[]).map((r) => r.id);
    const columns = ['hhCode', 'headName', 'category', 'headIdNumber'];
    const csvFile = path.join(dir, '名单.csv');
    const r = await exportGrid(demo, { what: 'households', path: csvFile, rowIds: ids, columns });
    expect(r).toEqual({ path: csvFile, rows: 5 });
    expect(fs.existsSync(`${csvFile}.xlsx`)).toBe(false);
    const bytes = fs.readFileSync(csvFile);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const table = parse(bytes.subarray(3).toString('utf8'), { relax_column_count: false }) as string[][];
    expect(table[0]).toEqual(['户编号', '户主姓名', '贫困户属性', '户主证件号码']);
    expect(table).toHaveLength(6);
    // 户编号 and ID numbers as ="…", which Excel and WPS keep as text (bare, they show 4.2E+17 and lose digits).
    for (let i = 1; i <= 5; i++) {
      expect(table[i][0]).toMatch(/^="\d{16}"$/);
      expect(table[i][3]).toMatch(/^="\d{17}[\dX]"$/);
    }
    // Otherwise the same cells as the .xlsx of the same rows.
    const xlsxFile = path.join(dir, '名单');
    const x = await exportGrid(demo, { what: 'households', path: xlsxFile, rowIds: ids, columns });
    expect(x.path).toBe(`${xlsxFile}.xlsx`);
    const ws = await readBack(x.path);
    for (let i = 1; i <= 5; i++) expect(table[i].map(fromCsvTextFormula)).toEqual((ws.getRow(i + 2).values as unknown[]).slice(1).map(String));
    const txt = path.join(dir, '名单.txt');
    await expect(exportGrid(demo, { what: 'households', path: txt, rowIds: ids, columns })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('只能导出为 .xlsx 或 .csv 文件') });
    expect(fs.existsSync(txt)).toBe(false);
    expect(fs.existsSync(`${txt}.xlsx`)).toBe(false);
  });

  it('a list on the screen (export.table, through the router) as .xlsx with a title row, or as .csv; text that looks like a formula stays text', async () => {
    const session = new Session(path.join(dir, 'tableUserData'));
    const router = createRouter(createHandlers(session, { version: 'test', broadcast: () => {} }));
    // Exporting writes a file of the open database's data: it needs one open.
    const file = path.join(dir, 'table.fupin');
    createDatabase(file, 'table-口令-1').store.close();
    expect(await router.handle(MAIN_WINDOW, 'db.open', { path: file, password: 'table-口令-1' })).toMatchObject({ ok: true });
    const ask = async (input: Record<string, unknown>) => (await router.handle(MAIN_WINDOW, 'export.table', input)) as Result<{ path: string; rows: number }>;
    const rows = [
      ['贫困人口', 12, '证件号码', '校验位错误'],
      ['贫困人口', 13, '联系电话', '=HYPERLINK("x")'],
    ];
    const columns = [{ label: '工作表' }, { label: '行号' }, { label: '列' }, { label: '问题' }];
    const xlsx = path.join(dir, '错误清单.xlsx');
    expect(await ask({ title: '导入错误清单', path: xlsx, columns, rows })).toEqual({ ok: true, data: { path: xlsx, rows: 2 } });
    const ws = await readBack(xlsx);
    expect(String(ws.getCell('A1').value)).toMatch(/^精准扶贫台账 · 导入错误清单 · 导出于 \d{4}-\d{2}-\d{2}$/);
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(['工作表', '行号', '列', '问题']);
    expect(ws.getRow(3).getCell(2).value).toBe(12);
    expect(ws.getRow(4).getCell(4).value).toBe('=HYPERLINK("x")');
    const csv = path.join(dir, '错误清单.csv');
    expect(await ask({ title: '导入错误清单', path: csv, columns, rows })).toMatchObject({ ok: true });
    const table = parse(fs.readFileSync(csv).subarray(3).toString('utf8')) as string[][];
    expect(table[2][3]).toBe(`'=HYPERLINK("x")`);
    // Asks before replacing a file.
    expect(await ask({ title: '导入错误清单', path: csv, columns, rows })).toMatchObject({ ok: false, error: { code: 'FILE_EXISTS' } });
    expect(await ask({ title: '导入错误清单', path: csv, columns, rows, overwrite: true })).toMatchObject({ ok: true });
    expect(await ask({ title: '', path: csv, columns, rows })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    session.close();
  });

  it('round trip: the members export re-imports into the same database with no change, and into an empty one with the same figures', async () => {
    const file = path.join(dir, 'roundtrip.xlsx');
    await exportGrid(demo, { what: 'members', path: file });
    const audit = count(demo, 'auditLog');
    const same = await runImport(demo, file, { dryRun: false, onlyValid: false, actor: tester('测试') });
    expect(same.errors).toEqual([]);
    // 年人均纯收入（元） is imported too (the declared figure, empty in the demo); the computed figure
    // beside it is the one column left out, and the clerk is told so with its count.
    expect(same.warnings.map((w) => `${w.row}|${w.column}|${w.message}`)).toEqual([
      '2|按收入构成计算的年人均纯收入（元）|“按收入构成计算的年人均纯收入（元）”列不导入（由各项收入计算得出），该列 2469 个值未导入',
    ]);
    expect(same.stats).toMatchObject({ householdsUnchanged: 1097, membersUnchanged: 2469, householdsUpdated: 0, membersUpdated: 0, incomesWritten: 0 });
    expect(count(demo, 'auditLog')).toBe(audit);

    const { store: empty } = createDatabase(path.join(dir, 'empty.fupin'), DEMO_PASSWORD);
    try {
      const fresh = await runImport(empty, file, { dryRun: false, onlyValid: false, actor: tester('测试') });
      expect(fresh.errors).toEqual([]);
      expect(fresh).toMatchObject({ ok: true, households: 1097, members: 2469 });
      expect(fresh.stats).toMatchObject({ householdsCreated: 1097, membersCreated: 2469, villagesCreated: 21, incomesWritten: 1097 });
      const strip = (s: ReturnType<typeof snapshot>) => {
        const v = s as { villages: Record<string, unknown>[]; households: unknown[]; members: unknown[]; incomes: unknown[] };
        // Villages carry the plan's exit years, which the per-person layout does not.
        return { ...v, villages: v.villages.map((x) => ({ code: x.code, name: x.name, town: x.town })) };
      };
      expect(strip(snapshot(empty))).toEqual(strip(snapshot(demo)));
    } finally {
      empty.close();
    }
  });

  it('the households export re-imports with no change', async () => {
    const file = path.join(dir, 'households.xlsx');
    await exportGrid(demo, { what: 'households', path: file });
    const audit = count(demo, 'auditLog');
    const r = await runImport(demo, file, { dryRun: false, onlyValid: false, actor: tester('测试') });
    expect(r.errors).toEqual([]);
    expect(r.stats).toMatchObject({ householdsUnchanged: 1097, householdsUpdated: 0, incomesWritten: 0 });
    expect(count(demo, 'auditLog')).toBe(audit);
  });

  it('the workbook is built in memory: while rows are written, neither the target nor a .part exists on disk', async () => {
    const out = path.join(dir, 'in-memory');
    fs.mkdirSync(out);
    const target = path.join(out, 'members.xlsx');
    const seen: string[][] = [];
    const r = await exportGrid(demo, { what: 'members', path: target }, { onProgress: () => seen.push(dirListing(out)) });
    expect(r.rows).toBe(2469);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((names) => names.length === 0)).toBe(true);
    expect(dirListing(out)).toEqual(['members.xlsx']);
  });

  it.skipIf(!CAN_MKNOD)('a full disk while writing the export is IO in Chinese naming the file; no target and no .part remain (skipped where mknod is not allowed)', async () => {
    const out = path.join(dir, 'full-disk');
    fs.mkdirSync(out);
    const target = path.join(out, '贫困户.xlsx');
    // The temp file's own name is a full-disk device: every write to it fails with ENOSPC.
    execFileSync('mknod', [`${target}.${process.pid}.part`, 'c', '1', '7'], { stdio: 'ignore' });
    await expect(exportGrid(demo, { what: 'households', path: target })).rejects.toMatchObject({
      code: 'IO',
      message: `磁盘空间不足，操作未完成：请清理磁盘，或换一个位置。位置：${target}`,
    });
    expect(dirListing(out)).toEqual([]);
  });

  it('LibreOffice reads our export: Chinese text and 18-digit ID numbers survive a conversion to CSV', async (ctx) => {
    const soffice = ['soffice', 'libreoffice'].find((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0);
    if (!soffice) {
      ctx.skip(true, 'LibreOffice（soffice）未安装：跳过真实客户端检查（Debian: apt-get install libreoffice-calc-nogui）');
      return;
    }
    const file = path.join(dir, 'lo.xlsx');
    const ids = (demo.sqlite.prepare('SELECT id FROM members ORDER BY idNumber LIMIT 30').all() as { id: string }[]).map((r) => r.id);
    await exportGrid(demo, { what: 'members', path: file, rowIds: ids });
    const out = path.join(dir, 'lo-out');
    const profile = path.join(dir, 'lo-profile');
    const r = spawnSync(soffice, [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', out, file], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const csv = fs.readFileSync(path.join(out, 'lo.csv'), 'utf8');
    expect(csv).toContain('精准扶贫台账 · 家庭成员');
    expect(csv).toContain('证件号码');
    const people = demo.sqlite.prepare('SELECT idNumber, name FROM members ORDER BY idNumber LIMIT 30').all() as { idNumber: string; name: string }[];
    for (const p of people) {
      expect(csv).toContain(p.idNumber);
      expect(csv).toContain(p.name);
    }
    expect(csv).not.toMatch(/E\+17/);
  }, 180_000);
});

describe('template, history, quality', () => {
  it('the template has the two sheets with field labels, and a filled template imports', async () => {
    const file = path.join(dir, 'template.xlsx');
    await writeImportTemplate(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['贫困户', '家庭成员']);
    const hh = wb.getWorksheet('贫困户')!;
    const mm = wb.getWorksheet('家庭成员')!;
    const hhHeader = (hh.getRow(2).values as unknown[]).slice(1) as string[];
    const mmHeader = (mm.getRow(2).values as unknown[]).slice(1) as string[];
    expect(hhHeader.slice(0, 3)).toEqual(['户编号', '行政村', '村代码']);
    expect(mmHeader.slice(0, 4)).toEqual(['户编号', '姓名', '证件号码', '与户主关系']);
    // Fill it: one household of two fictitious people.
    const rows = baseRows().slice(0, 2);
    const put = (ws: ExcelJS.Worksheet, header: string[], values: Record<string, string>) => {
      const row = ws.getRow(ws.rowCount + 1);
      for (const [k, v] of Object.entries(values)) row.getCell(header.indexOf(k) + 1).value = v;
      row.commit();
    };
    put(hh, hhHeader, { 户编号: '4201150102010001', 行政村: '模板村', 村代码: '420115010299', 贫困户属性: '一般贫困户', 脱贫状态: '未脱贫', 收入年度: '2015', '工资性收入（元）': '300', '年人均纯收入（元）': '2800' });
    for (const r of rows) put(mm, mmHeader, { 户编号: '4201150102010001', 姓名: String(r['姓名']), 证件号码: String(r['身份证号码']), 与户主关系: String(r['与户主关系']) });
    await wb.xlsx.writeFile(file);
    const { store } = createDatabase(path.join(dir, 'tpl.fupin'), DEMO_PASSWORD);
    try {
      const r = await runImport(store, file, { dryRun: false, onlyValid: false, actor: tester('测试') });
      expect(r.errors).toEqual([]);
      expect(r).toMatchObject({ ok: true, households: 1, members: 2 });
      expect(r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/行政村“模板村”不在数据库中.*村代码 420115010299 取自文件/)]);
      expect(store.sqlite.prepare('SELECT year, wage, declaredPerCapita FROM incomes').all()).toEqual([{ year: 2015, wage: 30000, declaredPerCapita: 280000 }]);
    } finally {
      store.close();
    }
  });

  it('history shows who changed what, with code names and 是/否', async () => {
    const { store } = createDatabase(path.join(dir, 'hist.fupin'), DEMO_PASSWORD);
    try {
      const rows = baseRows();
      await runImport(store, await writeXlsx(toTable(rows), path.join(dir, 'h1.xlsx')), { dryRun: false, onlyValid: false, actor: tester('张科员') });
      rows[0]['贫困户属性'] = '低保贫困户';
      rows[1]['贫困户属性'] = '低保贫困户';
      rows[2]['贫困户属性'] = '低保贫困户';
      rows[2]['务工时间(月)'] = '2';
      await runImport(store, await writeXlsx(toTable(rows), path.join(dir, 'h2.xlsx')), { dryRun: false, onlyValid: false, actor: tester('李科员') });
      const hh = store.sqlite.prepare("SELECT id FROM households WHERE hhCode = '4201150102010001'").get() as { id: string };
      const entries = historyOf(store, 'households', hh.id);
      expect(entries[0]).toMatchObject({ actor: '张科员', action: 'insert', fieldLabel: '新增贫困户' });
      expect(entries.some((e) => e.fieldLabel === '新增成员' && /甲二（配偶/.test(e.after))).toBe(true);
      expect(entries.at(-1)).toMatchObject({ actor: '李科员', action: 'update', field: 'category', fieldLabel: '贫困户属性', before: '一般贫困户', after: '低保贫困户' });
      const son = store.sqlite.prepare("SELECT id FROM members WHERE name = '甲三'").get() as { id: string };
      expect(historyOf(store, 'members', son.id).at(-1)).toMatchObject({ fieldLabel: '务工时间（月）', before: '0', after: '2' });
    } finally {
      store.close();
    }
  });

  it('quality lists point at records', () => {
    const q = runQuality(demo);
    expect(q.asOf).toBe('2015-12-31');
    expect(q.checks.map((c) => c.key)).toEqual(['sameIdNumber', 'sameNameBirth', 'ageSchool', 'ageRelation', 'noHelper', 'helperElsewhere', 'missingRequired', 'missingRequiredMembers', 'declaredIncome']);
    for (const c of q.checks) expect(c.items.length).toBe(Math.min(c.total, QUALITY_ITEM_CAP));
    expect(q.checks.find((c) => c.key === 'sameIdNumber')!.total).toBe(0);
    expect(q.checks.find((c) => c.key === 'noHelper')!.total).toBe(0);
    expect(q.checks.find((c) => c.key === 'helperElsewhere')!.total).toBe(0);
    for (const c of q.checks) for (const item of c.items) for (const t of item.targets) expect(t).toMatchObject({ table: expect.stringMatching(/households|members/), id: expect.any(String), hhCode: expect.any(String) });
  });
});

describe('jobs and IPC', () => {
  it('runs an import in a worker thread with progress; the main connection sees the committed rows', async () => {
    const { store } = createDatabase(path.join(dir, 'job.fupin'), DEMO_PASSWORD);
    const key = (await import('../../../main/db/keys')).unlockWithPassword((await import('../../../main/db/keys')).readKeyFile(store.path), DEMO_PASSWORD);
    try {
      const file = path.join(dir, 'job-members.xlsx');
      await exportGrid(demo, { what: 'members', path: file });
      const progress: Progress[] = [];
      const report = await runJob('import', { db: { path: store.path, keyHex: key.toString('hex') }, file, dryRun: false, onlyValid: false, actor: tester('测试') }, { onProgress: (p) => progress.push(p) });
      expect(report).toMatchObject({ ok: true, households: 1097, members: 2469 });
      expect(progress.length).toBeGreaterThan(2);
      expect(progress.some((p) => p.message.startsWith('正在读取'))).toBe(true);
      expect(progress.at(-1)!.message).toBe('导入完成');
      expect(count(store, 'members')).toBe(2469);
    } finally {
      store.close();
    }
  });

  it('a cancelled job writes nothing', async () => {
    const { store } = createDatabase(path.join(dir, 'cancel.fupin'), DEMO_PASSWORD);
    const { readKeyFile, unlockWithPassword } = await import('../../../main/db/keys');
    const key = unlockWithPassword(readKeyFile(store.path), DEMO_PASSWORD);
    try {
      const file = path.join(dir, 'cancel-members.xlsx');
      await exportGrid(demo, { what: 'members', path: file });
      const abort = new AbortController();
      const job = runJob('import', { db: { path: store.path, keyHex: key.toString('hex') }, file, dryRun: false, onlyValid: false, actor: tester('测试') }, { signal: abort.signal, onProgress: () => abort.abort() });
      await expect(job).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(count(store, 'auditLog')).toBe(0);
      expect(count(store, 'households')).toBe(0);
    } finally {
      store.close();
    }
  });

  it('IPC: dry run, report, then the import; template; export; history; quality; demo built in a worker', async () => {
    const session = new Session(path.join(dir, 'userData'));
    const events: { event: string; payload: unknown }[] = [];
    const router = createRouter(createHandlers(session, { version: 'test', broadcast: (event, payload) => events.push({ event, payload }) }));
    const call = async <T>(channel: string, input: unknown): Promise<T> => {
      const r = (await router.handle(MAIN_WINDOW, channel, input)) as Result<T>;
      if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
      return r.data;
    };
    const demoInfo = await call<{ path: string; created: boolean }>('db.prepareDemo', {});
    expect(demoInfo.created).toBe(true);
    expect(events.some((e) => e.event === 'job.progress')).toBe(true);
    await call('db.create', { path: path.join(dir, 'ipc.fupin'), password: DEMO_PASSWORD });
    const file = await writeXlsx(toTable(baseRows()), path.join(dir, 'ipc.xlsx'));
    const waitFor = async (jobId: string) => {
      for (;;) {
        const s = await call<ImportJobState>('import.result', { jobId });
        if (s.status !== 'running') return s;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const dry = await waitFor((await call<{ jobId: string }>('import.start', { path: file, dryRun: true, onlyValid: false })).jobId);
    expect(dry).toMatchObject({ status: 'done', report: { ok: true, dryRun: true, households: 3, members: 6 } });
    expect(count(session.requireStore(), 'households')).toBe(0);
    const done = await waitFor((await call<{ jobId: string }>('import.start', { path: file, dryRun: false, onlyValid: false })).jobId);
    expect(done).toMatchObject({ status: 'done', report: { committed: true, households: 3 } });
    expect(count(session.requireStore(), 'households')).toBe(3);
    expect(events.some((e) => e.event === 'job.finished')).toBe(true);
    expect(events.some((e) => e.event === 'job.progress' && (e.payload as Progress).jobId === done.jobId)).toBe(true);
    expect(await call('import.cancel', { jobId: done.jobId })).toEqual({ cancelled: false });
    const missing = await router.handle(MAIN_WINDOW, 'import.start', { path: path.join(dir, 'nope.xlsx'), dryRun: true, onlyValid: false });
    expect(missing).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });
    expect(await call<{ path: string }>('import.template', { path: path.join(dir, 'ipc-template.xlsx') })).toEqual({ path: path.join(dir, 'ipc-template.xlsx') });
    const out = await call<{ path: string; rows: number }>('export.grid', { what: 'villages', path: path.join(dir, 'villages.xlsx') });
    expect(out.rows).toBe(2);
    const exportEvents = events.filter((e) => e.event === 'job.progress' && (e.payload as Progress).job === 'export').map((e) => e.payload as Progress);
    expect(exportEvents.length).toBeGreaterThan(0);
    expect(exportEvents.every((p) => typeof p.jobId === 'string' && p.jobId === exportEvents[0].jobId && p.jobId !== done.jobId)).toBe(true);
    const hh = session.requireStore().sqlite.prepare('SELECT id FROM households LIMIT 1').get() as { id: string };
    expect((await call<unknown[]>('history.get', { table: 'households', id: hh.id })).length).toBeGreaterThan(0);
    expect((await call<{ checks: unknown[] }>('quality.run', {})).checks).toHaveLength(9);
    session.close();
  }, 120_000);
});

describe('cli import/export', () => {
  const cli = (args: string[]) => {
    const { FUPIN_PASSWORD: _p, ...env } = process.env;
    return spawnSync(process.execPath, ['--import', 'tsx', 'main/cli.ts', ...args], { cwd: ROOT, env: { ...env, FUPIN_PASSWORD: DEMO_PASSWORD }, encoding: 'utf8', timeout: 120_000 });
  };

  it('--json prints one JSON object; exit 0 clean, 1 with errors, 2 for a missing file', async () => {
    const { store } = createDatabase(path.join(dir, 'cli.fupin'), DEMO_PASSWORD);
    store.close();
    const db = path.join(dir, 'cli.fupin');
    const good = await writeXlsx(toTable(baseRows()), path.join(dir, 'cli-good.xlsx'));
    const rows = baseRows();
    rows[0]['贫困户属性'] = '富裕户';
    const bad = await writeXlsx(toTable(rows), path.join(dir, 'cli-bad.xlsx'));

    const dry = cli(['import', '--db', db, good, '--dry-run', '--json']);
    expect(dry.status, dry.stderr).toBe(0);
    const dryOut = JSON.parse(dry.stdout) as Record<string, unknown>;
    expect(dryOut).toMatchObject({ ok: true, households: 3, members: 6, errors: [] });
    expect(Object.keys(dryOut)).toEqual(expect.arrayContaining(['ok', 'households', 'members', 'errors', 'warnings']));

    const failed = cli(['import', '--db', db, bad, '--json', '--user-data', path.join(dir, 'user-data')]);
    expect(failed.status).toBe(1);
    const failedOut = JSON.parse(failed.stdout) as { ok: boolean; errors: { sheet: string; row: number; column: string; message: string }[] };
    expect(failedOut.ok).toBe(false);
    expect(failedOut.errors[0]).toMatchObject({ sheet: '贫困人口', row: 2, column: '贫困户属性' });

    const partial = cli(['import', '--db', db, bad, '--only-valid', '--user-data', path.join(dir, 'user-data')]);
    expect(partial.status, partial.stderr).toBe(0);
    expect(partial.stdout).toMatch(/导入完成：2 户 3 人/);

    expect(cli(['import', '--db', db, path.join(dir, 'none.xlsx')]).status).toBe(2);
    expect(cli(['import', '--db', db]).status).toBe(2);
    const exported = cli(['export', '--db', db, '--what', 'members', '--out', path.join(dir, 'cli-out.xlsx')]);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/已导出 3 行/);
    expect(cli(['export', '--db', db, '--what', 'cats', '--out', path.join(dir, 'x.xlsx')]).status).toBe(2);
  }, 180_000);
});
