// Power-cut safety: a child process writing through the real services is killed with SIGKILL at
// random moments, 20 times. Each time the database must open, pass integrity_check and hold every
// transaction wholly or not at all, with an unbroken audit chain; and verify must never take a
// kill between a COMMIT and the audit anchor's update for tampering (the anchor is only behind).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/open';
import { verifyAuditChain } from '../../../main/db/audit';
import { write } from '../../../main/db/write';
import { verifyDatabase } from '../../../main/services/verify';
import { PASSWORD, freshStore, seedVillage, tempDir, tester } from '../main/helpers';

const ROOT = path.resolve(__dirname, '../../..');
const KILLS = 20;

let dir: string;
let file: string;
let villageId: string;

beforeAll(() => {
  dir = tempDir('fupin-crash-');
  const store = freshStore(dir);
  file = store.path;
  villageId = write({ store, actor: tester('setup') }, (w) => seedVillage(w).village.id);
  store.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runAndKill(round: number, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/unit/crash/worker-child.ts', file, PASSWORD, villageId, String(round)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended by itself (${code}): ${stderr}`))));
  });
}

function checkDatabase(): { households: number } {
  const store = openDatabase(file, PASSWORD); // takes over the dead child's lock
  try {
    expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = store.sqlite
      .prepare(
        `SELECT h.note AS note, (SELECT count(*) FROM members m WHERE m.householdId = h.id) AS members
         FROM households h`,
      )
      .all() as { note: string | null; members: number }[];
    for (const r of rows) {
      // A household without its note, or with fewer members than its note, would be half a transaction.
      expect(r.note).toMatch(/^crash:\d$/);
      expect(r.members).toBe(Number(r.note!.slice(6)));
    }
    expect(verifyAuditChain(store)).toMatchObject({ ok: true });
    // A kill between a COMMIT and its anchor (about a third of the kills here) leaves a note only.
    expect(verifyDatabase(store).problems).toEqual([]);
    return { households: rows.length };
  } finally {
    store.close();
  }
}

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs in the middle of imports and edits`, async () => {
    let seed = 20151024;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let previous = 0;
    for (let round = 1; round <= KILLS; round++) {
      await runAndKill(round, Math.floor(random() * 700));
      const { households } = checkDatabase();
      expect(households).toBeGreaterThanOrEqual(previous);
      previous = households;
    }
    // The children really wrote: the kills landed in the middle of work, not before it.
    expect(previous).toBeGreaterThan(KILLS);
  }, 300_000);
});
