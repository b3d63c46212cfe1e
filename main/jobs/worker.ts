// The worker thread's entry: runs one task named in workerData and reports back by messages.
// Built as its own entry (out/main/worker.js); from source it is loaded through tsx. A thread
// loads only what its task needs: the .xlsx reader beside an import does not load the tasks.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import { toErrorData } from '../errors';
import type { JobName } from './tasks';
import { XLSX_ROWS_THREAD, type WorkerData, type WorkerMessage } from './protocol';

const data = workerData as WorkerData;
const cancelFlag = new Int32Array(data.cancel);
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

async function main(): Promise<void> {
  const { TASKS } = await import('./tasks');
  const task = TASKS[data.name as JobName] as (input: unknown, ctx: Parameters<(typeof TASKS)['import']>[1]) => Promise<unknown>;
  if (!task) throw new AppError('INTERNAL', `未知的后台任务：${data.name}`);
  const result = await task(data.input, {
    onProgress: (progress) => post({ type: 'progress', progress }),
    isCancelled: () => Atomics.load(cancelFlag, 0) === 1,
    onTimings: (timings) => post({ type: 'timings', timings }),
    onChanged: (change) => post({ type: 'changed', change }),
  });
  post({ type: 'done', result, maxRssKb: process.resourceUsage().maxRSS });
}

async function readerThread(): Promise<void> {
  const { serveXlsxRows } = await import('../services/import/readerThread');
  await serveXlsxRows(parentPort!, data.input as { file: string; bytes: number });
}

// The .xlsx reader beside an import (services/import/readerThread.ts) speaks its own messages.
if (data.name === XLSX_ROWS_THREAD) void readerThread();
// Translated here, while the error still carries its Node or SQLite code: only plain data crosses
// the thread, and a full disk must reach the clerk as IO, not as an internal error.
else main().catch((e: unknown) => post({ type: 'error', error: toErrorData(e) }));
