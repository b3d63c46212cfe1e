// What the exit plan reads: each household's planned year, size and village; the facts its
// difficulty is scored from (category, that year's incomes, members' labour and health); each
// village's planned and actual years. Aggregated in SQL, one row per household or village.
import type { IncomeComponents } from '../../../shared/domain/income';
import type { Store } from '../store';

export interface PlanHouseholdRow {
  id: string;
  code: string;
  villageId: string;
  category: string;
  exitStatus: string;
  plannedExitYear: number | null;
  /** The day it was struck off (销号), while exited. */
  exitedOn: string | null;
  size: number;
}

export interface PlanVillageRow {
  id: string;
  code: string;
  name: string;
  plannedExitYear: number | null;
  exitedYear: number | null;
}

/** A household's incomes of one year: the components and the declared per-capita figure (fen). */
export type IncomeRow = IncomeComponents & { householdId: string; declaredPerCapita: number | null };

/** How many of a household's members have one labour skill and one health status. */
export interface MemberTraitCount {
  householdId: string;
  laborSkill: string | null;
  health: string | null;
  count: number;
}

export interface PlanningQueries {
  /** Every household, by village and 户编号. */
  households(): PlanHouseholdRow[];
  /** Every village, by code. */
  villages(): PlanVillageRow[];
  /** The incomes rows of one year. */
  incomesOfYear(year: number): IncomeRow[];
  /** Members counted by household, labour skill and health. */
  memberTraits(): MemberTraitCount[];
  /** Each household's 户主 name, where it has one. */
  headNames(): { householdId: string; headName: string }[];
}

export function sqlitePlanningQueries(store: Store): PlanningQueries {
  return {
    households() {
      return store.sqlite
        .prepare(
          `SELECT h.id, h.hhCode AS code, h.villageId, h.category, h.exitStatus, h.plannedExitYear, h.exitedOn, coalesce(f.size, 0) AS size
           FROM households h LEFT JOIN householdFacts f ON f.householdId = h.id
           ORDER BY h.villageId, h.hhCode`,
        )
        .all() as PlanHouseholdRow[];
    },
    villages() {
      return store.sqlite.prepare('SELECT id, code, name, plannedExitYear, exitedYear FROM villages ORDER BY code').all() as PlanVillageRow[];
    },
    incomesOfYear(year) {
      return store.sqlite
        .prepare(
          `SELECT householdId, wage, business, propertyDividend, propertyOther, transferFamilyPlanning, transferDibao, transferWubao,
                  transferPension, transferEco, transferOther, businessCost, declaredPerCapita
           FROM incomes WHERE year = ?`,
        )
        .all(year) as IncomeRow[];
    },
    memberTraits() {
      return store.sqlite
        .prepare('SELECT householdId, laborSkill, health, count(*) AS count FROM members GROUP BY householdId, laborSkill, health')
        .all() as MemberTraitCount[];
    },
    headNames() {
      return store.sqlite.prepare('SELECT householdId, headName FROM householdFacts WHERE headName IS NOT NULL').all() as { householdId: string; headName: string }[];
    },
  };
}
