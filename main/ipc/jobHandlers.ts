// Import and export: long work in a worker thread (main/jobs) so the window stays responsive;
// progress goes out as 'job.progress'. An import's commit is published by the worker's own write
// path and relayed here to every window.
import { randomUUID } from 'node:crypto';
import type { Session } from '../services/session';
import type { Handlers } from './router';
import type { Platform } from './platform';
import { ImportJobs } from '../jobs/imports';
import { runJob } from '../jobs/runner';
import type { DbAccess } from '../jobs/tasks';
import { writeImportTemplate } from '../services/import/template';
import { assertImportable } from '../services/import/sources';
import { exportTable } from '../services/export';

type JobChannels = 'import.start' | 'import.cancel' | 'import.result' | 'import.template' | 'export.grid' | 'export.table';

/** What a worker needs to open its own connection; the password itself is never kept. */
export function workerDbAccess(session: Session): DbAccess {
  const { path, dataKey } = session.workerAccess();
  return { path, keyHex: dataKey.toString('hex') };
}

export function jobHandlers(session: Session, platform: Platform): Pick<Handlers, JobChannels> {
  const jobs = new ImportJobs({
    progress: (p) => platform.broadcast('job.progress', p),
    changed: (change) => session.relayChange(change),
    finished: (state) => platform.broadcast('job.finished', { jobId: state.jobId, job: 'import', status: state.status }),
  });
  return {
    'import.start': ({ path, dryRun, onlyValid, incomeYear }, ctx) => {
      assertImportable(path);
      // An import that writes is preceded by an automatic backup; if that fails, it does not start.
      const backup = dryRun ? null : session.backups.beforeImport();
      const { jobId, done } = jobs.start({ db: workerDbAccess(session), file: path, dryRun, onlyValid, actor: ctx.actor, incomeYear });
      void session.jobs.track(done);
      return { jobId, backup };
    },
    'import.cancel': ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'import.result': ({ jobId }) => jobs.get(jobId),
    'import.template': ({ path, overwrite }) => writeImportTemplate(path, { overwrite }),
    // A list on the screen is small (its rows came over IPC): written here, no worker.
    'export.table': (request) => exportTable({ ...request, userDataDir: session.userDataDir }),
    'export.grid': (request) => {
      // Each export's events carry their own id, so two exports (or an export and an import)
      // running at once can be told apart by the renderer. The user-data journal lets the next
      // start remove a killed export's plaintext temp file wherever it was saved (leftovers.ts).
      const jobId = randomUUID();
      return session.jobs.track(runJob('export', { db: workerDbAccess(session), request: { ...request, userDataDir: session.userDataDir } }, { onProgress: (p) => platform.broadcast('job.progress', { ...p, jobId }) }));
    },
  };
}
