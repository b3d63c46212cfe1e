// No plaintext on disk: known names and ID numbers are written through the real router, then
// every file the app made (database, WAL, SHM, key file, backups, temp files) is searched for them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRouter } from '../../../main/ipc/router';
import { createHandlers } from '../../../main/ipc/handlers';
import { Session } from '../../../main/services/session';
import type { Result } from '../../../shared/errors';
import { PASSWORD, idNo, seedVillage, tempDir, tester, MAIN_WINDOW } from './helpers';

const NAMES = ['明文检测甲', '明文检测乙', '明文检测丙'];
const IDS = [idNo('1961-01-02', 'male'), idNo('1988-03-04', 'female'), idNo('2009-05-06', 'male')];
const PHONE = '13912345678';
const ACCOUNT = '6228480123456789012';
const NEEDLES = [...NAMES, ...IDS, PHONE, ACCOUNT];

function allFiles(root: string): string[] {
  try {
    if (!fs.statSync(root).isDirectory()) return [root];
    return fs.readdirSync(root, { withFileTypes: true }).flatMap((e) => allFiles(path.join(root, e.name)));
  } catch {
    return []; // another process's temp file, gone while we looked
  }
}

/** Needles as UTF-8 and UTF-16LE (SQLite may store either), found anywhere in the file. */
function leaks(file: string): string[] {
  const bytes = fs.readFileSync(file);
  return NEEDLES.filter((n) => bytes.includes(Buffer.from(n, 'utf8')) || bytes.includes(Buffer.from(n, 'utf16le')));
}

const dir = tempDir('fupin-plain-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('no plaintext on disk', () => {
  it('finds none of the written names, ID numbers, phone or bank account in any file', async () => {
    const tmpBefore = new Set(fs.readdirSync(os.tmpdir()));
    const session = new Session(path.join(dir, 'userData'));
    const router = createRouter(createHandlers(session, { version: 'test', broadcast: () => {} }));
    const call = async <T>(channel: string, input: unknown) => {
      const r = (await router.handle(MAIN_WINDOW, channel, input)) as Result<T>;
      if (!r.ok) throw new Error(r.error.message);
      return r.data;
    };
    await call('db.create', { path: path.join(dir, 'data.fupin'), password: PASSWORD });
    const villageId = session.write(tester(), (w) => seedVillage(w).village.id);
    const h = await call<{ id: string }>('households.create', { villageId, category: 'dibao', headName: NAMES[0], headIdNumber: IDS[0] });
    await call('members.create', { householdId: h.id, name: NAMES[1], idNumber: IDS[1], relation: 'spouse' });
    await call('members.create', { householdId: h.id, name: NAMES[2], idNumber: IDS[2], relation: 'son' });
    await call('households.update', { id: h.id, field: 'phone', value: PHONE });
    await call('households.update', { id: h.id, field: 'bankAccount', value: ACCOUNT });
    // Sorting the grid's rows must not spill to an unencrypted temp file.
    await call('members.list', {});
    session.backups.backupIfChanged('auto');
    await call('backup.create', { path: path.join(dir, 'usb-copy') });

    // While open: the WAL and SHM hold the latest pages.
    const whileOpen = allFiles(dir);
    expect(whileOpen.some((f) => f.endsWith('-wal'))).toBe(true);
    for (const f of whileOpen) expect(leaks(f), f).toEqual([]);

    session.close(); // makes the on-close backup too
    const afterClose = allFiles(dir);
    expect(afterClose.filter((f) => f.endsWith('.fupin')).length).toBeGreaterThanOrEqual(3);
    for (const f of afterClose) expect(leaks(f), f).toEqual([]);

    const newTemp = fs.readdirSync(os.tmpdir()).filter((n) => !tmpBefore.has(n) && !dir.endsWith(n));
    for (const n of newTemp) {
      for (const f of allFiles(path.join(os.tmpdir(), n))) {
        if (fs.existsSync(f)) expect(leaks(f), f).toEqual([]);
      }
    }

    // And the needles are really there once decrypted, so the search could have found them.
    session.open(path.join(dir, 'data.fupin'), PASSWORD);
    const json = (await call<{ json: string }>('members.list', {})).json;
    for (const n of [...NAMES, ...IDS]) expect(json).toContain(n);
    session.close();
  });
});
