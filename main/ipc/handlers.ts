// The composition root of the IPC surface: each channel calls one service function.
import fs from 'node:fs';
import type { Channel, EventName, Events } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { keyFilePath } from '../db/keys';
import type { Handlers } from './router';
import type { Session } from '../services/session';
import * as registry from '../services/registry';
import * as org from '../services/org';
import { DEMO_PASSWORD } from '../services/demo';
import { runJob } from '../jobs/runner';
import { createDataHandlers } from './dataHandlers';

export interface Platform {
  readonly version: string;
  /** A native file dialog where there is one (Electron); absent in the Chromium bridge. */
  pickPath?: (mode: 'open' | 'save', kind: 'database' | 'spreadsheet') => Promise<string | null>;
  emit<E extends EventName>(event: E, payload: Events[E]): void;
}

export function createHandlers(session: Session, platform: Platform): Handlers {
  return lockable(session, allHandlers(session, platform));
}

/** While the session is locked only these answer; everything else waits for the password. */
const OPEN_WHILE_LOCKED: ReadonlySet<Channel> = new Set<Channel>(['app.info', 'security.lock', 'security.verifyPassword', 'db.close']);

function lockable(session: Session, handlers: Handlers): Handlers {
  const guarded = { ...handlers } as Record<Channel, (input: never) => unknown>;
  for (const channel of Object.keys(handlers) as Channel[]) {
    if (OPEN_WHILE_LOCKED.has(channel)) continue;
    const inner = handlers[channel] as (input: never) => unknown;
    guarded[channel] = (input: never) => {
      if (session.locked) throw new AppError('SESSION_LOCKED', '窗口已锁定：请先输入密码解锁');
      return inner(input);
    };
  }
  return guarded as unknown as Handlers;
}

/**
 * Builds the demo under a temporary name in a worker thread (the window keeps painting the
 * progress bar) and moves it into place only when complete: an app closed mid-build leaves no
 * half-made demo to be reused. The key file moves first, since a database without its key is lost.
 */
async function buildDemo(session: Session, platform: Platform): Promise<void> {
  const final = session.demoPath;
  const building = `${final}.building`;
  fs.mkdirSync(session.userDataDir, { recursive: true });
  for (const f of [building, `${building}-wal`, `${building}-shm`, keyFilePath(building), `${building}.lock`, keyFilePath(final)]) fs.rmSync(f, { force: true });
  await runJob('demo', { path: building, password: DEMO_PASSWORD, actor: session.actor }, { onProgress: (p) => platform.emit('job.progress', p) });
  fs.renameSync(keyFilePath(building), keyFilePath(final));
  fs.renameSync(building, final);
}

let demoBuilding: Promise<void> | null = null;

function allHandlers(session: Session, platform: Platform): Handlers {
  const changed = (...tables: string[]) => platform.emit('data.changed', { tables });
  return {
    ...createDataHandlers(session, platform),
    'app.info': () => ({
      version: platform.version,
      db: session.info(),
      demoPath: session.demoPath,
      demoPassword: DEMO_PASSWORD,
      demoExists: fs.existsSync(session.demoPath),
      recent: session.recent(),
      canPickFiles: platform.pickPath !== undefined,
      locked: session.locked,
    }),
    'db.create': ({ path, password }) => session.create(path, password),
    'db.open': ({ path, password }) => session.open(path, password),
    'db.recover': ({ path, recoveryCode, newPassword }) => session.recover(path, recoveryCode, newPassword),
    'security.changePassword': ({ oldPassword, newPassword }) => {
      session.changePassword(oldPassword, newPassword);
      return null;
    },
    'security.lock': () => {
      session.lock();
      return null;
    },
    'security.verifyPassword': ({ password }) => {
      session.verifyPassword(password);
      return null;
    },
    'settings.get': () => session.settings(),
    'settings.set': (patch) => session.updateSettings(patch),
    'db.backupsOf': ({ path, password }) => session.backupsOf(path, password),
    'db.restoreClosed': ({ path, password, file }) => session.restoreClosed(path, password, file),
    'backup.list': () => session.listBackups(),
    'backup.create': ({ path }) => ({ path: session.manualBackup(path) }),
    'backup.restore': ({ file }) => {
      const result = session.restore(file);
      changed('households', 'members', 'villages');
      return result;
    },
    'db.prepareDemo': async () => {
      if (demoBuilding) {
        await demoBuilding; // a second click waits for the first build
        return { path: session.demoPath, created: false };
      }
      if (fs.existsSync(session.demoPath)) return { path: session.demoPath, created: false };
      demoBuilding = buildDemo(session, platform);
      try {
        await demoBuilding;
      } finally {
        demoBuilding = null;
      }
      return { path: session.demoPath, created: true };
    },
    'db.close': () => {
      session.assertNoJobs();
      session.close();
      return null;
    },
    'db.pickPath': ({ mode, kind }) => (platform.pickPath ? platform.pickPath(mode, kind ?? 'database') : null),
    'stats.get': () => registry.getStats(session.requireStore()),
    'villages.list': () => org.listVillages(session.requireStore()),
    'units.list': () => org.listUnits(session.requireStore()),
    'teams.list': () => org.listTeams(session.requireStore()),
    'cadres.list': () => org.listCadres(session.requireStore()),
    'households.list': (filter) => registry.householdsJson(session.requireStore(), filter),
    'households.create': (input) => {
      const row = registry.createHousehold(session.writer(), input);
      changed('households', 'members');
      return row;
    },
    'households.update': (edit) => {
      const row = registry.updateHousehold(session.writer(), edit);
      changed('households');
      return row;
    },
    'households.remove': ({ id }) => {
      registry.removeHousehold(session.writer(), id);
      changed('households', 'members');
      return null;
    },
    'members.list': (filter) => registry.membersJson(session.requireStore(), filter),
    'members.create': (input) => {
      const row = registry.createMember(session.writer(), input);
      changed('members');
      return row;
    },
    'members.update': (edit) => {
      const row = registry.updateMember(session.writer(), edit);
      changed('members');
      return row;
    },
    'members.makeHead': (input) => {
      const row = registry.makeHead(session.writer(), input);
      changed('members', 'households');
      return row;
    },
    'members.remove': ({ id }) => {
      registry.removeMember(session.writer(), id);
      changed('members');
      return null;
    },
  };
}
