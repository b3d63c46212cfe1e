// What an export reads beside the grid rows: each household's latest incomes and the villages'
// codes and towns (the national layout's place columns).
import type { IncomesTable } from '../schema';
import type { Store } from '../store';

export interface ExportQueries {
  /** Each household's incomes of its own latest year. */
  latestIncomes(): IncomesTable[];
  villagePlaces(): { id: string; code: string; town: string }[];
}

export function sqliteExportQueries(store: Store): ExportQueries {
  return {
    latestIncomes() {
      return store.sqlite.prepare('SELECT i.* FROM incomes i WHERE i.year = (SELECT max(year) FROM incomes j WHERE j.householdId = i.householdId)').all() as IncomesTable[];
    },
    villagePlaces() {
      return store.all(store.kysely.selectFrom('villages').select(['id', 'code', 'town']));
    },
  };
}
