// The exit plan's channels: its settings, the live check, the auto-planner's proposal and applying
// it. Writes go through the session's one write path with the requester as the actor.
import type { Handlers } from './router';
import type { Session } from '../services/session';
import * as plan from '../services/plan';

type PlanChannels = 'plan.overview' | 'plan.setCampaign' | 'plan.propose' | 'plan.apply';

export function planHandlers(session: Session): Pick<Handlers, PlanChannels> {
  const store = () => session.requireStore();
  return {
    'plan.overview': () => plan.planOverview(store()),
    'plan.setCampaign': (patch, ctx) => plan.updateCampaign({ store: store(), actor: ctx.actor }, patch),
    'plan.propose': () => plan.planProposal(store()),
    'plan.apply': ({ token }, ctx) => plan.applyPlan({ store: store(), actor: ctx.actor }, token),
  };
}
