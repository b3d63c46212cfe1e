// A killed init never leaves a database without its key (issue 8): the CLI's init is killed
// (SIGKILL) after every step of the creation. At no moment is there a database file without its key
// file; the next init or open either finds nothing there (and init succeeds) or finishes the
// creation (the database opens with its password, its audit anchor in place); no temp file remains.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../main/cli';
import { creatingPath, openDatabase, type CreateStep } from '../../../main/db/open';
import { keyFilePath } from '../../../main/db/keys';
import { auditHeadPath } from '../../../main/db/auditAnchor';
import { cleanLeftovers } from '../../../main/services/leftovers';
import { Session } from '../../../main/services/session';
import { verifyDatabase } from '../../../main/services/verify';
import { PASSWORD, dirListing, tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
const STEPS: CreateStep[] = ['built', 'key-written', 'anchored', 'closed', 'key-renamed', 'anchor-renamed', 'renamed'];
/** From this step on the creation is finished at the next start; before it, undone. */
const FINISHED_FROM = STEPS.indexOf('key-renamed');
const OTHER_PASSWORD = 'another-secret-2';

let root: string;

function killedInit(file: string, step: CreateStep) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'tests/unit/main/init-child.ts', file], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, FUPIN_PASSWORD: PASSWORD, FUPIN_TEST_KILL_AT: step },
  });
}

async function init(file: string, password: string): Promise<{ code: number; err: string }> {
  let err = '';
  const io: CliIo = { out: () => {}, err: (t) => void (err += t), env: { FUPIN_PASSWORD: password } };
  return { code: await runCli(['init', '--db', file, '--user-data', path.join(root, 'user-data')], io), err };
}

/** Opens with the password and checks the file and its audit chain, anchor included. */
function opensIntact(file: string, password: string): void {
  const store = openDatabase(file, password);
  try {
    const report = verifyDatabase(store);
    expect(report.problems).toEqual([]);
    expect(report.notes.join()).not.toMatch(/锚点/);
  } finally {
    store.close();
  }
}

/** Whatever a killed creation may leave: its temp database, key and anchor, their temp files. */
function tempNames(dir: string): string[] {
  return dirListing(dir).filter((n) => /\.creating-|\.tmp-/.test(n));
}

function killedAt(step: CreateStep, folder: string = step): string {
  const dir = path.join(root, folder);
  fs.mkdirSync(dir);
  const file = path.join(dir, '台账.fupin');
  const r = killedInit(file, step);
  expect(r.signal, r.stderr).toBe('SIGKILL');
  // Never a database without its key, not even before anything is cleaned.
  if (fs.existsSync(file)) expect(fs.existsSync(keyFilePath(file))).toBe(true);
  return file;
}

beforeAll(() => {
  root = tempDir('fupin-init-crash-');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('init killed after each step of the creation', () => {
  STEPS.forEach((step, i) => {
    const finished = i >= FINISHED_FROM;
    it(`killed after '${step}': ${finished ? 'the next init finds the finished database, which opens with its password' : 'no database there, and init at the same path succeeds'}; no temp file left`, async () => {
      const file = killedAt(step);
      // The database appears with the last rename only.
      expect(fs.existsSync(file)).toBe(step === 'renamed');
      const again = await init(file, OTHER_PASSWORD);
      if (finished) {
        expect(again.code).toBe(2);
        expect(again.err).toMatch(/^文件已存在，不会覆盖：/);
        opensIntact(file, PASSWORD);
      } else {
        expect(again.code, again.err).toBe(0);
        opensIntact(file, OTHER_PASSWORD);
      }
      expect(tempNames(path.dirname(file))).toEqual([]);
      expect(dirListing(path.dirname(file)).filter((n) => !n.includes('.lock'))).toEqual(['台账.fupin', '台账.fupin.audit-head', '台账.fupin.health', '台账.fupin.key']);
    }, 60_000);
  });

  it('killed between the key’s rename and the database’s: the app’s open finishes the creation before reading the key', () => {
    const file = killedAt('key-renamed', 'open-finishes');
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(keyFilePath(file))).toBe(true);
    const session = new Session(path.join(root, 'session-user'));
    session.open(file, PASSWORD);
    session.close();
    opensIntact(file, PASSWORD);
    expect(fs.existsSync(auditHeadPath(file))).toBe(true);
    expect(tempNames(path.dirname(file))).toEqual([]);
  });

  it('killed before the key’s rename: cleanLeftovers removes the temp database and leaves the folder as before the init', () => {
    const file = killedAt('closed', 'clean-undoes');
    expect(tempNames(path.dirname(file)).length).toBeGreaterThan(0);
    cleanLeftovers(file);
    expect(dirListing(path.dirname(file)).filter((n) => !n.includes('.lock'))).toEqual([]);
  });

  it('a database held open keeps a killed creation’s files of the same path until it can take the lock', () => {
    const dir = path.join(root, 'held');
    fs.mkdirSync(dir);
    const file = path.join(dir, '台账.fupin');
    const session = new Session(path.join(root, 'held-user'));
    session.create(file, PASSWORD);
    // A stray temp database of this path (as if a creation of it had been killed earlier): while
    // the database is open, the lock is held and nothing of it is touched.
    const stray = creatingPath(file, 999_999_999);
    fs.writeFileSync(stray, Buffer.alloc(1024));
    expect(cleanLeftovers(file).removed).toEqual([]);
    expect(fs.existsSync(stray)).toBe(true);
    session.close();
    cleanLeftovers(file);
    expect(fs.existsSync(stray)).toBe(false);
    opensIntact(file, PASSWORD);
  });
});
