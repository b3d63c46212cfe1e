// A modal dialog: role="dialog" with a label, focus moved inside, Escape cancels unless busy.
// A danger dialog (delete, overwrite) starts on 取消, so an Enter typed out of habit does nothing
// irreversible; the others start on their first field.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { errorMessage } from '../api';

export interface DialogProps {
  title: string;
  children: ReactNode;
  submitLabel: string;
  onSubmit: () => void;
  onCancel: () => void;
  busy?: boolean;
  error?: string | null;
  danger?: boolean;
}

export function Dialog(props: DialogProps) {
  const ref = useRef<HTMLFormElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const { busy, onCancel, danger } = props;
  useEffect(() => {
    const first = danger ? cancelRef.current : ref.current?.querySelector<HTMLElement>('input, select, button[type="submit"]');
    first?.focus();
    // Only on opening: a later change must not pull focus from where the clerk put it.
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !busy) onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy, onCancel]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!props.busy) props.onSubmit();
  };
  return (
    <div className="modal-backdrop">
      <form ref={ref} className="dialog" role="dialog" aria-modal="true" aria-label={props.title} onSubmit={submit}>
        <h2 className="dialog-title">{props.title}</h2>
        <div className="dialog-body">{props.children}</div>
        {props.error && (
          <p className="form-error" role="alert">
            {props.error}
          </p>
        )}
        <div className="dialog-actions">
          <button ref={cancelRef} type="button" className="btn" onClick={props.onCancel} disabled={props.busy}>
            取消
          </button>
          <button type="submit" className={props.danger ? 'btn btn-danger' : 'btn btn-primary'} disabled={props.busy}>
            {props.busy ? '请稍候…' : props.submitLabel}
          </button>
        </div>
      </form>
    </div>
  );
}

/** A labelled form row: the label is tied to its control by id. */
export function Field({ id, label, children, hint }: { id: string; label: string; children: ReactNode; hint?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <p className="field-hint">{hint}</p>}
    </div>
  );
}

/** Runs a dialog's request: busy while it runs, main's refusal kept as the dialog's error (the dialog stays open). */
export function useDialogSubmit<T>(onDone: (result: T) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (request: () => Promise<T>) => {
    setBusy(true);
    setError(null);
    request()
      .then((r) => {
        setBusy(false);
        onDone(r);
      })
      .catch((e: unknown) => {
        setBusy(false);
        setError(errorMessage(e));
      });
  };
  // setError: a check the dialog makes before asking main shows where main's refusal would.
  return { busy, error, setError, submit };
}
