// The data-safety commands as a user runs them: backup, verify, passwd, restore.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/open';
import { Session } from '../../../main/services/session';
import { inspectBackup } from '../../../main/services/backup';
import { keyFilePath, readKeyFile, unlockWithPassword } from '../../../main/db/keys';
import { AppError } from '../../../shared/errors';
import * as registry from '../../../main/services/registry';
import { PASSWORD, idNo, seedVillage, tempDir, tester } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
let dir: string;
let db: string;

function cli(args: string[], env: Record<string, string> = {}) {
  const { FUPIN_PASSWORD: _a, FUPIN_NEW_PASSWORD: _b, ...base } = process.env;
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli.ts', ...args], { cwd: ROOT, env: { ...base, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The automatic backups (not their key files) below a user-data folder. */
function automaticBackups(userDataDir: string): string[] {
  const root = path.join(userDataDir, 'backups');
  return fs.readdirSync(root).flatMap((keyId) => fs.readdirSync(path.join(root, keyId)).filter((n) => n.endsWith('.fupin')).map((n) => path.join(root, keyId, n)));
}

/** Whether the password unlocks the backup's key file and the key then reads the backup. */
function opens(backup: string, password: string): boolean {
  try {
    return inspectBackup(backup, unlockWithPassword(readKeyFile(backup), password)).households > 0;
  } catch (e) {
    if (e instanceof AppError && e.code === 'WRONG_PASSWORD') return false;
    throw e;
  }
}

beforeAll(() => {
  dir = tempDir('fupin-cli-safety-');
  db = path.join(dir, 'office.fupin');
  const session = new Session(path.join(dir, 'u'));
  session.create(db, PASSWORD);
  const villageId = session.write(tester(), (w) => seedVillage(w).village.id);
  session.write(tester(), (w) => registry.createHousehold(w, { villageId, category: 'general', headName: '命令行甲', headIdNumber: idNo() }));
  session.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cli data safety', () => {
  it('backup writes an encrypted copy with its key file and refuses to overwrite', () => {
    const out = path.join(dir, 'copy.fupin');
    const r = cli(['backup', '--db', db, '--out', out], { FUPIN_PASSWORD: PASSWORD });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 户 1 人');
    expect(fs.existsSync(`${out}.key`)).toBe(true);
    expect(fs.readFileSync(out).includes(Buffer.from('命令行甲'))).toBe(false);
    expect(cli(['backup', '--db', db, '--out', out], { FUPIN_PASSWORD: PASSWORD }).status).toBe(2);
  });

  it('backup and export replace an existing file (a lone key file of another database too) only with --force', () => {
    const out = path.join(dir, 'forced.fupin');
    fs.writeFileSync(`${out}.key`, '{"another":"database"}');
    const refused = cli(['backup', '--db', db, '--out', out], { FUPIN_PASSWORD: PASSWORD });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/密钥文件已存在.*--force/);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readFileSync(`${out}.key`, 'utf8')).toBe('{"another":"database"}');
    expect(cli(['backup', '--db', db, '--out', out, '--force'], { FUPIN_PASSWORD: PASSWORD }).status).toBe(0);
    expect(readKeyFile(out).keyId).toBe(readKeyFile(db).keyId);
    const xlsx = path.join(dir, '已有.xlsx');
    fs.writeFileSync(xlsx, 'kept');
    const exportRefused = cli(['export', '--db', db, '--what', 'households', '--out', xlsx], { FUPIN_PASSWORD: PASSWORD });
    expect(exportRefused.status).toBe(2);
    expect(exportRefused.stderr).toMatch(/^文件已存在/);
    expect(fs.readFileSync(xlsx, 'utf8')).toBe('kept');
    expect(cli(['export', '--db', db, '--what', 'households', '--out', xlsx, '--force'], { FUPIN_PASSWORD: PASSWORD }).status).toBe(0);
    expect(fs.readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
  });

  it('verify prints OK for an intact database and names the first broken link (exit 1)', () => {
    const ok = cli(['verify', '--db', db], { FUPIN_PASSWORD: PASSWORD });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^OK：数据库完整，审计链完整（\d+ 条审计记录）/);
    const copy = path.join(dir, 'tampered.fupin');
    expect(cli(['backup', '--db', db, '--out', copy], { FUPIN_PASSWORD: PASSWORD }).status).toBe(0);
    const store = openDatabase(copy, PASSWORD);
    store.sqlite.exec('DROP TRIGGER auditLog_no_update');
    store.sqlite.exec("UPDATE auditLog SET afterJson = replace(afterJson, '命令行甲', '伪造') WHERE seq = 7");
    store.close();
    const broken = cli(['verify', '--db', copy], { FUPIN_PASSWORD: PASSWORD });
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/审计链断裂：第 7 条审计记录的内容被改动/);
  });

  it('passwd changes the password from FUPIN_NEW_PASSWORD, automatic backups too; restore brings back a backup', () => {
    const snap = path.join(dir, 'snap.fupin');
    expect(cli(['backup', '--db', db, '--out', snap], { FUPIN_PASSWORD: PASSWORD }).status).toBe(0);
    const userData = ['--user-data', path.join(dir, 'u')];
    const [automatic] = automaticBackups(path.join(dir, 'u')); // made when the app closed it (beforeAll)
    expect(opens(automatic, PASSWORD)).toBe(true);
    expect(cli(['passwd', '--db', db, ...userData], { FUPIN_PASSWORD: PASSWORD }).stderr).toMatch(/FUPIN_NEW_PASSWORD/);
    expect(cli(['passwd', '--db', db, ...userData], { FUPIN_PASSWORD: PASSWORD, FUPIN_NEW_PASSWORD: 'weak' }).stderr).toMatch(/密码强度不够/);
    const changed = cli(['passwd', '--db', db, ...userData], { FUPIN_PASSWORD: PASSWORD, FUPIN_NEW_PASSWORD: 'cli-new-pass-9' });
    expect(changed.status, changed.stderr).toBe(0);
    expect(cli(['stats', '--db', db, '--json'], { FUPIN_PASSWORD: PASSWORD }).status).toBe(2);
    // As the app does: the old password no longer opens the automatic backup, the new one does...
    expect(opens(automatic, PASSWORD)).toBe(false);
    expect(opens(automatic, 'cli-new-pass-9')).toBe(true);
    // ...while a copy made elsewhere keeps the password it was made with.
    expect(opens(snap, PASSWORD)).toBe(true);

    const session = new Session(path.join(dir, 'u'));
    session.open(db, 'cli-new-pass-9');
    const villageId = (session.requireStore().sqlite.prepare('SELECT id FROM villages').get() as { id: string }).id;
    session.write(tester(), (w) => registry.createHousehold(w, { villageId, category: 'general', headName: '命令行乙', headIdNumber: idNo('1977-07-07') }));
    session.close();
    expect(JSON.parse(cli(['stats', '--db', db, '--json'], { FUPIN_PASSWORD: 'cli-new-pass-9' }).stdout).households).toBe(2);

    // The backup was taken under the old password but shares the data key: the new one restores it.
    const restored = cli(['restore', '--db', db, '--from', snap], { FUPIN_PASSWORD: 'cli-new-pass-9' });
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/恢复前的数据库已另存为：.*before-restore/);
    expect(JSON.parse(cli(['stats', '--db', db, '--json'], { FUPIN_PASSWORD: 'cli-new-pass-9' }).stdout).households).toBe(1);
  });

  it('passwd without --user-data finds the automatic backups in ~/.fupin-desk, as the Chromium runner keeps them', () => {
    const home = path.join(dir, 'home');
    const [automatic] = automaticBackups(path.join(dir, 'u'));
    const moved = path.join(home, '.fupin-desk', path.relative(path.join(dir, 'u'), automatic));
    fs.mkdirSync(path.dirname(moved), { recursive: true });
    for (const f of [automatic, keyFilePath(automatic)]) fs.copyFileSync(f, f.replace(automatic, moved));
    const changed = cli(['passwd', '--db', db], { HOME: home, USERPROFILE: home, FUPIN_PASSWORD: 'cli-new-pass-9', FUPIN_NEW_PASSWORD: 'cli-third-pass-7' });
    expect(changed.status, changed.stderr).toBe(0);
    expect(opens(moved, 'cli-third-pass-7')).toBe(true);
    expect(opens(moved, 'cli-new-pass-9')).toBe(false);
    expect(opens(automatic, 'cli-new-pass-9')).toBe(true); // another folder: untouched
  });
});
