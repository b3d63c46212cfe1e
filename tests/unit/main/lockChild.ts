// A separate process for tests/unit/main/lock.test.ts: the one-writer lock must hold between
// processes, so the openers and the holder killed with SIGKILL are real processes.
//   hold <db>   takes the lock, prints "held", and keeps it until killed
//   race <db>   reads "<round> <time>" lines; at that wall-clock time tries the lock and prints
//               "<round> won" or "<round> refused <code>"; "release" gives a won lock back
import readline from 'node:readline';
import { acquireLock } from '../../../main/db/lock';
import { AppError } from '../../../shared/errors';

const [mode, db] = process.argv.slice(2);

if (mode === 'hold') {
  acquireLock(db);
  process.stdout.write('held\n');
  setInterval(() => {}, 60_000);
} else {
  let release: (() => void) | null = null;
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line === 'release') {
      release?.();
      release = null;
      process.stdout.write('released\n');
      return;
    }
    const [round, at] = line.split(' ');
    // Both processes spin to the same instant, so they really ask at once.
    while (Date.now() < Number(at));
    try {
      release = acquireLock(db);
      process.stdout.write(`${round} won\n`);
    } catch (e) {
      process.stdout.write(`${round} refused ${e instanceof AppError ? e.code : String(e)}\n`);
    }
  });
  process.stdout.write('ready\n');
}
