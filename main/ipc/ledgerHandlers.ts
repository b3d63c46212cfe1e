// The funding ledger: entries, reversals, pledges, projects and reports, each write through the
// session's one write path with the requester as the actor.
import type { Handlers } from './router';
import type { Session } from '../services/session';
import * as ledger from '../services/ledger';
import { assertImportable } from '../services/import/sources';

type LedgerChannels =
  | 'ledger.entries'
  | 'ledger.add'
  | 'ledger.reverse'
  | 'ledger.accounts'
  | 'ledger.pledges'
  | 'ledger.setPledge'
  | 'ledger.projects'
  | 'ledger.createProject'
  | 'ledger.updateProject'
  | 'ledger.balances'
  | 'ledger.compliance'
  | 'ledger.funds'
  | 'ledger.notice'
  | 'ledger.importVouchers';

export function ledgerHandlers(session: Session): Pick<Handlers, LedgerChannels> {
  const store = () => session.requireStore();
  return {
    'ledger.entries': (filter) => {
      const rows = ledger.listEntries(store(), filter);
      return { json: JSON.stringify(rows), count: rows.length };
    },
    'ledger.add': (input, ctx) => session.write(ctx.actor, (w) => ledger.addEntry(w, input)),
    'ledger.reverse': (input, ctx) => session.write(ctx.actor, (w) => ledger.reverseEntry(w, input)),
    'ledger.accounts': () => ledger.accountOptions(store()),
    'ledger.pledges': ({ year }) => ledger.listPledges(store(), year),
    'ledger.setPledge': (input, ctx) => session.write(ctx.actor, (w) => ledger.setPledge(w, input)),
    'ledger.projects': (filter) => ledger.listProjects(store(), filter),
    'ledger.createProject': (input, ctx) => session.write(ctx.actor, (w) => ledger.createProject(w, input)),
    'ledger.updateProject': ({ id, ...input }, ctx) => session.write(ctx.actor, (w) => ledger.updateProject(w, id, input)),
    'ledger.balances': ({ view, year }) => ledger.balances(store(), view, year),
    'ledger.compliance': ({ year }) => ledger.complianceReport(store(), year),
    'ledger.funds': () => ledger.fundsByYear(store()),
    'ledger.notice': ({ villageId, year }) => ledger.villageNotice(store(), villageId, year),
    'ledger.importVouchers': ({ path, dryRun }, ctx) => {
      assertImportable(path);
      // As 'import.start': a voucher import that writes is preceded by an automatic backup; if that fails, it does not start.
      if (!dryRun) session.backups.beforeImport();
      return ledger.importVouchers({ store: store(), actor: ctx.actor }, path, dryRun);
    },
  };
}
