// The import page's steps, kept outside the component so a check or an import that is running
// goes on (and its report is kept) while the clerk looks at other tabs. Main does the work in a
// worker; here we only start it, follow it and remember what it answered.
import type { ImportJobState, ImportReport, InputOf, Progress } from '../../../shared/contract';
import { ApiError, call, errorMessage, onEvent } from '../../api';
import { PageMemory } from '../../components/pageMemory';
import { dataYear } from '../../../shared/domain/dataYear';
import { todayIso } from '../../../shared/domain/dates';
import { compactHalfWidth } from '../../../shared/domain/text';

export type Phase = 'idle' | 'checking' | 'checked' | 'importing' | 'imported' | 'cancelled' | 'failed';

export interface ImportPageState {
  /** what is in the path field */
  path: string;
  /** what is in the 收入年度 field: empty for the default (the year before the current one) */
  incomeYear: string;
  phase: Phase;
  /** the running (or last) job: a check, a full import, or only the error-free households */
  mode: 'check' | 'all' | 'onlyValid' | null;
  jobId: string | null;
  cancelling: boolean;
  progress: Progress | null;
  /** the dry run's report, for the file in `path` */
  check: ImportReport | null;
  /** the import's report */
  result: ImportReport | null;
  /** where main backed up the database before this import wrote (null for a check) */
  backup: string | null;
  error: string | null;
}

export const importMemory = new PageMemory<ImportPageState>(() => ({
  path: '',
  incomeYear: '',
  phase: 'idle',
  mode: null,
  jobId: null,
  cancelling: false,
  progress: null,
  check: null,
  result: null,
  backup: null,
  error: null,
}));

type Update = (change: (s: ImportPageState) => ImportPageState) => void;

const POLL_MS = 1000;

/** Starts an import job and follows it to its end: events when they come, a poll in case one is lost. */
export async function followImport(input: InputOf<'import.start'>, hooks: { started(jobId: string, backup: string | null): void; progress(p: Progress): void }): Promise<ImportJobState> {
  let jobId: string | null = null;
  let wake: (() => void) | null = null;
  const offProgress = onEvent('job.progress', (p) => {
    if (jobId !== null && p.jobId === jobId) hooks.progress(p);
  });
  const offFinished = onEvent('job.finished', (e) => {
    if (e.jobId === jobId) wake?.();
  });
  try {
    const started = await call('import.start', input);
    jobId = started.jobId;
    hooks.started(jobId, started.backup);
    for (;;) {
      const state = await resultOf(jobId);
      if (state && state.status !== 'running') return state;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, POLL_MS);
      });
    }
  } finally {
    offProgress();
    offFinished();
  }
}

/** The job's state; null while the window is locked (main answers again once it is unlocked). */
async function resultOf(jobId: string): Promise<ImportJobState | null> {
  try {
    return await call('import.result', { jobId });
  } catch (e) {
    if (e instanceof ApiError && e.code === 'SESSION_LOCKED') return null;
    throw e;
  }
}

export function isRunning(s: ImportPageState): boolean {
  return s.phase === 'checking' || s.phase === 'importing';
}

export function setPath(update: Update, path: string): void {
  // A report is about one file: another path needs its own check.
  update((s) => (isRunning(s) ? s : { ...s, path, phase: 'idle', check: null, result: null, error: null, mode: null }));
}

export function setIncomeYear(update: Update, incomeYear: string): void {
  // A check is about one year too: the import that follows it must book incomes where it said.
  update((s) => (isRunning(s) ? s : { ...s, incomeYear, phase: 'idle', check: null, result: null, error: null, mode: null }));
}

/** The year main uses when the field is left empty: the one before the current (local) year. */
export function defaultIncomeYear(today: string = todayIso()): number {
  return dataYear(null, today);
}

/** The field's year; undefined when empty (main then takes the default); an error text when it is no year. */
export function parseIncomeYear(text: string): { ok: true; year: number | undefined } | { ok: false; message: string } {
  const t = compactHalfWidth(text).replace(/年$/, '');
  if (t === '') return { ok: true, year: undefined };
  const year = Number(t);
  if (!/^\d{4}$/.test(t) || year < 2000 || year > 2100) return { ok: false, message: `收入年度应为2000至2100年之间的四位年份，如 ${defaultIncomeYear()}；留空则按上一年导入` };
  return { ok: true, year };
}

async function run(update: Update, path: string, mode: 'check' | 'all' | 'onlyValid', incomeYear: number | undefined): Promise<ImportJobState | null> {
  update((s) => ({ ...s, phase: mode === 'check' ? 'checking' : 'importing', mode, jobId: null, cancelling: false, progress: null, error: null, result: null, backup: null, ...(mode === 'check' ? { check: null } : {}) }));
  try {
    const state = await followImport(
      { path, dryRun: mode === 'check', onlyValid: mode === 'onlyValid', ...(incomeYear === undefined ? {} : { incomeYear }) },
      {
        started: (jobId, backup) => update((s) => ({ ...s, jobId, backup })),
        progress: (progress) => update((s) => ({ ...s, progress })),
      },
    );
    if (state.status === 'cancelled') {
      update((s) => ({ ...s, phase: 'cancelled', jobId: null, cancelling: false }));
    } else if (state.status === 'failed' || !state.report) {
      update((s) => ({ ...s, phase: 'failed', jobId: null, cancelling: false, error: state.error?.message ?? '导入失败，原因不明' }));
    }
    return state;
  } catch (e) {
    update((s) => ({ ...s, phase: 'failed', jobId: null, cancelling: false, error: errorMessage(e) }));
    return null;
  }
}

export async function checkFile(update: Update, path: string, incomeYear: number | undefined): Promise<void> {
  const state = await run(update, path, 'check', incomeYear);
  const report = state?.status === 'done' ? state.report : null;
  if (report) update((s) => ({ ...s, phase: 'checked', jobId: null, check: report }));
}

/**
 * Imports the checked file; `onlyValid` leaves out the households with errors. What it commits
 * reaches every view through the import's data.changed event.
 */
export async function importFile(update: Update, path: string, onlyValid: boolean, incomeYear: number | undefined): Promise<void> {
  const state = await run(update, path, onlyValid ? 'onlyValid' : 'all', incomeYear);
  const report = state?.status === 'done' ? state.report : null;
  if (!report) return;
  update((s) => ({ ...s, phase: 'imported', jobId: null, result: report }));
}

export function cancelJob(update: Update, jobId: string | null): void {
  if (!jobId) return;
  update((s) => ({ ...s, cancelling: true }));
  call('import.cancel', { jobId }).catch(() => update((s) => ({ ...s, cancelling: false })));
}
