// Reads of the audit log: a record's history, and which rows a range of entries touched.
import type { AuditLogTable } from '../schema';
import type { Store } from '../store';

/** An audit entry as the history screen needs it. */
export interface HistoryAuditRow {
  seq: number;
  at: string;
  actor: string;
  action: AuditLogTable['action'];
  tableName: string;
  beforeJson: string | null;
  afterJson: string | null;
}

/** An audit entry as change listing needs it: which row, and the values that say its household. */
export interface AuditTouch {
  tableName: string;
  rowId: string;
  action: AuditLogTable['action'];
  beforeJson: string | null;
  afterJson: string | null;
}

/** Tables whose rows belong to one household through their householdId column. */
export type HouseholdOwnedTable = 'members' | 'pairings';

export interface AuditReadQueries {
  /**
   * A household's entries in seq order: its own, people and pairings joining or leaving it and
   * incomes added or removed (found by the householdId in the entry's values), and every entry of
   * its incomes.
   */
  householdHistory(householdId: string): HistoryAuditRow[];
  /** A member's own entries in seq order. */
  memberHistory(memberId: string): HistoryAuditRow[];
  /** Entries with fromSeq ≤ seq ≤ toSeq on households, members and pairings, in seq order. */
  touchesBetween(fromSeq: number, toSeq: number): AuditTouch[];
  /** The distinct households that own these rows (rows no longer there are skipped). */
  householdsOwning(table: HouseholdOwnedTable, ids: readonly string[]): string[];
  /** The newest entry's sequence number, 0 for an empty log: more than before means changes. */
  lastSeq(): number;
}

const HISTORY_COLUMNS = ['seq', 'at', 'actor', 'action', 'tableName', 'beforeJson', 'afterJson'] as const;

export function sqliteAuditReadQueries(store: Store): AuditReadQueries {
  return {
    householdHistory(householdId) {
      // json_extract reads the householdId inside the stored JSON text: SQLite's JSON functions.
      return store.sqlite
        .prepare(
          `SELECT seq, at, actor, action, tableName, beforeJson, afterJson FROM auditLog
           WHERE (tableName = 'households' AND rowId = ?)
              OR (tableName IN ('members', 'incomes', 'pairings') AND action <> 'update'
                  AND json_extract(coalesce(afterJson, beforeJson), '$.householdId') = ?)
              OR (tableName = 'incomes' AND rowId IN (SELECT id FROM incomes WHERE householdId = ?))
           ORDER BY seq`,
        )
        .all(householdId, householdId, householdId) as HistoryAuditRow[];
    },

    memberHistory(memberId) {
      return store.all(
        store.kysely
          .selectFrom('auditLog')
          .select(HISTORY_COLUMNS)
          .where('tableName', '=', 'members')
          .where('rowId', '=', memberId)
          .orderBy('seq'),
      );
    },

    touchesBetween(fromSeq, toSeq) {
      return store.all(
        store.kysely
          .selectFrom('auditLog')
          .select(['tableName', 'rowId', 'action', 'beforeJson', 'afterJson'])
          .where('seq', '>=', fromSeq)
          .where('seq', '<=', toSeq)
          .where('tableName', 'in', ['households', 'members', 'pairings'])
          .orderBy('seq'),
      );
    },

    householdsOwning(table, ids) {
      // The ids travel as one JSON array parameter (json_each) rather than one parameter each.
      return store.sqlite
        .prepare(`SELECT DISTINCT householdId FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`)
        .pluck()
        .all(JSON.stringify(ids)) as string[];
    },

    lastSeq() {
      const row = store.first(store.kysely.selectFrom('auditLog').select((eb) => eb.fn.max<number | null>('seq').as('seq')));
      return row?.seq ?? 0;
    },
  };
}
