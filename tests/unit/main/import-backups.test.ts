// The automatic backup before every import that writes, for the imports beside the app's
// 'import.start' (backup-files.test.ts): the CLI's import command and the funding ledger's voucher
// list through the real router. A check (dry run) takes none; a backup that fails stops the import
// before it writes anything. Real encrypted databases; fictitious records only.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importCommand } from '../../../main/cli/data';
import { automaticBackupsDir } from '../../../main/services/backup';
import { Session } from '../../../main/services/session';
import { openWithKey } from '../../../main/db/open';
import { readKeyFile, unlockWithPassword } from '../../../main/db/keys';
import type { BackupEntry, VoucherImportReport } from '../../../shared/contract';
import { PASSWORD, routedSession, seedVillage, tempDir, tester } from './helpers';
import { baseRows, count, storeWithVillage, toTable, writeCsv } from '../import/fixtures';

/** The files in an automatic-backup folder, none when it does not exist yet. */
function filesIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** A file stands where the automatic-backup folder should be: no backup can be written there. */
function blockFolder(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.writeFileSync(dir, 'not a folder');
}

describe('the CLI import', () => {
  let dir: string;
  let db: string;
  let dataKey: Buffer;
  let userData: string;
  let file: string;

  beforeEach(() => {
    dir = tempDir('fupin-import-backups-cli-');
    db = path.join(dir, 'office.fupin');
    storeWithVillage(dir, 'office.fupin').close();
    dataKey = unlockWithPassword(readKeyFile(db), PASSWORD);
    userData = path.join(dir, 'userData');
    file = writeCsv(toTable(baseRows()), path.join(dir, 'import.csv'), 'utf-8');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function run(dryRun: boolean): Promise<{ code: number; out: Record<string, unknown> }> {
    let text = '';
    const code = await importCommand({ db, password: PASSWORD, file, dryRun, onlyValid: false, json: true, year: undefined, userDataDir: userData }, { out: (t) => (text += t) });
    return { code, out: JSON.parse(text) as Record<string, unknown> };
  }

  function households(): number {
    const store = openWithKey(db, dataKey);
    try {
      return count(store, 'households');
    } finally {
      store.close();
    }
  }

  it('a dry run takes no backup; an import takes one first, listed as the app lists the one before its own imports', async () => {
    const backups = automaticBackupsDir(userData, dataKey);
    const check = await run(true);
    expect(check).toMatchObject({ code: 0, out: { ok: true, dryRun: true, backup: null } });
    expect(filesIn(backups)).toEqual([]);

    const imported = await run(false);
    expect(imported).toMatchObject({ code: 0, out: { ok: true, households: 3, dryRun: false } });
    const backup = imported.out.backup as string;
    expect(path.dirname(backup)).toBe(backups);
    expect(filesIn(backups)).toContain(path.basename(backup));
    expect(households()).toBe(3);
    // What 数据安全 shows for this database (db.backupsOf): an automatic backup, holding the state before the import.
    const listed = new Session(userData).backups.listFor(dataKey).find((b) => b.file === backup);
    expect(listed).toMatchObject<Partial<BackupEntry>>({ place: 'automatic', reason: 'auto', households: 0, problem: null });
    // Without --json the clerk is told where it is and what it is for.
    let said = '';
    expect(await importCommand({ db, password: PASSWORD, file, dryRun: false, onlyValid: false, json: false, year: undefined, userDataDir: userData }, { out: (t) => (said += t) })).toBe(0);
    const line = said.split('\n').find((l) => l.startsWith('导入前的自动备份：'));
    expect(line).toMatch(/（在程序“数据安全”中恢复它即可撤销本次导入）$/);
    expect(path.dirname(line!.replace('导入前的自动备份：', '').replace(/（.*$/, ''))).toBe(backups);
  });

  it('when the backup fails, the import does not start, says why in Chinese, and writes nothing', async () => {
    const backups = automaticBackupsDir(userData, dataKey);
    blockFolder(backups);
    let said = '';
    await run(false).catch((e: unknown) => {
      said = e instanceof Error ? e.message : String(e);
    });
    expect(said).toMatch(/^导入前的自动备份失败，未导入任何数据：/);
    expect(said).toContain(backups);
    expect(households()).toBe(0);
    // A check needs no backup and still runs.
    expect(await run(true)).toMatchObject({ code: 0, out: { ok: true, households: 3 } });
  });
});

describe('the voucher list import (ledger.importVouchers)', () => {
  const app = routedSession('fupin-import-backups-ledger-');
  let list: string;

  beforeAll(async () => {
    await app.open();
    app.session.write(tester(), (w) => seedVillage(w));
    list = path.join(tempDir('fupin-import-backups-list-'), '凭证.csv');
    fs.writeFileSync(list, '日期,凭证号,类型,金额（元）,付款方,收款方,摘要,附件\n2016-01-05,V-1,拨入,100000,,区级财政,区财政拨入,A1\n2016-02-05,V-2,拨付,40000.5,区级财政,测试村,到村资金,\n');
  });
  afterAll(() => {
    app.close();
    fs.rmSync(path.dirname(list), { recursive: true, force: true });
  });

  const automaticDir = () => automaticBackupsDir(app.session.userDataDir, app.session.workerAccess().dataKey);
  const entries = () => (app.sql().prepare('SELECT count(*) AS n FROM ledgerEntries').get() as { n: number }).n;

  it('when the backup fails, nothing is imported and the refusal says why', async () => {
    const where = automaticDir();
    blockFolder(where);
    const refused = await app.refused('ledger.importVouchers', { path: list, dryRun: false });
    expect(refused.message).toMatch(/^导入前的自动备份失败，未导入任何数据：/);
    expect(refused.message).toContain(where);
    expect(entries()).toBe(0);
    fs.rmSync(where);
  });

  it('a dry run takes no backup; an import takes one first, and restoring it undoes the import', async () => {
    const before = filesIn(automaticDir());
    expect(await app.ok<VoucherImportReport>('ledger.importVouchers', { path: list, dryRun: true })).toMatchObject({ rows: 2, written: 0, problems: [] });
    expect(filesIn(automaticDir())).toEqual(before);

    expect(await app.ok<VoucherImportReport>('ledger.importVouchers', { path: list, dryRun: false })).toMatchObject({ rows: 2, written: 2, problems: [] });
    expect(entries()).toBe(2);
    const added = filesIn(automaticDir()).filter((n) => n.endsWith('.fupin') && !before.includes(n));
    expect(added).toHaveLength(1);
    const backup = path.join(automaticDir(), added[0]);
    const listed = (await app.ok<BackupEntry[]>('backup.list')).find((b) => b.file === backup);
    expect(listed).toMatchObject<Partial<BackupEntry>>({ place: 'automatic', reason: 'auto', problem: null });
    await app.ok('backup.restore', { file: backup });
    expect(entries()).toBe(0);
  });
});
