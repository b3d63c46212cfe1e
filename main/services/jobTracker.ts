// Imports and exports run in worker threads on their own connection to the open database; while
// one runs, that database must not be closed, switched or replaced under it.
import { AppError } from '../../shared/errors';

export class JobTracker {
  private running = 0;

  /** Counts the job as running until its promise settles. */
  async track<T>(work: Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work;
    } finally {
      this.running--;
    }
  }

  assertNoneRunning(): void {
    if (this.running > 0) throw new AppError('RULE', '有导入或导出正在进行，请等它结束或取消后再操作');
  }
}
