// Import jobs as the renderer sees them: start one, watch its progress, cancel it, fetch its report.
import { randomUUID } from 'node:crypto';
import type { DataChange, ImportJobState, ImportReport, Progress } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { runJob } from './runner';
import type { JobInput } from './tasks';

/** Problems listed per report over IPC; the counts stay exact. A clerk fixes the first ones first. */
export const REPORT_ISSUE_CAP = 2000;
/** Finished jobs kept for 'import.result'; older ones are forgotten. */
const KEEP_FINISHED = 20;

export function capReport(report: ImportReport, cap = REPORT_ISSUE_CAP): ImportReport {
  return { ...report, errors: report.errors.slice(0, cap), warnings: report.warnings.slice(0, cap) };
}

interface Job {
  state: ImportJobState;
  abort: AbortController;
}

export interface ImportJobEvents {
  progress(p: Progress): void;
  /** The import committed (published by its write path in the worker). */
  changed(change: DataChange): void;
  finished(state: ImportJobState): void;
}

export class ImportJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly events: ImportJobEvents) {}

  start(input: JobInput<'import'>): { jobId: string; done: Promise<void> } {
    if ([...this.jobs.values()].some((j) => j.state.status === 'running' && !input.dryRun)) {
      throw new AppError('RULE', '已有一个导入正在进行，请等它结束或取消后再导入');
    }
    const jobId = randomUUID();
    const job: Job = { state: { jobId, status: 'running', progress: null, report: null, error: null }, abort: new AbortController() };
    this.jobs.set(jobId, job);
    this.prune();
    const done = runJob('import', input, {
      signal: job.abort.signal,
      onChanged: (change) => this.events.changed(change),
      onProgress: (p) => {
        const progress = { ...p, jobId };
        job.state.progress = progress;
        this.events.progress(progress);
      },
    }).then(
      (report) => {
        job.state.report = capReport(report);
        job.state.status = 'done';
      },
      (e: unknown) => {
        const error = e instanceof AppError ? e : new AppError('INTERNAL', String(e));
        job.state.status = error.code === 'CANCELLED' ? 'cancelled' : 'failed';
        job.state.error = { code: error.code, message: error.message };
      },
    ).then(() => this.events.finished(job.state));
    return { jobId, done };
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job || job.state.status !== 'running') return false;
    job.abort.abort();
    return true;
  }

  get(jobId: string): ImportJobState {
    const job = this.jobs.get(jobId);
    if (!job) throw new AppError('NOT_FOUND', '找不到该导入任务（可能已过期），请重新导入');
    return job.state;
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.state.status !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.state.jobId);
  }
}
