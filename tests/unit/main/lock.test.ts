// The one-writer lock is held by the operating system, not inferred from a process id: two
// processes asking at the same instant never both get it, a holder killed with SIGKILL never
// blocks the next open, and every spelling of a path is the same database.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock, lockFilePath, lockHolderPath } from '../../../main/db/lock';
import { openDatabase } from '../../../main/db/open';
import { PASSWORD, dirListing, freshStore, tempDir, refusalOf } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
const CHILD = path.join(__dirname, 'lockChild.ts');

function child(mode: 'hold' | 'race', db: string): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', CHILD, mode, db], { cwd: ROOT });
}

/** The child's stdout, one line at a time, awaited in order. */
function lineReader(proc: ChildProcessWithoutNullStreams): () => Promise<string> {
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  readline.createInterface({ input: proc.stdout }).on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else queue.push(line);
  });
  return () => (queue.length > 0 ? Promise.resolve(queue.shift()!) : new Promise((resolve) => waiting.push(resolve)));
}


let dir: string;
beforeAll(() => {
  dir = tempDir('fupin-lock-');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('two processes opening at the same instant', () => {
  it('exactly one of two simultaneous openers wins, in each of 200 rounds (one through a symlink, each over a stale old lock file)', async () => {
    const db = path.join(dir, 'race.fupin');
    const alias = path.join(dir, 'alias');
    fs.symlinkSync(dir, alias);
    // The second process reaches the same file by another spelling: a symlinked folder.
    const procs = [child('race', db), child('race', path.join(alias, 'race.fupin'))];
    const read = procs.map(lineReader);
    try {
      for (const r of read) expect(await r()).toBe('ready');
      const tally = { one: 0, other: 0 };
      for (let round = 0; round < 200; round++) {
        // Every round starts from a stale lock file of the previous version (a dead pid): taking
        // that over at the same instant is where two pid-file openers both won.
        fs.writeFileSync(`${db}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), at: '2016-01-01T00:00:00Z' }));
        const at = Date.now() + 15;
        for (const p of procs) p.stdin.write(`${round} ${at}\n`);
        const answers = await Promise.all(read.map((r) => r()));
        const winners = answers.filter((a) => a === `${round} won`);
        expect(winners, answers.join(' | ')).toHaveLength(1);
        expect(answers.filter((a) => a === `${round} refused LOCKED`), answers.join(' | ')).toHaveLength(1);
        const winner = answers.indexOf(`${round} won`);
        tally[winner === 0 ? 'one' : 'other']++;
        procs[winner].stdin.write('release\n');
        expect(await read[winner]()).toBe('released');
      }
      // Not a test of fairness, only that both really competed.
      expect(tally.one + tally.other).toBe(200);
    } finally {
      for (const p of procs) p.kill('SIGKILL');
    }
  }, 90_000);
});

describe('a holder killed with SIGKILL', () => {
  it('never blocks the next open: 20 times, the lock is taken right after kill -9', async () => {
    const db = path.join(dir, 'killed.fupin');
    for (let i = 0; i < 20; i++) {
      const holder = child('hold', db);
      const exited = new Promise((resolve) => holder.on('exit', resolve));
      expect(await lineReader(holder)()).toBe('held');
      expect(refusalOf(() => acquireLock(db))).toMatch(new RegExp(`^LOCKED: 数据库已在别处打开（本机进程 ${holder.pid}，`));
      holder.kill('SIGKILL');
      // No waiting for the exit, nor for the parent to reap the zombie: the OS has let go.
      const release = acquireLock(db);
      release();
      await exited;
    }
  }, 90_000);
});

describe('in one process', () => {
  it('refuses a second lock of the same file under any spelling, and gives it back on release', () => {
    const db = path.join(dir, 'same.fupin');
    fs.writeFileSync(db, '');
    fs.symlinkSync(db, path.join(dir, 'link.fupin'));
    const release = acquireLock(db);
    const spellings = [db, path.join(dir, 'link.fupin'), path.join(dir, '.', 'x', '..', 'same.fupin'), path.relative(process.cwd(), db)];
    for (const spelling of spellings) expect(refusalOf(() => acquireLock(spelling)), spelling).toMatch(/^LOCKED: 数据库已在别处打开（本机进程 \d+/);
    expect(lockFilePath(path.join(dir, 'link.fupin'))).toBe(lockFilePath(db));
    release();
    acquireLock(path.join(dir, 'link.fupin'))();
  });

  it('opens a database through a symlink only once', () => {
    const store = freshStore(tempDir());
    const link = path.join(dir, 'store-link.fupin');
    fs.symlinkSync(store.path, link);
    fs.symlinkSync(`${store.path}.key`, `${link}.key`);
    try {
      expect(refusalOf(() => openDatabase(link, PASSWORD))).toMatch(/^LOCKED: /);
    } finally {
      store.close();
    }
    openDatabase(link, PASSWORD).close();
    fs.rmSync(path.dirname(store.path), { recursive: true, force: true });
  });

  it('is not blocked by a lock file of the previous version, whatever pid or host it names', () => {
    for (const [i, note] of [
      { pid: process.pid, host: os.hostname(), at: '2016-01-01T00:00:00Z' }, // a reused pid: alive
      { pid: 1, host: 'another-pc', at: '2016-01-01T00:00:00Z' }, // another host: never checkable
    ].entries()) {
      const db = path.join(dir, `old-${i}.fupin`);
      fs.writeFileSync(`${db}.lock`, JSON.stringify(note));
      const release = acquireLock(db);
      expect(fs.statSync(lockFilePath(db)).size).toBe(0);
      expect(JSON.parse(fs.readFileSync(lockHolderPath(db), 'utf8')).pid).toBe(process.pid);
      release();
      expect(fs.existsSync(lockHolderPath(db))).toBe(false);
    }
  });

  it('an open refused after taking the lock leaves no lock file behind', () => {
    const src = freshStore(tempDir());
    src.close();
    const copyDir = tempDir();
    const db = path.join(copyDir, 'copy.fupin');
    fs.copyFileSync(src.path, db);
    fs.copyFileSync(`${src.path}.key`, `${db}.key`);
    // A different application_id: refused after the lock is taken.
    fs.rmSync(path.dirname(src.path), { recursive: true, force: true });
    const before = dirListing(copyDir);
    expect(refusalOf(() => openDatabase(db, PASSWORD, { migrations: [{ version: 0, name: 'none', sql: '' }] }))).toMatch(/^NEWER_SCHEMA: /);
    expect(dirListing(copyDir)).toEqual(before);
    fs.rmSync(copyDir, { recursive: true, force: true });
  });
});
