// Which rows a range of audit entries touched, so that a window refreshes just those rows after a
// data.changed event instead of refetching whole lists. Ids only: no personal data.
import type { ChangedRows } from '../../shared/contract';
import { queriesFor } from '../db/queries';
import type { Store } from '../db/store';

/** Beyond this many audit entries (an import) a view reloads whole: cheaper than listing. */
export const CHANGE_LIST_LIMIT = 5000;

function householdIdIn(json: string | null): string | null {
  if (!json) return null;
  const v = (JSON.parse(json) as { householdId?: unknown }).householdId;
  return typeof v === 'string' ? v : null;
}

export function changedRows(store: Store, fromSeq: number, toSeq: number): ChangedRows {
  const empty = (): ChangedRows => ({ truncated: false, households: { changed: [], removed: [] }, members: { changed: [], removed: [] } });
  if (toSeq - fromSeq + 1 > CHANGE_LIST_LIMIT) return { ...empty(), truncated: true };
  const audit = queriesFor(store).auditReads;
  const touches = audit.touchesBetween(fromSeq, toSeq);

  // The last action on each row decides: removed, or changed (inserted or updated).
  const households = new Map<string, boolean>();
  const members = new Map<string, boolean>();
  /** Households whose derived columns (size, 户主, 帮扶责任人) a member or pairing change moved. */
  const touchedHouseholds = new Set<string>();
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
