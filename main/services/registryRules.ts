// The registry's rules that need the database, in one place for the registry, the import and the
// data-quality lists. The rules themselves are pure and live in shared/domain; the reads they need
// are in main/db/queries/registry.ts.
import { dataYear } from '../../shared/domain/dataYear';
import { queriesFor } from '../db/queries';
import type { IdNumberHolder } from '../db/queries/registry';
import type { Store } from '../db/store';

export type { IdNumberHolder } from '../db/queries/registry';
// Still imported from here by tests/unit/domain/exitStatus.test.ts; new code imports it from
// main/db/queries/registry.ts, beside the SQL that uses it.
export { IN_EXITED_STATUSES } from '../db/queries/registry';

/**
 * One person, one household: finds who already holds an ID number (normalised, 18 characters:
 * see checkIdNumber). The lookup is prepared once, for callers that look up many numbers.
 */
export function idNumberHolderLookup(store: Store): (idNumber: string) => IdNumberHolder | undefined {
  return queriesFor(store).registryRules.idNumberHolderLookup();
}

export function findIdNumberHolder(store: Store, idNumber: string): IdNumberHolder | undefined {
  return idNumberHolderLookup(store)(idNumber);
}

/** The registry's data year (see shared/domain/dataYear.ts): the latest year with incomes. */
export function latestDataYear(store: Store): number {
  return dataYear(queriesFor(store).registryRules.latestIncomeYear());
}
