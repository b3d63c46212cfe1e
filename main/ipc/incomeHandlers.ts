// The 收入 channels: a year's incomes of the households in scope, the years there are, and the
// edit of one figure. Writes go through the session's one write path with the requester as the actor.
import type { Handlers } from './router';
import type { Session } from '../services/session';
import * as incomes from '../services/incomes';

type IncomeChannels = 'incomes.list' | 'incomes.years' | 'incomes.update';

export function incomeHandlers(session: Session): Pick<Handlers, IncomeChannels> {
  const store = () => session.requireStore();
  return {
    'incomes.list': (filter) => incomes.incomesJson(store(), filter),
    'incomes.years': () => incomes.incomeYears(store()),
    'incomes.update': (edit, ctx) => session.write(ctx.actor, (w) => incomes.updateIncome(w, edit)),
  };
}
