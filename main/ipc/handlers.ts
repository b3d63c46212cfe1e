// The composition root of the IPC surface: each area's handlers, merged into one map and put
// behind the one access wrapper (access.ts). Every change event comes from the write path or the
// session's lifecycle, published by the session and broadcast by the shell: handlers emit nothing.
import type { Handlers } from './router';
import type { Session } from '../services/session';
import type { Platform } from './platform';
import { withAccessRules } from './access';
import { sessionHandlers } from './sessionHandlers';
import { registryHandlers } from './registryHandlers';
import { jobHandlers } from './jobHandlers';
import { planHandlers } from './planHandlers';
import { exitHandlers } from './exitHandlers';
import { incomeHandlers } from './incomeHandlers';
import { battleHandlers } from './battleHandlers';
import { ledgerHandlers } from './ledgerHandlers';
import { orgHandlers } from './orgHandlers';
import { letterHandlers } from './letterHandlers';

export function createHandlers(session: Session, platform: Platform): Handlers {
  session.subscribe(platform.broadcast);
  const all: Handlers = {
    ...sessionHandlers(session, platform),
    ...registryHandlers(session),
    ...jobHandlers(session, platform),
    ...planHandlers(session),
    ...exitHandlers(session),
    ...incomeHandlers(session),
    ...battleHandlers(session, platform),
    ...ledgerHandlers(session),
    ...orgHandlers(session),
    ...letterHandlers(session, platform),
  };
  return withAccessRules(all, () => session.lock.isLocked, () => session.integrity.isDamaged);
}
