// runJob: one task in a worker thread, with progress and cancel, so the main process (and the
// window it serves) stays responsive during long imports, exports and the demo build.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DataChange, Progress } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { toAppError } from '../errors';
import type { WorkerData, WorkerMessage } from './protocol';
import type { JobInput, JobName, JobOutput } from './tasks';

export interface RunOptions {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  /** The worker's own peak RSS figure comes with the result (benchmarks). */
  onFinished?: (info: { maxRssKb: number; ms: number }) => void;
  /** Where the task's time went, if it says (benchmarks). */
  onTimings?: (timings: Record<string, number>) => void;
  /** The task committed a change to the open database (relayed to every window). */
  onChanged?: (change: DataChange) => void;
}

/** After a cancel, how long a task may take to roll back before its thread is terminated. */
const CANCEL_GRACE_MS = 15_000;

/**
 * The built app has worker.js beside the bundled main (electron-vite's second entry); from
 * source (vitest, tsx, the CLI) the .ts file next to this one is loaded through tsx.
 */
function workerEntry(): { file: string; ts: boolean } {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const name of ['worker.js', 'worker.mjs']) {
    const file = path.join(here, name);
    if (fs.existsSync(file)) return { file, ts: false };
  }
  return { file: path.join(here, 'worker.ts'), ts: true };
}

/** tsx's ESM loader API; require.resolve finds its CommonJS twin, which cannot be imported. */
function tsxEsmApi(): string {
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const mjs = cjs.replace(/\.cjs$/, '.mjs');
  return fs.existsSync(mjs) ? mjs : cjs;
}

/**
 * An import's old-generation heap budget. Its live data is small (about 0.6 KB per person plus
 * the file's shared strings) but V8, left to itself, lets garbage pile up to three times that:
 * the 300k-person benchmark (40 MB .xlsx) peaked at 700+ MB RSS unbudgeted, at 380 MB with
 * 200 MB. Scaled by the file's size; a file that needs more is run again without a budget (the
 * dying worker's connection closes and rolls back: nothing is written twice).
 */
export function importHeapBudgetMb(file: string): number | undefined {
  // A legacy .xls is read whole by SheetJS (and stops at 65,536 rows anyway): no budget.
  if (/\.(xls|et)$/i.test(file)) return undefined;
  let mbytes = 0;
  try {
    mbytes = fs.statSync(file).size / 1024 / 1024;
  } catch {
    // The task itself reports a missing file.
  }
  return Math.max(200, Math.ceil(5 * mbytes));
}

class OutOfBudget extends Error {}

function spawn(data: WorkerData, budgetMb: number | undefined, youngMb?: number): Worker {
  const entry = workerEntry();
  const resourceLimits = budgetMb ? { maxOldGenerationSizeMb: budgetMb, ...(youngMb ? { maxYoungGenerationSizeMb: youngMb } : {}) } : undefined;
  if (!entry.ts) return new Worker(entry.file, { workerData: data, resourceLimits });
  // Node 20 ignores `--import tsx` in a worker's execArgv for the entry itself, so a tiny bootstrap
  // registers tsx's loader inside the thread first and then imports the TypeScript entry.
  const tsxApi = pathToFileURL(tsxEsmApi()).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(pathToFileURL(entry.file).href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: data, resourceLimits });
}

/**
 * A worker thread running one streaming part of a task (import/readerThread.ts: the .xlsx reader),
 * which talks to its starter by its own messages; no heap budget, no cancel flag of its own (the
 * starter terminates it).
 */
export function startWorkerThread(name: string, input: unknown, limits?: { oldMb: number; youngMb: number }): Worker {
  return spawn({ name, input, cancel: new SharedArrayBuffer(4) }, limits?.oldMb, limits?.youngMb);
}

export async function runJob<N extends JobName>(name: N, input: JobInput<N>, options: RunOptions = {}): Promise<JobOutput<N>> {
  const budget = name === 'import' ? importHeapBudgetMb((input as JobInput<'import'>).file) : undefined;
  try {
    return await runOnce(name, input, options, budget);
  } catch (e) {
    // Out of budget: the worker died before COMMIT (its connection closed, nothing written).
    if (!(e instanceof OutOfBudget)) throw e;
    return runOnce(name, input, options, undefined);
  }
}

function runOnce<N extends JobName>(name: N, input: JobInput<N>, options: RunOptions, budgetMb: number | undefined): Promise<JobOutput<N>> {
  const cancel = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancel);
  const started = Date.now();
  return new Promise<JobOutput<N>>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new AppError('CANCELLED', '已取消，未做任何修改'));
      return;
    }
    const worker = spawn({ name, input, cancel }, budgetMb);
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      fn();
      void worker.terminate();
    };
    const onAbort = () => {
      Atomics.store(flag, 0, 1);
      // A task stuck outside its checks is stopped hard: its transaction never commits.
      killTimer = setTimeout(() => finish(() => reject(new AppError('CANCELLED', '已取消，未做任何修改'))), CANCEL_GRACE_MS);
      killTimer.unref();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') options.onProgress?.(m.progress);
      else if (m.type === 'timings') options.onTimings?.(m.timings);
      else if (m.type === 'changed') options.onChanged?.(m.change);
      else if (m.type === 'done') {
        options.onFinished?.({ maxRssKb: m.maxRssKb, ms: Date.now() - started });
        finish(() => resolve(m.result as JobOutput<N>));
      } else finish(() => reject(new AppError(m.error.code, m.error.message, m.error.details)));
    });
    worker.on('error', (e: Error & { code?: string }) =>
      finish(() =>
        reject(
          budgetMb && e.code === 'ERR_WORKER_OUT_OF_MEMORY' && !options.signal?.aborted
            ? new OutOfBudget(e.message)
            : toAppError(e),
        ),
      ),
    );
    worker.on('exit', (code) =>
      finish(() =>
        reject(Atomics.load(flag, 0) === 1 ? new AppError('CANCELLED', '已取消，未做任何修改') : new AppError('INTERNAL', `后台任务意外退出（代码 ${code}）`)),
      ),
    );
  });
}
