// What the 销号 and 出列 dialogs share: the criteria with what each still misses, the history of
// exits, undoings and 返贫, and the day field.
import { useEffect, useState } from 'react';
import type { ExitCriterion, ExitEvent } from '../../../shared/contract';
import { errorMessage } from '../../api';
import { useToast } from '../../components/Toast';
import './exits.css';

export function CriteriaList({ criteria, label }: { criteria: readonly ExitCriterion[]; label: string }) {
  const failing = criteria.filter((c) => !c.passed).length;
  return (
    <div className="exit-criteria">
      <ul aria-label={label}>
        {criteria.map((c) => (
          <li key={c.key} className={c.passed ? 'criterion criterion-ok' : 'criterion criterion-missing'}>
            <span className="criterion-mark" aria-hidden="true">
              {c.passed ? '✓' : '✗'}
            </span>
            <span className="criterion-label">{c.label}</span>
            <span className="criterion-detail">{c.detail}</span>
          </li>
        ))}
      </ul>
      <p className={failing === 0 ? 'criterion-verdict criterion-ok' : 'criterion-verdict criterion-missing'} role="status">
        {failing === 0 ? '各项标准均已达到。' : `${failing} 项尚未达到：如确需办理，须填写理由，并记入记录。`}
      </p>
    </div>
  );
}

const KIND_LABEL: Record<ExitEvent['kind'], string> = { exit: '销号', undo: '撤销', returned: '返贫' };

export function EventList({ events, exitLabel }: { events: readonly ExitEvent[]; exitLabel: string }) {
  if (events.length === 0) return <p className="field-hint">尚无{exitLabel}记录。</p>;
  return (
    <table className="data-table exit-events" aria-label={`${exitLabel}记录`}>
      <thead>
        <tr>
          <th>日期</th>
          <th>事项</th>
          <th>审核人</th>
          <th>说明</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.id}>
            <td className="nowrap">{e.happenedOn}</td>
            <td className="nowrap">{e.kind === 'exit' ? exitLabel : KIND_LABEL[e.kind]}</td>
            <td>{e.reviewer ?? '—'}</td>
            <td>
              {e.evidence ?? e.reason}
              {e.overrideReason && (
                <span className="exit-override">
                  未达标仍办理（{e.unmet.join('、')}）：{e.overrideReason}
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One step of the workflow: busy while main records it; its refusal shown; on success a message and the dialog closes. */
export function useExitStep(onClose: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toast = useToast();
  const run = async (what: () => Promise<unknown>, done?: string, close = true) => {
    setBusy(true);
    setError(null);
    try {
      await what();
      if (done) toast.info(done);
      if (close) onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

/**
 * The dialog's view as on the chosen day, read again when the subject or the day (once a full
 * date) changes; shown through `show`, a refusal through `setError`.
 */
export function useExitView<V>(subjectId: string, on: string, load: (on: string) => Promise<V>, show: (view: V) => void, setError: (error: string | null) => void): void {
  useEffect(() => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(on)) return;
    load(on)
      .then((v) => {
        show(v);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
    // Keyed by the subject and the day: load and show are new functions on every render.
  }, [subjectId, on, setError]);
}

/** The step's main button: 销号 / 出列, or 未达标仍… while criteria fail. */
export function ExitButton({ label, failing, busy, onClick }: { label: string; failing: number; busy: boolean; onClick: () => void }) {
  return (
    <button type="button" className="btn btn-primary" disabled={busy} onClick={onClick}>
      {failing > 0 ? `未达标仍${label}` : label}
    </button>
  );
}

/** What main takes for a 销号 or 出列 from the fields: the reason only while criteria fail. */
export function exitStepInput(on: string, fields: ExitFieldValues, failing: number) {
  return { on, reviewer: fields.reviewer, evidence: fields.evidence, overrideReason: failing > 0 ? fields.override : null };
}

export interface ExitFieldValues {
  reviewer: string;
  evidence: string;
  override: string;
}

/** 审核人, 佐证与说明, and the reason for going ahead while criteria fail (only then). */
export function ExitFields(props: { idPrefix: string; values: ExitFieldValues; onChange: (v: ExitFieldValues) => void; failing: number; overrideLabel: string; evidenceHint: string; busy: boolean }) {
  const { idPrefix: id, values, onChange, busy } = props;
  return (
    <div className="exit-fields">
      <label htmlFor={`${id}-reviewer`}>审核人</label>
      <input id={`${id}-reviewer`} value={values.reviewer} onChange={(e) => onChange({ ...values, reviewer: e.target.value })} disabled={busy} placeholder="审核人姓名" />
      <label htmlFor={`${id}-evidence`}>佐证与说明</label>
      <textarea id={`${id}-evidence`} rows={2} value={values.evidence} onChange={(e) => onChange({ ...values, evidence: e.target.value })} disabled={busy} placeholder={props.evidenceHint} />
      {props.failing > 0 && (
        <>
          <label htmlFor={`${id}-override`}>{props.overrideLabel}</label>
          <textarea id={`${id}-override`} rows={2} value={values.override} onChange={(e) => onChange({ ...values, override: e.target.value })} disabled={busy} placeholder="必填：说明为何未达标仍予办理" />
        </>
      )}
    </div>
  );
}

/** The reason an undoing (or a 返贫) needs. */
export function ReasonField({ id, label, value, onChange, busy, hint }: { id: string; label: string; value: string; onChange: (v: string) => void; busy: boolean; hint?: string }) {
  return (
    <div className="exit-fields">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={2} value={value} onChange={(e) => onChange(e.target.value)} disabled={busy} placeholder={hint} />
    </div>
  );
}

export function StepError({ error }: { error: string | null }) {
  return error ? (
    <p className="form-error" role="alert">
      {error}
    </p>
  ) : null;
}
