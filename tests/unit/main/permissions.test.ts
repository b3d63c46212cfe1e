// Real permission refusals, not just their mapping: the CLI runs as the unprivileged user nobody
// against folders and files owned by root (chmod does not stop root, which runs the tests here and
// in CI). Each refusal exits 2 with one Chinese line naming the file, and creates nothing.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, openDatabase } from '../../../main/db/open';
import { keyFilePath } from '../../../main/db/keys';
import { backupTo } from '../../../main/services/backup';
import { PASSWORD, dirListing, fileDigest, tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
const NOBODY = { uid: 65534, gid: 65534 };

/** Only root can start a process as another user; and the system must have nobody's ids. */
const CAN_RUN_AS_NOBODY =
  process.platform === 'linux' &&
  process.getuid?.() === 0 &&
  spawnSync(process.execPath, ['-e', 'process.exit(process.getuid() === 65534 ? 0 : 1)'], { ...NOBODY, stdio: 'ignore' }).status === 0;

let root: string;
let home: string;
let db: string;
let closed: string; // a root-owned 0755 folder
let hidden: string; // a root-owned 0700 folder holding a database
let sticky: string; // a root-owned world-writable folder with the sticky bit, like /tmp

function chownTree(dir: string): void {
  fs.chownSync(dir, NOBODY.uid, NOBODY.gid);
  for (const name of fs.readdirSync(dir)) fs.chownSync(path.join(dir, name), NOBODY.uid, NOBODY.gid);
}

/** The real CLI, as nobody, with its own HOME, TMPDIR (tsx's cache) and user-data folder. */
function cliAsNobody(args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', 'main/cli.ts', ...args, '--user-data', path.join(home, 'user-data')], {
    cwd: ROOT,
    ...NOBODY,
    env: { PATH: process.env.PATH, HOME: home, TMPDIR: home, FUPIN_PASSWORD: PASSWORD },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

/** Exit 2, one Chinese line that names `file`, nothing in English from Node or SQLite. */
function expectRefusal(r: SpawnSyncReturns<string>, file: string | null): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/\p{Script=Han}/u);
  expect(lines[0]).not.toMatch(/EACCES|EPERM|SQLITE_|Error:|permission denied|not permitted/i);
  if (file) expect(lines[0]).toContain(file);
}

/** The folder's names and every file's digest: "nothing created or changed". */
function snapshot(dir: string): string[] {
  return dirListing(dir).map((f) => `${f} ${fileDigest(path.join(dir, f))}`);
}

function exportJournal(): string[] {
  const dir = path.join(home, 'user-data', 'exports-in-progress');
  return fs.existsSync(dir) ? dirListing(dir) : [];
}

describe.skipIf(!CAN_RUN_AS_NOBODY)('the CLI run as user nobody against root’s files (skipped unless the tests run as root on Linux with a nobody user)', () => {
  beforeAll(() => {
    root = tempDir('fupin-permissions-');
    fs.chmodSync(root, 0o755);
    home = path.join(root, 'home');
    fs.mkdirSync(home, { mode: 0o700 });
    chownTree(home);
    // nobody's own database, in its own folder.
    const work = path.join(root, 'work');
    fs.mkdirSync(work);
    db = path.join(work, '台账.fupin');
    createDatabase(db, PASSWORD).store.close();
    chownTree(work);
    closed = path.join(root, 'root-0755');
    fs.mkdirSync(closed, { mode: 0o755 });
    hidden = path.join(root, 'root-0700');
    fs.mkdirSync(hidden, { mode: 0o700 });
    for (const f of [db, keyFilePath(db)]) fs.copyFileSync(f, path.join(hidden, path.basename(f)));
    sticky = path.join(root, 'sticky');
    fs.mkdirSync(sticky);
    fs.chmodSync(sticky, 0o1777);
    fs.writeFileSync(path.join(sticky, '已有.xlsx'), 'root’s own file');
    const store = openDatabase(db, PASSWORD);
    try {
      backupTo(store, path.join(sticky, '备份.fupin'));
    } finally {
      store.close();
    }
    chownTree(work); // the lock file root's open just made
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('backup --out into a root-owned 0755 folder (EACCES): exit 2 in Chinese naming the backup, nothing created', () => {
    const before = snapshot(closed);
    const target = path.join(closed, '备份.fupin');
    expectRefusal(cliAsNobody(['backup', '--db', db, '--out', target]), target);
    expect(snapshot(closed)).toEqual(before);
  }, 120_000);

  it('export --out into a root-owned 0755 folder (EACCES): exit 2 in Chinese naming the file, nothing created, the journal empty', () => {
    const target = path.join(closed, '贫困户.xlsx');
    const before = snapshot(closed);
    expectRefusal(cliAsNobody(['export', '--db', db, '--what', 'households', '--out', target]), target);
    expect(snapshot(closed)).toEqual(before);
    expect(exportJournal()).toEqual([]);
  }, 120_000);

  it('opening a database in a root-owned 0700 folder: exit 2 in Chinese naming the database; init there too, nothing created', () => {
    const file = path.join(hidden, '台账.fupin');
    const before = snapshot(hidden);
    expectRefusal(cliAsNobody(['stats', '--db', file]), file);
    const fresh = path.join(hidden, '新.fupin');
    expectRefusal(cliAsNobody(['init', '--db', fresh]), fresh);
    expect(snapshot(hidden)).toEqual(before);
  }, 120_000);

  it('export --force over root’s file in a sticky world-writable folder (a real EPERM): exit 2 in Chinese naming the file, the file unchanged, no .part left', () => {
    const target = path.join(sticky, '已有.xlsx');
    const before = snapshot(sticky);
    expectRefusal(cliAsNobody(['export', '--db', db, '--what', 'households', '--out', target, '--force']), target);
    expect(snapshot(sticky)).toEqual(before);
    expect(exportJournal()).toEqual([]);
  }, 120_000);

  it('backup --force over root’s backup in a sticky world-writable folder (EPERM on its key file): exit 2 in Chinese naming the backup, root’s backup unchanged, no temp file left', () => {
    const target = path.join(sticky, '备份.fupin');
    const before = snapshot(sticky);
    expectRefusal(cliAsNobody(['backup', '--db', db, '--out', target, '--force']), target);
    expect(snapshot(sticky)).toEqual(before);
  }, 120_000);
});
