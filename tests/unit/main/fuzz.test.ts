// IPC fuzzing: thousands of random and malformed payloads to every channel of the real router.
// Each must be rejected with a validation error or handled; nothing may crash the process; a
// rejected payload must write nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, type Router } from '../../../main/ipc/router';
import { createHandlers } from '../../../main/ipc/handlers';
import { Session } from '../../../main/services/session';
import { CHANNELS } from '../../../shared/contract';
import type { ErrorCode, Result } from '../../../shared/errors';
import { PASSWORD, idNo, seedVillage, tempDir, tester, MAIN_WINDOW } from './helpers';

// 500 a channel: 57,000 payloads over the 114 channels (1000 took over 3 minutes of CI's 30).
const PER_CHANNEL = 500;
// Channels that create, open, replace or close files or the session: fuzzed with garbage only,
// never with near-valid payloads, so the fuzzer cannot scatter files or close the database.
const FILE_CHANNELS = /^(db\.|backup\.(create|restore)|import\.|export\.)/;
const HANDLED_ERRORS: ErrorCode[] = ['VALIDATION', 'RULE', 'CONFLICT', 'NOT_FOUND', 'FILE_NOT_FOUND', 'FILE_EXISTS', 'NOT_A_DATABASE', 'WRONG_PASSWORD'];

let seed = 7;
function rand(): number {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

const STRINGS = ['', ' ', '0', '-1', 'null', 'true', '户主', '是', '否', '低保贫困户', 'a'.repeat(5000), '\u0000', '😀', '../../etc/passwd', "'; DROP TABLE members; --", '13800000000', '2016-02-30', '4201150102010001', '110105194912310021', '1e309'];
const NUMBERS = [0, -1, 1, 0.5, 2 ** 53, -(2 ** 53), Number.NaN, Number.POSITIVE_INFINITY, 1e-300, 2016, 12, 13];
function randomValue(depth = 0): unknown {
  const r = rand();
  if (r < 0.15) return pick(STRINGS);
  if (r < 0.3) return pick(NUMBERS);
  if (r < 0.38) return rand() < 0.5;
  if (r < 0.45) return null;
  if (r < 0.5) return undefined;
  if (r < 0.6) return crypto.randomUUID();
  if (depth > 2) return pick(STRINGS);
  if (r < 0.75) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(depth + 1));
  const keys = ['id', 'field', 'value', 'path', 'password', 'villageId', 'householdId', 'name', 'idNumber', 'relation', 'category', 'headName', 'headIdNumber', '__proto__', 'constructor', 'x'];
  return Object.fromEntries(Array.from({ length: Math.floor(rand() * 5) }, () => [pick(keys), randomValue(depth + 1)]));
}

let dir: string;
let session: Session;
let router: Router;
let valid: Record<string, unknown>;
const cwd = process.cwd();

beforeAll(async () => {
  dir = tempDir('fupin-fuzz-');
  process.chdir(dir); // a payload that names a relative path can only land here
  session = new Session(path.join(dir, 'userData'));
  router = createRouter(createHandlers(session, { version: 'test', broadcast: () => {} }));
  session.create(path.join(dir, 'fuzz.fupin'), PASSWORD);
  const villageId = session.write(tester(), (w) => seedVillage(w).village.id);
  const h = await router.handle(MAIN_WINDOW, 'households.create', { villageId, category: 'general', headName: '模糊测试', headIdNumber: idNo() });
  const householdId = h.ok ? (h.data as { id: string }).id : '';
  const m = await router.handle(MAIN_WINDOW, 'members.create', { householdId, name: '模糊成员', idNumber: idNo('1990-01-01', 'female'), relation: 'spouse' });
  const memberId = m.ok ? (m.data as { id: string }).id : '';
  valid = {
    'households.list': { villageId },
    'households.create': { villageId, category: 'general', headName: '模糊新户', headIdNumber: idNo('1950-02-02') },
    'households.update': { id: householdId, field: 'phone', value: '13800000000' },
    'households.remove': { id: householdId },
    'members.list': { householdId },
    'members.create': { householdId, name: '模糊新成员', idNumber: idNo('2001-02-02'), relation: 'son' },
    'members.update': { id: memberId, field: 'workMonths', value: 6 },
    'members.makeHead': { id: memberId, formerHeadRelation: 'spouse' },
    'members.remove': { id: memberId },
    'settings.set': { autoLockMinutes: 5 },
    'security.verifyPassword': { password: PASSWORD },
    'security.changePassword': { oldPassword: 'not-the-password-1', newPassword: 'fuzz-new-pass-2' },
  };
});
afterAll(() => {
  process.chdir(cwd);
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function auditRows(): number {
  return (session.requireStore().sqlite.prepare('SELECT count(*) AS n FROM auditLog').get() as { n: number }).n;
}

/** A valid payload with one thing broken: a field dropped, replaced or added. */
function mutate(base: Record<string, unknown>): unknown {
  const copy: Record<string, unknown> = { ...base };
  const keys = Object.keys(copy);
  const r = rand();
  if (r < 0.35 && keys.length > 0) delete copy[pick(keys)];
  else if (r < 0.8 && keys.length > 0) copy[pick(keys)] = randomValue();
  else copy[pick(['extra', 'id', '__proto__', 'field'])] = randomValue();
  return copy;
}

describe('IPC fuzzing', () => {
  it(`sends ${PER_CHANNEL} random or malformed payloads to each of ${CHANNELS.length} channels`, async () => {
    const counts: Record<string, number> = {};
    for (const channel of CHANNELS) {
      const base = valid[channel] as Record<string, unknown> | undefined;
      for (let i = 0; i < PER_CHANNEL; i++) {
        const payload = base && !FILE_CHANNELS.test(channel) && rand() < 0.6 ? mutate(base) : randomValue();
        const before = auditRows();
        let result: Result<unknown>;
        try {
          result = await router.handle(MAIN_WINDOW, channel, payload);
        } catch (e) {
          throw new Error(`${channel} threw instead of answering: ${String(e)} for ${JSON.stringify(payload)}`);
        }
        if (result.ok) {
          counts.ok = (counts.ok ?? 0) + 1;
          // An empty payload is a valid db.close: open the database again and go on.
          if (!session.info()) session.open(path.join(dir, 'fuzz.fupin'), PASSWORD);
          // An empty payload is also a valid security.lock: unlock and go on.
          if (session.lock.isLocked) session.lock.unlock(PASSWORD);
          continue;
        }
        counts[result.error.code] = (counts[result.error.code] ?? 0) + 1;
        expect(HANDLED_ERRORS, `${channel}: ${result.error.code} ${result.error.message} for ${JSON.stringify(payload)}`).toContain(result.error.code);
        expect(result.error.message).toMatch(/\p{Script=Han}/u);
        expect(auditRows(), `${channel} wrote although it refused ${JSON.stringify(payload)}`).toBe(before);
      }
    }
    // The database is still open and consistent, and the fuzzer both hit and missed.
    expect(session.info()).not.toBeNull();
    expect(session.requireStore().sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(counts.VALIDATION).toBeGreaterThan(CHANNELS.length * PER_CHANNEL * 0.5);
    expect(counts.ok ?? 0).toBeGreaterThan(0);
    // Nothing was created outside the test folder's own files.
    expect(fs.readdirSync(dir).filter((f) => !/^(fuzz\.fupin.*|userData)$/.test(f))).toEqual([]);
  }, 300_000);
});
