// The worker thread's entry: runs one task named in workerData and reports back by messages.
// Built as its own entry (out/main/worker.js); from source it is loaded through tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import { TASKS, type JobName } from './tasks';
import type { WorkerData, WorkerMessage } from './protocol';

const data = workerData as WorkerData;
const cancelFlag = new Int32Array(data.cancel);
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

async function main(): Promise<void> {
  const task = TASKS[data.name as JobName] as (input: unknown, ctx: Parameters<(typeof TASKS)['import']>[1]) => Promise<unknown>;
  if (!task) throw new AppError('INTERNAL', `未知的后台任务：${data.name}`);
  const result = await task(data.input, {
    onProgress: (progress) => post({ type: 'progress', progress }),
    isCancelled: () => Atomics.load(cancelFlag, 0) === 1,
    onTimings: (timings) => post({ type: 'timings', timings }),
  });
  post({ type: 'done', result, maxRssKb: process.resourceUsage().maxRSS });
}

main().catch((e: unknown) => {
  const error =
    e instanceof AppError
      ? e.toData()
      : { code: 'INTERNAL' as const, message: `后台任务出错：${e instanceof Error ? e.message : String(e)}` };
  post({ type: 'error', error });
});
