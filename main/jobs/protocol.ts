// Messages between the job runner (main thread) and the worker thread.
import type { DataChange, Progress } from '../../shared/contract';
import type { AppErrorData } from '../../shared/errors';

/** The thread that reads an .xlsx file beside an import (services/import/readerThread.ts). */
export const XLSX_ROWS_THREAD = 'xlsxRows';

export interface WorkerData {
  name: string;
  input: unknown;
  /** One Int32: 1 asks the task to stop; checked between rows and before COMMIT. */
  cancel: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'progress'; progress: Progress }
  /** Where a task's time went (benchmarks): phase → ms. */
  | { type: 'timings'; timings: Record<string, number> }
  /** The task's write path committed: main relays it to every window. */
  | { type: 'changed'; change: DataChange }
  | { type: 'done'; result: unknown; maxRssKb: number }
  | { type: 'error'; error: AppErrorData };
