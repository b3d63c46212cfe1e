// Villages, units, work teams and cadres as the grids show them: aggregated by the database (see
// main/db/queries/organisation.ts).
import type { CadreRow, TeamRow, UnitRow, VillageRow } from '../../shared/contract';
import { queriesFor } from '../db/queries';
import type { Store } from '../db/store';

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
