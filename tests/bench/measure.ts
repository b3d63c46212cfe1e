// What one child process measures. Each repetition runs in a fresh process, so nothing (SQLite's
// page cache, prepared statements, V8's compiled code) survives from the previous one: this is the
// state of the app right after the clerk types the password. The OS file cache does stay warm
// (dropping it needs privileges we do not have), as it would on a PC that opened the file before.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { applyRuntimePragmas, migrate, openDatabase, applyCachePragmas, applyKey } from '../../main/db/open';
import { Store, type SqliteHandle } from '../../main/db/store';
import { getStats, householdsJson } from '../../main/services/registry';
import { Session } from '../../main/services/session';
import type { Platform } from '../../main/ipc/platform';
import { acquireLock } from '../../main/db/lock';
import { readKeyFile, unlockWithPassword } from '../../main/db/keys';
import type { CopyKind } from './fixture';
import { BENCH_PASSWORD } from './fixture';
import { windowContext } from '../../main/ipc/context';

export interface FiguresResult {
  openMs: number;
  gridMs: number;
  parseMs: number;
  statsMs: number;
  rows: number;
  jsonChars: number;
  via: 'router' | 'direct';
  routerError?: string;
}

export interface OpenPartsResult {
  unlockMs: number;
  lockMs: number;
  constructMs: number;
  keyPragmasMs: number;
  firstReadMs: number;
  quickCheckMs: number;
  runtimePragmasMs: number;
  migrateMs: number;
  totalMs: number;
}

const now = () => performance.now();

/** The plain copy's equivalent of openDatabase: open, the same pragmas, quick_check. */
export function openPlain(file: string): Store {
  const sqlite = new Database(file, { fileMustExist: true });
  const version = sqlite.pragma('user_version', { simple: true }) as number;
  applyCachePragmas(sqlite);
  const check = sqlite.pragma('quick_check', { simple: true }) as string;
  if (check !== 'ok') throw new Error(`quick_check: ${check}`);
  applyRuntimePragmas(sqlite);
  migrate(sqlite, version);
  return new Store(sqlite, file);
}

export function openCopy(kind: CopyKind, file: string): Store {
  return kind === 'enc' ? openDatabase(file, BENCH_PASSWORD) : openPlain(file);
}

function isJsonRows(data: unknown): data is { json: string; count: number } {
  return typeof data === 'object' && data !== null && 'json' in data && typeof (data as { json: unknown }).json === 'string';
}

function finish(store: Store, openMs: number, gridMs: number, json: string, via: FiguresResult['via'], routerError?: string): FiguresResult {
  let t = now();
  const parsed: unknown = JSON.parse(json);
  const parseMs = now() - t;
  t = now();
  getStats(store);
  const statsMs = now() - t;
  return { openMs, gridMs, parseMs, statsMs, rows: Array.isArray(parsed) ? parsed.length : -1, jsonChars: json.length, via, routerError };
}

/** householdsJson, exactly what the 'households.list' handler does. */
export function figuresDirect(kind: CopyKind, file: string, routerError?: string): FiguresResult {
  let t = now();
  const store = openCopy(kind, file);
  const openMs = now() - t;
  try {
    t = now();
    const { json } = householdsJson(store);
    const gridMs = now() - t;
    return finish(store, openMs, gridMs, json, 'direct', routerError);
  } finally {
    store.close();
  }
}

/**
 * The real path: a Session opens the encrypted file (as 'db.open' does) and the real router answers
 * 'households.list'. Falls back to the direct call when the handlers module cannot load (another
 * area's module still being written), and says so.
 */
export async function figuresRouter(file: string, benchDir: string): Promise<FiguresResult> {
  let mods: [typeof import('../../main/ipc/router'), typeof import('../../main/ipc/handlers')];
  try {
    mods = await Promise.all([import('../../main/ipc/router'), import('../../main/ipc/handlers')]);
  } catch (e) {
    return figuresDirect('enc', file, e instanceof Error ? e.message.split('\n')[0] : String(e));
  }
  const [{ createRouter }, { createHandlers }] = mods;
  const userDataDir = path.join(benchDir, 'session');
  fs.mkdirSync(userDataDir, { recursive: true });
  const session = new Session(userDataDir);
  const platform: Platform = { version: 'bench', broadcast: () => undefined };
  const router = createRouter(createHandlers(session, platform));
  let t = now();
  session.open(file, BENCH_PASSWORD);
  const openMs = now() - t;
  try {
    t = now();
    const res = await router.handle(windowContext({ id: 1, kind: 'main' }, 'bench'), 'households.list', {});
    const gridMs = now() - t;
    if (!res.ok) throw new Error(`households.list: ${res.error.code} ${res.error.message}`);
    if (!isJsonRows(res.data)) throw new Error('households.list did not return { json, count }');
    return finish(session.requireStore(), openMs, gridMs, res.data.json, 'router');
  } finally {
    session.close();
  }
}

/** openDatabase's steps one by one (same order, same calls where they are exported), to see which
 *  one costs what. */
export function openParts(kind: CopyKind, file: string): OpenPartsResult {
  const t0 = now();
  let t = now();
  let dataKey: Buffer | null = null;
  if (kind === 'enc') {
    // openDatabase: file checks, read the key file, unwrap the data key (scrypt N=2^15).
    fs.statSync(file);
    dataKey = unlockWithPassword(readKeyFile(file), BENCH_PASSWORD);
  }
  const unlockMs = now() - t;
  t = now();
  const release = kind === 'enc' ? acquireLock(file) : () => undefined;
  const lockMs = now() - t;
  t = now();
  const sqlite: SqliteHandle = new Database(file, { fileMustExist: true });
  const constructMs = now() - t;
  try {
    t = now();
    if (dataKey) applyKey(sqlite, dataKey);
    const keyPragmasMs = now() - t;
    t = now();
    sqlite.pragma('application_id', { simple: true });
    const version = sqlite.pragma('user_version', { simple: true }) as number;
    const firstReadMs = now() - t;
    t = now();
    const check = sqlite.pragma('quick_check', { simple: true }) as string;
    const quickCheckMs = now() - t;
    if (check !== 'ok') throw new Error(`quick_check: ${check}`);
    t = now();
    applyRuntimePragmas(sqlite);
    const runtimePragmasMs = now() - t;
    t = now();
    migrate(sqlite, version);
    const migrateMs = now() - t;
    return { unlockMs, lockMs, constructMs, keyPragmasMs, firstReadMs, quickCheckMs, runtimePragmasMs, migrateMs, totalMs: now() - t0 };
  } finally {
    sqlite.close();
    release();
  }
}
