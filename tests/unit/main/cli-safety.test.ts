// The data-safety commands as a user runs them: backup, verify, passwd, restore.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/open';
import { Session } from '../../../main/services/session';
import * as registry from '../../../main/services/registry';
import { PASSWORD, idNo, seedVillage, tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
let dir: string;
let db: string;

function cli(args: string[], env: Record<string, string> = {}) {
  const { FUPIN_PASSWORD: _a, FUPIN_NEW_PASSWORD: _b, ...base } = process.env;
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli.ts', ...args], { cwd: ROOT, env: { ...base, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = tempDir('fupin-cli-safety-');
  db = path.join(dir, 'office.fupin');
  const session = new Session(path.join(dir, 'u'), 'setup');
  session.create(db, PASSWORD);
  const villageId = session.requireStore().tx(() => seedVillage(session.writer()).village.id);
  registry.createHousehold(session.writer(), { villageId, category: 'general', headName: '命令行甲', headIdNumber: idNo() });
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

  it('passwd changes the password from FUPIN_NEW_PASSWORD; restore brings back a backup', () => {
    const snap = path.join(dir, 'snap.fupin');
    expect(cli(['backup', '--db', db, '--out', snap], { FUPIN_PASSWORD: PASSWORD }).status).toBe(0);
    expect(cli(['passwd', '--db', db], { FUPIN_PASSWORD: PASSWORD }).stderr).toMatch(/FUPIN_NEW_PASSWORD/);
    expect(cli(['passwd', '--db', db], { FUPIN_PASSWORD: PASSWORD, FUPIN_NEW_PASSWORD: 'weak' }).stderr).toMatch(/密码强度不够/);
    const changed = cli(['passwd', '--db', db], { FUPIN_PASSWORD: PASSWORD, FUPIN_NEW_PASSWORD: 'cli-new-pass-9' });
    expect(changed.status, changed.stderr).toBe(0);
    expect(cli(['stats', '--db', db, '--json'], { FUPIN_PASSWORD: PASSWORD }).status).toBe(2);

    const session = new Session(path.join(dir, 'u'), 'x');
    session.open(db, 'cli-new-pass-9');
    const villageId = (session.requireStore().sqlite.prepare('SELECT id FROM villages').get() as { id: string }).id;
    registry.createHousehold(session.writer(), { villageId, category: 'general', headName: '命令行乙', headIdNumber: idNo('1977-07-07') });
    session.close();
    expect(JSON.parse(cli(['stats', '--db', db, '--json'], { FUPIN_PASSWORD: 'cli-new-pass-9' }).stdout).households).toBe(2);

    // The backup was taken under the old password but shares the data key: the new one restores it.
    const restored = cli(['restore', '--db', db, '--from', snap], { FUPIN_PASSWORD: 'cli-new-pass-9' });
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/恢复前的数据库已另存为：.*before-restore/);
    expect(JSON.parse(cli(['stats', '--db', db, '--json'], { FUPIN_PASSWORD: 'cli-new-pass-9' }).stdout).households).toBe(1);
  });
});
