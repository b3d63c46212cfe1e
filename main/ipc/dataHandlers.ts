// The import/export, history and data-quality channels (issue 3). Long work runs in a worker
// thread (main/jobs) so the window stays responsive; progress goes out as 'job.progress'.
import { randomUUID } from 'node:crypto';
import type { Session } from '../services/session';
import type { Handlers } from './router';
import type { Platform } from './handlers';
import { ImportJobs } from '../jobs/imports';
import { runJob } from '../jobs/runner';
import type { DbAccess } from '../jobs/tasks';
import { writeImportTemplate } from '../services/import/template';
import { assertImportable } from '../services/import/sources';
import { historyOf } from '../services/history';
import { runQuality } from '../services/quality';

type DataChannels = 'import.start' | 'import.cancel' | 'import.result' | 'import.template' | 'export.grid' | 'history.get' | 'quality.run';

/** What a worker needs to open its own connection; the password itself is never kept. */
export function workerDbAccess(session: Session): DbAccess {
  const { path, dataKey } = session.workerAccess();
  return { path, keyHex: dataKey.toString('hex') };
}

export function createDataHandlers(session: Session, platform: Platform): Pick<Handlers, DataChannels> {
  const jobs = new ImportJobs({
    progress: (p) => platform.emit('job.progress', p),
    finished: (state) => {
      platform.emit('job.finished', { jobId: state.jobId, job: 'import', status: state.status });
      if (state.report?.committed) platform.emit('data.changed', { tables: ['households', 'members', 'villages'] });
    },
  });
  return {
    'import.start': ({ path, dryRun, onlyValid }) => {
      assertImportable(path);
      const { jobId, done } = jobs.start({ db: workerDbAccess(session), file: path, dryRun, onlyValid, actor: session.actor });
      void session.track(done);
      return { jobId };
    },
    'import.cancel': ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'import.result': ({ jobId }) => jobs.get(jobId),
    'import.template': ({ path }) => writeImportTemplate(path),
    'export.grid': (request) => {
      // Each export's events carry their own id, so two exports (or an export and an import)
      // running at once can be told apart by the renderer.
      const jobId = randomUUID();
      return session.track(runJob('export', { db: workerDbAccess(session), request }, { onProgress: (p) => platform.emit('job.progress', { ...p, jobId }) }));
    },
    'history.get': ({ table, id }) => historyOf(session.requireStore(), table, id),
    'quality.run': () => runQuality(session.requireStore()),
  };
}
