// One audit entry per import batch (db/audit.ts, "Import batches"): what the entry holds and how
// the rows point to it; updates of existing rows audited field by field beside it; nothing written
// for an import that changes nothing or is cancelled; verify recomputing each batch's content and
// catching direct changes to its rows, also after edits in the app; the history's import line; and
// the grids' live refresh listing a batch's rows.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, type BatchContent } from '../../../main/db/audit';
import { createDatabase } from '../../../main/db/open';
import type { Store } from '../../../main/db/store';
import type { ImportBatchesTable } from '../../../main/db/schema';
import { insertRow, write, WriteTransaction } from '../../../main/db/write';
import { changedRows, CHANGE_LIST_LIMIT } from '../../../main/services/changes';
import { exportGrid } from '../../../main/services/export';
import { historyOf } from '../../../main/services/history';
import { runImport } from '../../../main/services/import/index';
import * as registry from '../../../main/services/registry';
import { verifyDatabase } from '../../../main/services/verify';
import type { DataChange } from '../../../shared/contract';
import { makeIdNumber } from '../../../shared/domain/idNumber';
import { uuidv7 } from '../../../shared/domain/uuid';
import { formatTime, importedLine } from '../../../renderer/components/HistoryPanel';
import { PASSWORD, tester } from '../main/helpers';
import { HH1, PEOPLE, baseRows, count, importWorkspace, toTable, writeCsv, writeXlsx, type Value } from './fixtures';

const { newStore, file } = importWorkspace('fupin-batch-');

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const BATCHED = ['villages', 'households', 'members', 'incomes'] as const;

const imp = (store: Store, f: string, actor = '张科员') => runImport(store, f, { dryRun: false, onlyValid: false, actor: tester(actor) });

interface Entry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  tableName: string;
  rowId: string;
  beforeJson: string | null;
  afterJson: string | null;
}

type BatchRow = Omit<ImportBatchesTable, 'updatedAt'>;

const entriesAfter = (store: Store, seq: number) => store.sqlite.prepare('SELECT * FROM auditLog WHERE seq > ? ORDER BY seq').all(seq) as Entry[];
const lastSeq = (store: Store) => (store.sqlite.prepare('SELECT coalesce(max(seq), 0) FROM auditLog').pluck().get() as number);
const batchEntries = (store: Store) => store.sqlite.prepare("SELECT * FROM auditLog WHERE tableName = 'importBatches' ORDER BY seq").all() as Entry[];
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** A household of one, new to the base file's database. */
function newHousehold(hhCode: string, name: string, id: string): Record<string, Value> {
  return { ...baseRows()[5], 序号: 7, 行政村: '测试村', 户编号: hhCode, 姓名: name, 身份证号码: id };
}

function problems(store: Store): string[] {
  const r = verifyDatabase(store);
  return r.problems;
}

async function importedStore(): Promise<{ store: Store; batch: BatchRow; f: string }> {
  const store = newStore();
  const f = await writeXlsx(toTable(baseRows()), file('base.xlsx'));
  const r = await imp(store, f);
  expect(r).toMatchObject({ ok: true, committed: true });
  const batch = store.sqlite.prepare('SELECT * FROM importBatches').get() as BatchRow;
  return { store, batch, f };
}

describe('an import batch', () => {
  it('is one audit entry for the rows it inserts, with the file, the counts and the content hash; each row names it', async () => {
    const store = newStore();
    const before = lastSeq(store);
    const f = await writeXlsx(toTable(baseRows()), file('first.xlsx'));
    const r = await imp(store, f);
    expect(r.stats).toMatchObject({ householdsCreated: 3, membersCreated: 6, villagesCreated: 1, incomesWritten: 3 });

    const entries = entriesAfter(store, before);
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({ action: 'insert', tableName: 'importBatches', beforeJson: null });
    expect(JSON.parse(entry.actor)).toEqual(tester('张科员'));
    const after = JSON.parse(entry.afterJson!) as BatchRow;
    // The entry holds the batch row whole; the row is in its table as the entry says.
    expect(store.sqlite.prepare('SELECT * FROM importBatches WHERE id = ?').get(entry.rowId)).toEqual(after);
    expect(after).toMatchObject({
      id: entry.rowId,
      fileName: path.basename(f),
      fileBytes: fs.statSync(f).size,
      fileSha256: sha256(fs.readFileSync(f)),
      rowsInserted: 1 + 3 + 6 + 3,
      rowsUpdated: 0,
      firstAuditSeq: null,
      createdAt: entry.at,
    });
    expect(after.id).toMatch(V7);
    expect(after.contentSha256).toBe(sha256(after.content));

    // Every inserted row names the batch, has a UUIDv7 key, and the content hash is the SHA-256 of
    // the rows' canonical JSON, a line each, in key order, per table.
    const content = JSON.parse(after.content) as BatchContent;
    for (const table of BATCHED) {
      const rows = store.sqlite.prepare(`SELECT * FROM ${table} WHERE importBatchId = ? ORDER BY id`).all(after.id) as Record<string, unknown>[];
      expect(rows.length, table).toBe(table === 'villages' ? 1 : table === 'members' ? 6 : 3);
      for (const row of rows) expect(row.id).toMatch(V7);
      expect(content[table], table).toEqual({
        inserted: { rows: rows.length, sha256: sha256(rows.map((row) => `${canonicalJson(row)}\n`).join('')), firstId: rows[0].id, lastId: rows.at(-1)!.id },
      });
    }
    // The village seeded before the import was written on its own, with its own entry.
    expect(store.sqlite.prepare('SELECT count(*) FROM villages WHERE importBatchId IS NULL').pluck().get()).toBe(1);
    expect(verifyDatabase(store)).toMatchObject({ ok: true, problems: [] });
  });

  it('audits the changes to rows that already existed field by field, before the batch entry that also hashes them', async () => {
    const { store } = await importedStore();
    const before = lastSeq(store);
    const rows = [...baseRows(), newHousehold('4201150102010004', '丁一', makeIdNumber('420115', '1975-01-01', 77))];
    rows[1]['务工时间(月)'] = '9';
    rows[3]['联系电话'] = '13900000002';
    rows[4]['联系电话'] = '13900000002';
    const f = await writeXlsx(toTable(rows), file('second.xlsx'));
    const r = await imp(store, f, '李科员');
    expect(r.stats).toMatchObject({ householdsCreated: 1, householdsUpdated: 1, membersCreated: 1, membersUpdated: 1 });

    const entries = entriesAfter(store, before);
    expect(entries.map((e) => `${e.action} ${e.tableName} ${e.afterJson && e.action === 'update' ? e.afterJson : ''}`.trim())).toEqual([
      // Households are written in file order: 户编号 …0001's member first, then …0002's phone.
      'update members {"workMonths":9}',
      'update households {"phone":"13900000002"}',
      'insert importBatches',
    ]);
    const batch = JSON.parse(entries[2].afterJson!) as BatchRow;
    expect(batch).toMatchObject({ rowsInserted: 3, rowsUpdated: 2, firstAuditSeq: entries[0].seq, fileName: path.basename(f) });
    const content = JSON.parse(batch.content) as BatchContent;
    const member = store.sqlite.prepare('SELECT * FROM members WHERE id = ?').get(entries[0].rowId) as Record<string, unknown>;
    expect(content.members).toMatchObject({ inserted: { rows: 1 }, updated: { rows: 1, sha256: sha256(`${canonicalJson(member)}\n`) } });
    expect(content.households).toMatchObject({ inserted: { rows: 1 }, updated: { rows: 1 } });
    expect(content.villages).toBeUndefined();
    // The updated rows keep the batch that created them.
    expect(member.importBatchId).not.toBe(batch.id);
    expect(verifyDatabase(store)).toMatchObject({ ok: true, problems: [] });
  });

  it('export, then re-import: no change and no entry; the export into an empty database verifies whole', async () => {
    const { store } = await importedStore();
    const exported = path.join(path.dirname(file('x')), `export-${Date.now()}.xlsx`);
    await exportGrid(store, { what: 'members', path: exported });
    const audit = count(store, 'auditLog');
    const again = await imp(store, exported);
    expect(again.errors).toEqual([]);
    expect(again.stats).toMatchObject({ householdsCreated: 0, householdsUpdated: 0, membersCreated: 0, membersUpdated: 0, incomesWritten: 0, villagesCreated: 0 });
    expect(count(store, 'auditLog')).toBe(audit);
    expect(store.sqlite.prepare('SELECT count(*) FROM importBatches').pluck().get()).toBe(1);

    // Every column of every table the import writes, hashed as written and as verify reads it back.
    const { store: empty } = createDatabase(path.join(path.dirname(exported), `empty-${Date.now()}.fupin`), PASSWORD);
    try {
      const fresh = await imp(empty, exported);
      expect(fresh).toMatchObject({ ok: true, committed: true, households: 3, members: 6 });
      expect(verifyDatabase(empty)).toMatchObject({ ok: true, problems: [] });
    } finally {
      empty.close();
    }
  });

  it('rows whose keys come out of order (villages keyed while reconciling) are hashed in key order all the same', () => {
    const store = newStore();
    const [first, second] = [uuidv7(), uuidv7()];
    const tx = new WriteTransaction({ store, actor: tester() });
    const w = tx.begin();
    const batchId = w.startImportBatch();
    for (const [id, code] of [[second, '420115010301'], [first, '420115010302']]) {
      insertRow(w, 'villages', { id, code, name: `乱序村${code}`, town: '山坡街', countyCode: '420115', plannedExitYear: null, exitedYear: null });
    }
    const batch = w.finishImportBatch({ fileName: 'villages.csv', fileBytes: 1, fileSha256: '0'.repeat(64) })!;
    tx.commit();
    const rows = store.sqlite.prepare('SELECT * FROM villages WHERE importBatchId = ? ORDER BY id').all(batchId) as Record<string, unknown>[];
    expect(rows.map((r) => r.id)).toEqual([first, second]);
    expect(JSON.parse(batch.content)).toEqual({ villages: { inserted: { rows: 2, sha256: sha256(rows.map((r) => `${canonicalJson(r)}\n`).join('')), firstId: first, lastId: second } } });
    expect(verifyDatabase(store)).toMatchObject({ ok: true, problems: [] });
  });

  it('a cancel during the write leaves no batch, no rows and no entry', async () => {
    const store = newStore();
    const before = lastSeq(store);
    let writing = false;
    const f = await writeXlsx(toTable(baseRows()), file('cancel.xlsx'));
    await expect(
      runImport(store, f, { dryRun: false, onlyValid: false, actor: tester() }, {
        onProgress: (p) => {
          if (p.message.startsWith('正在写入')) writing = true;
        },
        isCancelled: () => writing,
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(writing).toBe(true);
    expect(lastSeq(store)).toBe(before);
    for (const table of ['importBatches', 'households', 'members', 'incomes'] as const) expect(store.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
    expect(count(store, 'villages')).toBe(1);
  });
});

describe('verify and import batches', () => {
  it('a direct UPDATE of a row the batch inserted fails its content hash, named by batch and table', async () => {
    const { store, batch } = await importedStore();
    const seq = batchEntries(store)[0].seq;
    store.sqlite.prepare("UPDATE members SET workMonths = 11 WHERE idNumber = ?").run(PEOPLE.spouse1);
    expect(problems(store)).toEqual([`导入批次“${batch.fileName}”（第 ${seq} 条审计记录）新增的 members 表 6 行中有内容与审计记录不符（在本软件之外修改）`]);
  });

  it('a direct DELETE, or a row slipped into the batch, changes its row count', async () => {
    const { store, batch } = await importedStore();
    const seq = batchEntries(store)[0].seq;
    store.sqlite.prepare('DELETE FROM incomes WHERE id = (SELECT min(id) FROM incomes)').run();
    expect(problems(store)).toEqual([`导入批次“${batch.fileName}”（第 ${seq} 条审计记录）新增的 incomes 表行数与审计记录不符：记录 3 行，现有 2 行（在本软件之外删除或插入）`]);

    const other = await importedStore();
    const otherSeq = batchEntries(other.store)[0].seq;
    const src = other.store.sqlite.prepare('SELECT * FROM members WHERE idNumber = ?').get(PEOPLE.son1) as Record<string, unknown>;
    const forged = { ...src, id: 'ffffffff-0000-7000-8000-000000000000', idNumber: makeIdNumber('420115', '2010-01-01', 99) };
    const cols = Object.keys(forged);
    other.store.sqlite.prepare(`INSERT INTO members (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`).run(...cols.map((c) => forged[c as keyof typeof forged]));
    expect(problems(other.store)).toEqual([`导入批次“${other.batch.fileName}”（第 ${otherSeq} 条审计记录）新增的 members 表行数与审计记录不符：记录 6 行，现有 7 行（在本软件之外删除或插入）`]);
    // Without the batch's id, the row has no origin at all.
    other.store.sqlite.prepare('UPDATE members SET importBatchId = NULL WHERE id = ?').run(forged.id);
    expect(problems(other.store)).toEqual(['members 表的第 ffffffff-0000-7000-8000-000000000000 行没有任何审计记录（在本软件之外插入）']);
  });

  it('edits in the app after the import still verify: updates, a removal, a second import changing the first one’s rows', async () => {
    const { store, batch } = await importedStore();
    const scope = { store, actor: tester('王科员') };
    const id = (idNumber: string) => store.sqlite.prepare('SELECT id FROM members WHERE idNumber = ?').pluck().get(idNumber) as string;
    const hh1 = store.sqlite.prepare('SELECT id FROM households WHERE hhCode = ?').pluck().get(HH1) as string;
    write(scope, (w) => registry.updateMember(w, { id: id(PEOPLE.spouse1), field: 'workMonths', value: 2 }));
    write(scope, (w) => registry.updateMember(w, { id: id(PEOPLE.spouse1), field: 'workMonths', value: 4 }));
    write(scope, (w) => registry.updateHousehold(w, { id: hh1, field: 'phone', value: '13700000000' }));
    write(scope, (w) => registry.removeMember(w, id(PEOPLE.son1)));
    expect(verifyDatabase(store)).toMatchObject({ ok: true, problems: [] });

    // A second import changes a row of the first batch again; then a clerk edits it once more.
    const rows = baseRows();
    rows[0]['务工时间(月)'] = '8';
    await imp(store, await writeXlsx(toTable(rows.filter((r) => r['姓名'] !== '甲三')), file('again.xlsx')));
    write(scope, (w) => registry.updateMember(w, { id: id(PEOPLE.head1.toUpperCase()), field: 'workMonths', value: 1 }));
    expect(batchEntries(store)).toHaveLength(2);
    expect(verifyDatabase(store)).toMatchObject({ ok: true, problems: [] });

    // Outside the app: the edited field is named with its row; another field of the edited row is
    // caught by the hashes of both batches that left the row: the first inserted it, the second
    // set its workMonths back to the file's 6.
    const spouse = id(PEOPLE.spouse1);
    store.sqlite.prepare('UPDATE members SET workMonths = 5 WHERE id = ?').run(spouse);
    expect(problems(store)).toEqual([`members 表第 ${spouse} 行的字段 workMonths 与审计记录不符（在本软件之外修改）`]);
    store.sqlite.prepare('UPDATE members SET workMonths = 6, health = ? WHERE id = ?').run('残疾', spouse);
    const [first, second] = batchEntries(store);
    expect(problems(store)).toEqual([
      `导入批次“${batch.fileName}”（第 ${first.seq} 条审计记录）新增的 members 表 6 行中有内容与审计记录不符（在本软件之外修改）`,
      `导入批次“${path.basename(JSON.parse(second.afterJson!).fileName as string)}”（第 ${second.seq} 条审计记录）修改的 members 表 2 行中有内容与审计记录不符（在本软件之外修改）`,
    ]);
  });

  it('a direct DELETE of an edited batch row is named by row, and the batch counts it missing', async () => {
    const { store, batch } = await importedStore();
    const spouse = store.sqlite.prepare('SELECT id FROM members WHERE idNumber = ?').pluck().get(PEOPLE.spouse1) as string;
    write({ store, actor: tester() }, (w) => registry.updateMember(w, { id: spouse, field: 'workMonths', value: 2 }));
    store.sqlite.prepare('DELETE FROM members WHERE id = ?').run(spouse);
    expect(problems(store)).toEqual([
      `members 表的第 ${spouse} 行按审计记录应存在，表中却没有（在本软件之外删除）`,
      `导入批次“${batch.fileName}”（第 ${batchEntries(store)[0].seq} 条审计记录）新增的 members 表行数与审计记录不符：记录 6 行，现有 5 行（在本软件之外删除或插入）`,
    ]);
  });
});

describe('history and live refresh of a batch', () => {
  it('the history of an imported row shows 由导入新建 with the file, the time and the clerk', async () => {
    const { store, batch } = await importedStore();
    const hh1 = store.sqlite.prepare('SELECT id FROM households WHERE hhCode = ?').pluck().get(HH1) as string;
    const son = store.sqlite.prepare('SELECT id FROM members WHERE idNumber = ?').pluck().get(PEOPLE.son1) as string;
    const spouse = store.sqlite.prepare('SELECT id FROM members WHERE idNumber = ?').pluck().get(PEOPLE.spouse1) as string;
    write({ store, actor: tester('王科员') }, (w) => registry.updateMember(w, { id: spouse, field: 'workMonths', value: 2 }));
    write({ store, actor: tester('王科员') }, (w) => registry.removeMember(w, son));

    const entries = historyOf(store, 'households', hh1);
    const imported = { seq: batchEntries(store)[0].seq, at: batch.createdAt, actor: '张科员', action: 'insert', importedFrom: batch.fileName };
    expect(entries.map((e) => `${e.fieldLabel}|${e.after}`)).toEqual([
      `新增贫困户|户编号 ${HH1}`,
      expect.stringMatching(/^新增成员\|甲/),
      expect.stringMatching(/^新增成员\|甲/),
      expect.stringMatching(/^新增成员\|甲/),
      '新增收入|2015年收入',
      '删除成员|',
    ]);
    for (const e of entries.slice(0, 5)) expect(e).toMatchObject(imported);
    expect(entries.slice(1, 4).map((e) => e.after).sort()).toEqual([`甲一（户主，${PEOPLE.head1}）`, `甲三（之子，${PEOPLE.son1}）`, `甲二（配偶，${PEOPLE.spouse1}）`].sort());
    expect(entries[5]).toMatchObject({ action: 'delete', actor: '王科员', before: `甲三（之子，${PEOPLE.son1}）` });
    expect(entries[5].importedFrom).toBeUndefined();
    expect(importedLine(entries[0])).toBe(`由导入新建：${batch.fileName}，${formatTime(batch.createdAt)}，张科员`);
    expect(importedLine(entries[5])).toBeNull();

    const own = historyOf(store, 'members', spouse);
    expect(own).toMatchObject([
      { ...imported, fieldLabel: '新增成员', after: `甲二（配偶，${PEOPLE.spouse1}）` },
      { action: 'update', actor: '王科员', field: 'workMonths', before: '6', after: '2' },
    ]);
  });

  it('changes.list names the rows a batch inserted, and its household refreshes when a person joins it', async () => {
    const { store } = await importedStore();
    const changes: DataChange[] = [];
    store.onChange((c) => changes.push(c));
    const hh1 = store.sqlite.prepare('SELECT id FROM households WHERE hhCode = ?').pluck().get(HH1) as string;
    const joining = { ...baseRows()[2], 姓名: '甲四', 身份证号码: makeIdNumber('420115', '2012-02-02', 66) };
    const rows = [...baseRows(), joining, newHousehold('4201150102010004', '丁一', makeIdNumber('420115', '1975-01-01', 77))];
    await imp(store, await writeXlsx(toTable(rows), file('join.xlsx')));
    expect(changes).toHaveLength(1);
    expect(changes[0].tables).toEqual(['households', 'importBatches', 'incomes', 'members']);
    const listed = changedRows(store, changes[0].fromSeq, changes[0].toSeq);
    const hh4 = store.sqlite.prepare("SELECT id FROM households WHERE hhCode = '4201150102010004'").pluck().get() as string;
    const newMembers = store.sqlite.prepare("SELECT id FROM members WHERE name IN ('甲四', '丁一') ORDER BY id").pluck().all() as string[];
    expect(listed.truncated).toBe(false);
    expect(listed.households.changed.sort()).toEqual([hh1, hh4].sort());
    expect(listed.members.changed.sort()).toEqual(newMembers);
  });

  it('a batch too large to list tells the views to reload', async () => {
    const store = newStore();
    const rows = [];
    for (let i = 0; i < CHANGE_LIST_LIMIT / 2; i++) {
      rows.push(newHousehold(`42011501020${String(10000 + i)}`, `批量${i}`, makeIdNumber('420115', `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`, 100 + (i % 800))));
    }
    const changes: DataChange[] = [];
    store.onChange((c) => changes.push(c));
    const r = await imp(store, writeCsv(toTable(rows), file('large.csv'), 'utf-8'));
    expect(r.errors).toEqual([]);
    expect(changes).toHaveLength(1);
    expect(changes[0].fromSeq).toBe(changes[0].toSeq);
    expect(changedRows(store, changes[0].fromSeq, changes[0].toSeq)).toMatchObject({ truncated: true });
  }, 120_000);
});
