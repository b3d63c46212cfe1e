// The session's channels: app info, open/create/recover/close, lock, password, settings, backups,
// the demo database, and the 操作员 a window acts as.
import fs from 'node:fs';
import nodePath from 'node:path';
import type { Handlers } from './router';
import type { Platform } from './platform';
import type { Session } from '../services/session';
import { keyFilePath } from '../db/keys';
import { auditHeadPath } from '../db/auditAnchor';
import { lockFilePath, lockHolderPath } from '../db/lock';
import { healthPath } from '../db/health';
import { DEMO_PASSWORD } from '../services/demo';
import { runJob } from '../jobs/runner';
import { readSettings } from '../services/settings';
import { assertRestorable } from '../services/restore';
import { addOperator, listOperators, retireOperator } from '../services/operators';

type SessionChannels =
  | 'app.info'
  | 'db.create'
  | 'db.open'
  | 'db.recover'
  | 'db.close'
  | 'db.pickPath'
  | 'db.prepareDemo'
  | 'db.backupsOf'
  | 'db.restoreClosed'
  | 'security.changePassword'
  | 'security.lock'
  | 'security.verifyPassword'
  | 'settings.get'
  | 'settings.set'
  | 'backup.list'
  | 'backup.create'
  | 'backup.restore'
  | 'backup.check'
  | 'backup.forget'
  | 'integrity.status'
  | 'operators.list'
  | 'operators.add'
  | 'operators.rename'
  | 'operators.retire'
  | 'operators.choose'
  | 'operators.current';

const DEMO_BUILDER = { kind: 'system', name: '演示数据生成' } as const;

/**
 * Builds the demo under a temporary name in a worker thread (the window keeps painting the
 * progress bar) and moves it into place only when complete: an app closed mid-build leaves no
 * half-made demo to be reused. The key file moves first, since a database without its key is lost.
 */
async function buildDemo(session: Session, platform: Platform): Promise<void> {
  const final = session.demoPath;
  const building = `${final}.building`;
  fs.mkdirSync(session.userDataDir, { recursive: true });
  const sidecars = (db: string) => [lockFilePath(db), lockHolderPath(db)];
  for (const f of [building, `${building}-wal`, `${building}-shm`, keyFilePath(building), auditHeadPath(building), healthPath(building), ...sidecars(building), keyFilePath(final), auditHeadPath(final), healthPath(final)]) {
    fs.rmSync(f, { force: true });
  }
  await runJob('demo', { path: building, password: DEMO_PASSWORD, actor: DEMO_BUILDER }, { onProgress: (p) => platform.broadcast('job.progress', p) });
  fs.renameSync(keyFilePath(building), keyFilePath(final));
  fs.renameSync(auditHeadPath(building), auditHeadPath(final));
  // Its clean close and its check at creation come with it: the first open checks in the background.
  if (fs.existsSync(healthPath(building))) fs.renameSync(healthPath(building), healthPath(final));
  fs.renameSync(building, final);
  for (const f of sidecars(building)) fs.rmSync(f, { force: true });
}

export function sessionHandlers(session: Session, platform: Platform): Pick<Handlers, SessionChannels> {
  let demoBuilding: Promise<void> | null = null;
  return {
    'app.info': () => ({
      version: platform.version,
      db: session.info(),
      demoPath: session.demoPath,
      demoPassword: DEMO_PASSWORD,
      demoExists: fs.existsSync(session.demoPath),
      recent: session.recentFiles.list(),
      canPickFiles: platform.pickPath !== undefined,
      locked: session.lock.isLocked,
    }),
    'db.create': ({ path, password }) => session.create(path, password),
    'db.open': ({ path, password }) => session.open(path, password),
    'db.recover': ({ path, recoveryCode, newPassword }, ctx) => session.recover(path, recoveryCode, newPassword, ctx.actor),
    'security.changePassword': ({ oldPassword, newPassword }, ctx) => {
      session.changePassword(oldPassword, newPassword, ctx.actor);
      return null;
    },
    'security.lock': () => {
      session.lock.engage();
      return null;
    },
    'security.verifyPassword': ({ password }) => {
      session.lock.unlock(password);
      return null;
    },
    'settings.get': () => readSettings(session.requireStore()),
    'settings.set': (patch, ctx) => session.updateSettings(patch, ctx.actor),
    'db.backupsOf': ({ path, password }) => session.backupsOf(path, password),
    'db.restoreClosed': ({ path, password, file }) => session.restoreClosed(path, password, file),
    'backup.list': () => session.backups.list(),
    'backup.create': ({ path, overwrite }) => ({ path: session.backups.manual(path, { overwrite }) }),
    'backup.restore': ({ file }) => session.restore(file),
    'backup.check': ({ file }) => {
      const { path: dbPath, dataKey } = session.workerAccess();
      return assertRestorable(dbPath, nodePath.resolve(file), dataKey);
    },
    'backup.forget': ({ file }) => {
      session.backups.forgetManual(file);
      return null;
    },
    'integrity.status': () => session.integrity.current,
    'operators.list': () => listOperators(session.requireStore()),
    'operators.add': (input, ctx) => addOperator({ store: session.requireStore(), actor: ctx.actor }, input),
    'operators.rename': ({ id, ...input }, ctx) => session.renameOperator(id, input, ctx.actor),
    'operators.retire': ({ id }, ctx) => retireOperator({ store: session.requireStore(), actor: ctx.actor }, id),
    'operators.choose': ({ id }, ctx) => session.chooseOperator(ctx.window.id, id),
    'operators.current': (_input, ctx) => session.operators.of(ctx.window.id),
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
      session.jobs.assertNoneRunning();
      session.close();
      return null;
    },
    'db.pickPath': ({ mode, kind }) => (platform.pickPath ? platform.pickPath(mode, kind ?? 'database') : null),
  };
}
