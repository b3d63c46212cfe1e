// Messages between the job runner (main thread) and the worker thread.
import type { Progress } from '../../shared/contract';
import type { AppErrorData } from '../../shared/errors';

export interface WorkerData {
  name: string;
  input: unknown;
  /** One Int32: 1 asks the task to stop; checked between rows and before COMMIT. */
  cancel: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; result: unknown; maxRssKb: number }
  | { type: 'error'; error: AppErrorData };
