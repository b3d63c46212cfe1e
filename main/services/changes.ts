// Which rows a range of audit entries touched, so that a window refreshes just those rows after a
// data.changed event instead of refetching whole lists. Ids only: no personal data. An import
// batch's one entry stands for every row it inserted (db/audit.ts): those are listed from the
// rows' importBatchId, by the key range the entry records, or, beyond the limit, the view reloads.
import type { ChangedRows } from '../../shared/contract';
import type { BatchContent } from '../db/audit';
import type { BatchAuditRow } from '../db/queries/auditReads';
import { queriesFor } from '../db/queries';
import type { Store } from '../db/store';

/** Beyond this many audit entries or batch rows (an import) a view reloads whole: cheaper than listing. */
export const CHANGE_LIST_LIMIT = 5000;

/** The household and member rows a batch entry inserted, as key ranges to list. */
function batchRanges(entry: BatchAuditRow): { table: 'households' | 'members'; batchId: string; rows: number; firstId: string; lastId: string }[] {
  const content = JSON.parse((JSON.parse(entry.afterJson) as { content: string }).content) as BatchContent;
  const out = [];
  for (const table of ['households', 'members'] as const) {
    const d = content[table]?.inserted;
    if (d?.firstId && d.lastId) out.push({ table, batchId: entry.rowId, rows: d.rows, firstId: d.firstId, lastId: d.lastId });
  }
  return out;
}

function householdIdIn(json: string | null): string | null {
  if (!json) return null;
  const v = (JSON.parse(json) as { householdId?: unknown }).householdId;
  return typeof v === 'string' ? v : null;
}

export function changedRows(store: Store, fromSeq: number, toSeq: number): ChangedRows {
  const empty = (): ChangedRows => ({ truncated: false, households: { changed: [], removed: [] }, members: { changed: [], removed: [] } });
  if (toSeq - fromSeq + 1 > CHANGE_LIST_LIMIT) return { ...empty(), truncated: true };
  const audit = queriesFor(store).auditReads;
  const ranges = audit.batchesBetween(fromSeq, toSeq).flatMap(batchRanges);
  if (ranges.reduce((n, r) => n + r.rows, toSeq - fromSeq + 1) > CHANGE_LIST_LIMIT) return { ...empty(), truncated: true };
  const touches = audit.touchesBetween(fromSeq, toSeq);

  // The last action on each row decides: removed, or changed (inserted or updated).
  const households = new Map<string, boolean>();
  const members = new Map<string, boolean>();
  /** Households whose derived columns (size, 户主, 帮扶责任人) a member or pairing change moved. */
  const touchedHouseholds = new Set<string>();
  // A batch's rows first: they did not exist before it, so any entry on them in range comes later.
  for (const r of ranges) {
    for (const row of audit.batchInsertedRows(r.table, r.batchId, r.firstId, r.lastId)) {
      if (r.table === 'households') households.set(row.id, false);
      else {
        members.set(row.id, false);
        if (row.householdId) touchedHouseholds.add(row.householdId);
      }
    }
  }
  const updatedMembers: string[] = [];
  const updatedPairings: string[] = [];
  for (const t of touches) {
    const removed = t.action === 'delete';
    if (t.tableName === 'households') {
      households.set(t.rowId, removed);
      continue;
    }
    if (t.tableName === 'members') members.set(t.rowId, removed);
    const owner = householdIdIn(t.afterJson) ?? householdIdIn(t.beforeJson);
    if (owner) touchedHouseholds.add(owner);
    else if (t.tableName === 'members') updatedMembers.push(t.rowId);
    else updatedPairings.push(t.rowId);
  }
  // An update's audit row holds only the changed fields: its household comes from the row itself.
  for (const [table, ids] of [['members', updatedMembers], ['pairings', updatedPairings]] as const) {
    if (ids.length === 0) continue;
    for (const h of audit.householdsOwning(table, ids)) touchedHouseholds.add(h);
  }
  for (const h of touchedHouseholds) if (!households.has(h)) households.set(h, false);

  const result = empty();
  for (const [id, removed] of households) (removed ? result.households.removed : result.households.changed).push(id);
  for (const [id, removed] of members) (removed ? result.members.removed : result.members.changed).push(id);
  return result;
}
