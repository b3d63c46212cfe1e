// Runs one task in a fresh child process (the same tsx loader as the parent) and returns its result.
import { fork } from 'node:child_process';

export const CHILD_FLAG = '--child';

export function runChild<T>(script: string, task: unknown, extraExecArgv: readonly string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [CHILD_FLAG, JSON.stringify(task)], {
      execArgv: [...process.execArgv, ...extraExecArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    child.on('message', (m: unknown) => {
      settled = true;
      const msg = m as { ok: boolean; result?: T; error?: string };
      if (msg.ok) resolve(msg.result as T);
      else reject(new Error(msg.error ?? 'child failed'));
    });
    child.on('error', (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    child.on('exit', (code) => {
      if (!settled) reject(new Error(`child exited with code ${code} before answering`));
    });
  });
}

/** In the child: run the task, send the answer, and exit. */
export async function answer(run: () => unknown): Promise<void> {
  const send = (m: unknown) => new Promise<void>((resolve) => process.send?.(m, () => resolve()));
  try {
    await send({ ok: true, result: await run() });
  } catch (e) {
    await send({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
  process.disconnect?.();
}
