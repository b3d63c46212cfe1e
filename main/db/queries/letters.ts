// What the responsibility letters (责任状) and the 公示 roster read: the parties of each level
// (units with the team and village they serve, teams with their lead unit, cadres with their team),
// the members of each team, and each cadre's paired households counted by planned year. The
// village's counts per planned year are the battle map's (queries/battle.ts householdGroups), not
// counted again here.
import type { Store } from '../store';

/** A unit and one team it serves (null team: it serves none). */
export interface LetterUnitRow {
  unitId: string;
  unitName: string;
  headName: string | null;
  teamId: string | null;
  teamName: string | null;
  villageId: string | null;
  villageName: string | null;
  town: string | null;
  villagePlannedExitYear: number | null;
}

export interface LetterTeamRow {
  teamId: string;
  teamName: string;
  villageId: string;
  villageName: string;
  town: string;
  villagePlannedExitYear: number | null;
  leadUnitId: string;
  leadUnitName: string;
  leadUnitHead: string | null;
}

export interface LetterCadreRow {
  cadreId: string;
  name: string;
  role: string;
  title: string | null;
  phone: string | null;
  /** The duty the clerk wrote for the cadre (schema 11); null: not filled in. */
  duty: string | null;
  unitId: string;
  unitName: string;
  teamId: string | null;
}

/** A cadre's paired households with one planned year, and their people. */
export interface PairedGroup {
  cadreId: string;
  plannedExitYear: number | null;
  households: number;
  people: number;
}

export interface LetterQueries {
  /** One row per unit and team it serves, by village code, lead unit first, then by name; units without a team last. */
  units(): LetterUnitRow[];
  /** Every team, by village code. */
  teams(): LetterTeamRow[];
  /** Units by team (the lead unit and the member units). */
  teamUnits(): { teamId: string; unitId: string }[];
  /** Every cadre, by team's village code, role and name. */
  cadres(): LetterCadreRow[];
  /** Each cadre's paired households counted by planned exit year. */
  pairedGroups(): PairedGroup[];
}

export function sqliteLetterQueries(store: Store): LetterQueries {
  return {
    units() {
      return store.sqlite
        .prepare(
          `SELECT u.id AS unitId, u.name AS unitName, u.headName, t.id AS teamId, t.name AS teamName,
                  v.id AS villageId, v.name AS villageName, v.town, v.plannedExitYear AS villagePlannedExitYear
           FROM units u LEFT JOIN teamUnits tu ON tu.unitId = u.id LEFT JOIN teams t ON t.id = tu.teamId
           LEFT JOIN villages v ON v.id = t.villageId
           ORDER BY v.code IS NULL, v.code, (t.leadUnitId = u.id) DESC, u.name`,
        )
        .all() as LetterUnitRow[];
    },
    teams() {
      return store.sqlite
        .prepare(
          `SELECT t.id AS teamId, t.name AS teamName, v.id AS villageId, v.name AS villageName, v.town,
                  v.plannedExitYear AS villagePlannedExitYear, u.id AS leadUnitId, u.name AS leadUnitName, u.headName AS leadUnitHead
           FROM teams t JOIN villages v ON v.id = t.villageId JOIN units u ON u.id = t.leadUnitId
           ORDER BY v.code, t.name`,
        )
        .all() as LetterTeamRow[];
    },
    teamUnits() {
      return store.sqlite.prepare('SELECT teamId, unitId FROM teamUnits').all() as { teamId: string; unitId: string }[];
    },
    cadres() {
      return store.sqlite
        .prepare(
          `SELECT c.id AS cadreId, c.name, c.role, c.title, c.phone, c.duty, c.unitId, u.name AS unitName, c.teamId
           FROM cadres c JOIN units u ON u.id = c.unitId LEFT JOIN teams t ON t.id = c.teamId LEFT JOIN villages v ON v.id = t.villageId
           ORDER BY v.code IS NULL, v.code,
                    CASE c.role WHEN '工作队队长' THEN 0 WHEN '第一书记' THEN 1 WHEN '队员' THEN 2 ELSE 3 END, c.name`,
        )
        .all() as LetterCadreRow[];
    },
    pairedGroups() {
      return store.sqlite
        .prepare(
          `SELECT p.cadreId, f.plannedExitYear, count(*) AS households, coalesce(sum(f.size), 0) AS people
           FROM pairings p JOIN householdFacts f ON f.householdId = p.householdId
           GROUP BY p.cadreId, f.plannedExitYear`,
        )
        .all() as PairedGroup[];
    },
  };
}
