// Child process for init-crash.test.ts: runs the CLI's init and is killed (SIGKILL, no cleanup)
// right after the creation step named by FUPIN_TEST_KILL_AT (db/open.ts setCreateStepHook).
import { runCli } from '../../../main/cli';
import { setCreateStepHook, type CreateStep } from '../../../main/db/open';

const killAt = process.env.FUPIN_TEST_KILL_AT as CreateStep | undefined;
setCreateStepHook((reached) => {
  if (reached === killAt) process.kill(process.pid, 'SIGKILL');
});
const [file] = process.argv.slice(2);
const io = { out: (t: string) => void process.stdout.write(t), err: (t: string) => void process.stderr.write(t), env: process.env };
void Promise.resolve(runCli(['init', '--db', file], io)).then((code) => {
  process.stdout.write('finished without being killed\n');
  process.exitCode = code;
});
