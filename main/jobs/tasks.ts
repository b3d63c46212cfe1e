// The work a background job can do. Each task runs inside the worker thread, opens its own
// connection to the database (the main process keeps its own; WAL lets both be open) and closes it
// before it returns, so everything it committed is visible to the main connection afterwards.
import type { DataChange, ImportReport, Progress, Stats } from '../../shared/contract';
import type { Actor } from '../db/audit';
import { checkFileReadOnly, openWithKey } from '../db/open';
import type { CheckKind } from '../db/health';
import { createDemoDatabase } from '../services/demo';
import { exportGrid, type ExportRequest } from '../services/export';
import { runImport } from '../services/import/index';

/** How a worker reaches the database: the main process already holds the lock and the key. */
export interface DbAccess {
  path: string;
  /** The unwrapped data key, hex: the worker never sees the password. */
  keyHex: string;
}

export interface TaskContext {
  onProgress(p: Progress): void;
  isCancelled(): boolean;
  onTimings?(t: Record<string, number>): void;
  /** A commit of the task's write path on the database main has open. */
  onChanged?(change: DataChange): void;
}

export interface JobTypes {
  import: {
    /** incomeYear: for incomes the file gives no 收入年度 for; omitted, the year before the current one. */
    input: { db: DbAccess; file: string; dryRun: boolean; onlyValid: boolean; actor: Actor; incomeYear?: number };
    output: ImportReport;
  };
  demo: {
    input: { path: string; password: string; actor: Actor; seed?: number };
    output: Stats;
  };
  export: {
    input: { db: DbAccess; request: ExportRequest; today?: string };
    output: { path: string; rows: number };
  };
  /** SQLite's check of the open database on a read-only connection of its own (services/integrity.ts). */
  integrityCheck: {
    input: { db: DbAccess; kind: CheckKind };
    output: { problems: string[]; ms: number };
  };
}

export type JobName = keyof JobTypes;
export type JobInput<N extends JobName> = JobTypes[N]['input'];
export type JobOutput<N extends JobName> = JobTypes[N]['output'];

/** The task's own connection; its committed writes are reported to main as they happen. */
function withStore<T>(db: DbAccess, ctx: TaskContext, fn: (store: ReturnType<typeof openWithKey>) => Promise<T>): Promise<T> {
  const store = openWithKey(db.path, Buffer.from(db.keyHex, 'hex'), { lock: false });
  store.onChange((change) => ctx.onChanged?.(change));
  return fn(store).finally(() => store.close());
}

export const TASKS: { [N in JobName]: (input: JobInput<N>, ctx: TaskContext) => Promise<JobOutput<N>> } = {
  import: (input, ctx) =>
    withStore(input.db, ctx, (store) =>
      runImport(store, input.file, { dryRun: input.dryRun, onlyValid: input.onlyValid, actor: input.actor, incomeYear: input.incomeYear }, { onProgress: ctx.onProgress, isCancelled: ctx.isCancelled, onTimings: (t) => ctx.onTimings?.({ ...t }) }),
    ),
  demo: async (input, ctx) => createDemoDatabase(input.path, input.password, { actor: input.actor, seed: input.seed, onProgress: ctx.onProgress }),
  export: (input, ctx) => withStore(input.db, ctx, (store) => exportGrid(store, input.request, { onProgress: ctx.onProgress, today: input.today })),
  integrityCheck: async (input) => {
    const started = performance.now();
    const problems = checkFileReadOnly(input.db.path, Buffer.from(input.db.keyHex, 'hex'), input.kind);
    return { problems, ms: Math.round(performance.now() - started) };
  },
};
