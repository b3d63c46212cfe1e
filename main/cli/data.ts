// The CLI's import and export commands: the same services as the app, the import in a worker
// thread exactly as the app runs it.
import path from 'node:path';
import type { ExportWhat, ImportIncomeYear, ImportIssue, ImportReport, IncomeYearSource, Progress } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { parseYearText, yearRangeMessage } from '../../shared/domain/dataYear';
import { readKeyFile, unlockWithPassword } from '../db/keys';
import { openWithKey } from '../db/open';
import { runJob } from '../jobs/runner';
import { exportGrid } from '../services/export';
import { exportLedger } from './ledger';
import { cleanLeftovers } from '../services/leftovers';
import { assertImportable } from '../services/import/sources';
import { AutomaticBackups } from '../services/automaticBackups';
import { CLI_ACTOR } from './actor';

export interface DataIo {
  out(text: string): void;
  progress?: (p: Progress) => void;
}

/** A terminal shows this many problems of each kind; --json gives them all. */
const SHOWN = 50;

export interface ImportArgs {
  db: string;
  password: string;
  file: string;
  dryRun: boolean;
  onlyValid: boolean;
  json: boolean;
  /** --year as typed: the year of incomes the file gives no 收入年度 for; undefined: last year. */
  year: string | undefined;
  /** Its backups/ folder gets the automatic backup taken before an import that writes, as the app's. */
  userDataDir: string;
}

/** --year: a four-digit year the contract accepts (shared/domain/dataYear.ts); anything else refuses the command. */
export function parseYearOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const year = parseYearText(text);
  if (year === null) throw new AppError('VALIDATION', `--year ${yearRangeMessage('')}（如 --year 2015）：“${text}”`);
  return year;
}

const YEAR_SOURCES: Record<IncomeYearSource, string> = {
  file: '取自文件中的“收入年度”列',
  chosen: '由 --year 指定',
  default: '未指定 --year，默认为上一年',
};

function incomeYearLine(y: ImportIncomeYear): string {
  if (y.used.length === 0) return `收入年度：${y.year} 年（${YEAR_SOURCES[y.source]}）；文件中没有收入数据`;
  const one = y.used.length === 1;
  return `收入年度：${y.used.map((u) => `${u.year} 年（${YEAR_SOURCES[u.source]}）${one ? '' : ` ${u.households} 户`}`).join('；')}`;
}

function line(i: ImportIssue): string {
  return `  ${i.sheet} 第 ${i.row} 行${i.column ? `【${i.column}】` : ''}：${i.message}`;
}

function humanReport(r: ImportReport, backup: string | null): string {
  const s = r.stats;
  const head = r.dryRun
    ? `检查完毕（未写入数据库）：文件共 ${s.householdsInFile} 户 ${s.membersInFile} 人；可导入 ${r.households} 户 ${r.members} 人`
    : r.committed
      ? `导入完成：${r.households} 户 ${r.members} 人（新增 ${s.householdsCreated} 户 ${s.membersCreated} 人，更新 ${s.householdsUpdated} 户 ${s.membersUpdated} 人，无变化 ${s.householdsUnchanged} 户 ${s.membersUnchanged} 人${s.villagesCreated ? `，新建行政村 ${s.villagesCreated} 个` : ''}）`
      : '发现错误，未导入任何数据（可修改文件后重试，或用 --only-valid 只导入无错误的户）';
  const list = (title: string, items: ImportIssue[], total: number) =>
    total === 0 ? [] : [`${title}（${total} 条）：`, ...items.slice(0, SHOWN).map(line), ...(total > SHOWN ? [`  ……另有 ${total - SHOWN} 条，用 --json 查看全部`] : [])];
  const undo = r.committed && backup !== null ? [`导入前的自动备份：${backup}（在程序“数据安全”中恢复它即可撤销本次导入）`] : [];
  return [head, incomeYearLine(r.incomeYear), ...list('错误', r.errors, r.errorCount), ...list('提醒', r.warnings, r.warningCount), ...undo, ''].join('\n');
}

/** Returns the exit code: 0 imported (or a clean dry run), 1 errors in the file. */
export async function importCommand(a: ImportArgs, io: DataIo): Promise<number> {
  const db = path.resolve(a.db);
  const incomeYear = parseYearOption(a.year);
  assertImportable(path.resolve(a.file));
  const key = unlockWithPassword(readKeyFile(db), a.password);
  // This process takes the lock and runs the checks and migrations; the worker's connection rides on it.
  const store = openWithKey(db, key);
  let report: ImportReport;
  let backup: string | null = null;
  try {
    // As in the app: an import that writes is preceded by an automatic backup in the same folder
    // (listed by the app's 数据安全); if that fails, it does not start.
    if (!a.dryRun) backup = new AutomaticBackups(a.userDataDir, () => ({ store, dataKey: key })).beforeImport();
    report = await runJob(
      'import',
      { db: { path: db, keyHex: key.toString('hex') }, file: path.resolve(a.file), dryRun: a.dryRun, onlyValid: a.onlyValid, actor: CLI_ACTOR, incomeYear },
      { onProgress: io.progress },
    );
  } finally {
    store.close();
  }
  if (a.json) {
    const { ok, households, members, errors, warnings, dryRun, stats, incomeYear: year } = report;
    io.out(`${JSON.stringify({ ok, households, members, errors, warnings, dryRun, stats, incomeYear: year, backup })}\n`);
  } else {
    io.out(humanReport(report, backup));
  }
  return report.ok ? 0 : 1;
}

const WHATS: readonly ExportWhat[] = ['households', 'members', 'villages'];

export interface ExportArgs {
  db: string;
  password: string;
  what: string | undefined;
  out: string | undefined;
  /** The user agreed to replace an existing file at --out (--force). */
  force?: boolean;
  /** Its journal lists the export's temp file while it exists (services/leftovers.ts). */
  userDataDir: string;
}

export async function exportCommand(a: ExportArgs, io: DataIo): Promise<number> {
  if (!a.what || !(WHATS.includes(a.what as ExportWhat) || a.what === 'ledger')) throw new AppError('VALIDATION', `请用 --what 指定导出内容：${[...WHATS, 'ledger'].join('、')}`);
  if (!a.out) throw new AppError('VALIDATION', '请用 --out 指定导出的 .xlsx 文件');
  const db = path.resolve(a.db);
  cleanLeftovers(db);
  const store = openWithKey(db, unlockWithPassword(readKeyFile(db), a.password));
  try {
    const r =
      a.what === 'ledger'
        ? await exportLedger(store, { path: a.out, overwrite: a.force === true, userDataDir: a.userDataDir })
        : await exportGrid(store, { what: a.what as ExportWhat, path: a.out, overwrite: a.force === true, userDataDir: a.userDataDir }, { onProgress: io.progress });
    io.out(`已导出 ${r.rows} 行：${r.path}\n`);
  } finally {
    store.close();
  }
  return 0;
}
