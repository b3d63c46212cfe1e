// The reads an import makes while it reconciles a file with the registry: prepared once per
// import (a county file asks them hundreds of thousands of times), plus the page-cache setting the
// import's connection runs with.
import type { HouseholdsTable, IncomesTable, MembersTable, VillagesTable } from '../schema';
import type { Store } from '../store';

export interface ImportLookups {
  villages(): VillagesTable[];
  householdByCode(hhCode: string): HouseholdsTable | undefined;
  membersOf(householdId: string): MembersTable[];
  incomeOf(householdId: string, year: number): IncomesTable | undefined;
  /** The 帮扶责任人 the registry shows for a household (its pairing's cadre), null when unpaired. */
  helperOf(householdId: string): string | null;
}

export interface ImportQueries {
  /** The lookups, each statement prepared once for the whole import. */
  lookups(): ImportLookups;
  /**
   * Caps the connection's page cache for a large import (KiB); returns the function that puts the
   * previous setting back. SQLite's PRAGMA cache_size; another engine may do nothing.
   */
  capPageCache(kib: number): () => void;
  /** How many people the database holds (an index count), to size up an import against it. */
  peopleCount(): number;
}

export function sqliteImportQueries(store: Store): ImportQueries {
  return {
    lookups() {
      const householdByCode = store.sqlite.prepare('SELECT * FROM households WHERE hhCode = ?');
      const membersOf = store.sqlite.prepare('SELECT * FROM members WHERE householdId = ?');
      const incomeOf = store.sqlite.prepare('SELECT * FROM incomes WHERE householdId = ? AND year = ?');
      // The same join as the households grid's helperName (queries/registry.ts HOUSEHOLD_FROM).
      const helperOf = store.sqlite.prepare('SELECT c.name FROM pairings p JOIN cadres c ON c.id = p.cadreId WHERE p.householdId = ?').pluck();
      return {
        villages: () => store.sqlite.prepare('SELECT * FROM villages').all() as VillagesTable[],
        householdByCode: (hhCode) => householdByCode.get(hhCode) as HouseholdsTable | undefined,
        membersOf: (householdId) => membersOf.all(householdId) as MembersTable[],
        incomeOf: (householdId, year) => incomeOf.get(householdId, year) as IncomesTable | undefined,
        helperOf: (householdId) => (helperOf.get(householdId) as string | undefined) ?? null,
      };
    },
    peopleCount() {
      return store.sqlite.prepare('SELECT count(*) FROM members').pluck().get() as number;
    },
    capPageCache(kib) {
      const before = store.sqlite.pragma('cache_size', { simple: true }) as number;
      // Only ever lowered: a connection with a smaller cache keeps it.
      if (before < 0 && -before > kib) store.sqlite.pragma(`cache_size=-${kib}`);
      return () => store.sqlite.pragma(`cache_size=${before}`);
    },
  };
}
