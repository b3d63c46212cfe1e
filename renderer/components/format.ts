// How backups and files are shown to a clerk: dates, sizes, the Chinese name of each kind of backup.
import type { BackupReason } from '../../shared/contract';

export const REASON_LABELS: Record<BackupReason, string> = {
  auto: '自动备份',
  close: '关闭时备份',
  manual: '手动备份',
  'before-restore': '恢复前备份',
  'before-migration': '升级前备份',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** 2016-03-21 14:05:09, in the PC's local time. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** 2016年3月21日 */
export function formatDateCn(d: Date): string {
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The key file main writes beside a database or backup (main/db/keys.ts keyFilePath). Named here
 * only to tell the clerk which second file to keep with the first.
 */
export function keyFileOf(dbPath: string): string {
  return `${dbPath}.key`;
}

/** A minutes field as typed; anything that is not a number goes to main as NaN and main explains. */
export function parseMinutes(text: string): number {
  // An empty field is not 0: main's validation then answers with its own message.
  return text.trim() === '' ? Number.NaN : Number(text.trim());
}
