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

/** An import batch's one audit entry (db/audit.ts): afterJson is its importBatches row. */
export interface BatchAuditRow {
  seq: number;
  at: string;
  actor: string;
  rowId: string;
  afterJson: string;
}

/** A row an import batch inserted, with the fields a history line names it by. */
export interface BatchOriginRow {
  tableName: 'households' | 'members' | 'incomes' | 'pairings' | 'exitEvents';
  id: string;
  importBatchId: string;
  hhCode: string | null;
  name: string | null;
  relation: string | null;
  idNumber: string | null;
  year: number | null;
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
  /** The entry of one import batch, by the batch's id. */
  batchEntry(batchId: string): BatchAuditRow | undefined;
  /** The import batches' entries with fromSeq ≤ seq ≤ toSeq, in seq order. */
  batchesBetween(fromSeq: number, toSeq: number): BatchAuditRow[];
  /**
   * The rows of a household or member table a batch inserted, found by key range (the batch's
   * first and last key) and batch: the primary key's index, no scan. householdId: a member's.
   */
  batchInsertedRows(table: 'households' | 'members', batchId: string, firstId: string, lastId: string): { id: string; householdId: string | null }[];
  /** The household itself, its members and its incomes, where an import batch inserted them. */
  batchOriginsOfHousehold(householdId: string): BatchOriginRow[];
  /** The member, where an import batch inserted it. */
  batchOriginOfMember(memberId: string): BatchOriginRow | undefined;
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
              OR (tableName IN ('members', 'incomes', 'pairings', 'exitEvents') AND action <> 'update'
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

    batchEntry(batchId) {
      return store.sqlite
        .prepare(`SELECT seq, at, actor, rowId, afterJson FROM auditLog WHERE tableName = 'importBatches' AND rowId = ? AND action = 'insert' ORDER BY seq LIMIT 1`)
        .get(batchId) as BatchAuditRow | undefined;
    },

    batchesBetween(fromSeq, toSeq) {
      return store.sqlite
        .prepare(`SELECT seq, at, actor, rowId, afterJson FROM auditLog WHERE seq >= ? AND seq <= ? AND tableName = 'importBatches' AND action = 'insert' ORDER BY seq`)
        .all(fromSeq, toSeq) as BatchAuditRow[];
    },

    batchInsertedRows(table, batchId, firstId, lastId) {
      const owner = table === 'members' ? 'householdId' : 'NULL AS householdId';
      return store.sqlite.prepare(`SELECT id, ${owner} FROM ${table} WHERE id >= ? AND id <= ? AND importBatchId = ? ORDER BY id`).all(firstId, lastId, batchId) as {
        id: string;
        householdId: string | null;
      }[];
    },

    batchOriginsOfHousehold(householdId) {
      return store.sqlite
        .prepare(
          `SELECT 'households' AS tableName, id, importBatchId, hhCode, NULL AS name, NULL AS relation, NULL AS idNumber, NULL AS year
             FROM households WHERE id = ? AND importBatchId IS NOT NULL
           UNION ALL
           SELECT 'members', id, importBatchId, NULL, name, relation, idNumber, NULL
             FROM members WHERE householdId = ? AND importBatchId IS NOT NULL
           UNION ALL
           SELECT 'incomes', id, importBatchId, NULL, NULL, NULL, NULL, year
             FROM incomes WHERE householdId = ? AND importBatchId IS NOT NULL`,
        )
        .all(householdId, householdId, householdId) as BatchOriginRow[];
    },

    batchOriginOfMember(memberId) {
      return store.sqlite
        .prepare(
          `SELECT 'members' AS tableName, id, importBatchId, NULL AS hhCode, name, relation, idNumber, NULL AS year
             FROM members WHERE id = ? AND importBatchId IS NOT NULL`,
        )
        .get(memberId) as BatchOriginRow | undefined;
    },

    lastSeq() {
      const row = store.first(store.kysely.selectFrom('auditLog').select((eb) => eb.fn.max<number | null>('seq').as('seq')));
      return row?.seq ?? 0;
    },
  };
}
