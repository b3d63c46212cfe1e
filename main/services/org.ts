// Villages, units, work teams and cadres as the grids show them: aggregated by the database (see
// main/db/queries/organisation.ts). Villages are also added and edited here, each checked by the
// village rules of shared/domain/village.ts and audited through the write path.
import type { CadreRow, NewVillage, TeamRow, UnitRow, VillageRow } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { StoredValue } from '../../shared/validation';
import { checkVillageCode, registryCounty, villageNameProblem, type VillageFieldKey, type VillagePlace } from '../../shared/domain/village';
import { queriesFor } from '../db/queries';
import type { Store } from '../db/store';
import { getById, insertRow, updateRow, type Writer } from '../db/write';

export function listVillages(store: Store): VillageRow[] {
  return queriesFor(store).organisation.villages();
}

export function listUnits(store: Store): UnitRow[] {
  return queriesFor(store).organisation.units();
}

export function listTeams(store: Store): TeamRow[] {
  return queriesFor(store).organisation.teams();
}

export function listCadres(store: Store): CadreRow[] {
  return queriesFor(store).organisation.cadres();
}

/**
 * Every village as stored (with its county code), for the rules that compare a village with the
 * others. The one query that reads them so is the import's lookup; a county holds a few hundred.
 */
function storedVillages(store: Store): VillagePlace[] {
  return queriesFor(store).importing.lookups().villages();
}

/** The county the registry covers: its villages' county code; null while it has none. */
export function villageCounty(store: Store): { countyCode: string | null } {
  return { countyCode: registryCounty(storedVillages(store)) };
}

function villageRow(store: Store, id: string): VillageRow {
  const row = listVillages(store).find((v) => v.id === id);
  if (!row) throw new AppError('NOT_FOUND', '找不到该行政村，可能已被删除');
  return row;
}

function validCode(raw: string, villages: readonly VillagePlace[], selfId?: string): { code: string; countyCode: string } {
  const check = checkVillageCode(raw, villages, selfId);
  if (!check.ok) throw new AppError(check.takenBy ? 'CONFLICT' : 'VALIDATION', check.message, { field: 'code' });
  return { code: check.value, countyCode: check.countyCode };
}

function validName(name: string, villages: readonly VillagePlace[], selfId?: string): string {
  const problem = villageNameProblem(name, villages, selfId);
  if (problem) throw new AppError('CONFLICT', problem, { field: 'name' });
  return name;
}

export function createVillage(w: Writer, input: NewVillage): VillageRow {
  const id = w.store.tx(() => {
    const villages = storedVillages(w.store);
    const { code, countyCode } = validCode(input.code, villages);
    const name = validName(input.name, villages);
    return insertRow(w, 'villages', { code, countyCode, name, town: input.town, plannedExitYear: input.plannedExitYear, exitedYear: null }).id;
  });
  return villageRow(w.store, id);
}

/** One field of a village, its value already parsed by the field's rule (VILLAGE_FIELDS). */
export function updateVillage(w: Writer, edit: { id: string; field: string; value: StoredValue }): VillageRow {
  w.store.tx(() => {
    const village = getById(w, 'villages', edit.id, '行政村');
    const field = edit.field as VillageFieldKey;
    const text = String(edit.value ?? '');
    let patch: { code?: string; countyCode?: string; name?: string; town?: string; plannedExitYear?: number | null };
    switch (field) {
      case 'code':
        // Unchanged: nothing to check (an imported code need not follow today's rule).
        patch = text === village.code ? {} : validCode(text, storedVillages(w.store), village.id);
        break;
      case 'name':
        patch = { name: validName(text, storedVillages(w.store), village.id) };
        break;
      case 'town':
        patch = { town: text };
        break;
      case 'plannedExitYear':
        patch = { plannedExitYear: typeof edit.value === 'number' ? edit.value : null };
        break;
      default:
        throw new AppError('VALIDATION', '该列不能修改', { field: edit.field });
    }
    updateRow(w, 'villages', village.id, patch, '行政村');
  });
  return villageRow(w.store, edit.id);
}
