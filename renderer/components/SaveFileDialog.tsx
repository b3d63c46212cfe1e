// Asks where to save a file: a path field (the Chromium bridge has no file dialog), with 浏览… where
// the shell can show one. The default is a file beside the open database. Main checks the path.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { call, errorMessage } from '../api';
import { Dialog, Field } from './Dialog';
import { besideDatabase } from './filePaths';

export interface SaveFileDialogProps<R> {
  title: string;
  id: string;
  label: string;
  /** file name proposed in the open database's folder */
  defaultName: string;
  submitLabel: string;
  hint?: string;
  /** shown above the path field */
  intro?: ReactNode;
  /** shown while saving (a progress bar) */
  busyContent?: ReactNode;
  save: (path: string) => Promise<R>;
  onSaved: (result: R) => void;
  onCancel: () => void;
}

export function SaveFileDialog<R>(props: SaveFileDialogProps<R>) {
  const [path, setPath] = useState('');
  const [canPick, setCanPick] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const typed = useRef(false);
  const { defaultName } = props;

  useEffect(() => {
    let current = true;
    call('app.info', {})
      .then((info) => {
        if (!current) return;
        setCanPick(info.canPickFiles);
        if (info.db && !typed.current) setPath(besideDatabase(info.db.path, defaultName));
      })
      .catch(() => {});
    return () => {
      current = false;
    };
  }, [defaultName]);

  const browse = () => {
    call('db.pickPath', { mode: 'save', kind: 'spreadsheet' })
      .then((picked) => {
        if (picked) {
          typed.current = true;
          setPath(picked);
        }
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  };

  const submit = () => {
    setBusy(true);
    setError(null);
    props
      .save(path.trim())
      .then((r) => {
        setBusy(false);
        props.onSaved(r);
      })
      .catch((e: unknown) => {
        setBusy(false);
        setError(errorMessage(e));
      });
  };

  return (
    <Dialog title={props.title} submitLabel={props.submitLabel} onSubmit={submit} onCancel={props.onCancel} busy={busy} error={error}>
      {props.intro}
      <Field id={props.id} label={props.label} hint={props.hint}>
        <div className="path-row">
          <input
            id={props.id}
            type="text"
            className="path-input"
            value={path}
            onChange={(e) => {
              typed.current = true;
              setPath(e.target.value);
            }}
            spellCheck={false}
            autoComplete="off"
            disabled={busy}
          />
          {canPick && (
            <button type="button" className="btn" onClick={browse} disabled={busy}>
              浏览…
            </button>
          )}
        </div>
      </Field>
      {busy && props.busyContent}
    </Dialog>
  );
}
