// Villages, units, work teams and cadres as the grids show them, counted in SQL.
import type { CadreRow, TeamRow, UnitRow, VillageRow } from '../../../shared/contract';
import type { Store } from '../store';
import { IN_EXITED_STATUSES } from './registry';

export interface VillageName {
  id: string;
  name: string;
}

export interface OrganisationQueries {
  /** By village code, with team, lead unit and household, people and exited-household counts. */
  villages(): VillageRow[];
  /** One row per unit and team it serves, by village code, lead unit first, then by name. */
  units(): UnitRow[];
  /** By village code, with member units, first secretary and counts. */
  teams(): TeamRow[];
  /** By village code, role and name, with the number of households each is paired with. */
  cadres(): CadreRow[];
  /** Every village's name by id, in no particular order. */
  villageNames(): VillageName[];
}

export function sqliteOrganisationQueries(store: Store): OrganisationQueries {
  // Correlated count subqueries read more plainly as SQL text than as Kysely builders.
  return {
    villages() {
      return store.sqlite
        .prepare(
          `SELECT v.id, v.code, v.name, v.town, v.plannedExitYear, v.exitedOn, t.name AS teamName, u.name AS leadUnitName,
                  (SELECT count(*) FROM households h WHERE h.villageId = v.id) AS households,
                  (SELECT count(*) FROM members m JOIN households h ON h.id = m.householdId WHERE h.villageId = v.id) AS people,
                  (SELECT count(*) FROM households h WHERE h.villageId = v.id AND h.exitStatus ${IN_EXITED_STATUSES}) AS exitedHouseholds
           FROM villages v LEFT JOIN teams t ON t.villageId = v.id LEFT JOIN units u ON u.id = t.leadUnitId
           ORDER BY v.code`,
        )
        .all() as VillageRow[];
    },

    units() {
      const rows = store.sqlite
        .prepare(
          `SELECT u.id, u.name, u.kind, u.headName, t.name AS teamName, v.name AS villageName,
                  (t.leadUnitId = u.id) AS isLead,
                  (SELECT count(*) FROM cadres c WHERE c.unitId = u.id) AS cadres
           FROM units u LEFT JOIN teamUnits tu ON tu.unitId = u.id LEFT JOIN teams t ON t.id = tu.teamId
           LEFT JOIN villages v ON v.id = t.villageId
           ORDER BY v.code, isLead DESC, u.name`,
        )
        .all() as (Omit<UnitRow, 'isLead'> & { isLead: number | null })[];
      // SQLite has no boolean: a comparison comes back as 1, 0 or null (no team).
      return rows.map((r) => ({ ...r, isLead: r.isLead === 1 }));
    },

    teams() {
      return store.sqlite
        .prepare(
          `SELECT t.id, t.name, v.name AS villageName, lu.name AS leadUnitName,
                  (SELECT group_concat(u.name, '、') FROM teamUnits tu JOIN units u ON u.id = tu.unitId WHERE tu.teamId = t.id) AS unitNames,
                  (SELECT count(*) FROM teamUnits tu WHERE tu.teamId = t.id) AS unitCount,
                  (SELECT c.name FROM cadres c WHERE c.teamId = t.id AND c.role = '第一书记' LIMIT 1) AS firstSecretary,
                  (SELECT count(*) FROM cadres c WHERE c.teamId = t.id) AS cadres,
                  (SELECT count(*) FROM households h WHERE h.villageId = t.villageId) AS households
           FROM teams t JOIN villages v ON v.id = t.villageId JOIN units lu ON lu.id = t.leadUnitId
           ORDER BY v.code`,
        )
        .all() as TeamRow[];
    },

    cadres() {
      return store.sqlite
        .prepare(
          `SELECT c.id, c.name, c.role, c.phone, u.name AS unitName, t.name AS teamName,
                  (SELECT count(*) FROM pairings p WHERE p.cadreId = c.id) AS households
           FROM cadres c JOIN units u ON u.id = c.unitId LEFT JOIN teams t ON t.id = c.teamId
           LEFT JOIN villages v ON v.id = t.villageId
           ORDER BY v.code, c.role, c.name`,
        )
        .all() as CadreRow[];
    },

    villageNames() {
      return store.all(store.kysely.selectFrom('villages').select(['id', 'name']));
    },
  };
}
