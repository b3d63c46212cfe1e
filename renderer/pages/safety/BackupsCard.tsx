// Backups of the open database: a manual one to a chosen file (a USB stick); the automatic and
// manual ones listed with their place and counts; restoring one, or any backup file (从文件恢复…).
// Main backs up the current state before a restore, so the message after it offers to undo.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { BackupEntry } from '../../../shared/contract';
import { call, errorMessage } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ConfirmOverwrite, isFileExists } from '../../components/SaveFileDialog';
import { BackupTable, describeBackup } from './BackupTable';
import { RestoreFromFileDialog } from './RestoreFromFileDialog';
import { keyFileOf } from '../../components/format';

type Restored = { label: string; safetyBackup: string } | { undone: true };

export function BackupsCard({ canPickFiles }: { canPickFiles: boolean }) {
  const [backups, setBackups] = useState<BackupEntry[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [dest, setDest] = useState('');
  const [backingUp, setBackingUp] = useState(false);
  const [backupError, setBackupError] = useState<string | null>(null);
  const [made, setMade] = useState<string | null>(null);
  const [existing, setExisting] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<{ file: string; label: string } | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const [restored, setRestored] = useState<Restored | null>(null);
  const [fromFile, setFromFile] = useState(false);

  const load = useCallback(() => {
    call('backup.list', {})
      .then((list) => {
        setBackups(list);
        setListError(null);
      })
      .catch((e: unknown) => setListError(errorMessage(e)));
  }, []);
  useEffect(load, [load]);

  const browse = async () => {
    try {
      const picked = await call('db.pickPath', { mode: 'save' });
      if (picked) setDest(picked);
    } catch (e) {
      setBackupError(errorMessage(e));
    }
  };

  /** overwrite only after the clerk answered 覆盖 to 文件已存在，是否覆盖？ */
  const backUp = async (overwrite: boolean) => {
    if (backingUp) return;
    setBackingUp(true);
    setBackupError(null);
    setMade(null);
    try {
      const r = await call('backup.create', { path: dest, overwrite });
      setMade(r.path);
      setExisting(null);
      load();
    } catch (err) {
      if (isFileExists(err) && !overwrite) setExisting(dest.trim());
      else setBackupError(errorMessage(err));
    } finally {
      setBackingUp(false);
    }
  };

  const backupNow = (e: FormEvent) => {
    e.preventDefault();
    void backUp(false);
  };

  const restore = async (file: string, label: string) => {
    setRestoring(true);
    setRestoreError(null);
    try {
      const r = await call('backup.restore', { file });
      setRestored({ label, safetyBackup: r.safetyBackup });
      setConfirm(null);
    } catch (err) {
      setRestoreError(errorMessage(err));
    } finally {
      setRestoring(false);
      load();
    }
  };

  const forget = async (file: string) => {
    setRestoreError(null);
    try {
      await call('backup.forget', { file });
    } catch (err) {
      setRestoreError(errorMessage(err));
    } finally {
      load();
    }
  };

  const undo = async (safetyBackup: string) => {
    setRestoring(true);
    setRestoreError(null);
    try {
      await call('backup.restore', { file: safetyBackup });
      setRestored({ undone: true });
    } catch (err) {
      setRestoreError(errorMessage(err));
    } finally {
      setRestoring(false);
      load();
    }
  };

  return (
    <section className="card card-wide" aria-labelledby="bk-title">
      <h2 id="bk-title" className="card-title">
        备份与恢复
      </h2>

      <form className="backup-now" onSubmit={backupNow}>
        <div className="field">
          <label htmlFor="bk-dest">立即备份到…（如U盘上的文件）</label>
          <div className="path-row">
            <input id="bk-dest" type="text" value={dest} onChange={(e) => setDest(e.target.value)} placeholder="例如 E:\台账备份\台账2016-03-21.fupin" spellCheck={false} disabled={backingUp} />
            {canPickFiles && (
              <button type="button" className="btn" onClick={() => void browse()} disabled={backingUp}>
                浏览…
              </button>
            )}
            <button type="submit" className="btn btn-primary" disabled={backingUp || dest.trim() === ''}>
              {backingUp ? '正在备份…' : '立即备份'}
            </button>
          </div>
          <p className="field-hint">备份文件已加密，用备份时的密码打开。同时会生成同名的 .key 密钥文件，两个文件必须放在一起、一起复制，缺一不可。</p>
        </div>
        {backupError && (
          <p className="form-error" role="alert">
            {backupError}
          </p>
        )}
        {made && (
          <div className="notice-ok" role="status">
            已备份到 <span className="mono">{made}</span>
            <br />
            密钥文件 <span className="mono">{keyFileOf(made)}</span> 已写在同一文件夹，复制或保管时请两个文件一起。
          </div>
        )}
      </form>

      <div className="list-caption">
        <h3 className="section-title">备份列表</h3>
        <span className="muted">含手动备份；自动备份在关闭数据库时、按设置的间隔和每次导入前生成，恢复前也会先备份当前数据。</span>
        <span className="spacer" />
        <span className="backup-actions">
          <button type="button" className="btn btn-small" onClick={() => setFromFile(true)} disabled={restoring}>
            从文件恢复…
          </button>
          <button type="button" className="btn btn-small" onClick={load} disabled={restoring}>
            刷新
          </button>
        </span>
      </div>
      {restored && 'label' in restored && (
        <div className="notice-ok notice-restored" role="status">
          <span>
            已恢复为 {restored.label}。恢复前的数据已自动备份。
          </span>
          <button type="button" className="btn" onClick={() => void undo(restored.safetyBackup)} disabled={restoring}>
            撤销本次恢复
          </button>
        </div>
      )}
      {restored && 'undone' in restored && (
        <p className="notice-ok" role="status">
          已撤销本次恢复，数据回到恢复前的状态。
        </p>
      )}
      {restoreError && !confirm && (
        <p className="form-error" role="alert">
          {restoreError}
        </p>
      )}
      {listError && (
        <p className="form-error" role="alert">
          {listError}
        </p>
      )}
      {backups === null ? (
        <p className="muted">正在读取备份…</p>
      ) : backups.length === 0 ? (
        <p className="muted">还没有备份。有修改后关闭数据库，或到了自动备份间隔，就会生成；也可以立即备份到文件。</p>
      ) : (
        <BackupTable backups={backups} label="备份列表" actionLabel="恢复" disabled={restoring} onChoose={(b) => setConfirm({ file: b.file, label: describeBackup(b) })} onForget={(b) => void forget(b.file)} />
      )}

      {fromFile && (
        <RestoreFromFileDialog
          canPickFiles={canPickFiles}
          onRestored={(label, safetyBackup) => {
            setFromFile(false);
            setRestoreError(null);
            setRestored({ label, safetyBackup });
            load();
          }}
          onCancel={() => setFromFile(false)}
        />
      )}

      {existing !== null && (
        <ConfirmOverwrite
          file={existing}
          busy={backingUp}
          error={backupError}
          onConfirm={() => void backUp(true)}
          onCancel={() => {
            setExisting(null);
            setBackupError(null);
          }}
        />
      )}

      {confirm && (
        <Dialog
          title="恢复备份"
          submitLabel="确定恢复"
          busy={restoring}
          error={restoreError}
          onSubmit={() => void restore(confirm.file, confirm.label)}
          onCancel={() => {
            setConfirm(null);
            setRestoreError(null);
          }}
        >
          <p className="dialog-message">
            将把当前数据库恢复为 <b>{confirm.label}</b>。
          </p>
          <p className="dialog-message">恢复前会先自动备份当前数据，可以撤销。</p>
        </Dialog>
      )}
    </section>
  );
}
