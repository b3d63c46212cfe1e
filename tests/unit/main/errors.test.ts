// One translation of errors for the router, the worker and the CLI: a full disk or a folder that
// cannot be written reaches the clerk as IO with the same Chinese sentence, wherever it happened.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toErrorData } from '../../../main/errors';
import { runJob } from '../../../main/jobs/runner';
import { runCli } from '../../../main/cli';
import { createDatabase } from '../../../main/db/open';
import { readKeyFile, unlockWithPassword } from '../../../main/db/keys';
import { write } from '../../../main/db/write';
import { AppError } from '../../../shared/errors';
import { PASSWORD, idNo, seedVillage, tempDir, tester } from './helpers';

const DISK_FULL = '磁盘空间不足，操作未完成：请清理磁盘，或换一个位置';
const NOT_WRITABLE = '无法写入该位置（没有权限，或是只读的盘），操作未完成：请换一个文件夹';

function systemError(code: string): Error {
  return Object.assign(new Error(`${code}: refused by the system`), { code });
}

/** A file that is a full disk: Linux's /dev/full device, made in place (SQLite will not follow a link to it). */
function makeFullDevice(file: string): void {
  execFileSync('mknod', [file, 'c', '1', '7'], { stdio: 'ignore' });
}

/** mknod needs root (as in CI) or CAP_MKNOD; elsewhere the real full-disk tests are skipped. */
const CAN_FILL_DISK = (() => {
  const probe = path.join(os.tmpdir(), `fupin-full-probe-${process.pid}`);
  try {
    makeFullDevice(probe);
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(probe, { force: true });
  }
})();

function captureCli() {
  const lines = { out: '', err: '' };
  return { lines, io: { out: (t: string) => void (lines.out += t), err: (t: string) => void (lines.err += t), env: { FUPIN_PASSWORD: PASSWORD } } };
}

describe('toErrorData (the router’s, the worker’s and the CLI’s translation)', () => {
  it('says a full disk and a folder that cannot be written plainly, with code IO', () => {
    for (const code of ['ENOSPC', 'SQLITE_FULL']) expect(toErrorData(systemError(code)), code).toMatchObject({ code: 'IO', message: DISK_FULL });
    for (const code of ['EACCES', 'EPERM', 'EROFS', 'SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED']) {
      expect(toErrorData(systemError(code)), code).toMatchObject({ code: 'IO', message: NOT_WRITABLE });
    }
    expect(toErrorData(systemError('ENOSPC')).details).toEqual({ cause: 'ENOSPC: refused by the system' });
  });

  it('passes an AppError through and reports only what no rule explains as unexpected', () => {
    const unexpected: unknown[] = [];
    const note = (e: unknown) => unexpected.push(e);
    expect(toErrorData(new AppError('RULE', '规则不允许'), note)).toEqual({ code: 'RULE', message: '规则不允许' });
    expect(toErrorData(systemError('ENOSPC'), note).code).toBe('IO');
    const bug = new TypeError('x is undefined');
    expect(toErrorData(bug, note)).toEqual({ code: 'INTERNAL', message: '内部错误，操作未完成：x is undefined' });
    expect(unexpected).toEqual([bug]);
  });
});

describe('the CLI', () => {
  it.skipIf(process.platform !== 'linux')('prints the app’s sentence for a location it cannot write, in one line, exit 2 (a refusal)', async () => {
    const dir = tempDir('fupin-errors-cli-');
    try {
      const db = path.join(dir, 'a.fupin');
      createDatabase(db, PASSWORD).store.close();
      const { lines, io } = captureCli();
      // /proc takes no new files, even from root: SQLite cannot create the backup there. SQLite's
      // refusal names no file; the sentence names the backup the clerk asked for.
      expect(await runCli(['backup', '--db', db, '--out', '/proc/台账备份.fupin'], io)).toBe(2);
      expect(lines.err).toBe(`${NOT_WRITABLE}。位置：/proc/台账备份.fupin\n`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// A real full disk: the database's WAL file is a full-disk device, so the import's COMMIT fails
// with ENOSPC (SQLITE_FULL) inside the worker thread, as on a full disk or USB stick.
describe.skipIf(!CAN_FILL_DISK)('a full disk during an import', () => {
  let dir: string;
  let db: string;
  let csv: string;

  beforeAll(() => {
    dir = tempDir('fupin-errors-');
    db = path.join(dir, 'full.fupin');
    const { store } = createDatabase(db, PASSWORD);
    write({ store, actor: tester() }, (w) => seedVillage(w));
    store.close();
    csv = path.join(dir, 'registry.csv');
    fs.writeFileSync(csv, `户编号,姓名,身份证号码,与户主关系,行政村,贫困户属性,脱贫状态\n4201150102010001,满盘甲,${idNo()},户主,测试村,一般贫困户,未脱贫\n`);
  });
  // SQLite removes the WAL file when the last connection closes.
  beforeEach(() => {
    if (!fs.existsSync(`${db}-wal`)) makeFullDevice(`${db}-wal`);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reaches the clerk from the worker as IO with the Chinese message', async () => {
    const keyHex = unlockWithPassword(readKeyFile(db), PASSWORD).toString('hex');
    const job = runJob('import', { db: { path: db, keyHex }, file: csv, dryRun: false, onlyValid: false, actor: tester() });
    await expect(job).rejects.toMatchObject({ code: 'IO', message: DISK_FULL });
  }, 60_000);

  it('is printed by the CLI as the same sentence, exit 2 (a refusal)', async () => {
    const { lines, io } = captureCli();
    expect(await runCli(['import', '--db', db, csv, '--user-data', path.join(dir, 'user-data')], io)).toBe(2);
    expect(lines.err).toBe(`${DISK_FULL}\n`);
  }, 60_000);
});
