// Villages, units, work teams, cadres and pairings as the grids show them, counted in SQL; and
// what the organisation's rules (shared/domain/org.ts, main/services/org.ts) read to decide.
import type { CadreRow, PairingRow, TeamRow, UnitRow, VillageRow } from '../../../shared/contract';
import { FIRST_SECRETARY, type CadreInTeam, type TeamPlace, type UnitReferences } from '../../../shared/domain/org';
import { HEAD_RELATION } from '../../../shared/domain/household';
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
  /** A team's name and the village it is stationed in; undefined when there is no such team. */
  teamPlace(teamId: string): TeamPlace | undefined;
  /** The cadres serving in a team. */
  teamCadres(teamId: string): CadreInTeam[];
  /** The team a unit dispatches to, if any. */
  unitTeam(unitId: string): { teamId: string; teamName: string } | undefined;
  /** Everything that still refers to a unit. */
  unitReferences(unitId: string): UnitReferences;
  /** The team stationed in a village (one at most). */
  teamOfVillage(villageId: string): { id: string; name: string } | undefined;
  /** The ids of the pairings with the cadre. */
  pairingIdsOfCadre(cadreId: string): string[];
  /** The unit's cadres serving in the team. */
  unitCadresInTeam(unitId: string, teamId: string): number;
  /** The households of the team's village with their helpers, by 户编号. */
  pairingsOfVillage(villageId: string): PairingRow[];
  /** The households by id with their village and pairing (absent ids are left out). */
  householdsForPairing(ids: readonly string[]): { id: string; hhCode: string; villageId: string; villageName: string; pairingId: string | null; cadreId: string | null }[];
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
          `SELECT u.id, u.name, u.kind, u.headName, u.phone, t.id AS teamId, t.name AS teamName, v.name AS villageName,
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
          `SELECT t.id, t.name, t.villageId, v.name AS villageName, t.leadUnitId, lu.name AS leadUnitName,
                  (SELECT group_concat(u.name, '、') FROM teamUnits tu JOIN units u ON u.id = tu.unitId WHERE tu.teamId = t.id) AS unitNames,
                  (SELECT count(*) FROM teamUnits tu WHERE tu.teamId = t.id) AS unitCount,
                  (SELECT c.id FROM cadres c WHERE c.teamId = t.id AND c.role = ? ORDER BY c.id LIMIT 1) AS firstSecretaryId,
                  (SELECT c.name FROM cadres c WHERE c.teamId = t.id AND c.role = ? ORDER BY c.id LIMIT 1) AS firstSecretary,
                  (SELECT count(*) FROM cadres c WHERE c.teamId = t.id) AS cadres,
                  (SELECT count(*) FROM households h WHERE h.villageId = t.villageId) AS households
           FROM teams t JOIN villages v ON v.id = t.villageId JOIN units lu ON lu.id = t.leadUnitId
           ORDER BY v.code`,
        )
        .all(FIRST_SECRETARY, FIRST_SECRETARY) as TeamRow[];
    },

    cadres() {
      return store.sqlite
        .prepare(
          `SELECT c.id, c.name, c.role, c.title, c.phone, c.duty, c.unitId, u.name AS unitName, c.teamId, t.name AS teamName, v.name AS villageName,
                  (SELECT count(*) FROM pairings p WHERE p.cadreId = c.id) AS households
           FROM cadres c JOIN units u ON u.id = c.unitId LEFT JOIN teams t ON t.id = c.teamId
           LEFT JOIN villages v ON v.id = t.villageId
           ORDER BY v.code IS NULL, v.code, c.role, c.name`,
        )
        .all() as CadreRow[];
    },

    villageNames() {
      return store.all(store.kysely.selectFrom('villages').select(['id', 'name']));
    },

    teamPlace(teamId) {
      return store.first(
        store.kysely.selectFrom('teams as t').innerJoin('villages as v', 'v.id', 't.villageId').select(['t.name', 't.villageId', 'v.name as villageName']).where('t.id', '=', teamId),
      );
    },

    teamCadres(teamId) {
      return store.all(store.kysely.selectFrom('cadres').select(['id', 'name', 'role', 'teamId']).where('teamId', '=', teamId));
    },

    unitTeam(unitId) {
      return store.first(
        store.kysely.selectFrom('teamUnits as tu').innerJoin('teams as t', 't.id', 'tu.teamId').select(['t.id as teamId', 't.name as teamName']).where('tu.unitId', '=', unitId),
      );
    },

    unitReferences(unitId) {
      const count = (sql: string, ...params: string[]) => store.sqlite.prepare(sql).pluck().get(...params) as number;
      const teamsLed = store.sqlite.prepare('SELECT name FROM teams WHERE leadUnitId = ? ORDER BY name').pluck().all(unitId) as string[];
      const member = store.sqlite.prepare('SELECT t.name FROM teamUnits tu JOIN teams t ON t.id = tu.teamId WHERE tu.unitId = ?').pluck().get(unitId) as string | undefined;
      const account = `unit:${unitId}`;
      return {
        teamsLed,
        // A lead unit is a member too; named once, as the lead.
        teamMember: member !== undefined && !teamsLed.includes(member) ? member : null,
        cadres: count('SELECT count(*) FROM cadres WHERE unitId = ?', unitId),
        pledges: count('SELECT count(*) FROM pledges WHERE unitId = ?', unitId),
        projects: count('SELECT count(*) FROM projects WHERE unitId = ?', unitId),
        ledgerEntries: count('SELECT count(*) FROM ledgerEntries WHERE fromAccount = ? OR toAccount = ?', account, account),
      };
    },

    teamOfVillage(villageId) {
      return store.first(store.kysely.selectFrom('teams').select(['id', 'name']).where('villageId', '=', villageId));
    },

    pairingIdsOfCadre(cadreId) {
      return store.sqlite.prepare('SELECT id FROM pairings WHERE cadreId = ? ORDER BY id').pluck().all(cadreId) as string[];
    },

    unitCadresInTeam(unitId, teamId) {
      return store.sqlite.prepare('SELECT count(*) FROM cadres WHERE unitId = ? AND teamId = ?').pluck().get(unitId, teamId) as number;
    },

    pairingsOfVillage(villageId) {
      const rows = store.sqlite
        .prepare(
          `SELECT h.id, h.hhCode, head.name AS headName, (SELECT count(*) FROM members m WHERE m.householdId = h.id) AS size,
                  h.category, h.exitStatus, (h.exitStatus ${IN_EXITED_STATUSES}) AS exited,
                  p.cadreId, c.name AS cadreName, c.teamId AS cadreTeamId
           FROM households h
           LEFT JOIN members head ON head.householdId = h.id AND head.relation = ?
           LEFT JOIN pairings p ON p.householdId = h.id
           LEFT JOIN cadres c ON c.id = p.cadreId
           WHERE h.villageId = ?
           ORDER BY h.hhCode`,
        )
        .all(HEAD_RELATION, villageId) as (Omit<PairingRow, 'poor'> & { exited: number })[];
      return rows.map(({ exited, ...r }) => ({ ...r, poor: exited !== 1 }));
    },

    householdsForPairing(ids) {
      if (ids.length === 0) return [];
      return store.all(
        store.kysely
          .selectFrom('households as h')
          .innerJoin('villages as v', 'v.id', 'h.villageId')
          .leftJoin('pairings as p', 'p.householdId', 'h.id')
          .select(['h.id', 'h.hhCode', 'h.villageId', 'v.name as villageName', 'p.id as pairingId', 'p.cadreId'])
          .where('h.id', 'in', ids)
          .orderBy('h.hhCode'),
      );
    },
  };
}
