// A list of backups, newest first: when, what kind, how many households and people, size, and a
// button per row. A backup main could not read shows why and cannot be chosen.
import '../../components/tables.css';
import type { BackupEntry } from '../../../shared/contract';
import { formatDateTime, formatSize, REASON_LABELS } from '../../components/format';

export function describeBackup(b: BackupEntry): string {
  const counts = b.households === null ? '' : `，${b.households} 户 / ${b.people ?? 0} 人`;
  return `${formatDateTime(b.createdAt)} 的${REASON_LABELS[b.reason]}${counts}`;
}

export function BackupTable(props: { backups: BackupEntry[]; actionLabel: string; onChoose: (b: BackupEntry) => void; disabled?: boolean; label: string }) {
  return (
    <table className="backup-table" aria-label={props.label}>
      <thead>
        <tr>
          <th>备份时间</th>
          <th>类型</th>
          <th className="num">户数 / 人数</th>
          <th className="num">大小</th>
          <th aria-label="操作" />
        </tr>
      </thead>
      <tbody>
        {props.backups.map((b) => (
          <tr key={b.file} title={b.file}>
            <td className="nowrap">{formatDateTime(b.createdAt)}</td>
            <td className="nowrap">{REASON_LABELS[b.reason]}</td>
            {b.problem ? (
              <td className="backup-problem" colSpan={2}>
                {b.problem}
              </td>
            ) : (
              <>
                <td className="num">
                  {b.households} 户 / {b.people} 人
                </td>
                <td className="num nowrap">{formatSize(b.size)}</td>
              </>
            )}
            <td className="row-action">
              <button type="button" className="btn btn-small" onClick={() => props.onChoose(b)} disabled={props.disabled || b.problem !== null} aria-label={`${props.actionLabel}：${describeBackup(b)}`}>
                {props.actionLabel}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
