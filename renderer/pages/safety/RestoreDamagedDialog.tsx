// A database that main refused as damaged (CORRUPT): list its backups (unlocked by the password
// just typed), confirm, restore one in place. Main keeps the damaged file aside and opens the result.
import { useEffect, useState } from 'react';
import type { BackupEntry } from '../../../shared/contract';
import { call, errorMessage } from '../../api';
import { Modal } from '../../components/Modal';
import { BackupTable, describeBackup } from './BackupTable';

type Step = { kind: 'list' } | { kind: 'confirm'; file: string; label: string } | { kind: 'done'; safetyBackup: string; label: string };

export function RestoreDamagedDialog(props: { path: string; password: string; onOpened: () => void; onCancel: () => void }) {
  const { path, password } = props;
  const [backups, setBackups] = useState<BackupEntry[] | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'list' });
  const [otherFile, setOtherFile] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    call('db.backupsOf', { path, password })
      .then(setBackups)
      .catch((e: unknown) => {
        setBackups([]);
        setError(errorMessage(e));
      });
  }, [path, password]);

  const restore = async (file: string, label: string) => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('db.restoreClosed', { path, password, file });
      setStep({ kind: 'done', safetyBackup: r.safetyBackup, label });
    } catch (e) {
      setError(errorMessage(e));
      setStep({ kind: 'list' });
    } finally {
      setBusy(false);
    }
  };

  if (step.kind === 'done') {
    return (
      <Modal
        title="已从备份恢复"
        wide
        actions={
          <button type="button" className="btn btn-primary" onClick={props.onOpened}>
            进入台账
          </button>
        }
      >
        <p className="dialog-message" role="status">
          数据库已恢复为 {step.label}，并已打开。备份之后录入的数据需要重新录入。
        </p>
        <p className="dialog-message">损坏的原文件没有删除，已另存为：</p>
        <p className="mono path-box" aria-label="损坏文件另存位置">
          {step.safetyBackup}
        </p>
      </Modal>
    );
  }

  if (step.kind === 'confirm') {
    return (
      <Modal
        title="确认从备份恢复"
        wide
        onEscape={busy ? undefined : () => setStep({ kind: 'list' })}
        actions={
          <>
            <button type="button" className="btn" onClick={() => setStep({ kind: 'list' })} disabled={busy}>
              取消
            </button>
            <button type="button" className="btn btn-primary" onClick={() => void restore(step.file, step.label)} disabled={busy}>
              {busy ? '正在恢复…' : '确定恢复'}
            </button>
          </>
        }
      >
        <p className="dialog-message">
          将用 <b>{step.label}</b> 替换数据库文件：
        </p>
        <p className="mono path-box">{path}</p>
        <p className="dialog-message">损坏的文件不会删除：恢复前会先把它另存一份在同一文件夹，需要时可交技术人员处理。备份之后录入的数据需要重新录入。</p>
      </Modal>
    );
  }

  return (
    <Modal
      title="从备份恢复损坏的数据库"
      wide
      onEscape={busy ? undefined : props.onCancel}
      actions={
        <button type="button" className="btn" onClick={props.onCancel} disabled={busy}>
          取消
        </button>
      }
    >
      <p className="dialog-message">
        数据库 <span className="mono">{path}</span> 已损坏。请选择一个备份恢复（通常选最近的一个）：
      </p>
      {backups === null ? (
        <p className="muted">正在查找备份…</p>
      ) : backups.length === 0 ? (
        <p className="muted">没有找到这个数据库的自动备份。</p>
      ) : (
        <BackupTable backups={backups} label="可用的备份" actionLabel="恢复此备份" disabled={busy} onChoose={(b) => setStep({ kind: 'confirm', file: b.file, label: describeBackup(b) })} />
      )}
      <div className="field other-backup">
        <label htmlFor="dmg-other">或使用其他备份文件（如U盘上的手动备份，需连同其 .key 文件）</label>
        <div className="path-row">
          <input id="dmg-other" type="text" value={otherFile} onChange={(e) => setOtherFile(e.target.value)} placeholder="例如 E:\台账备份\台账.fupin" spellCheck={false} disabled={busy} />
          <button type="button" className="btn" disabled={busy || otherFile.trim() === ''} onClick={() => setStep({ kind: 'confirm', file: otherFile.trim(), label: `备份文件 ${otherFile.trim()}` })}>
            使用此文件…
          </button>
        </div>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}
