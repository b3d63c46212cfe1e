// Child process for restore-safety.test.ts and leftovers.test.ts: leaves committed rows in the WAL
// as a crash does, or runs a restore, an export, a backup or a password change and is killed
// (SIGKILL, no cleanup) at a named point.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../../main/db/open';
import { exportGrid } from '../../../main/services/export';
import { backupTo } from '../../../main/services/backup';
import { changePassword } from '../../../main/services/security';
import { readKeyFile, unlockWithPassword } from '../../../main/db/keys';
import { Writer } from '../../../main/db/write';
import * as registry from '../../../main/services/registry';
import { restoreClosedDatabase, setRestoreStepHook, type RestoreStep } from '../../../main/services/restore';
import { Session } from '../../../main/services/session';
import { makeIdNumber } from '../../../shared/domain/idNumber';

const [mode, file, password, ...rest] = process.argv.slice(2);

function dieAt(step: string): void {
  setRestoreStepHook((reached: RestoreStep) => {
    if (reached === step) process.kill(process.pid, 'SIGKILL');
  });
}

if (mode === 'wal') {
  // Households committed but never checkpointed: the process dies with them only in the -wal.
  const [villageId, count, seed] = rest;
  const store = openDatabase(file, password);
  store.sqlite.pragma('wal_autocheckpoint=0');
  const w = new Writer(store, { kind: 'system', name: '恢复测试' });
  for (let i = 0; i < Number(count); i++) {
    store.tx(() => registry.createHousehold(w, { villageId, category: 'general', headName: `日志户${i}`, headIdNumber: makeIdNumber('420115', '1960-03-04', Number(seed) + i) }));
  }
  process.kill(process.pid, 'SIGKILL');
} else if (mode === 'restore-closed') {
  const [backup, step] = rest;
  dieAt(step);
  restoreClosedDatabase(file, unlockWithPassword(readKeyFile(file), password), backup);
} else if (mode === 'restore-open') {
  const [userData, backup, step] = rest;
  dieAt(step);
  const session = new Session(userData);
  session.open(file, password);
  session.restore(backup);
} else if (mode === 'kill-after-rename') {
  // Killed right after the first rename whose target ends with `suffix` (a key file swapped in).
  const [action, suffix, arg] = rest;
  const realRename = fs.renameSync;
  fs.renameSync = (from: fs.PathLike, to: fs.PathLike) => {
    realRename(from, to);
    if (String(to).endsWith(suffix)) process.kill(process.pid, 'SIGKILL');
  };
  const store = openDatabase(file, password);
  if (action === 'backup') backupTo(store, path.resolve(arg));
  if (action === 'passwd') changePassword(store, { kind: 'system', name: '改密测试' }, { oldPassword: password, newPassword: arg, userDataDir: path.join(path.dirname(file), 'no-user-data') });
}
process.stdout.write('finished without being killed\n');
