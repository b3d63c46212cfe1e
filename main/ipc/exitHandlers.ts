// 销号 and 出列: the criteria and history of a household or a village, and each step of the
// workflow through the session's one write path with the requester as the actor.
import type { Handlers } from './router';
import type { Session } from '../services/session';
import * as exits from '../services/exits';

type ExitChannels =
  | 'exits.household'
  | 'exits.exitHousehold'
  | 'exits.undoHousehold'
  | 'exits.returnHousehold'
  | 'exits.village'
  | 'exits.exitVillage'
  | 'exits.undoVillage'
  | 'exits.setVillageFacts';

export function exitHandlers(session: Session): Pick<Handlers, ExitChannels> {
  const store = () => session.requireStore();
  return {
    'exits.household': ({ householdId, on }) => exits.householdExitView(store(), householdId, on),
    'exits.exitHousehold': ({ householdId, ...input }, ctx) => session.write(ctx.actor, (w) => exits.exitHousehold(w, householdId, input)),
    'exits.undoHousehold': ({ householdId, ...input }, ctx) => session.write(ctx.actor, (w) => exits.undoHouseholdExit(w, householdId, input)),
    'exits.returnHousehold': ({ householdId, ...input }, ctx) => session.write(ctx.actor, (w) => exits.returnHousehold(w, householdId, input)),
    'exits.village': ({ villageId, on }) => exits.villageExitView(store(), villageId, on),
    'exits.exitVillage': ({ villageId, ...input }, ctx) => session.write(ctx.actor, (w) => exits.exitVillage(w, villageId, input)),
    'exits.undoVillage': ({ villageId, ...input }, ctx) => session.write(ctx.actor, (w) => exits.undoVillageExit(w, villageId, input)),
    'exits.setVillageFacts': (input, ctx) => session.write(ctx.actor, (w) => exits.setVillageExitFacts(w, input)),
  };
}
