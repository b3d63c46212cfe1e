import type { Progress } from '../../shared/contract';

/** Determinate once main reports progress; until then an indeterminate bar. */
export function ProgressBar({ progress, label }: { progress: Progress | null; label: string }) {
  const pct = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : null;
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined}>
      <div className={pct === null ? 'progress-fill progress-indeterminate' : 'progress-fill'} style={pct === null ? undefined : { width: `${pct}%` }} />
      <span className="progress-text">{progress?.message ?? label}{pct !== null ? `（${pct}%）` : ''}</span>
    </div>
  );
}
