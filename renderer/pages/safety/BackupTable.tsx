// A list of backups, newest first: when, what kind, where it is kept, how many households and
// people, size, and a button per row. A backup main could not read shows why and cannot be chosen;
// a manual backup whose file cannot be reached now (removed, USB stick not plugged in) shows 不可用
// and why, and can be taken off the list.
import '../../components/tables.css';
import './safety.css';
import type { BackupEntry } from '../../../shared/contract';
import { formatDateTime, formatSize, REASON_LABELS } from '../../components/format';

export function describeBackup(b: BackupEntry): string {
  const counts = b.households === null ? '' : `，${b.households} 户 / ${b.people ?? 0} 人`;
  return `${formatDateTime(b.createdAt)} 的${REASON_LABELS[b.reason]}${counts}`;
}

/** The folder of a chosen file, as the clerk typed it (Windows paths keep their backslashes). */
function folderOf(file: string): string {
  const at = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return at <= 0 ? file : file.slice(0, at);
}

function Place({ b }: { b: BackupEntry }) {
  if (b.place === 'automatic') return <span className="muted">本机备份文件夹</span>;
  return <span className="mono backup-place">{folderOf(b.file)}</span>;
}

export function BackupTable(props: { backups: BackupEntry[]; actionLabel: string; onChoose: (b: BackupEntry) => void; onForget?: (b: BackupEntry) => void; disabled?: boolean; label: string }) {
  return (
    <table className="backup-table" aria-label={props.label}>
      <thead>
        <tr>
          <th>备份时间</th>
          <th>类型</th>
          <th>位置</th>
          <th className="num">户数 / 人数</th>
          <th className="num">大小</th>
          <th aria-label="操作" />
        </tr>
      </thead>
      <tbody>
        {props.backups.map((b) => (
          <tr key={b.file} title={b.file} className={b.unavailable ? 'backup-unavailable' : undefined}>
            <td className="nowrap">{formatDateTime(b.createdAt)}</td>
            <td className="nowrap">{REASON_LABELS[b.reason]}</td>
            <td className="backup-place-cell">
              <Place b={b} />
            </td>
            {b.unavailable ? (
              <td className="backup-problem" colSpan={2}>
                <b>不可用：</b>
                {b.unavailable}
              </td>
            ) : b.problem ? (
              <td className="backup-problem" colSpan={2}>
                {b.problem}
              </td>
            ) : (
              <>
                <td className="num nowrap">
                  {b.households} 户 / {b.people} 人
                </td>
                <td className="num nowrap">{b.size === null ? '' : formatSize(b.size)}</td>
              </>
            )}
            <td className="row-action">
              {b.unavailable && props.onForget ? (
                <button type="button" className="btn btn-small" onClick={() => props.onForget?.(b)} disabled={props.disabled} aria-label={`移出列表：${describeBackup(b)}`}>
                  移出列表
                </button>
              ) : (
                <button type="button" className="btn btn-small" onClick={() => props.onChoose(b)} disabled={props.disabled || b.problem !== null || b.unavailable !== null} aria-label={`${props.actionLabel}：${describeBackup(b)}`}>
                  {props.actionLabel}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
