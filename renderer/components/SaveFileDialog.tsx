// Asks where to save a file: a path field (the Chromium bridge has no file dialog), with 浏览… where
// the shell can show one. The default is a file beside the open database. Main checks the path and
// never replaces an existing file unless asked: it answers FILE_EXISTS, the clerk is asked
// 文件已存在，是否覆盖？, and only a yes sends the request again with overwrite: true.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, call, errorMessage } from '../api';
import { Dialog, Field } from './Dialog';
import { besideDatabase } from './filePaths';
import type { PickKind } from '../../shared/contract';

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
  /** The kind of file 浏览… offers (its type filter); a spreadsheet unless said. */
  pickKind?: Exclude<PickKind, 'database'>;
  /** overwrite is true only after the clerk confirmed replacing an existing file. */
  save: (path: string, overwrite: boolean) => Promise<R>;
  onSaved: (result: R) => void;
  onCancel: () => void;
}

export function SaveFileDialog<R>(props: SaveFileDialogProps<R>) {
  const [path, setPath] = useState('');
  const [canPick, setCanPick] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [existing, setExisting] = useState<string | null>(null);
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
    call('db.pickPath', { mode: 'save', kind: props.pickKind ?? 'spreadsheet' })
      .then((picked) => {
        if (picked) {
          typed.current = true;
          setPath(picked);
        }
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  };

  const submit = (overwrite = false) => {
    setBusy(true);
    setError(null);
    props
      .save(path.trim(), overwrite)
      .then((r) => {
        setBusy(false);
        setExisting(null);
        props.onSaved(r);
      })
      .catch((e: unknown) => {
        setBusy(false);
        if (isFileExists(e) && !overwrite) setExisting(path.trim());
        else setError(errorMessage(e));
      });
  };

  if (existing !== null) {
    return (
      <ConfirmOverwrite
        file={existing}
        busy={busy}
        error={error}
        onConfirm={() => submit(true)}
        onCancel={() => {
          setExisting(null);
          setError(null);
        }}
      />
    );
  }

  return (
    <Dialog title={props.title} submitLabel={props.submitLabel} onSubmit={() => submit()} onCancel={props.onCancel} busy={busy} error={error}>
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

/** Main refused to replace an existing file (it asks for overwrite: true). */
export function isFileExists(e: unknown): boolean {
  return e instanceof ApiError && e.code === 'FILE_EXISTS';
}

/** 文件已存在，是否覆盖？ — the one question before main may replace a file. */
export function ConfirmOverwrite(props: { file: string; busy: boolean; error: string | null; onConfirm: () => void; onCancel: () => void }) {
  return (
    <Dialog title="文件已存在" submitLabel="覆盖" danger busy={props.busy} error={props.error} onSubmit={props.onConfirm} onCancel={props.onCancel}>
      <p className="dialog-message">文件已存在，是否覆盖？</p>
      <p className="dialog-message mono">{props.file}</p>
    </Dialog>
  );
}
