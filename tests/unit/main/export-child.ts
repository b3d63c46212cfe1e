// Child process for leftovers.test.ts: exports a grid and is killed (SIGKILL, no cleanup) once its
// plaintext temp file is written, just before the rename that would make it the target.
import fs from 'node:fs';
import { openDatabase } from '../../../main/db/open';
import { exportGrid } from '../../../main/services/export';

const [file, password, out, userDataDir] = process.argv.slice(2);
const realRename = fs.renameSync;
fs.renameSync = (from: fs.PathLike, to: fs.PathLike) => {
  if (String(from).endsWith('.part')) process.kill(process.pid, 'SIGKILL');
  realRename(from, to);
};
const store = openDatabase(file, password);
void exportGrid(store, { what: 'households', path: out, userDataDir: userDataDir || undefined }).then(() => {
  process.stdout.write('finished without being killed\n');
});
