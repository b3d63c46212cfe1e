// Writes the import's reconciled households in the caller's transaction, through the audited
// write helpers: an insert through the import batch's one entry (the row names its batch; see
// db/audit.ts), an update with an entry of the fields that changed, an unchanged row not at all.
// Every key a row needs is at hand: a new village's from reconciling, a new household's from its
// insert, so nothing is looked up again while writing.
import type { Insertable } from 'kysely';
import type { HouseholdsTable, IncomesTable, MembersTable } from '../../db/schema';
import { insertRow, updateRow, type Writer } from '../../db/write';
import type { HouseholdChange, NewVillage } from './reconcile';

export function insertVillage(w: Writer, v: NewVillage): void {
  insertRow(w, 'villages', { id: v.id, code: v.code, name: v.name, town: v.town, countyCode: v.countyCode, plannedExitYear: null, exitedYear: null });
}

/** One household, its members and its income; a village it creates must already be written. */
export function applyHousehold(w: Writer, h: HouseholdChange): void {
  let householdId = h.existingId;
  if (!householdId) {
    householdId = insertRow(w, 'households', { ...(h.patch as unknown as Insertable<HouseholdsTable>), hhCode: h.file.hhCode }).id;
  } else if (Object.keys(h.patch).length > 0) {
    updateRow(w, 'households', householdId, h.patch, '贫困户');
  }
  // A household changing its 户主 must drop the old one first: the database allows only one.
  const ordered = [...h.members.filter((m) => m.leavesHead), ...h.members.filter((m) => !m.leavesHead && m.existingId), ...h.members.filter((m) => !m.existingId)];
  for (const m of ordered) {
    if (!m.existingId) insertRow(w, 'members', { ...(m.patch as unknown as Insertable<MembersTable>), householdId });
    else if (Object.keys(m.patch).length > 0) updateRow(w, 'members', m.existingId, m.patch, '成员');
  }
  if (h.income) {
    if (!h.income.existingId) insertRow(w, 'incomes', { ...(h.income.patch as unknown as Insertable<IncomesTable>), householdId, year: h.income.year });
    else if (Object.keys(h.income.patch).length > 0) updateRow(w, 'incomes', h.income.existingId, h.income.patch, '收入记录');
  }
}
