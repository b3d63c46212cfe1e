// Power-cut safety of an import batch: a child process importing file after file (each one batch
// that inserts rows under its one audit entry and updates earlier rows field by field) is killed
// with SIGKILL at random moments. Each time the database must hold every batch wholly or not at
// all — never a batch's rows without its entry, nor part of its rows or of its updates — and verify
// (which recomputes every batch's content hash) must pass.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/open';
import { write } from '../../../main/db/write';
import { verifyDatabase } from '../../../main/services/verify';
import { PASSWORD, freshStore, seedVillage, tempDir, tester } from '../main/helpers';
import { HOUSEHOLDS, fileOf, sizeOf } from './import-files';

const ROOT = path.resolve(__dirname, '../../..');
const KILLS = 8;

let dir: string;
let file: string;

beforeAll(() => {
  dir = tempDir('fupin-import-crash-');
  const store = freshStore(dir);
  file = store.path;
  write({ store, actor: tester('setup') }, (w) => seedVillage(w));
  store.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runAndKill(round: number, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/unit/crash/import-child.ts', file, PASSWORD, String(round), dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended by itself (${code}): ${stderr}`))));
  });
}

interface Found {
  batches: number;
  /** Files whose households are all there. */
  files: number;
}

function checkDatabase(): Found {
  const store = openDatabase(file, PASSWORD); // takes over the dead child's lock
  try {
    expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = store.sqlite
      .prepare(
        `SELECT h.hhCode AS hhCode, h.phone AS phone, h.importBatchId AS batch, (SELECT count(*) FROM members m WHERE m.householdId = h.id) AS members
         FROM households h ORDER BY h.hhCode`,
      )
      .all() as { hhCode: string; phone: string; batch: string | null; members: number }[];
    const byFile = new Map<string, typeof rows>();
    for (const r of rows) {
      const tag = fileOf(r.hhCode).file;
      byFile.set(tag, [...(byFile.get(tag) ?? []), r]);
    }
    for (const [tag, households] of byFile) {
      // A file's households all there, each with all its people, all from one batch...
      expect(households.length, `file ${tag}`).toBe(HOUSEHOLDS);
      households.forEach((h) => expect(h.members, h.hhCode).toBe(sizeOf(fileOf(h.hhCode).i)));
      expect(new Set(households.map((h) => h.batch)).size, `file ${tag}`).toBe(1);
      // ...and the next file's updates of them either all made or none.
      expect(new Set(households.map((h) => h.phone)).size, `file ${tag}`).toBe(1);
    }
    const batches = store.sqlite.prepare("SELECT count(*) FROM auditLog WHERE tableName = 'importBatches'").pluck().get() as number;
    // Every batch entry has its rows and every batch's rows their entry (the seeded rows have none).
    expect(store.sqlite.prepare('SELECT count(DISTINCT importBatchId) FROM households').pluck().get()).toBe(batches);
    expect(verifyDatabase(store).problems).toEqual([]);
    return { batches, files: byFile.size };
  } finally {
    store.close();
  }
}

describe('import crash safety', () => {
  it(`a batch survives ${KILLS} SIGKILLs wholly or not at all`, async () => {
    let seed = 19491001;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let previous = 0;
    for (let round = 1; round <= KILLS; round++) {
      await runAndKill(round, 200 + Math.floor(random() * 2000));
      const { batches, files } = checkDatabase();
      expect(files).toBe(batches);
      expect(batches).toBeGreaterThanOrEqual(previous);
      previous = batches;
    }
    // The children really imported (a file takes about a second here): most kills landed in the
    // middle of a batch, some after a few whole ones.
    expect(previous).toBeGreaterThanOrEqual(KILLS / 2);
  }, 300_000);
});
