// The registry's channels: counts, lists, villages, households and members, batches of cell edits,
// what changed, history, quality.
// Writes go through the session's one write path with the requester as the actor.
import type { Handlers } from './router';
import type { Session } from '../services/session';
import * as registry from '../services/registry';
import * as org from '../services/org';
import { changedRows } from '../services/changes';
import { historyOf } from '../services/history';
import { runQuality } from '../services/quality';

type RegistryChannels =
  | 'stats.get'
  | 'villages.list'
  | 'villages.create'
  | 'villages.update'
  | 'villages.county'
  | 'units.list'
  | 'teams.list'
  | 'cadres.list'
  | 'households.list'
  | 'households.get'
  | 'households.create'
  | 'households.update'
  | 'households.remove'
  | 'members.list'
  | 'members.get'
  | 'members.create'
  | 'members.update'
  | 'members.makeHead'
  | 'members.remove'
  | 'grid.applyEdits'
  | 'grid.page'
  | 'grid.position'
  | 'grid.values'
  | 'changes.list'
  | 'history.get'
  | 'quality.run';

export function registryHandlers(session: Session): Pick<Handlers, RegistryChannels> {
  const store = () => session.requireStore();
  return {
    'stats.get': () => registry.getStats(store()),
    'villages.list': () => org.listVillages(store()),
    'villages.create': (input, ctx) => session.write(ctx.actor, (w) => org.createVillage(w, input)),
    'villages.update': (edit, ctx) => session.write(ctx.actor, (w) => org.updateVillage(w, edit)),
    'villages.county': () => org.villageCounty(store()),
    'units.list': () => org.listUnits(store()),
    'teams.list': () => org.listTeams(store()),
    'cadres.list': () => org.listCadres(store()),
    'households.list': (filter) => registry.householdsJson(store(), filter),
    'households.get': ({ ids }) => registry.householdsJsonByIds(store(), ids),
    'households.create': (input, ctx) => session.write(ctx.actor, (w) => registry.createHousehold(w, input)),
    'households.update': (edit, ctx) => session.write(ctx.actor, (w) => registry.updateHousehold(w, edit)),
    'households.remove': ({ id }, ctx) => {
      session.write(ctx.actor, (w) => registry.removeHousehold(w, id));
      return null;
    },
    'members.list': (filter) => registry.membersJson(store(), filter),
    'members.get': ({ ids }) => registry.membersJsonByIds(store(), ids),
    'members.create': (input, ctx) => session.write(ctx.actor, (w) => registry.createMember(w, input)),
    'members.update': (edit, ctx) => session.write(ctx.actor, (w) => registry.updateMember(w, edit)),
    'members.makeHead': (input, ctx) => session.write(ctx.actor, (w) => registry.makeHead(w, input)),
    'members.remove': ({ id }, ctx) => {
      session.write(ctx.actor, (w) => registry.removeMember(w, id));
      return null;
    },
    'grid.applyEdits': (input, ctx) => registry.applyCellEdits((fn) => session.write(ctx.actor, fn), input),
    'grid.page': ({ grid, query, startRow, endRow }) => registry.gridPage(store(), grid, query, startRow, endRow),
    'grid.position': ({ grid, query, id }) => registry.gridPosition(store(), grid, query, id),
    'grid.values': ({ grid, query, colId }) => registry.gridValues(store(), grid, query, colId),
    'changes.list': ({ fromSeq, toSeq }) => changedRows(store(), fromSeq, toSeq),
    'history.get': ({ table, id }) => historyOf(store(), table, id),
    'quality.run': () => runQuality(store()),
  };
}
