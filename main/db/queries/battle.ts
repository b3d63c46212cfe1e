// What the battle map (挂图作战) and the wall display read: counts of households and people grouped
// in SQL — by village, planned year and month struck off; by main cause — and the villages with
// their team. No row of a person or household leaves the database here.
//
// Everything is counted from householdFacts (kept by triggers: m005_household_facts.ts for the size,
// m008_battle_facts.ts for the village, planned year, exited flag, month struck off and main cause),
// the same people the plan and the status bar count. The board and the months are that table's
// counts kept by triggers in battleBoard and battleMonths (m010_battle_board.ts): a few thousand
// rows and one a month, read whole. The causes are a
// GROUP BY over a covering index (householdFacts_remaining) of the households not yet out.
import type { Store } from '../store';

/** Households and their people of one village with one planned year, exited or not, by year struck off. */
export interface BattleHouseholdGroup {
  villageId: string;
  plannedExitYear: number | null;
  /** 1: exited (脱贫状态), 0: not. */
  exited: number;
  /** The year of exitedOn ('YYYY'); null when not exited or the date is missing. */
  exitYear: string | null;
  households: number;
  people: number;
}

/** Households and people struck off in one month (YYYY-MM, as exitedOn gives it). */
export interface BattleMonthRow {
  month: string;
  households: number;
  people: number;
}

export interface BattleVillageRow {
  id: string;
  code: string;
  name: string;
  teamName: string | null;
  plannedExitYear: number | null;
  exitedOn: string | null;
}

export interface BattleCauseRow {
  cause: string | null;
  households: number;
  people: number;
}

export interface BattleQueries {
  /** One row per village, planned year, exited or not, and year struck off. */
  householdGroups(): BattleHouseholdGroup[];
  /** Households out of poverty by month struck off, oldest first. */
  exitMonths(): BattleMonthRow[];
  /** Households not exited, by main cause. */
  remainingByCause(): BattleCauseRow[];
  /** Every village by code, with its work team's name (the first by name if it had two). */
  villages(): BattleVillageRow[];
  /** A number that changes with every committed write (the audit log's last entry): the cache key. */
  changeMark(): number;
}

export function sqliteBattleQueries(store: Store): BattleQueries {
  return {
    householdGroups() {
      return store.sqlite
        .prepare(
          `SELECT nullif(villageId, '') AS villageId, nullif(plannedExitYear, 0) AS plannedExitYear, exited,
                  nullif(exitYear, '') AS exitYear, households, people
           FROM battleBoard`,
        )
        .all() as BattleHouseholdGroup[];
    },
    exitMonths() {
      return store.sqlite.prepare('SELECT exitMonth AS month, households, people FROM battleMonths ORDER BY exitMonth').all() as BattleMonthRow[];
    },
    remainingByCause() {
      return store.sqlite
        .prepare(
          `SELECT mainCause AS cause, count(*) AS households, coalesce(sum(size), 0) AS people
           FROM householdFacts INDEXED BY householdFacts_remaining
           WHERE exited = 0
           GROUP BY mainCause`,
        )
        .all() as BattleCauseRow[];
    },
    villages() {
      return store.sqlite
        .prepare(
          `SELECT v.id, v.code, v.name, v.plannedExitYear, v.exitedOn,
                  (SELECT t.name FROM teams t WHERE t.villageId = v.id ORDER BY t.name LIMIT 1) AS teamName
           FROM villages v ORDER BY v.code`,
        )
        .all() as BattleVillageRow[];
    },
    changeMark() {
      return (store.sqlite.prepare('SELECT coalesce(max(seq), 0) AS seq FROM auditLog').get() as { seq: number }).seq;
    },
  };
}
