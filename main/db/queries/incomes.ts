// What the 收入 grid reads: every household in scope with its incomes row of one year, if it has
// one, beside the household's 户编号, village, 户主 and size. One statement for a county's
// registry: the head and size come from householdFacts (kept by triggers, m005_household_facts.ts),
// the year's row through the UNIQUE (householdId, year) index. The per-capita figure and the
// declared-vs-computed gap are not SQL: main/services/incomes.ts derives them (shared/domain/income.ts).
import type { IncomeComponentKey } from '../../../shared/domain/income';
import type { Store } from '../store';

/** A household and its incomes of one year; the incomes columns are null when it has no row. */
export type IncomeListRow = {
  householdId: string;
  hhCode: string;
  villageName: string;
  headName: string | null;
  size: number;
  incomeId: string | null;
  declaredPerCapita: number | null;
} & { [K in IncomeComponentKey]: number | null };

export interface IncomeQueries {
  /** Every household (of one village, or all), by village code and 户编号, with its row of `year`. */
  householdsWithIncome(year: number, villageId?: string): IncomeListRow[];
  /** One household with its row of `year`; undefined when there is no such household. */
  householdWithIncome(householdId: string, year: number): IncomeListRow | undefined;
  /** The id of a household's incomes row of `year`, if it has one. */
  incomeIdOf(householdId: string, year: number): string | undefined;
  /** The years that have incomes rows, oldest first. */
  years(): number[];
}

const SELECT = `
SELECT h.id AS householdId, h.hhCode, v.name AS villageName, f.headName, coalesce(f.size, 0) AS size,
       i.id AS incomeId, i.wage, i.business, i.propertyDividend, i.propertyOther, i.transferFamilyPlanning,
       i.transferDibao, i.transferWubao, i.transferPension, i.transferEco, i.transferOther, i.businessCost,
       i.declaredPerCapita
FROM households h
JOIN villages v ON v.id = h.villageId
LEFT JOIN householdFacts f ON f.householdId = h.id
LEFT JOIN incomes i ON i.householdId = h.id AND i.year = ?`;

const ORDER = ' ORDER BY v.code, h.hhCode';

export function sqliteIncomeQueries(store: Store): IncomeQueries {
  return {
    householdsWithIncome(year, villageId) {
      if (villageId) return store.sqlite.prepare(`${SELECT} WHERE h.villageId = ?${ORDER}`).all(year, villageId) as IncomeListRow[];
      return store.sqlite.prepare(`${SELECT}${ORDER}`).all(year) as IncomeListRow[];
    },
    householdWithIncome(householdId, year) {
      return store.sqlite.prepare(`${SELECT} WHERE h.id = ?`).get(year, householdId) as IncomeListRow | undefined;
    },
    incomeIdOf(householdId, year) {
      const row = store.first(store.kysely.selectFrom('incomes').select('id').where('householdId', '=', householdId).where('year', '=', year));
      return row?.id;
    },
    years() {
      return store.all(store.kysely.selectFrom('incomes').select('year').distinct().orderBy('year')).map((r) => r.year);
    },
  };
}
