// What 销号 and 出列 read: a household's facts for its exit criteria (its incomes of a year, its
// living conditions, its members), a village's facts (its counts, its incomes of a year, the nine
// haves), and the history of exits, undoings and 返贫 of either.
import type { Selectable } from 'kysely';
import type { ExitEventsTable, HouseholdsTable, IncomesTable, VillagesTable, VillageYearsTable } from '../schema';
import type { Store } from '../store';
import { IN_EXITED_STATUSES } from './registry';

export type ExitHouseholdRow = Pick<HouseholdsTable, 'id' | 'hhCode' | 'villageId' | 'exitStatus' | 'plannedExitYear' | 'exitedOn'> & {
  drinkingSafe: number;
  drinkingDifficulty: number;
  dangerousHouse: number;
  size: number;
  headName: string | null;
  villageName: string;
  villageExitedOn: string | null;
};

export interface ExitMemberRow {
  name: string;
  birthDate: string;
  schoolStatus: string | null;
  medicalInsurance: number;
}

export type ExitVillageRow = Selectable<VillagesTable> & { households: number; exitedHouseholds: number };

export interface ExitQueries {
  household(id: string): ExitHouseholdRow | undefined;
  members(householdId: string): ExitMemberRow[];
  /** The household's incomes of the latest year up to `year`. */
  incomeUpTo(householdId: string, year: number): IncomesTable | undefined;
  /** With its households and those out of poverty on the day `on` (struck off by then, or exited without a recorded day). */
  village(id: string, on: string): ExitVillageRow | undefined;
  villageYear(villageId: string, year: number): VillageYearsTable | undefined;
  /** Oldest first. */
  events(of: { householdId: string } | { villageId: string }): ExitEventsTable[];
}

export function sqliteExitQueries(store: Store): ExitQueries {
  return {
    household(id) {
      return store.sqlite
        .prepare(
          `SELECT h.id, h.hhCode, h.villageId, h.exitStatus, h.plannedExitYear, h.exitedOn, h.drinkingSafe, h.drinkingDifficulty, h.dangerousHouse,
                  f.size, f.headName, v.name AS villageName, v.exitedOn AS villageExitedOn
           FROM households h JOIN householdFacts f ON f.householdId = h.id JOIN villages v ON v.id = h.villageId
           WHERE h.id = ?`,
        )
        .get(id) as ExitHouseholdRow | undefined;
    },
    members(householdId) {
      return store.sqlite
        .prepare(`SELECT name, birthDate, schoolStatus, medicalInsurance FROM members WHERE householdId = ? ORDER BY relation <> 'head', birthDate, id`)
        .all(householdId) as ExitMemberRow[];
    },
    incomeUpTo(householdId, year) {
      return store.sqlite.prepare('SELECT * FROM incomes WHERE householdId = ? AND year <= ? ORDER BY year DESC LIMIT 1').get(householdId, year) as IncomesTable | undefined;
    },
    village(id, on) {
      return store.sqlite
        .prepare(
          `SELECT v.*, (SELECT count(*) FROM households h WHERE h.villageId = v.id) AS households,
                  (SELECT count(*) FROM households h WHERE h.villageId = v.id AND h.exitStatus ${IN_EXITED_STATUSES}
                     AND (h.exitedOn IS NULL OR h.exitedOn <= ?)) AS exitedHouseholds
           FROM villages v WHERE v.id = ?`,
        )
        .get(on, id) as ExitVillageRow | undefined;
    },
    villageYear(villageId, year) {
      return store.sqlite.prepare('SELECT * FROM villageYears WHERE villageId = ? AND year = ?').get(villageId, year) as VillageYearsTable | undefined;
    },
    events(of) {
      const [column, id] = 'householdId' in of ? ['householdId', of.householdId] : ['villageId', of.villageId];
      return store.sqlite.prepare(`SELECT * FROM exitEvents WHERE ${column} = ? ORDER BY id`).all(id) as ExitEventsTable[];
    },
  };
}
