// Runs the CLI as a user does, in a child process, and checks exit codes, output and that a
// refused command leaves every file exactly as it was.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'demo2015';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Run {
  const { FUPIN_PASSWORD: _inherited, ...base } = process.env;
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...base, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 2 with exactly one Chinese line on stderr and no stack trace. */
function expectRefused(r: Run, pattern: RegExp): void {
  expect(r.status, r.stderr).toBe(2);
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/\p{Script=Han}/u);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).toBe('');
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function listing(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

/** Runs fn and asserts that the directory and every file in it are byte-for-byte unchanged. */
function expectUntouched(dir: string, fn: () => void): void {
  const names = listing(dir);
  const hashes = names.map((n) => sha256(path.join(dir, n)));
  fn();
  expect(listing(dir)).toEqual(names);
  expect(names.map((n) => sha256(path.join(dir, n)))).toEqual(hashes);
}

let dir: string;
/** The CLI's --user-data (its automatic backups before an import), apart from the files under test. */
let userData: string;
let demoDb: string;
let demoRun: Run;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-cli-'));
  userData = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-cli-user-'));
  demoDb = path.join(dir, 'demo.fupin');
  // The password from the environment, as the help text recommends.
  demoRun = cli(['demo', '--db', demoDb], { FUPIN_PASSWORD: PASSWORD });
}, 60_000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(userData, { recursive: true, force: true });
});

describe('cli', { timeout: 60_000 }, () => {
  it('builds the demo and reports its figures as the only JSON on stdout', () => {
    expect(demoRun.status, demoRun.stderr).toBe(0);
    expect(demoRun.stdout).toContain('虚构演示数据');
    // The empty lock file stays once the database has been opened: the OS lock on it is what counts.
    expect(listing(dir)).toEqual(['demo.fupin', 'demo.fupin.audit-head', 'demo.fupin.health', 'demo.fupin.key', 'demo.fupin.lock']);

    const r = cli(['stats', '--db', demoDb, '--json', '--password', PASSWORD]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const stats: unknown = JSON.parse(r.stdout);
    expect(stats).toEqual({
      villages: 21,
      units: 66,
      teams: 21,
      cadres: expect.any(Number),
      households: 1097,
      people: 2469,
      byCategory: {
        general: { households: 515, people: 1531 },
        dibao: { households: 536, people: 892 },
        wubao: { households: 46, people: 46 },
      },
      // The demo's plan meets the quotas: 2469 people 741/1234/494, 21 villages 6/9/6.
      plan: {
        '2016': { households: expect.any(Number), people: 741, villages: 6 },
        '2017': { households: expect.any(Number), people: 1234, villages: 9 },
        '2018': { households: expect.any(Number), people: 494, villages: 6 },
      },
      // Nothing struck off yet in the demo.
      exited: Object.fromEntries(['2016', '2017', '2018'].map((y) => [y, { households: 0, people: 0, villages: 0 }])),
      // The money per year in fen: the plan's pledges (3,000,000 + 66 × 30,000 yuan) and the demo's ledger.
      funds: Object.fromEntries(['2016', '2017', '2018'].map((y) => [y, { pledged: 498_000_000, received: expect.any(Number), allocated: expect.any(Number), spent: expect.any(Number) }])),
    });
    expect(Object.keys(stats as object)).toEqual(['villages', 'units', 'teams', 'cadres', 'households', 'people', 'byCategory', 'plan', 'exited', 'funds']);
    const funds = (stats as { funds: Record<string, { received: number; allocated: number; spent: number }> }).funds;
    for (const f of Object.values(funds)) expect(f.received >= f.allocated && f.allocated >= f.spent && f.spent > 0).toBe(true);
  });

  it('prints a readable Chinese summary without --json, with the password from the environment', () => {
    const r = cli(['stats', '--db', demoDb], { FUPIN_PASSWORD: PASSWORD });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('贫困户：1097 户 2469 人');
    expect(r.stdout).toContain('低保贫困户：536 户 892 人');
    expect(r.stdout).toContain('特困供养贫困户：46 户 46 人');
    expect(listing(dir)).toEqual(['demo.fupin', 'demo.fupin.audit-head', 'demo.fupin.health', 'demo.fupin.key', 'demo.fupin.lock']);
  });

  it('creates an empty database with init and refuses to overwrite it', () => {
    const db = path.join(dir, 'empty.fupin');
    const created = cli(['init', '--db', db, '--password', PASSWORD]);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/恢复码：[0-9A-Z]{5}(-[0-9A-Z]{5}){4}/);
    const stats = cli(['stats', '--db', db, '--json', '--password', PASSWORD]);
    expect(JSON.parse(stats.stdout)).toMatchObject({ villages: 0, households: 0, people: 0 });

    expectUntouched(dir, () => {
      expectRefused(cli(['init', '--db', db, '--password', PASSWORD]), /已存在/);
      expectRefused(cli(['demo', '--db', db, '--password', PASSWORD]), /已存在/);
      expectRefused(cli(['init', '--db', demoDb, '--password', PASSWORD]), /已存在/);
    });
  });

  it('refuses a wrong password without changing the file or adding any', () => {
    expectUntouched(dir, () => {
      expectRefused(cli(['stats', '--db', demoDb, '--password', 'wrong-password']), /密码错误/);
      expectRefused(cli(['stats', '--db', demoDb, '--json'], { FUPIN_PASSWORD: 'demo2016' }), /密码错误/);
    });
  });

  it('refuses a missing file without creating it', () => {
    const missing = path.join(dir, 'missing.fupin');
    expectUntouched(dir, () => {
      expectRefused(cli(['stats', '--db', missing, '--password', PASSWORD]), /找不到/);
    });
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('refuses files that are not databases, leaving them unchanged', () => {
    const text = path.join(dir, 'notes.txt');
    const empty = path.join(dir, 'empty-file.fupin');
    const plain = path.join(dir, 'page.fupin');
    fs.writeFileSync(text, '这不是数据库\n');
    fs.writeFileSync(empty, '');
    fs.writeFileSync(plain, Buffer.alloc(4096, 7));
    expectUntouched(dir, () => {
      expectRefused(cli(['stats', '--db', text, '--password', PASSWORD]), /不是/);
      expectRefused(cli(['stats', '--db', empty, '--password', PASSWORD]), /不是/);
      expectRefused(cli(['stats', '--db', plain, '--password', PASSWORD]), /不是|密码错误|密钥文件/);
      expectRefused(cli(['stats', '--db', dir, '--password', PASSWORD]), /不是/);
    });
  });

  it('asks for a password when none is given', () => {
    const db = path.join(dir, 'nopassword.fupin');
    expectUntouched(dir, () => {
      expectRefused(cli(['stats', '--db', demoDb]), /FUPIN_PASSWORD/);
      expectRefused(cli(['init', '--db', db]), /FUPIN_PASSWORD/);
      expectRefused(cli(['demo', '--db', db]), /FUPIN_PASSWORD/);
    });
  });

  it('explains bad usage in Chinese with exit code 2', () => {
    expectRefused(cli(['stats', '--password', PASSWORD]), /--db/);
    expectRefused(cli(['frobnicate']), /未知命令/);
    expectRefused(cli(['stats', '--db', demoDb, '--colour']), /无法识别的选项/);
    expectRefused(cli(['init', '--db', path.join(dir, 'short.fupin'), '--password', '123']), /密码强度不够/);
    expect(fs.existsSync(path.join(dir, 'short.fupin'))).toBe(false);
  });

  it('prints usage in Chinese for --help', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('用法');
    for (const command of ['init', 'demo', 'stats']) expect(r.stdout).toContain(command);
    expect(r.stderr).toBe('');
  });
});

describe('cli import --year', { timeout: 120_000 }, () => {
  const DECLARED = '年人均纯收入（元）';
  let yearDb = '';
  let yearFile = '';

  /** An empty database and a national-layout file without 收入年度, made once for these tests. */
  async function yearFixture(): Promise<{ db: string; file: string }> {
    if (yearDb === '') {
      const { HEADER, baseRows, toTable, writeXlsx } = await import('./import/fixtures');
      yearDb = path.join(dir, 'year.fupin');
      const created = cli(['init', '--db', yearDb, '--password', PASSWORD]);
      expect(created.status, created.stderr).toBe(0);
      const columns = [...HEADER.filter((c) => c !== '收入年度'), DECLARED];
      yearFile = await writeXlsx(toTable(baseRows().map((r) => ({ ...r, [DECLARED]: '3000' })), { columns }), path.join(dir, 'year.xlsx'));
    }
    return { db: yearDb, file: yearFile };
  }

  it('books the incomes the file gives no year for to --year, and the report says which year and why', async () => {
    const { db, file } = await yearFixture();
    const dry = cli(['import', '--db', db, file, '--year', '2016', '--dry-run', '--json', '--password', PASSWORD]);
    expect(dry.status, dry.stderr).toBe(0);
    expect((JSON.parse(dry.stdout) as { incomeYear: unknown }).incomeYear).toEqual({ year: 2016, source: 'chosen', used: [{ year: 2016, source: 'chosen', households: 3 }] });

    const r = cli(['import', '--db', db, file, '--year', '2015', '--password', PASSWORD, '--user-data', userData]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('收入年度：2015 年（由 --year 指定）');
    expect(r.stdout).toContain('文件中没有“收入年度”列，3 户的收入按 2015 年导入（导入时指定的年度）');

    // Without --year: the year before the current one, and the report says it was the default.
    const plain = cli(['import', '--db', db, file, '--dry-run', '--password', PASSWORD]);
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stdout).toContain(`收入年度：${new Date().getFullYear() - 1} 年（未指定 --year，默认为上一年）`);
  });

  it('a --year that is not a four-digit year is a usage error in Chinese, and nothing is read or written', async () => {
    const { db, file } = await yearFixture();
    expectUntouched(dir, () => {
      for (const year of ['15', '二〇一五', '2015-2016', '1999', '２０１５年']) {
        expectRefused(cli(['import', '--db', db, file, '--year', year, '--password', PASSWORD]), /^--year 应为2000至2100年之间的四位年份/);
      }
      expectRefused(cli(['import', '--db', db, file, '--password', PASSWORD, '--year']), /--year/);
    });
  });
});
