// 修改记录: a household's or a member's history from the audit log, newest first — who, when,
// what, and the value before and after, as main words them (code names, 是/否, yuan). A record an
// import created says so, with the file, the time and the clerk of that import.
import { useEffect, useRef, useState } from 'react';
import type { HistoryEntry } from '../../shared/contract';
import { call, errorMessage } from '../api';
import './tables.css';

export interface HistoryTarget {
  table: 'households' | 'members';
  id: string;
  /** what the clerk sees as the record's name, e.g. 户编号 … 户主 … */
  title: string;
}

const ACTIONS: Record<HistoryEntry['action'], string> = { insert: '新增', update: '修改', delete: '删除' };

export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** 由导入新建：<文件名>，<时间>，<操作员> for a record an import created; null for any other line. */
export function importedLine(entry: HistoryEntry): string | null {
  return entry.importedFrom === undefined ? null : `由导入新建：${entry.importedFrom}，${formatTime(entry.at)}，${entry.actor}`;
}

function Change({ entry }: { entry: HistoryEntry }) {
  const imported = importedLine(entry);
  if (imported !== null) {
    return (
      <span>
        {entry.after}
        <span className="history-origin">{imported}</span>
      </span>
    );
  }
  if (entry.action === 'insert') return <span>{entry.after}</span>;
  if (entry.action === 'delete') return <del>{entry.before}</del>;
  return (
    <span className="history-change">
      <span className="history-before">{entry.before === '' ? '（空）' : entry.before}</span>
      <span className="history-arrow" aria-label="改为">
        {' → '}
      </span>
      <span className="history-after">{entry.after === '' ? '（空）' : entry.after}</span>
    </span>
  );
}

export function HistoryPanel({ target, onClose }: { target: HistoryTarget; onClose: () => void }) {
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let current = true;
    call('history.get', { table: target.table, id: target.id })
      .then((list) => current && setEntries([...list].reverse()))
      .catch((e: unknown) => current && setError(errorMessage(e)));
    return () => {
      current = false;
    };
  }, [target.table, target.id]);

  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onCloseRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="modal-backdrop">
      <div className="dialog history-dialog" role="dialog" aria-modal="true" aria-label="修改记录">
        <h2 className="dialog-title">修改记录</h2>
        <div className="dialog-body">
          <p className="dialog-context">{target.title}</p>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          {!error && entries === null && <p className="muted">正在读取…</p>}
          {entries && entries.length === 0 && <p className="muted">没有修改记录。</p>}
          {entries && entries.length > 0 && (
            <div className="history-scroll">
              <table className="data-table history-table" aria-label="修改记录列表">
                <thead>
                  <tr>
                    <th>时间</th>
                    <th>操作人</th>
                    <th>操作</th>
                    <th>字段</th>
                    <th>原值 → 新值</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e, i) => (
                    <tr key={`${e.seq}-${e.field}-${i}`}>
                      <td className="nowrap mono">{formatTime(e.at)}</td>
                      <td className="nowrap">{e.actor}</td>
                      <td className={`nowrap action-${e.action}`}>{ACTIONS[e.action]}</td>
                      <td>{e.fieldLabel}</td>
                      <td>
                        <Change entry={e} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {entries && entries.length > 0 && <p className="field-hint">共 {entries.length} 条，最新的在上面。</p>}
        </div>
        <div className="dialog-actions">
          <button ref={closeRef} type="button" className="btn" onClick={onClose}>
            关闭
          </button>
        </div>
      </div>
    </div>
  );
}
