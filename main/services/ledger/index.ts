// The funding ledger (shared/domain/ledger.ts for the pure rules): entries and reversals, pledges,
// projects, and the reports built from them.
export { accountOf, AccountDirectory } from './accounts';
export { addEntry, availableBalance, entryProblem, entryRow, insertEntry, listEntries, reverseEntry, type NewEntry, type Reversal } from './entries';
export { listPledges, pledgesOfYear, setPledge, type PledgeInput } from './pledges';
export { createProject, listProjects, projectRow, updateProject, type ProjectInput } from './projects';
export { balances, complianceReport, fundsByYear, projectFigures, villageNotice } from './reports';
export { importVouchers } from './vouchers';

import type { LedgerAccountOption } from '../../../shared/contract';
import type { Store } from '../../db/store';
import { AccountDirectory } from './accounts';

/** Every account a clerk may choose, households included (their 户编号 and head). */
export function accountOptions(store: Store): LedgerAccountOption[] {
  return new AccountDirectory(store, { allHouseholds: true }).options();
}
