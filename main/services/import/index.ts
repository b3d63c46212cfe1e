// Importing a registry file: read (streamed), check and reconcile with the database, and, unless
// it is a dry run, write in one transaction. With any error nothing is written, unless the clerk
// chose to import only the error-free households.
//
// Memory stays flat however large the file: households flow through read → reconcile → write and
// are forgotten once all their rows have passed; only each person's ID number (for the cross-file
// duplicate check) and a few counts per household are kept to the end. The write happens while
// the file is read, inside a transaction that is rolled back if the file turns out to have errors,
// so a clean file is read once.
//
// What an import writes is audited as one batch (db/audit.ts, "Import batches"): its inserted rows
// carry the batch's id, and one entry, written just before COMMIT, records the file (name, size,
// SHA-256), the counts and the content hash; changes to records that already existed keep an
// entry each. The file's SHA-256 is computed by a second streaming read of the file started beside
// the import's own (the reader stays untouched): about 0.06–0.08 s for a 30 MB file here (a shared
// machine, file in the page cache), done long before the import is.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ImportReport, Progress } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { dataYear, isYearInRange, yearRangeMessage } from '../../../shared/domain/dataYear';
import { todayIso } from '../../../shared/domain/dates';
import type { Store } from '../../db/store';
import { cacheAuditTip, dropAuditTip, type Actor } from '../../db/audit';
import { WriteTransaction, type BatchSource, type Writer } from '../../db/write';
import { dropIndexesForBulk, rebuildIndexes, worthDeferring, type DroppedIndex } from '../../db/bulkIndexes';
import { applyHousehold, insertVillage } from './apply';
import { collectRow, hhCodeOfRow, Issues, noteSkippedColumns, SheetTracker, type FileHousehold } from './collect';
import type { SheetColumns } from './columns';
import { FileIds, Reconciler, statsOf, tallyOf, type FallbackIncomeYear, type HouseholdTally } from './reconcile';
import { openSource, type RowSource } from './sources';
import { queriesFor } from '../../db/queries';

export interface ImportOptions {
  dryRun: boolean;
  onlyValid: boolean;
  actor: Actor;
  /** The year of incomes the file gives no 收入年度 for (import page, --year); the file's column wins. */
  incomeYear?: number;
  /** The local date the default income year is counted from (tests); today's by default. */
  today?: string;
}

/**
 * The chosen income year, or else the year before the current one: a registry file describes a
 * year that has ended (the data-year rule of shared/domain/dataYear.ts, before any incomes count).
 * The current year is the office's local one, not UTC's.
 */
export function fallbackIncomeYear(chosen: number | undefined, today: string = todayIso()): FallbackIncomeYear {
  if (chosen !== undefined) {
    if (!isYearInRange(chosen)) throw new AppError('VALIDATION', `${yearRangeMessage('收入年度')}：${chosen}`);
    return { year: chosen, source: 'chosen' };
  }
  return { year: dataYear(null, today), source: 'default' };
}

/** Milliseconds spent reading the file, checking and reconciling, and writing (benchmarks). */
export interface ImportTimings {
  read: number;
  check: number;
  write: number;
}

export interface ImportHooks {
  onProgress?: (p: Progress) => void;
  /** Polled between rows and between households; true abandons the import, writing nothing. */
  isCancelled?: () => boolean;
  onTimings?: (t: ImportTimings) => void;
}

const PROGRESS_INTERVAL_MS = 150;

/**
 * Households kept open while their rows may still come. A national file lists each household's
 * rows together, so one would do; a household that reappears after leaving the window makes the
 * import count every household's rows first and read the file again (see runImport).
 */
const OPEN_HOUSEHOLDS = 32;

/**
 * The import connection's page cache, in KiB. The app's 256 MB ceiling (open.ts) would fill up
 * with the pages a large import touches (and count against its memory). Measured at 300k people
 * (single rounds; this machine's speed varies up to 2× minute to minute): 16, 48 and 128 MB write
 * equally fast within the noise, and 16 MB keeps the import with its reader thread under 400 MB.
 */
const IMPORT_CACHE_KIB = 16384;

export function cancelledError(): AppError {
  return new AppError('CANCELLED', '已取消导入，数据库未做任何修改');
}

type ProgressFn = (done: number, total: number, message: string, force?: boolean) => void;

function throttled(hooks: ImportHooks): ProgressFn {
  let last = 0;
  return (done, total, message, force = false) => {
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

/** The file's size and SHA-256 from a streaming read of its own. */
function fileDigest(file: string): Promise<{ bytes: number; sha256: string }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let bytes = 0;
    fs.createReadStream(file)
      .on('data', (chunk: string | Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      })
      .on('error', reject)
      .on('end', () => resolve({ bytes, sha256: hash.digest('hex') }));
  });
}

/**
 * The import's one transaction, on the one write path (it publishes its change after COMMIT),
 * opened by hand because it spans the asynchronous read. BEGIN IMMEDIATE takes the write lock at
 * once, so no other connection can append to the audit chain while the chain's last hash is kept
 * in memory, and the batch's update entries are the transaction's own. Every (re)start opens a
 * fresh import batch; commit writes its one audit entry, then COMMITs.
 */
class ImportTransaction {
  private readonly tx: WriteTransaction;
  /** The read-side indexes dropped for a bulk import (db/bulkIndexes.ts), built again before COMMIT. */
  private dropped: DroppedIndex[] | null = null;

  constructor(
    private readonly store: Store,
    actor: Actor,
    private readonly bulk: boolean,
  ) {
    this.tx = new WriteTransaction({ store, actor });
  }

  get writer(): Writer {
    return this.tx.writer;
  }

  begin(): void {
    this.tx.begin();
    cacheAuditTip(this.store);
    this.tx.writer.startImportBatch();
    if (this.bulk) this.dropped = dropIndexesForBulk(this.store.sqlite);
  }

  commit(source: BatchSource): void {
    this.tx.writer.finishImportBatch(source);
    if (this.dropped) rebuildIndexes(this.store.sqlite, this.dropped);
    this.dropped = null;
    dropAuditTip(this.store);
    this.tx.commit();
  }

  rollback(): void {
    dropAuditTip(this.store);
    // The ROLLBACK brings the dropped indexes back.
    this.dropped = null;
    this.tx.rollback();
  }

  restart(): void {
    this.rollback();
    this.begin();
  }
}

class Clock {
  readonly t: ImportTimings = { read: 0, check: 0, write: 0 };
  private last = performance.now();

  /** Charges the time since the previous lap to one phase. */
  lap(phase: keyof ImportTimings): void {
    const now = performance.now();
    this.t[phase] += now - this.last;
    this.last = now;
  }
}

interface PassOptions {
  /** Write each household as it is reconciled (inside the caller's transaction). */
  write: boolean;
  onlyValid: boolean;
  /** A rerun that already knows the file's bad households: write all others, whatever it finds. */
  skip?: ReadonlySet<string>;
  /** Rows per household from countRows; without it, a window of recent households stays open. */
  rowCounts?: ReadonlyMap<string, number>;
}

interface PassResult {
  /** A household reappeared after it was reconciled: the pass stopped early and proves nothing. */
  split: boolean;
  issues: Issues;
  tracker: SheetTracker;
  tallies: Map<string, HouseholdTally>;
  membersInFile: number;
  /** A household was written and later found to have an error (possible only with onlyValid). */
  wroteBad: boolean;
  incomeYear: ImportReport['incomeYear'];
}

interface PassContext {
  store: Store;
  incomeYear: FallbackIncomeYear;
  source: RowSource;
  /** Where the writes go; null for a dry run. */
  tx: ImportTransaction | null;
  progress: ProgressFn;
  clock: Clock;
}

async function importPass(ctx: PassContext, opts: PassOptions): Promise<PassResult> {
  const { store, source, progress, clock } = ctx;
  const issues = new Issues();
  const tracker = new SheetTracker();
  const ids = new FileIds();
  const reconciler = new Reconciler(store, issues, ids, ctx.incomeYear);
  const open = new Map<string, FileHousehold>();
  const reconciled = new Set<string>();
  const tallies = new Map<string, HouseholdTally>();
  const written: string[] = [];
  const villagesWritten = new Set<string>();
  const left = opts.rowCounts ? new Map(opts.rowCounts) : null;
  const total = source.info.bytes;
  let membersInFile = 0;

  const finish = (h: FileHousehold) => {
    clock.lap('read');
    open.delete(h.hhCode);
    reconciled.add(h.hhCode);
    const change = reconciler.reconcile(h);
    membersInFile += h.members.length;
    tallies.set(h.hhCode, tallyOf(change));
    clock.lap('check');
    if (!opts.write) return;
    // Without onlyValid, the first error means nothing will be written: stop writing at once.
    const wanted = opts.skip ? !opts.skip.has(h.hhCode) : !issues.badHouseholds.has(h.hhCode) && (opts.onlyValid || issues.errors.length === 0);
    if (!wanted) return;
    if ('create' in change.village && !villagesWritten.has(change.village.create.id)) {
      insertVillage(ctx.tx!.writer, change.village.create);
      villagesWritten.add(change.village.create.id);
    }
    applyHousehold(ctx.tx!.writer, change);
    written.push(h.hhCode);
    clock.lap('write');
  };

  let split = false;
  let noted: SheetColumns | undefined;
  for await (const r of source.rows(tracker.width)) {
    progress(source.bytesRead(), total, `正在读取文件：已读 ${tracker.rowsRead + 1} 行（${mb(source.bytesRead())} / ${mb(total)} MB）`);
    const columns = tracker.columnsOf(r);
    if (!columns) continue;
    if (columns !== noted) {
      noteSkippedColumns(columns, r.sheet, issues);
      noted = columns;
    }
    const got = collectRow(r, columns, open, issues);
    if (!got) continue;
    const h = got.household;
    if (got.created && reconciled.has(h.hhCode)) {
      split = true;
      break;
    }
    if (got.member) ids.note(got.member, issues);
    if (left) {
      const n = (left.get(h.hhCode) ?? 1) - 1;
      left.set(h.hhCode, n);
      if (n <= 0) finish(h);
    } else {
      if (!got.created) {
        // Most recently seen last: the household left out longest is reconciled first.
        open.delete(h.hhCode);
        open.set(h.hhCode, h);
      }
      if (open.size > OPEN_HOUSEHOLDS) finish(open.values().next().value as FileHousehold);
    }
  }
  if (!split) {
    tracker.finish();
    for (const h of [...open.values()]) finish(h);
    ids.report(issues);
    issues.flushTallies();
  }
  clock.lap('read');
  return { split, issues, tracker, tallies, membersInFile, wroteBad: written.some((c) => issues.badHouseholds.has(c)), incomeYear: reconciler.incomeYearReport() };
}

/** Rows per household, by the same rules as the import: lets a pass reconcile each one when complete. */
async function countRows(ctx: PassContext): Promise<Map<string, number>> {
  const tracker = new SheetTracker();
  const counts = new Map<string, number>();
  const total = ctx.source.info.bytes;
  ctx.progress(0, total, '正在读取文件：同一户的行在文件中不相连，按户归并后重新读取…', true);
  for await (const r of ctx.source.rows(tracker.width)) {
    ctx.progress(ctx.source.bytesRead(), total, `正在读取文件：已读 ${tracker.rowsRead + 1} 行（按户归并，${mb(ctx.source.bytesRead())} / ${mb(total)} MB）`);
    const columns = tracker.columnsOf(r);
    if (!columns) continue;
    const code = hhCodeOfRow(r, columns);
    if (code) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  ctx.clock.lap('read');
  return counts;
}

export async function runImport(store: Store, file: string, options: ImportOptions, hooks: ImportHooks = {}): Promise<ImportReport> {
  const incomeYear = fallbackIncomeYear(options.incomeYear, options.today);
  const source = openSource(file);
  const progress = throttled(hooks);
  const clock = new Clock();
  const tx = options.dryRun ? null : new ImportTransaction(store, options.actor, worthDeferring(source.info.bytes, queriesFor(store).importing.peopleCount()));
  const digest = options.dryRun ? null : fileDigest(file);
  // Awaited before COMMIT; an import that ends earlier must not leave its failure unhandled.
  digest?.catch(() => undefined);
  const ctx: PassContext = { store, incomeYear, source, tx, progress, clock };
  const total = source.info.bytes;
  const restoreCache = queriesFor(store).importing.capPageCache(IMPORT_CACHE_KIB);
  let pass: PassResult;
  let writable: boolean;
  try {
    progress(0, total, '正在读取文件…', true);
    tx?.begin();
    const passOptions: PassOptions = { write: !options.dryRun, onlyValid: options.onlyValid };
    pass = await importPass(ctx, passOptions);
    if (pass.split) {
      // The file lists some household's rows apart: count each household's rows, then read again
      // and reconcile each household once its last row has passed.
      tx?.restart();
      passOptions.rowCounts = await countRows(ctx);
      pass = await importPass(ctx, passOptions);
    }
    progress(total, total, `已读完文件：${pass.tracker.rowsRead} 行`, true);
    const good = pass.tallies.size - countBad(pass);
    writable = !options.dryRun && (pass.issues.errors.length === 0 || options.onlyValid) && good > 0;
    if (writable && pass.wroteBad) {
      // A household already written turned out bad (its person reappeared further down): write
      // again, now knowing every bad household from the start.
      tx!.restart();
      await importPass(ctx, { ...passOptions, skip: pass.issues.badHouseholds });
    }
    if (writable) {
      progress(good, good, `正在写入数据库：共 ${good} 户`, true);
      const { bytes, sha256 } = await digest!;
      // The last look before COMMIT: a cancel that arrives during the write still writes nothing.
      if (hooks.isCancelled?.()) throw cancelledError();
      tx!.commit({ fileName: path.basename(file), fileBytes: bytes, fileSha256: sha256 });
      clock.lap('write');
    } else tx?.rollback();
  } catch (e) {
    tx?.rollback();
    throw e;
  } finally {
    restoreCache();
  }
  hooks.onTimings?.({ ...clock.t });
  const report = reportOf(pass, options, writable, source, file);
  progress(1, 1, options.dryRun ? '检查完毕' : writable ? '导入完成' : '发现错误，未导入', true);
  return report;
}

function countBad(pass: PassResult): number {
  let n = 0;
  for (const code of pass.tallies.keys()) if (pass.issues.badHouseholds.has(code)) n++;
  return n;
}

function reportOf(pass: PassResult, options: ImportOptions, writable: boolean, source: RowSource, file: string): ImportReport {
  const { issues, tracker, tallies } = pass;
  const firstSheet = tracker.sheets[0] ?? '';
  if (tallies.size === 0 && tracker.sheetsWithoutHeader.length === tracker.sheets.length) {
    issues.error({ sheet: firstSheet, row: 1 }, '', '找不到表头：文件前30行中没有含“户编号”及“证件号码”等列名的一行，请确认这是建档立卡导出文件或本系统的导入模板', []);
  } else {
    for (const sheet of tracker.sheetsWithoutHeader) {
      issues.warn({ sheet, row: 1 }, '', `工作表“${sheet}”中没有找到表头（需含“户编号”列），已跳过该工作表`);
    }
  }
  const good: HouseholdTally[] = [];
  for (const [code, t] of tallies) if (!issues.badHouseholds.has(code)) good.push(t);
  const bad = tallies.size - good.length;
  const stats = statsOf(
    { rowsRead: tracker.rowsRead, householdsInFile: tallies.size, membersInFile: pass.membersInFile },
    good,
    options.onlyValid ? bad : 0,
  );

  const errorCount = issues.errors.length;
  const counted = options.dryRun || writable;
  const households = counted ? good.length : 0;
  const members = counted ? good.reduce((n, t) => n + t.members, 0) : 0;
  const order = new Map(tracker.sheets.map((s, i) => [s, i]));
  const byPlace = (a: { sheet: string; row: number }, b: { sheet: string; row: number }) =>
    (order.get(a.sheet) ?? 0) - (order.get(b.sheet) ?? 0) || a.row - b.row;
  return {
    // A dry run is ok only when clean (the CLI's exit 0); an only-valid import is ok once it wrote.
    ok: errorCount === 0 || (options.onlyValid && !options.dryRun && writable && good.length > 0),
    dryRun: options.dryRun,
    onlyValid: options.onlyValid,
    committed: writable,
    households,
    members,
    errors: issues.errors.sort(byPlace),
    warnings: issues.warnings.sort(byPlace),
    errorCount,
    warningCount: issues.warnings.length,
    stats,
    file: { path: file, format: source.info.format, encoding: source.info.encoding, bytes: source.info.bytes },
    incomeYear: pass.incomeYear,
  };
}
