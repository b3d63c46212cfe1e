// Importing a registry file: read (streamed), check, plan, and, unless it is a dry run, write the
// whole plan in one transaction. With any error nothing is written, unless the clerk chose to
// import only the error-free households.
import type { ImportReport, Progress } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { Store } from '../../db/store';
import { applyPlan } from './apply';
import { collect, Issues } from './collect';
import { planImport } from './plan';
import { openSource } from './sources';

export interface ImportOptions {
  dryRun: boolean;
  onlyValid: boolean;
  actor: string;
}

export interface ImportHooks {
  onProgress?: (p: Progress) => void;
  /** Polled between rows and between households; true abandons the import, writing nothing. */
  isCancelled?: () => boolean;
}

const PROGRESS_INTERVAL_MS = 150;

export function cancelledError(): AppError {
  return new AppError('CANCELLED', '已取消导入，数据库未做任何修改');
}

function throttled(hooks: ImportHooks) {
  let last = 0;
  return (done: number, total: number, message: string, force = false) => {
    if (hooks.isCancelled?.()) throw cancelledError();
    const now = Date.now();
    if (!force && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    hooks.onProgress?.({ job: 'import', done, total, message });
  };
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

export async function runImport(store: Store, file: string, options: ImportOptions, hooks: ImportHooks = {}): Promise<ImportReport> {
  const source = openSource(file);
  const progress = throttled(hooks);
  const issues = new Issues();
  const total = source.info.bytes;
  progress(0, total, '正在读取文件…', true);
  const collected = await collect(source.rows(), issues, {
    onRow: (rows) => progress(source.bytesRead(), total, `正在读取文件：已读 ${rows} 行（${mb(source.bytesRead())} / ${mb(total)} MB）`),
  });
  progress(total, total, `已读完文件：${collected.rowsRead} 行`, true);

  const firstSheet = collected.sheets[0] ?? '';
  if (collected.households.size === 0 && collected.sheetsWithoutHeader.length === collected.sheets.length) {
    issues.error({ sheet: firstSheet, row: 1 }, '', '找不到表头：文件前30行中没有含“户编号”及“证件号码”等列名的一行，请确认这是建档立卡导出文件或本系统的导入模板', []);
  } else {
    for (const sheet of collected.sheetsWithoutHeader) {
      issues.warn({ sheet, row: 1 }, '', `工作表“${sheet}”中没有找到表头（需含“户编号”列），已跳过该工作表`);
    }
  }

  const plan = planImport(store, collected, issues, {
    onHousehold: (done, all) => progress(done, all, `正在检查：第 ${done} / ${all} 户`, done === 1),
  });

  const errorCount = issues.errors.length;
  const writable = !options.dryRun && (errorCount === 0 || options.onlyValid) && plan.households.length > 0;
  if (writable) {
    store.tx(() => {
      applyPlan({ store, actor: options.actor }, plan, {
        onHousehold: (done, all) => progress(done, all, `正在写入数据库：第 ${done} / ${all} 户`, done === 0),
      });
      // The last look before COMMIT: a cancel that arrives during the write still writes nothing.
      if (hooks.isCancelled?.()) throw cancelledError();
    });
  }
  const counted = options.dryRun || writable;
  const households = counted ? plan.households.length : 0;
  const members = counted ? plan.households.reduce((n, h) => n + h.members.length, 0) : 0;
  const order = new Map(collected.sheets.map((s, i) => [s, i]));
  const byPlace = (a: { sheet: string; row: number }, b: { sheet: string; row: number }) =>
    (order.get(a.sheet) ?? 0) - (order.get(b.sheet) ?? 0) || a.row - b.row;
  const report: ImportReport = {
    ok: errorCount === 0 || (options.onlyValid && plan.households.length > 0 && (writable || options.dryRun)),
    dryRun: options.dryRun,
    onlyValid: options.onlyValid,
    committed: writable,
    households,
    members,
    errors: issues.errors.sort(byPlace),
    warnings: issues.warnings.sort(byPlace),
    errorCount,
    warningCount: issues.warnings.length,
    stats: plan.stats,
    file: { path: file, format: source.info.format, encoding: source.info.encoding, bytes: source.info.bytes },
  };
  progress(1, 1, options.dryRun ? '检查完毕' : writable ? '导入完成' : '发现错误，未导入', true);
  return report;
}
