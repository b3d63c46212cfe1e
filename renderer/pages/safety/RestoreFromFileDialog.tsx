// 从文件恢复…: a backup from any folder (a USB stick), its key file beside it. Main checks the file
// first (ours, this database's key, opens, quick_check) and says plainly why not; only a file that
// passed can be restored, and the restore itself is the same as from the list ('backup.restore':
// the current state is backed up first, so it can be undone).
import { useState, type FormEvent } from 'react';
import type { BackupFileCheck } from '../../../shared/contract';
import { call, errorMessage } from '../../api';
import { Modal } from '../../components/Modal';
import { formatDateTime, formatSize } from '../../components/format';
import './safety.css';

export function describeCheckedFile(c: BackupFileCheck): string {
  return `备份文件 ${c.file}（${c.households} 户 / ${c.people} 人）`;
}

export function RestoreFromFileDialog(props: { canPickFiles: boolean; onRestored: (label: string, safetyBackup: string) => void; onCancel: () => void }) {
  const [file, setFile] = useState('');
  const [checked, setChecked] = useState<BackupFileCheck | null>(null);
  const [busy, setBusy] = useState<'check' | 'restore' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const changePath = (next: string) => {
    setFile(next);
    // A check is about one file: another path needs its own.
    setChecked(null);
    setError(null);
  };

  const browse = () => {
    call('db.pickPath', { mode: 'open', kind: 'database' })
      .then((picked) => {
        if (picked) changePath(picked);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  };

  const check = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy || file.trim() === '') return;
    setBusy('check');
    setError(null);
    setChecked(null);
    try {
      setChecked(await call('backup.check', { file: file.trim() }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const restore = async () => {
    if (!checked || busy) return;
    setBusy('restore');
    setError(null);
    try {
      const r = await call('backup.restore', { file: checked.file });
      props.onRestored(describeCheckedFile(checked), r.safetyBackup);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(null);
    }
  };

  return (
    <Modal
      title="从文件恢复"
      wide
      onEscape={busy ? undefined : props.onCancel}
      actions={
        <>
          <button type="button" className="btn" onClick={props.onCancel} disabled={busy !== null}>
            取消
          </button>
          <button type="button" className="btn" onClick={() => void check()} disabled={busy !== null || file.trim() === ''}>
            {busy === 'check' ? '正在检查…' : '检查文件'}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void restore()} disabled={busy !== null || checked === null}>
            {busy === 'restore' ? '正在恢复…' : '确定恢复'}
          </button>
        </>
      }
    >
      <form onSubmit={(e) => void check(e)}>
        <div className="field">
          <label htmlFor="restore-file">备份文件路径</label>
          <div className="path-row">
            <input id="restore-file" type="text" value={file} onChange={(e) => changePath(e.target.value)} placeholder="例如 E:\台账备份\台账2016-03-21.fupin" spellCheck={false} autoComplete="off" disabled={busy !== null} />
            {props.canPickFiles && (
              <button type="button" className="btn" onClick={browse} disabled={busy !== null}>
                浏览…
              </button>
            )}
          </div>
          <p className="field-hint">可以是任何文件夹（如U盘）中的本数据库备份；同名的 .key 密钥文件必须在同一文件夹。先检查，通过后才能恢复。</p>
        </div>
      </form>
      {checked && (
        <div className="restore-checked" role="status" aria-label="检查结果">
          <p className="restore-checked-title">✓ 检查通过：这是本数据库的备份，文件完整，可以恢复。</p>
          <dl className="file-facts">
            <dt>内容</dt>
            <dd>
              {checked.households} 户 / {checked.people} 人
            </dd>
            <dt>文件时间</dt>
            <dd>{formatDateTime(checked.modifiedAt)}</dd>
            <dt>大小</dt>
            <dd>{formatSize(checked.size)}</dd>
            <dt>密钥文件</dt>
            <dd className="mono">{checked.keyFile}</dd>
          </dl>
          <p className="dialog-message">恢复后，当前数据将被替换为这个备份的内容，仍用当前密码打开。恢复前会先自动备份当前数据，可以撤销。</p>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}
