// Every refusal is one Chinese sentence, exit code 2 from the CLI, and leaves the folder exactly
// as it was: a database cut short at a page boundary (CORRUPT, so the app offers a restore), a key
// file asking for a ruinous scrypt cost, a full disk, a read-only folder, a NUL byte in a path.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../main/cli';
import { createDatabase, openDatabase } from '../../../main/db/open';
import { keyFilePath, readKeyFile } from '../../../main/db/keys';
import { toErrorData } from '../../../main/errors';
import { write } from '../../../main/db/write';
import { createRouter } from '../../../main/ipc/router';
import { createHandlers } from '../../../main/ipc/handlers';
import { Session } from '../../../main/services/session';
import { AppError } from '../../../shared/errors';
import { MAIN_WINDOW, PASSWORD, dirListing, fileDigest, idNo, seedVillage, tempDir, tester } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');

let root: string;
/** A database with some rows, closed, and its page size: the source every case copies. */
let source: string;
let pageSize: number;

beforeAll(() => {
  root = tempDir('fupin-refusals-');
  source = path.join(root, 'source', '台账.fupin');
  fs.mkdirSync(path.dirname(source));
  const { store } = createDatabase(source, PASSWORD);
  write({ store, actor: tester() }, (w) => {
    for (let i = 0; i < 40; i++) seedVillage(w, `4201150102${String(10 + i).padStart(2, '0')}`, `测试村${i}`);
  });
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  pageSize = store.sqlite.pragma('page_size', { simple: true }) as number;
  store.close();
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A copy of the source database and its key file in a folder of its own. */
function copyOfSource(name: string): { dir: string; db: string } {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  const db = path.join(dir, '台账.fupin');
  fs.copyFileSync(source, db);
  fs.copyFileSync(keyFilePath(source), keyFilePath(db));
  return { dir, db };
}

/** The folder's names and every file's digest: "nothing created or changed". */
function snapshot(dir: string): string[] {
  return dirListing(dir).map((f) => `${f} ${fileDigest(path.join(dir, f))}`);
}

function captureCli(): { lines: { out: string; err: string }; io: CliIo } {
  const lines = { out: '', err: '' };
  return { lines, io: { out: (t) => void (lines.out += t), err: (t) => void (lines.err += t), env: { FUPIN_PASSWORD: PASSWORD } } };
}

/** Exit 2 and exactly one Chinese line, no English from SQLite or Node. */
async function expectCliRefusal(argv: string[], pattern: RegExp): Promise<string> {
  const { lines, io } = captureCli();
  const code = await runCli(argv, io);
  expect(code, lines.err).toBe(2);
  expect(lines.out).toBe('');
  const errLines = lines.err.split('\n').filter((l) => l.trim() !== '');
  expect(errLines, lines.err).toHaveLength(1);
  expect(errLines[0]).toMatch(pattern);
  expect(errLines[0]).toMatch(/\p{Script=Han}/u);
  expect(errLines[0]).not.toMatch(/malformed|SQLITE_|ENOSPC|EROFS|EPERM|Error:/);
  return errLines[0];
}

describe('a database cut short at a page boundary', () => {
  for (const pages of [1, 2, 5]) {
    it(`${pages} page(s) kept: the app answers CORRUPT (offering restore), the CLI exits 2 in Chinese, nothing changes`, async () => {
      const { dir, db } = copyOfSource(`truncated-${pages}`);
      fs.truncateSync(db, pages * pageSize);
      const before = snapshot(dir);

      const session = new Session(path.join(root, `userData-${pages}`));
      const router = createRouter(createHandlers(session, { version: 'test', broadcast: () => {} }));
      try {
        const r = await router.handle(MAIN_WINDOW, 'db.open', { path: db, password: PASSWORD });
        expect(r).toMatchObject({ ok: false, error: { code: 'CORRUPT' } });
        if (!r.ok) expect(r.error.message).toMatch(/^数据库文件已损坏.*请从备份恢复/);
      } finally {
        session.close();
      }
      expect(snapshot(dir)).toEqual(before);

      await expectCliRefusal(['stats', '--db', db], /^数据库文件已损坏/);
      expect(snapshot(dir)).toEqual(before);
    });
  }

  it('is damage to `verify` (exit 1), as before', async () => {
    const { db } = copyOfSource('truncated-verify');
    fs.truncateSync(db, 2 * pageSize);
    const { lines, io } = captureCli();
    expect(await runCli(['verify', '--db', db], io)).toBe(1);
    expect(lines.out).toMatch(/^损坏：数据库文件已损坏/);
  });

  it('through the real command line too: exit 2, one Chinese line, no stack', () => {
    const { dir, db } = copyOfSource('truncated-spawned');
    fs.truncateSync(db, 3 * pageSize);
    const before = snapshot(dir);
    const { FUPIN_PASSWORD: _inherited, ...env } = process.env;
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli.ts', 'stats', '--db', db, '--password', PASSWORD], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^数据库文件已损坏/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('SQLite’s own corruption codes are CORRUPT wherever they surface', () => {
    for (const code of ['SQLITE_CORRUPT', 'SQLITE_CORRUPT_INDEX', 'SQLITE_NOTADB']) {
      const e = Object.assign(new Error('database disk image is malformed'), { code });
      expect(toErrorData(e), code).toMatchObject({ code: 'CORRUPT', message: '数据库文件已损坏，操作未完成：请从备份恢复' });
    }
  });
});

describe('a key file with hostile scrypt parameters', () => {
  const hostile: [string, Record<string, unknown>][] = [
    ['N = 2^30 (hours of work, gigabytes)', { N: 2 ** 30 }],
    ['N = 2^20 with r = 8 (1 GiB)', { N: 2 ** 20 }],
    ['N not a power of two', { N: 3 * 2 ** 14 }],
    ['r = 1000000', { r: 1_000_000 }],
    ['p = 2^20', { p: 2 ** 20 }],
    ['N = 0', { N: 0 }],
    ['an IV of the wrong length', { iv: Buffer.alloc(3).toString('base64') }],
    ['a tag of the wrong length', { tag: Buffer.alloc(5).toString('base64') }],
  ];
  for (const [what, change] of hostile) {
    it(`${what}: refused at once as a damaged key file, exit 2, nothing changed`, async () => {
      const { dir, db } = copyOfSource(`hostile-${what.replace(/[^A-Za-z0-9]+/g, '-')}`);
      const keyFile = JSON.parse(fs.readFileSync(keyFilePath(db), 'utf8'));
      keyFile.password = { ...keyFile.password, ...change };
      fs.writeFileSync(keyFilePath(db), JSON.stringify(keyFile));
      const before = snapshot(dir);
      const started = Date.now();
      await expectCliRefusal(['stats', '--db', db], /^密钥文件已损坏/);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(() => readKeyFile(db)).toThrow(AppError);
      expect(snapshot(dir)).toEqual(before);
    });
  }

  it('today’s parameters and stronger ones within the bounds are still read', () => {
    const { db } = copyOfSource('key-bounds');
    const keyFile = JSON.parse(fs.readFileSync(keyFilePath(db), 'utf8'));
    expect(readKeyFile(db).password).toMatchObject({ N: 2 ** 15, r: 8, p: 1 });
    keyFile.recovery = { ...keyFile.recovery, N: 2 ** 16, p: 4 };
    fs.writeFileSync(keyFilePath(db), JSON.stringify(keyFile));
    expect(readKeyFile(db).recovery).toMatchObject({ N: 2 ** 16, p: 4 });
    openDatabase(db, PASSWORD).close();
  });
});

/** /dev/full made in place: mknod needs root (as in CI) or CAP_MKNOD. */
function tryMakeFullDevice(file: string): boolean {
  try {
    execFileSync('mknod', [file, 'c', '1', '7'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const CAN_FILL_DISK = (() => {
  const probe = path.join(os.tmpdir(), `fupin-refusals-full-probe-${process.pid}`);
  const ok = tryMakeFullDevice(probe);
  fs.rmSync(probe, { force: true });
  return ok;
})();

describe.skipIf(!CAN_FILL_DISK)('a full disk (the WAL is /dev/full; skipped where mknod is not allowed)', () => {
  it('an import is refused with exit 2 in Chinese, and the database is unchanged', async () => {
    const { dir, db } = copyOfSource('full-disk');
    const csv = path.join(root, 'full-disk.csv');
    fs.writeFileSync(csv, `户编号,姓名,身份证号码,与户主关系,行政村,贫困户属性,脱贫状态\n4201150102100001,满盘乙,${idNo()},户主,测试村0,一般贫困户,未脱贫\n`);
    const digest = fileDigest(db);
    expect(tryMakeFullDevice(`${db}-wal`)).toBe(true);
    await expectCliRefusal(['import', '--db', db, csv, '--user-data', path.join(dir, 'user-data')], /^磁盘空间不足/);
    expect(fileDigest(db)).toBe(digest);
    fs.rmSync(`${db}-wal`, { force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});

/** A read-only bind mount: chmod does not stop root, a read-only file system does. */
function tryReadOnlyMount(dir: string): boolean {
  try {
    execFileSync('mount', ['--bind', dir, dir], { stdio: 'ignore' });
  } catch {
    return false;
  }
  try {
    execFileSync('mount', ['-o', 'remount,bind,ro', dir], { stdio: 'ignore' });
    return true;
  } catch {
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return false;
  }
}
const CAN_MOUNT = process.platform === 'linux' && (() => {
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-ro-probe-'));
  const ok = tryReadOnlyMount(probe);
  if (ok) execFileSync('umount', [probe], { stdio: 'ignore' });
  fs.rmSync(probe, { recursive: true, force: true });
  return ok;
})();

describe.skipIf(!CAN_MOUNT)('a read-only folder (a read-only bind mount; skipped where mount is not allowed)', () => {
  let ro: { dir: string; db: string };
  beforeAll(() => {
    ro = copyOfSource('read-only');
    // Opened once while writable, as in real use: the lock file exists beside it.
    openDatabase(ro.db, PASSWORD).close();
    expect(tryReadOnlyMount(ro.dir)).toBe(true);
  });
  afterAll(() => execFileSync('umount', [ro.dir], { stdio: 'ignore' }));

  it('init in it is refused with exit 2 in Chinese, nothing created', async () => {
    const before = snapshot(ro.dir);
    await expectCliRefusal(['init', '--db', path.join(ro.dir, '新.fupin')], /没有权限，或是只读的盘|可写入/);
    expect(snapshot(ro.dir)).toEqual(before);
  });

  it('opening a database in it is refused with exit 2 in Chinese, nothing changed', async () => {
    const before = snapshot(ro.dir);
    await expectCliRefusal(['stats', '--db', ro.db], /只读|没有权限|无法写入|无法锁定/);
    expect(snapshot(ro.dir)).toEqual(before);
  });

  it('a backup into it is refused with exit 2 in Chinese', async () => {
    const { db } = copyOfSource('read-only-backup-source');
    const before = snapshot(ro.dir);
    await expectCliRefusal(['backup', '--db', db, '--out', path.join(ro.dir, '备份.fupin')], /只读|没有权限|无法写入/);
    expect(snapshot(ro.dir)).toEqual(before);
  });
});

describe('what the system refuses, by code', () => {
  it('EPERM, EROFS, EACCES, ENOSPC: IO with a Chinese sentence; the CLI exits 2 for every code but INTERNAL', () => {
    for (const code of ['EPERM', 'EROFS', 'EACCES', 'ENOSPC', 'SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_CANTOPEN']) {
      const data = toErrorData(Object.assign(new Error(`${code}: no`), { code }));
      expect(data.code, code).toBe('IO');
      expect(data.message).toMatch(/\p{Script=Han}/u);
    }
  });
});

describe('a NUL byte in a path', () => {
  it('is refused before anything is created: IPC, open, create and Node’s own error', async () => {
    const dir = tempDir('fupin-nul-');
    try {
      const session = new Session(path.join(dir, 'userData'));
      const router = createRouter(createHandlers(session, { version: 'test', broadcast: () => {} }));
      const before = snapshot(dir);
      for (const channel of ['db.open', 'db.create'] as const) {
        const r = await router.handle(MAIN_WINDOW, channel, { path: path.join(dir, 'a.fupin\0b'), password: PASSWORD });
        expect(r, channel).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      }
      const refusal = (fn: () => unknown) => {
        try {
          fn();
        } catch (e) {
          return e instanceof AppError ? `${e.code}: ${e.message}` : String(e);
        }
        return 'no error';
      };
      expect(refusal(() => createDatabase(path.join(dir, 'a.fupin\0b'), PASSWORD))).toMatch(/^VALIDATION: 文件路径中含有不允许的字符/);
      expect(refusal(() => openDatabase(path.join(dir, 'a.fupin\0b'), PASSWORD))).toMatch(/^VALIDATION: 文件路径中含有不允许的字符/);
      let nodeError: unknown;
      try {
        fs.statSync('a\0b');
      } catch (e) {
        nodeError = e;
      }
      expect(toErrorData(nodeError)).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/NUL/) });
      expect(snapshot(dir)).toEqual(before);
      session.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
