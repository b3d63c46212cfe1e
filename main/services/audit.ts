// The audit log: one row per write, in the write's own transaction, each hash covering the
// previous one so that editing or removing any row is detectable from that row on.
import { createHash } from 'node:crypto';
import type { Store } from '../db/store';
import type { Selectable } from 'kysely';
import type { AuditLogTable, AuditedTable } from '../db/schema';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  action: AuditLogTable['action'];
  table: AuditedTable;
  rowId: string;
  before: object | null;
  after: object | null;
}

/** JSON with keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

type HashedFields = Pick<AuditLogTable, 'at' | 'actor' | 'action' | 'tableName' | 'rowId' | 'beforeJson' | 'afterJson' | 'prevHash'>;

export function auditHash(row: HashedFields): string {
  const text = canonicalJson([row.prevHash, row.at, row.actor, row.action, row.tableName, row.rowId, row.beforeJson, row.afterJson]);
  return createHash('sha256').update(text).digest('hex');
}

export function lastAuditHash(store: Store): string {
  const row = store.shaped('audit:last', () => store.q.selectFrom('auditLog').select('hash').orderBy('seq', 'desc').limit(1)).get(1) as { hash: string } | undefined;
  return row?.hash ?? GENESIS_HASH;
}

export function recordAudit(store: Store, actor: string, e: AuditEntry, at = new Date().toISOString()): void {
  const fields: HashedFields = {
    at,
    actor,
    action: e.action,
    tableName: e.table,
    rowId: e.rowId,
    beforeJson: e.before ? canonicalJson(e.before) : null,
    afterJson: e.after ? canonicalJson(e.after) : null,
    prevHash: lastAuditHash(store),
  };
  const row = { ...fields, hash: auditHash(fields) };
  store.shaped('audit:insert', () => store.q.insertInto('auditLog').values(row)).run(row.at, row.actor, row.action, row.tableName, row.rowId, row.beforeJson, row.afterJson, row.prevHash, row.hash);
}

export type ChainCheck = { ok: true; rows: number } | { ok: false; rows: number; brokenAt: number; reason: string };

/** Walks the whole chain; reports the first row whose link or content does not match. */
export function verifyAuditChain(store: Store): ChainCheck {
  let prev = GENESIS_HASH;
  let rows = 0;
  let lastSeq = 0;
  const stmt = store.sqlite.prepare('SELECT * FROM auditLog ORDER BY seq');
  for (const raw of stmt.iterate()) {
    const row = raw as Selectable<AuditLogTable>;
    rows++;
    if (row.seq !== lastSeq + 1) return { ok: false, rows, brokenAt: row.seq, reason: `第 ${lastSeq + 1} 条审计记录缺失` };
    if (row.prevHash !== prev) return { ok: false, rows, brokenAt: row.seq, reason: `第 ${row.seq} 条审计记录与上一条不相连` };
    if (auditHash(row) !== row.hash) return { ok: false, rows, brokenAt: row.seq, reason: `第 ${row.seq} 条审计记录的内容被改动` };
    prev = row.hash;
    lastSeq = row.seq;
  }
  return { ok: true, rows };
}
