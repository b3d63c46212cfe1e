// What this copy of a database file has been through, kept beside it in `<db>.health`: whether the
// app that last opened it closed it cleanly, and when SQLite's checks of it last passed. It decides
// whether opening must check the whole file first (db/open.ts) or may leave the check to a
// background thread (services/integrity.ts).
//
// A sidecar, not a row in the database: it must be readable before the file is decrypted, it
// describes this copy on this disk (a backup or a copy on another PC has its own history), and
// recording it must not be a write to the database (every open would otherwise add an audit entry,
// change the file the automatic backups watch, and write before the refusals have all run).
//
// The file is rewritten in place and synced: a torn or missing record reads as "unknown", and an
// unknown history is checked before opening — the safe side.
import fs from 'node:fs';

export type CheckKind = 'quick_check' | 'integrity_check';

export interface HealthRecord {
  /** Set when the app opens the file; cleared by the Store's clean close. Still set: it was killed. */
  open: boolean;
  /**
   * Bytes of `-wal` that stayed after the clean close. A background check still reading when the
   * app closed keeps the WAL (a read-only connection does not checkpoint): that one is not a crash's.
   */
  walBytesAtClose: number;
  /** When a quick_check of this file last passed (ISO). */
  quickCheckPassedAt: string | null;
  /** When the full integrity_check last passed (ISO); it runs weekly. */
  integrityCheckPassedAt: string | null;
  /** What the last check found, until a check passes again. */
  damage: { kind: CheckKind; at: string; problems: string[] } | null;
}

export function healthPath(dbPath: string): string {
  return `${dbPath}.health`;
}

export function walBytes(dbPath: string): number {
  try {
    return fs.statSync(`${dbPath}-wal`).size;
  } catch {
    return 0;
  }
}

function isRecord(v: unknown): v is HealthRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.open === 'boolean' && typeof r.walBytesAtClose === 'number';
}

/** The record, or null when there is none or it cannot be read (treated as an unknown history). */
export function readHealth(dbPath: string): HealthRecord | null {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(healthPath(dbPath), 'utf8'));
    if (!isRecord(parsed)) return null;
    return { ...emptyHealth(), ...parsed };
  } catch {
    return null;
  }
}

/**
 * Writes and syncs the record. A failure is logged, never thrown: the database itself is fine, and
 * at worst the next open checks the whole file before opening.
 */
export function writeHealth(dbPath: string, record: HealthRecord): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(healthPath(dbPath), 'w');
    fs.writeSync(fd, JSON.stringify(record));
    fs.fsyncSync(fd);
  } catch (e) {
    console.error('[health] the record beside the database could not be written', dbPath, e);
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

export function updateHealth(dbPath: string, change: (r: HealthRecord) => HealthRecord): HealthRecord {
  const next = change(readHealth(dbPath) ?? emptyHealth());
  writeHealth(dbPath, next);
  return next;
}

export function emptyHealth(): HealthRecord {
  return { open: false, walBytesAtClose: 0, quickCheckPassedAt: null, integrityCheckPassedAt: null, damage: null };
}

/** A restored or replaced file starts with no history: its next open checks it first. */
export function forgetHealth(dbPath: string): void {
  fs.rmSync(healthPath(dbPath), { force: true });
}

/** Why the file must be checked before it opens, or null when it was closed cleanly and is not known to be damaged. */
export type CheckBeforeOpenReason = 'no-record' | 'unclean-close' | 'hot-wal' | 'damage-found';

export function checkBeforeOpenReason(dbPath: string, record = readHealth(dbPath)): CheckBeforeOpenReason | null {
  if (!record) return 'no-record';
  if (record.damage) return 'damage-found';
  if (record.open) return 'unclean-close';
  // A WAL the last clean close did not leave: another writer was killed, or the record is stale.
  const wal = walBytes(dbPath);
  if (wal > 0 && wal !== record.walBytesAtClose) return 'hot-wal';
  return null;
}

/** SQLite's answer as lines: [] when the file is sound, else its first findings (at most 20). */
export function checkProblems(run: () => unknown[]): string[] {
  let rows: unknown[];
  try {
    rows = run();
  } catch (e) {
    // A page that fails to decrypt or parse stops the check itself: that is damage too.
    const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return [`${code}: ${(e as Error).message}`];
    throw e;
  }
  const lines = rows.map((r) => String(typeof r === 'object' && r !== null ? Object.values(r)[0] : r));
  return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
}

