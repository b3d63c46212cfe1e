// What a killed process leaves behind (issue finding 12) is cleaned at the next open; nothing
// overwrites an existing file without the clerk's yes (findings 5 and 13); a path with a control
// character is refused by the contract, creating nothing (finding 13).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { keyFilePath, readKeyFile, unlockWithPassword } from '../../../main/db/keys';
import { openDatabase } from '../../../main/db/open';
import * as registry from '../../../main/services/registry';
import { backupTo, inspectBackup, manualBackup } from '../../../main/services/backup';
import { exportGrid } from '../../../main/services/export';
import { writeImportTemplate } from '../../../main/services/import/template';
import { cleanLeftovers } from '../../../main/services/leftovers';
import { Session } from '../../../main/services/session';
import { runCli } from '../../../main/cli';
import { createRouter } from '../../../main/ipc/router';
import { createHandlers } from '../../../main/ipc/handlers';
import { MAIN_WINDOW, PASSWORD, dirListing, fileDigest, idNo, seedVillage, tempDir, tester, refusalOf } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
let root: string;
let template: string;
let deadPid: number;

function child(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'tests/unit/main/restore-child.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
}

/** An export killed once its temp file is written (userDataDir '' : no journal). */
function exportChild(file: string, out: string, userDataDir: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'tests/unit/main/export-child.ts', file, PASSWORD, out, userDataDir], { cwd: ROOT, encoding: 'utf8' });
}

/** A fresh copy of a small database (2 households) in its own folder. */
function freshCopy(name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  const file = path.join(dir, 'office.fupin');
  fs.copyFileSync(template, file);
  fs.copyFileSync(keyFilePath(template), keyFilePath(file));
  return file;
}

async function codeAsync(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof AppError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'no error';
}

beforeAll(() => {
  root = tempDir('fupin-leftovers-');
  template = path.join(root, 'template.fupin');
  const session = new Session(path.join(root, 'setup-user'));
  session.create(template, PASSWORD);
  const villageId = session.write(tester(), (w) => seedVillage(w).village.id);
  for (const name of ['残留甲', '残留乙']) session.write(tester(), (w) => registry.createHousehold(w, { villageId, category: 'general', headName: name, headIdNumber: idNo() }));
  session.close();
  // A pid that surely belongs to no running process: a child that has exited.
  deadPid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('leftovers of killed processes, cleaned at the next open', () => {
  it('removes the temp files of dead writers beside the database and in its backups folder, keeps a live writer’s', () => {
    const file = freshCopy('temp-files');
    const dir = path.dirname(file);
    const userData = path.join(root, 'temp-files-user');
    const session = new Session(userData);
    session.open(file, PASSWORD);
    const backups = session.backups.dir();
    session.close();
    fs.mkdirSync(backups, { recursive: true });
    const dead = [
      `${file}.restoring-${deadPid}`,
      `${file}.20260101-000000-000_before-restore.bak.partial-${deadPid}`,
      `${file}.key.tmp-${deadPid}`,
      path.join(dir, `贫困户_2026-01-01.xlsx.${deadPid}.part`),
      path.join(backups, `20260101-000000-000_auto.fupin.partial-${deadPid}`),
      path.join(backups, `20260101-000000-000_auto.fupin.key.tmp-${deadPid}`),
    ];
    const live = [`${file}.restoring-${process.pid}`, path.join(dir, `other.xlsx.${process.pid}.part`)];
    const unrelated = [path.join(dir, 'notes.txt'), path.join(dir, `someone-else.fupin.restoring-x`)];
    for (const f of [...dead, ...live, ...unrelated]) fs.writeFileSync(f, 'x');
    session.open(file, PASSWORD);
    session.close();
    for (const f of dead) expect(fs.existsSync(f), f).toBe(false);
    for (const f of [...live, ...unrelated]) expect(fs.existsSync(f), f).toBe(true);
  });

  it('gives a backup written without its key file (by an older version) its key back instead of losing it', () => {
    const file = freshCopy('keyless');
    const userData = path.join(root, 'keyless-user');
    const session = new Session(userData);
    session.open(file, PASSWORD);
    fs.mkdirSync(session.backups.dir(), { recursive: true });
    const made = manualBackup(session.requireStore(), path.join(session.backups.dir(), '20260101-000000-000_auto.fupin'));
    session.close();
    fs.rmSync(keyFilePath(made));
    expect(cleanLeftovers(file, path.dirname(made)).keysRestored).toEqual([made]);
    expect(inspectBackup(made, unlockWithPassword(readKeyFile(made), PASSWORD)).households).toBe(2);
  });

  it('a database left without its key file beside a dead writer’s complete temp key file gets it back, never loses it', () => {
    const file = freshCopy('key-roll-forward');
    const digest = fileDigest(keyFilePath(file));
    fs.renameSync(keyFilePath(file), `${keyFilePath(file)}.tmp-${deadPid}`);
    expect(cleanLeftovers(file).keysRestored).toEqual([file]);
    expect(fileDigest(keyFilePath(file))).toBe(digest);
    expect(dirListing(path.dirname(file)).filter((n) => n.includes('.tmp-'))).toEqual([]);
    openDatabase(file, PASSWORD).close();
    // A torn temp key (killed mid-write) is not a key file: it is not put in place.
    fs.renameSync(keyFilePath(file), `${keyFilePath(file)}.tmp-${deadPid}`);
    fs.writeFileSync(`${keyFilePath(file)}.tmp-${deadPid}`, '{"format":"fupin-desk-key","vers');
    expect(cleanLeftovers(file).keysRestored).toEqual([]);
    expect(fs.existsSync(keyFilePath(file))).toBe(false);
  });

  it('a killed export leaves no plaintext .part after the next open', () => {
    const file = freshCopy('export-killed');
    const out = path.join(path.dirname(file), '贫困户.xlsx');
    const r = exportChild(file, out, '');
    expect(r.signal, r.stderr).toBe('SIGKILL');
    const parts = dirListing(path.dirname(file)).filter((n) => n.endsWith('.part'));
    expect(parts).toHaveLength(1);
    expect(fs.existsSync(out)).toBe(false);
    const session = new Session(path.join(root, 'export-killed-user'));
    session.open(file, PASSWORD);
    session.close();
    expect(dirListing(path.dirname(file)).filter((n) => n.endsWith('.part'))).toEqual([]);
  });

  it('a killed export’s .part in another folder than the database’s is removed at the next app start (the user-data journal)', () => {
    const file = freshCopy('export-elsewhere');
    const elsewhere = path.join(root, 'export-elsewhere-usb');
    fs.mkdirSync(elsewhere);
    const userData = path.join(root, 'export-elsewhere-user');
    const r = exportChild(file, path.join(elsewhere, '贫困户.xlsx'), userData);
    expect(r.signal, r.stderr).toBe('SIGKILL');
    const [part] = dirListing(elsewhere);
    expect(part).toMatch(/^贫困户\.xlsx\.\d+\.part$/);
    // The whole workbook, written in one go once built: a zip, as the target would have been.
    expect(fs.readFileSync(path.join(elsewhere, part)).subarray(0, 2).toString()).toBe('PK');
    expect(dirListing(path.join(userData, 'exports-in-progress'))).toHaveLength(1);
    new Session(userData);
    expect(dirListing(elsewhere)).toEqual([]);
    expect(dirListing(path.join(userData, 'exports-in-progress'))).toEqual([]);
  });

  it('… and at the next CLI start, whatever its command', async () => {
    const file = freshCopy('export-elsewhere-cli');
    const elsewhere = path.join(root, 'export-elsewhere-cli-usb');
    fs.mkdirSync(elsewhere);
    const userData = path.join(root, 'export-elsewhere-cli-user');
    expect(exportChild(file, path.join(elsewhere, '贫困户.xlsx'), userData).signal).toBe('SIGKILL');
    expect(dirListing(elsewhere)).toHaveLength(1);
    const io = { out: () => {}, err: () => {}, env: { FUPIN_PASSWORD: PASSWORD } };
    expect(await runCli(['stats', '--db', file, '--user-data', userData], io)).toBe(0);
    expect(dirListing(elsewhere)).toEqual([]);
  });

  it('the journal entry and .part of a live export are left alone; a listed file that is not an export’s temp file is never removed', async () => {
    const userData = path.join(root, 'journal-live-user');
    const journal = path.join(userData, 'exports-in-progress');
    const elsewhere = path.join(root, 'journal-live-usb');
    fs.mkdirSync(journal, { recursive: true });
    fs.mkdirSync(elsewhere);
    const sleeper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const livePid = sleeper.pid!;
    const livePart = path.join(elsewhere, `户.xlsx.${livePid}.part`);
    const notATemp = path.join(elsewhere, '台账.fupin');
    fs.writeFileSync(livePart, 'x');
    fs.writeFileSync(notATemp, 'the clerk’s own file');
    fs.writeFileSync(path.join(journal, `${livePid}-a.json`), JSON.stringify({ pid: livePid, temp: livePart }));
    fs.writeFileSync(path.join(journal, `${deadPid}-b.json`), JSON.stringify({ pid: deadPid, temp: notATemp }));
    try {
      new Session(userData);
      expect(fs.existsSync(livePart)).toBe(true);
      expect(dirListing(journal)).toEqual([`${livePid}-a.json`]);
    } finally {
      const exited = new Promise((resolve) => sleeper.once('exit', resolve));
      sleeper.kill('SIGKILL');
      await exited;
    }
    expect(fs.readFileSync(notATemp, 'utf8')).toBe('the clerk’s own file');
    new Session(userData);
    expect(fs.existsSync(livePart)).toBe(false);
    expect(dirListing(journal)).toEqual([]);
  });

  it('a backup killed between its two renames is never visible without its key; the next backup there cleans up', () => {
    const file = freshCopy('backup-killed');
    const dest = path.join(path.dirname(file), 'usb', '备份.fupin');
    fs.mkdirSync(path.dirname(dest));
    const r = child(['kill-after-rename', file, PASSWORD, 'backup', '.fupin.key', dest]);
    expect(r.signal, r.stderr).toBe('SIGKILL');
    expect(fs.existsSync(dest)).toBe(false); // the key came first; the copy is not visible
    expect(dirListing(path.dirname(dest)).some((n) => n.includes('.partial-'))).toBe(true);
    // The lone key is this database's own: a new backup to the same name may replace it.
    const store = openDatabase(file, PASSWORD);
    try {
      backupTo(store, dest);
    } finally {
      store.close();
    }
    expect(inspectBackup(dest, unlockWithPassword(readKeyFile(dest), PASSWORD)).households).toBe(2);
    expect(dirListing(path.dirname(dest))).toEqual(['备份.fupin', '备份.fupin.audit-head', '备份.fupin.key']);
  });

  it('a password change killed right after the key file is swapped has its audit row', () => {
    const file = freshCopy('passwd-killed');
    const r = child(['kill-after-rename', file, PASSWORD, 'passwd', '.fupin.key', 'new-secret-22']);
    expect(r.signal, r.stderr).toBe('SIGKILL');
    const store = openDatabase(file, 'new-secret-22');
    try {
      const rows = store.sqlite.prepare(`SELECT afterJson FROM auditLog WHERE tableName = 'settings' AND rowId = 'security.lastEvent'`).all() as { afterJson: string }[];
      expect(rows.map((x) => x.afterJson).join()).toContain('passwordChanged');
    } finally {
      store.close();
    }
  });
});

describe('nothing overwrites an existing file without a yes', () => {
  it('a backup refuses a lone key file of another database (finding 5), creating nothing; overwrite replaces it', () => {
    const file = freshCopy('lone-key');
    const other = path.join(root, 'lone-key', 'other.fupin');
    const otherSession = new Session(path.join(root, 'lone-key-other-user'));
    otherSession.create(other, PASSWORD);
    otherSession.close();
    const dest = path.join(root, 'lone-key', 'usb.fupin');
    fs.copyFileSync(keyFilePath(other), keyFilePath(dest)); // the other database's key, alone
    const store = openDatabase(file, PASSWORD);
    const before = dirListing(path.dirname(dest));
    const digest = fileDigest(keyFilePath(dest));
    try {
      expect(refusalOf(() => manualBackup(store, dest))).toMatch(/^FILE_EXISTS: 密钥文件已存在（属于另一个数据库）/);
      expect(dirListing(path.dirname(dest))).toEqual(before);
      expect(fileDigest(keyFilePath(dest))).toBe(digest);
      manualBackup(store, dest, { overwrite: true });
    } finally {
      store.close();
    }
    expect(inspectBackup(dest, unlockWithPassword(readKeyFile(dest), PASSWORD)).households).toBe(2);
  });

  it('export and the import template refuse an existing file unless overwrite is given (finding 13)', async () => {
    const file = freshCopy('overwrite');
    const dir = path.dirname(file);
    const target = path.join(dir, '已有.xlsx');
    fs.writeFileSync(target, 'the clerk’s own file');
    const store = openDatabase(file, PASSWORD);
    try {
      expect(await codeAsync(() => exportGrid(store, { what: 'households', path: target }))).toMatch(/^FILE_EXISTS: 文件已存在/);
      expect(await codeAsync(() => writeImportTemplate(target))).toMatch(/^FILE_EXISTS: 文件已存在/);
      expect(fs.readFileSync(target, 'utf8')).toBe('the clerk’s own file');
      expect(dirListing(dir).filter((n) => n.endsWith('.part'))).toEqual([]);
      expect((await exportGrid(store, { what: 'households', path: target, overwrite: true })).rows).toBe(2);
      expect(fs.readFileSync(target).subarray(0, 2).toString()).toBe('PK');
      await writeImportTemplate(target, { overwrite: true });
      expect(fs.readFileSync(target).subarray(0, 2).toString()).toBe('PK');
    } finally {
      store.close();
    }
  });

  it('a NUL or another control character in a path is refused by the contract in Chinese', () => {
    for (const bad of ['/tmp/台账\0.fupin', 'C:\\台账\n.fupin', '/tmp/a\u0007b.fupin']) {
      for (const parsed of [
        contract['db.create'].input.safeParse({ path: bad, password: 'abc-12345' }),
        contract['export.grid'].input.safeParse({ what: 'households', path: bad }),
        contract['backup.create'].input.safeParse({ path: bad }),
        contract['import.template'].input.safeParse({ path: bad }),
      ]) {
        expect(parsed.success).toBe(false);
        expect(parsed.error?.issues.map((i) => i.message).join()).toMatch(/文件路径中含有不允许的控制字符/);
      }
    }
    expect(contract['backup.create'].input.safeParse({ path: '/tmp/备份.fupin', overwrite: true }).success).toBe(true);
  });

  it('db.create with a NUL in the path answers VALIDATION in Chinese and creates nothing', async () => {
    const dir = path.join(root, 'nul');
    fs.mkdirSync(dir);
    const session = new Session(path.join(root, 'nul-user'));
    const router = createRouter(createHandlers(session, { version: 'test', broadcast: () => {} }));
    const answer = await router.handle(MAIN_WINDOW, 'db.create', { path: path.join(dir, 'x.fupin\0.txt'), password: PASSWORD });
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(JSON.stringify(answer)).toMatch(/文件路径中含有不允许的控制字符/);
    expect(dirListing(dir)).toEqual([]);
  });
});
