// Real encrypted databases in temp folders: encryption forbids :memory:, and mocks prove nothing.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, openDatabase } from '../../../main/db/open';
import { createHandlers } from '../../../main/ipc/handlers';
import { createRouter, type Router } from '../../../main/ipc/router';
import { createDemoDatabase } from '../../../main/services/demo';
import { Session } from '../../../main/services/session';
import type { Store } from '../../../main/db/store';
import { insertRow, Writer } from '../../../main/db/write';
import type { Actor } from '../../../main/db/audit';
import { windowContext, type RequestContext } from '../../../main/ipc/context';
import { makeIdNumber } from '../../../shared/domain/idNumber';
import { AppError, type AppErrorData, type Result } from '../../../shared/errors';

export const PASSWORD = 'test-secret-1';

/** A fictitious person writing from a test. */
export function tester(name = '测试'): Actor {
  return { kind: 'system', name };
}

/**
 * A Writer outside write(): for tests of the services' rules, which do not need the change
 * event. The app's code gets its writers only from write() and WriteTransaction.
 */
export function testWriter(store: Store, name = '测试'): Writer {
  return new Writer(store, tester(name));
}

/** A request from the clerk's main window, as the shell would build it. */
export const MAIN_WINDOW: RequestContext = windowContext({ id: 1, kind: 'main' }, '测试科员');

export function tempDir(prefix = 'fupin-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function freshStore(dir = tempDir()): Store {
  return createDatabase(path.join(dir, 'test.fupin'), PASSWORD).store;
}

/** One village, one unit, one team, one cadre: the least a household needs. Fictitious. */
export function seedVillage(w: Writer, code = '420115010201', name = '测试村') {
  const village = insertRow(w, 'villages', { code, name, town: '山坡街', countyCode: '420115', plannedExitYear: 2017, exitedYear: null });
  const unit = insertRow(w, 'units', { name: `${name}帮扶单位`, kind: '区直部门', headName: null, phone: null });
  const team = insertRow(w, 'teams', { name: `${name}驻村工作队`, villageId: village.id, leadUnitId: unit.id });
  insertRow(w, 'teamUnits', { teamId: team.id, unitId: unit.id });
  const cadre = insertRow(w, 'cadres', { name: '测试干部', unitId: unit.id, teamId: team.id, role: '第一书记', title: null, phone: null });
  return { village, unit, team, cadre };
}

let seq = 0;
/** A valid, fictitious ID number, unique within a test run (sequence parity gives the sex). */
export function idNo(birth = '1970-05-06', sex: 'male' | 'female' = 'male'): string {
  seq = (seq + 2) % 998;
  return makeIdNumber('420115', birth, seq + (sex === 'male' ? 1 : 0));
}

export function fileDigest(file: string): string {
  return fs.existsSync(file) ? createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'missing';
}

export function dirListing(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

/** "CODE: message" of the AppError fn throws, or 'no error'; anything else is rethrown. */
export function refusalOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'no error';
}

/**
 * The households whose householdFacts row (kept by triggers, m005_household_facts.ts and
 * m008_battle_facts.ts) differs from the same facts counted afresh from the households, members,
 * pairings and cadres; [] when all agree. The exited codes are written out here on purpose: an
 * oracle independent of shared/domain/exitStatus.ts.
 */
const FACT_COLUMNS = 'householdId, category, size, headName, headIdNumber, helperName, villageId, plannedExitYear, exited, exitMonth, mainCause';

export function householdFactsMismatches(store: Store): unknown[] {
  return store.sqlite
    .prepare(
      `WITH fresh AS (
         SELECT h.id AS householdId, h.category AS category,
           (SELECT count(*) FROM members m WHERE m.householdId = h.id) AS size,
           (SELECT m.name FROM members m WHERE m.householdId = h.id AND m.relation = 'head') AS headName,
           (SELECT m.idNumber FROM members m WHERE m.householdId = h.id AND m.relation = 'head') AS headIdNumber,
           (SELECT c.name FROM pairings p JOIN cadres c ON c.id = p.cadreId WHERE p.householdId = h.id) AS helperName,
           h.villageId, h.plannedExitYear,
           (h.exitStatus IN ('exited_supported', 'exited')) AS exited,
           CASE WHEN h.exitStatus IN ('exited_supported', 'exited') THEN substr(h.exitedOn, 1, 7) END AS exitMonth,
           h.mainCause
         FROM households h)
       SELECT 'kept' AS side, * FROM (SELECT ${FACT_COLUMNS} FROM householdFacts EXCEPT SELECT * FROM fresh)
       UNION ALL
       SELECT 'fresh' AS side, * FROM (SELECT * FROM fresh EXCEPT SELECT ${FACT_COLUMNS} FROM householdFacts)`,
    )
    .all()
    .concat(battleBoardMismatches(store));
}

/**
 * The battle map's kept counts (m010_battle_board.ts) against the same counts taken afresh from the
 * households and members themselves: empty when the triggers kept them right. Part of
 * householdFactsMismatches.
 */
export function battleBoardMismatches(store: Store): unknown[] {
  const fresh = `WITH h AS (
      SELECT coalesce(villageId, '') AS villageId, coalesce(plannedExitYear, 0) AS plannedExitYear,
        (exitStatus IN ('exited_supported', 'exited')) AS exited,
        CASE WHEN exitStatus IN ('exited_supported', 'exited') THEN substr(exitedOn, 1, 7) END AS exitMonth,
        (SELECT count(*) FROM members m WHERE m.householdId = households.id) AS size
      FROM households)`;
  const diff = (name: string, keptSql: string, freshSql: string) =>
    store.sqlite.prepare(`${fresh}, fresh AS (${freshSql}), kept AS (${keptSql})
      SELECT '${name}' AS side, * FROM (SELECT * FROM kept EXCEPT SELECT * FROM fresh)
      UNION ALL SELECT '${name}-fresh' AS side, * FROM (SELECT * FROM fresh EXCEPT SELECT * FROM kept)`).all();
  return [
    ...diff(
      'board',
      'SELECT villageId, plannedExitYear, exited, exitYear, households, people FROM battleBoard',
      "SELECT villageId, plannedExitYear, exited, substr(coalesce(exitMonth, ''), 1, 4) AS exitYear, count(*) AS households, sum(size) AS people FROM h GROUP BY 1, 2, 3, 4",
    ),
    ...diff('months', 'SELECT exitMonth, households, people FROM battleMonths', 'SELECT exitMonth, count(*) AS households, sum(size) AS people FROM h WHERE exited AND exitMonth IS NOT NULL GROUP BY 1'),
  ];
}

/**
 * A session with its router over a fresh encrypted database, called as the main window calls it:
 * `ok` returns the data or throws the refusal, `refused` returns the refusal or throws. Made at
 * module level; `open` in beforeAll, `close` in afterAll.
 */
export function routedSession(prefix: string) {
  let dir = '';
  let session: Session | null = null;
  let router: Router | null = null;
  const live = () => {
    if (!session || !router) throw new Error('routedSession: open() first');
    return { session, router };
  };
  const call = async <T>(channel: string, input?: unknown): Promise<Result<T>> => (await live().router.handle(MAIN_WINDOW, channel, input)) as Result<T>;
  return {
    async open(file = 'test.fupin'): Promise<void> {
      dir = tempDir(prefix);
      session = new Session(path.join(dir, 'userData'));
      router = createRouter(createHandlers(session, { version: 'test', broadcast: () => {} }));
      const r = await call('db.create', { path: path.join(dir, file), password: PASSWORD });
      if (!r.ok) throw new Error(`db.create: ${r.error.message}`);
    },
    close(): void {
      session?.close();
      session = null;
      router = null;
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
    get dir(): string {
      return dir;
    },
    get session(): Session {
      return live().session;
    },
    get router(): Router {
      return live().router;
    },
    sql: () => live().session.requireStore().sqlite,
    call,
    async ok<T>(channel: string, input?: unknown): Promise<T> {
      const r = await call<T>(channel, input);
      if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
      return r.data;
    },
    async refused(channel: string, input: unknown): Promise<AppErrorData> {
      const r = await call(channel, input);
      if (r.ok) throw new Error(`${channel} was not refused`);
      return r.error;
    },
  };
}

/** The fictitious demo database, built and opened in a fresh folder (for beforeAll, with a long timeout). */
export function openDemoStore(prefix: string): { dir: string; dbPath: string; store: Store; close: () => void } {
  const dir = tempDir(prefix);
  const dbPath = path.join(dir, 'demo.fupin');
  createDemoDatabase(dbPath, PASSWORD);
  const store = openDatabase(dbPath, PASSWORD);
  return {
    dir,
    dbPath,
    store,
    close: () => {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
