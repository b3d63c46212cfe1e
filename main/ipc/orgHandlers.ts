// 组织: units, work teams, cadres and their pairings with households. Each write goes through the
// session's one write path with the requester as the actor; the rules live in services/org.ts.
import type { Handlers } from './router';
import type { Session } from '../services/session';
import * as org from '../services/org';

type OrgChannels =
  | 'units.create'
  | 'units.update'
  | 'units.remove'
  | 'teams.create'
  | 'teams.update'
  | 'teams.setUnits'
  | 'teams.setFirstSecretary'
  | 'teams.remove'
  | 'cadres.create'
  | 'cadres.update'
  | 'cadres.remove'
  | 'pairings.list'
  | 'pairings.assign'
  | 'pairings.remove';

export function orgHandlers(session: Session): Pick<Handlers, OrgChannels> {
  const store = () => session.requireStore();
  return {
    'units.create': (input, ctx) => session.write(ctx.actor, (w) => org.createUnit(w, input)),
    'units.update': (edit, ctx) => session.write(ctx.actor, (w) => org.updateUnit(w, edit)),
    'units.remove': ({ id }, ctx) => {
      session.write(ctx.actor, (w) => org.removeUnit(w, id));
      return null;
    },
    'teams.create': (input, ctx) => session.write(ctx.actor, (w) => org.createTeam(w, input)),
    'teams.update': (edit, ctx) => session.write(ctx.actor, (w) => org.updateTeam(w, edit)),
    'teams.setUnits': (input, ctx) => session.write(ctx.actor, (w) => org.setTeamUnits(w, input)),
    'teams.setFirstSecretary': (input, ctx) => session.write(ctx.actor, (w) => org.setFirstSecretary(w, input)),
    'teams.remove': ({ id }, ctx) => {
      session.write(ctx.actor, (w) => org.removeTeam(w, id));
      return null;
    },
    'cadres.create': (input, ctx) => session.write(ctx.actor, (w) => org.createCadre(w, input)),
    'cadres.update': (edit, ctx) => session.write(ctx.actor, (w) => org.updateCadre(w, edit)),
    'cadres.remove': (input, ctx) => session.write(ctx.actor, (w) => org.removeCadre(w, input)),
    'pairings.list': ({ teamId }) => org.listPairings(store(), teamId),
    'pairings.assign': (input, ctx) => session.write(ctx.actor, (w) => org.assignPairings(w, input)),
    'pairings.remove': (input, ctx) => session.write(ctx.actor, (w) => org.removePairings(w, input)),
  };
}
