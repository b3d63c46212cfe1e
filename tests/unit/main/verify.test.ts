// verify against the tamperings it claims to catch, each made as an attacker would: the file
// opened outside the app with a raw keyed connection (main/db/cipher.ts), triggers dropped where
// they stand in the way. Plus what must stay OK: an intact demo, a big import, a crash between
// COMMIT and the anchor, and rows written before the chain was keyed.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyKey } from '../../../main/db/cipher';
import { readKeyFile, unlockWithPassword } from '../../../main/db/keys';
import { createDatabase, openDatabase } from '../../../main/db/open';
import { MIGRATIONS } from '../../../main/db/migrations/index';
import { write } from '../../../main/db/write';
import { auditHash, GENESIS_HASH } from '../../../main/db/audit';
import { anchorDatabaseFile, auditHeadPath } from '../../../main/db/auditAnchor';
import type { AuditLogTable } from '../../../main/db/schema';
import type { Store } from '../../../main/db/store';
import type { Selectable } from 'kysely';
import * as registry from '../../../main/services/registry';
import { populateDemo } from '../../../main/services/demo';
import { runImport } from '../../../main/services/import/index';
import { verifyDatabase, type VerifyReport } from '../../../main/services/verify';
import { verifyCommand } from '../../../main/cli/safety';
import { PASSWORD, idNo, seedVillage, tempDir, tester } from './helpers';
import { toTable, writeCsv } from '../import/fixtures';
import { makeIdNumber } from '../../../shared/domain/idNumber';

let dir: string;
let n = 0;
beforeAll(() => {
  dir = tempDir('fupin-verify-');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Built {
  file: string;
  householdIds: string[];
  memberIds: string[];
}

/** A database written through the app's write path: one village, ten households of two. */
function build(): Built {
  const file = path.join(dir, `v${++n}.fupin`);
  const store = createDatabase(file, PASSWORD).store;
  try {
    const scope = { store, actor: tester() };
    const villageId = write(scope, (w) => seedVillage(w).village.id);
    const householdIds: string[] = [];
    const memberIds: string[] = [];
    for (let i = 0; i < 10; i++) {
      // One transaction per household, as a clerk's edits come.
      write(scope, (w) => {
        const h = registry.createHousehold(w, { villageId, category: 'general', headName: `核验${i}`, headIdNumber: idNo() });
        householdIds.push(h.id);
        memberIds.push(registry.createMember(w, { householdId: h.id, name: `成员${i}`, idNumber: idNo('1990-01-01'), relation: 'spouse' }).id);
      });
    }
    return { file, householdIds, memberIds };
  } finally {
    store.close();
  }
}

/** The file opened as an attacker with the password would: any SQLCipher tool, no app code. */
function tamper(file: string, fn: (raw: Database.Database) => void): void {
  const raw = new Database(file, { fileMustExist: true });
  try {
    applyKey(raw, unlockWithPassword(readKeyFile(file), PASSWORD));
    fn(raw);
  } finally {
    raw.close();
  }
}

function verify(file: string): VerifyReport {
  const store = openDatabase(file, PASSWORD);
  try {
    return verifyDatabase(store);
  } finally {
    store.close();
  }
}

function cliVerify(file: string): { code: number; out: string } {
  let out = '';
  const code = verifyCommand(file, PASSWORD, { out: (t) => (out += t) });
  return { code, out };
}

const lastSeq = (raw: Database.Database) => (raw.prepare('SELECT max(seq) AS s FROM auditLog').get() as { s: number }).s;


/** Recomputes the whole chain with plain SHA-256, as the old scheme did; returns the last seq. */
function rehashPlain(raw: Database.Database): number {
  let prev = GENESIS_HASH;
  let last = 0;
  const set = raw.prepare('UPDATE auditLog SET prevHash = ?, hash = ? WHERE seq = ?');
  for (const row of raw.prepare('SELECT * FROM auditLog ORDER BY seq').all() as Selectable<AuditLogTable>[]) {
    const hash = auditHash({ ...row, prevHash: prev });
    set.run(prev, hash, row.seq);
    prev = hash;
    last = row.seq;
  }
  return last;
}

describe('verify catches tampering outside the app', () => {
  it('an intact database verifies, through the CLI too', () => {
    const b = build();
    expect(verify(b.file)).toMatchObject({ ok: true, problems: [], notes: [] });
    const r = cliVerify(b.file);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^OK：数据库完整，审计链完整（\d+ 条审计记录），各表与审计记录一致\n$/);
  });

  it('a direct UPDATE of a member is named by table, row and field', () => {
    const b = build();
    const id = b.memberIds[1];
    tamper(b.file, (raw) => raw.prepare("UPDATE members SET name = '伪造', workMonths = 9 WHERE id = ?").run(id));
    const report = verify(b.file);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([`members 表第 ${id} 行的字段 name 与审计记录不符（在本软件之外修改）`, `members 表第 ${id} 行的字段 workMonths 与审计记录不符（在本软件之外修改）`]);
    const r = cliVerify(b.file);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`members 表第 ${id} 行的字段 name`);
  });

  it('an out-of-app edit later covered by an in-app edit still shows', () => {
    const b = build();
    const id = b.memberIds[0];
    tamper(b.file, (raw) => raw.prepare("UPDATE members SET health = '残疾' WHERE id = ?").run(id));
    const store = openDatabase(b.file, PASSWORD);
    try {
      write({ store, actor: tester() }, (w) => registry.updateMember(w, { id, field: 'health', value: '健康' }));
    } finally {
      store.close();
    }
    expect(verify(b.file).problems).toEqual([expect.stringMatching(new RegExp(`（members 表第 ${id} 行）之前，字段 health 已在本软件之外被改动$`))]);
  });

  it('a direct INSERT of a row with no audit record is named', () => {
    const b = build();
    tamper(b.file, (raw) => {
      const src = raw.prepare('SELECT * FROM members WHERE id = ?').get(b.memberIds[0]) as Record<string, unknown>;
      const row = { ...src, id: 'ffffffff-0000-4000-8000-000000000000', idNumber: idNo('1995-05-05'), relation: 'other' };
      const cols = Object.keys(row);
      raw.prepare(`INSERT INTO members (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`).run(...cols.map((c) => row[c as keyof typeof row]));
    });
    expect(verify(b.file).problems).toEqual(['members 表的第 ffffffff-0000-4000-8000-000000000000 行没有任何审计记录（在本软件之外插入）']);
  });

  it('deleting a household (with its members) is named', () => {
    const b = build();
    const id = b.householdIds[2];
    let members: string[] = [];
    // Foreign keys are on in this driver: an attacker removes what hangs on the household first.
    tamper(b.file, (raw) => {
      members = raw.prepare('SELECT id FROM members WHERE householdId = ?').pluck().all(id) as string[];
      for (const t of ['members', 'incomes', 'pairings']) raw.prepare(`DELETE FROM ${t} WHERE householdId = ?`).run(id);
      raw.prepare('DELETE FROM households WHERE id = ?').run(id);
    });
    const report = verify(b.file);
    expect(report.ok).toBe(false);
    expect(members).toHaveLength(2);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        `households 表的第 ${id} 行按审计记录应存在，表中却没有（在本软件之外删除）`,
        ...members.map((m) => `members 表的第 ${m} 行按审计记录应存在，表中却没有（在本软件之外删除）`),
      ]),
    );
    expect(report.problems.every((p) => p.endsWith('（在本软件之外删除）'))).toBe(true);
  });

  it('cutting the last 20 audit rows is caught by the anchor', () => {
    const b = build();
    let last = 0;
    tamper(b.file, (raw) => {
      last = lastSeq(raw);
      raw.exec('DROP TRIGGER auditLog_no_delete');
      raw.prepare('DELETE FROM auditLog WHERE seq > ?').run(last - 20);
      // Hide the rows those audit records described, too: the registry then matches the short log.
      for (const t of ['pairings', 'incomes', 'members', 'households']) raw.exec(`DELETE FROM ${t} WHERE id NOT IN (SELECT rowId FROM auditLog WHERE tableName = '${t}')`);
    });
    const report = verify(b.file);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([`审计记录的末尾被删除：锚点记到第 ${last} 条，表中只到第 ${last - 20} 条（少了 20 条）`]);
    expect(cliVerify(b.file)).toMatchObject({ code: 1 });
  });

  it('deleting the anchor as well is caught', () => {
    const b = build();
    tamper(b.file, (raw) => {
      raw.exec('DROP TRIGGER auditLog_no_delete');
      raw.prepare('DELETE FROM auditLog WHERE seq > ?').run(lastSeq(raw) - 20);
    });
    fs.rmSync(auditHeadPath(b.file));
    expect(verify(b.file).problems[0]).toBe(`审计锚点文件缺失（${auditHeadPath(b.file)}）：无法确认审计记录的末尾没有被删除（复制数据库时漏掉该文件也会如此）`);
  });

  it('re-hashing the whole chain with plain SHA-256 (no key) after an edit is caught', () => {
    const b = build();
    const id = b.memberIds[0];
    tamper(b.file, (raw) => {
      raw.exec('DROP TRIGGER auditLog_no_update');
      // Make the log agree with an edit, then recompute every hash as the old scheme did.
      raw.prepare("UPDATE members SET name = '伪造' WHERE id = ?").run(id);
      raw.prepare("UPDATE auditLog SET afterJson = replace(afterJson, '\"成员0\"', '\"伪造\"') WHERE tableName = 'members' AND rowId = ?").run(id);
      rehashPlain(raw);
    });
    const report = verify(b.file);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      '审计链断裂：第 1 条审计记录没有密钥签名（审计链在本软件之外被重新计算）（第一处断点：第 1 条）',
      expect.stringMatching(/^第 \d+ 条审计记录与锚点不符/),
    ]);
  });

  it('appending forged rows (a member and its audit row, plain-hashed) is caught', () => {
    const b = build();
    tamper(b.file, (raw) => {
      const last = raw.prepare('SELECT * FROM auditLog ORDER BY seq DESC LIMIT 1').get() as Selectable<AuditLogTable>;
      const src = raw.prepare('SELECT * FROM members WHERE id = ?').get(b.memberIds[0]) as Record<string, unknown>;
      const row = { ...src, id: 'eeeeeeee-0000-4000-8000-000000000000', idNumber: idNo('1996-06-06'), relation: 'other' };
      const cols = Object.keys(row);
      raw.prepare(`INSERT INTO members (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`).run(...cols.map((c) => row[c as keyof typeof row]));
      const fields = { at: new Date().toISOString(), actor: last.actor, action: 'insert' as const, tableName: 'members', rowId: row.id, beforeJson: null, afterJson: JSON.stringify(row), prevHash: last.hash };
      raw.prepare('INSERT INTO auditLog (at, actor, action, tableName, rowId, beforeJson, afterJson, prevHash, hash) VALUES (?,?,?,?,?,?,?,?,?)').run(
        fields.at, fields.actor, fields.action, fields.tableName, fields.rowId, fields.beforeJson, fields.afterJson, fields.prevHash, auditHash(fields),
      );
    });
    const report = verify(b.file);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.stringMatching(/^审计链断裂：第 \d+ 条审计记录没有密钥签名/)]);
  });

  it('an anchor from another database or edited by hand is refused', () => {
    const a = build();
    const b = build();
    fs.copyFileSync(auditHeadPath(a.file), auditHeadPath(b.file));
    expect(verify(b.file).problems).toEqual([expect.stringMatching(/^审计锚点无效.*签名不符/)]);
  });
});

describe('verify stays OK for what the app itself does', () => {
  it('the demo (one transaction of thousands of rows)', () => {
    const file = path.join(dir, 'demo.fupin');
    const store = createDatabase(file, PASSWORD).store;
    try {
      populateDemo(store);
      const report = verifyDatabase(store);
      expect(report).toMatchObject({ ok: true, problems: [], notes: [] });
      expect(report.auditRows).toBeGreaterThan(5000);
    } finally {
      store.close();
    }
  }, 60_000);

  it('an import of many rows, then edits', async () => {
    const b = build();
    const rows = [];
    for (let i = 0; i < 300; i++) {
      rows.push({
        '县(市、区)': '江夏区', '乡(镇)': '山坡街', 行政村: '测试村', 户编号: `42011501020${String(i).padStart(5, '0')}`, 姓名: `导入${i}`,
        身份证号码: makeIdNumber('420115', `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`, 300 + i), 与户主关系: '户主', 家庭人口数: '1',
        贫困户属性: '一般贫困户', 脱贫状态: '未脱贫', 主要致贫原因: '因病', 工资性收入: '1200.50', 收入年度: '2015',
      });
    }
    const csv = writeCsv(toTable(rows), path.join(dir, `import${n}.csv`), 'utf-8');
    const store = openDatabase(b.file, PASSWORD);
    try {
      const result = await runImport(store, csv, { dryRun: false, onlyValid: false, actor: tester() });
      expect(result).toMatchObject({ ok: true, committed: true, households: 300 });
      write({ store, actor: tester() }, (w) => registry.updateMember(w, { id: b.memberIds[0], field: 'workMonths', value: 3 }));
      expect(verifyDatabase(store)).toMatchObject({ ok: true, problems: [], notes: [] });
    } finally {
      store.close();
    }
  }, 60_000);

  it('a crash between COMMIT and the anchor: the anchor behind is a note, not a failure', () => {
    const b = build();
    const saved = fs.readFileSync(auditHeadPath(b.file));
    const store = openDatabase(b.file, PASSWORD);
    try {
      write({ store, actor: tester() }, (w) => registry.updateMember(w, { id: b.memberIds[0], field: 'workMonths', value: 4 }));
    } finally {
      store.close();
    }
    fs.writeFileSync(auditHeadPath(b.file), saved); // the sidecar write that never happened
    const report = verify(b.file);
    expect(report).toMatchObject({ ok: true, problems: [] });
    expect(report.notes).toEqual([expect.stringMatching(/^锚点落后于审计表 1 条（可能是提交后、写锚点前断电或程序退出）/)]);
    // The app does not move an anchor that does not match the table, but one merely behind it, yes.
    const again = openDatabase(b.file, PASSWORD);
    try {
      write({ store: again, actor: tester() }, (w) => registry.updateMember(w, { id: b.memberIds[0], field: 'workMonths', value: 5 }));
    } finally {
      again.close();
    }
    expect(verify(b.file)).toMatchObject({ ok: true, notes: [] });
  });

  it('rows written before the chain was keyed stay valid and are reported as unkeyed', () => {
    const b = build();
    let legacyRows = 0;
    // Turn the file into what an older version left: schema 1, plain hashes, no anchor.
    tamper(b.file, (raw) => {
      raw.exec('DROP TRIGGER auditLog_no_update');
      legacyRows = rehashPlain(raw);
      raw.exec("CREATE TRIGGER auditLog_no_update BEFORE UPDATE ON auditLog BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;");
      raw.pragma('user_version=1');
    });
    fs.rmSync(auditHeadPath(b.file));
    // The upgrade (m002) anchors the head; writes from then on are keyed. The file keeps the tables
    // of schemas 3 and 4 (import batches, name search: not under test here), so those steps of the
    // upgrade are left empty.
    const migrations = MIGRATIONS.map((m) => (m.version >= 3 ? { version: m.version, name: m.name, sql: '' } : m));
    const store: Store = openDatabase(b.file, PASSWORD, { migrations });
    try {
      write({ store, actor: tester() }, (w) => registry.updateMember(w, { id: b.memberIds[0], field: 'workMonths', value: 6 }));
      const report = verifyDatabase(store);
      expect(report).toMatchObject({ ok: true, problems: [] });
      expect(report.notes).toEqual([`第 1–${legacyRows} 条审计记录是旧版本写的（未加密钥签名）：能发现对它们的改动，但不能排除有人在软件之外重新计算了这部分`]);
    } finally {
      store.close();
    }
    const r = cliVerify(b.file);
    expect(r.code).toBe(0);
    expect(r.out).toContain('注意：第 1–');
  });

  it('a copy made without its anchor is re-anchored by the key holder (the helper restore and backup use)', () => {
    const b = build();
    const copy = path.join(dir, `copy${++n}.fupin`);
    const store = openDatabase(b.file, PASSWORD);
    try {
      store.sqlite.prepare('VACUUM INTO ?').run(copy);
    } finally {
      store.close();
    }
    fs.copyFileSync(`${b.file}.key`, `${copy}.key`);
    expect(verify(copy).problems).toEqual([expect.stringMatching(/^审计锚点文件缺失/)]);
    anchorDatabaseFile(copy, unlockWithPassword(readKeyFile(copy), PASSWORD));
    expect(verify(copy)).toMatchObject({ ok: true, problems: [], notes: [] });
  });
});
