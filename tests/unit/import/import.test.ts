// The import, end to end on real encrypted databases: every error and warning of the issue, every
// file format giving the same result, all-or-nothing, onlyValid, re-import and cancel.
import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../shared/contract';
import { runImport } from '../../../main/services/import/index';
import { insertRow } from '../../../main/db/write';
import type { Store } from '../../../main/db/store';
import { HEAD2_18, HEADER, HH1, HH2, HH3, PEOPLE, baseRows, count, importWorkspace, snapshot, toTable, writeCsv, writeXls, writeXlsx } from './fixtures';
import { tester, testWriter } from '../main/helpers';

const { newStore, file } = importWorkspace('fupin-import-');

const imp = (store: Store, f: string, o: Partial<{ dryRun: boolean; onlyValid: boolean }> = {}) =>
  runImport(store, f, { dryRun: o.dryRun ?? false, onlyValid: o.onlyValid ?? false, actor: tester('测试') });

/** The report without what legitimately differs between formats (sheet names, file info). */
function comparable(r: ImportReport) {
  const strip = (l: ImportReport['errors']) => l.map(({ sheet: _s, ...rest }) => rest);
  return { ok: r.ok, households: r.households, members: r.members, errors: strip(r.errors), warnings: strip(r.warnings), stats: r.stats };
}

describe('import: the clean national file', () => {
  it('imports households, members, incomes and a new village, normalising what clerks typed', async () => {
    const store = newStore();
    const f = await writeXlsx(toTable(baseRows(), { titleRows: ['2016年建档立卡贫困人口明细表（虚构演示数据）', '填报单位：山坡街'] }), file('clean.xlsx'));
    const r = await imp(store, f);
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ ok: true, committed: true, households: 3, members: 6 });
    expect(r.stats).toMatchObject({ householdsCreated: 3, membersCreated: 6, villagesCreated: 1, incomesWritten: 3 });
    const ids = (store.sqlite.prepare('SELECT idNumber FROM members ORDER BY idNumber').all() as { idNumber: string }[]).map((m) => m.idNumber);
    expect(ids.sort()).toEqual([PEOPLE.head1, PEOPLE.spouse1, PEOPLE.son1, HEAD2_18, PEOPLE.daughter2, PEOPLE.head3].sort());
    const hh1 = store.sqlite.prepare('SELECT * FROM households WHERE hhCode = ?').get(HH1) as Record<string, unknown>;
    expect(hh1).toMatchObject({ category: 'general', exitStatus: 'not_exited', mainCause: 'illness', phone: '13800000001' });
    const income = store.sqlite.prepare('SELECT i.* FROM incomes i JOIN households h ON h.id = i.householdId WHERE h.hhCode = ?').get(HH1) as Record<string, unknown>;
    expect(income).toMatchObject({ year: 2015, wage: 120050 });
    const son = store.sqlite.prepare('SELECT * FROM members WHERE idNumber = ?').get(PEOPLE.son1) as Record<string, unknown>;
    expect(son).toMatchObject({ relation: 'son', schoolStatus: 'grade7', workStatus: 'other', workMonths: 0, sex: 'male', birthDate: '2008-09-10' });
    // Warnings: 15-digit number converted, the new village, 家庭人口数 3 against 2 rows.
    const warnings = r.warnings.map((w) => `${w.row}|${w.column}|${w.message}`);
    expect(warnings.some((w) => /^7\|身份证号码\|15位旧证件号码 420115500102031 已转换为18位/.test(w))).toBe(true);
    expect(warnings.some((w) => /^9\|行政村\|行政村“新建村”不在数据库中，导入时将新建该村（文件中没有村代码，已自动生成村代码 420115999001，请在“行政村”页面核对/.test(w))).toBe(true);
    expect(warnings.some((w) => /^7\|家庭人口数\|家庭人口数填的是 3 人，但文件中该户有 2 行成员/.test(w))).toBe(true);
    expect(r.warnings.every((w) => w.sheet === '贫困人口')).toBe(true);
  });

  it('gives the same result from .xlsx, .xlsx with titles and shuffled columns, .xls and CSV in UTF-8, UTF-8 with BOM and GBK', async () => {
    const rows = baseRows();
    const shuffled = [...HEADER].reverse();
    const files = [
      await writeXlsx(toTable(rows), file('plain.xlsx')),
      await writeXlsx(toTable(rows, { titleRows: ['标题', '', '说明：本表为虚构数据'], columns: shuffled }), file('shuffled.xlsx')),
      writeXls(toTable(rows, { titleRows: ['标题'] }), file('legacy.xls')),
      writeCsv(toTable(rows), file('utf8.csv'), 'utf-8'),
      writeCsv(toTable(rows), file('bom.csv'), 'utf-8-bom'),
      writeCsv(toTable(rows), file('gbk.csv'), 'gbk'),
    ];
    const results = [];
    for (const f of files) {
      const store = newStore();
      const r = await imp(store, f);
      results.push({ f, r, snap: snapshot(store) });
    }
    const first = results[0];
    expect(first.r.ok).toBe(true);
    for (const { f, r, snap } of results.slice(1)) {
      // Title rows move the rows down; the report must say where each problem is in *that* file.
      const shift = f.endsWith('shuffled.xlsx') ? 3 : f.endsWith('.xls') ? 1 : 0;
      const expected = comparable(first.r);
      const shifted = { ...expected, warnings: expected.warnings.map((w) => ({ ...w, row: w.row + shift })), stats: { ...expected.stats, rowsRead: expected.stats.rowsRead + shift } };
      expect(comparable(r), f).toEqual(shifted);
      expect(snap, f).toEqual(first.snap);
    }
    expect(results.find((x) => x.f.endsWith('gbk.csv'))!.r.file.encoding).toBe('gb18030');
    expect(results.find((x) => x.f.endsWith('bom.csv'))!.r.file.encoding).toBe('utf-8');
  });
});

describe('import: errors, each placed at sheet, row and column', () => {
  async function errorsOf(mutate: (rows: ReturnType<typeof baseRows>) => void, numeric?: (col: string) => boolean, store = newStore()) {
    const rows = baseRows();
    mutate(rows);
    const f = await writeXlsx(toTable(rows, { titleRows: ['标题行'] }), file('bad.xlsx'), '贫困人口', numeric);
    const auditBefore = count(store, 'auditLog');
    const r = await imp(store, f);
    expect(r.ok).toBe(false);
    expect(r.committed).toBe(false);
    expect(count(store, 'auditLog'), 'any error: nothing written').toBe(auditBefore);
    expect(count(store, 'households')).toBe(0);
    return r.errors.map((e) => `${e.sheet}|${e.row}|${e.column}|${e.message}`);
  }

  it('bad check digit', async () => {
    const bad = PEOPLE.spouse1.slice(0, 17) + (PEOPLE.spouse1[17] === '0' ? '1' : '0');
    const errors = await errorsOf((rows) => (rows[1]['身份证号码'] = bad));
    expect(errors).toEqual([expect.stringMatching(/^贫困人口\|4\|身份证号码\|证件号码“\d{17}[\dX]”无效：校验位错误/)]);
  });

  it('an ID number stored as a number cell cannot be recovered', async () => {
    const errors = await errorsOf(
      (rows) => (rows[1]['身份证号码'] = PEOPLE.spouse1),
      (col) => col === '身份证号码',
    );
    // Every 18-digit number in the sheet became a number; each row says so.
    expect(errors.filter((e) => e.includes('以数字格式保存')).length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/^贫困人口\|4\|身份证号码\|证件号码以数字格式保存，超过15位的数字已被 Excel 改写，无法恢复：请把该列设为“文本”格式后重新录入/);
  });

  it('one person in two households of the file, naming both places', async () => {
    const errors = await errorsOf((rows) => (rows[4]['身份证号码'] = PEOPLE.son1));
    expect(errors).toEqual([
      `贫困人口|5|身份证号码|证件号码 ${PEOPLE.son1} 同时出现在户编号 ${HH1}（贫困人口 第 5 行）和户编号 ${HH2}（贫困人口 第 7 行）：一个人只能属于一户`,
      `贫困人口|7|身份证号码|证件号码 ${PEOPLE.son1} 同时出现在户编号 ${HH2}（贫困人口 第 7 行）和户编号 ${HH1}（贫困人口 第 5 行）：一个人只能属于一户`,
    ]);
  });

  it('one person in two households against the database, naming the database household and village', async () => {
    const store = newStore();
    const village = store.sqlite.prepare('SELECT id FROM villages').get() as { id: string };
    store.tx(() => {
      const w = testWriter(store, 'fixture');
      const h = insertRow(w, 'households', { hhCode: '4201150102017777', villageId: village.id, category: 'general', exitStatus: 'not_exited' });
      insertRow(w, 'members', { householdId: h.id, name: '丁一', idNumber: PEOPLE.daughter2, sex: 'female', birthDate: '1985-11-12', relation: 'head' });
    });
    const before = count(store, 'households');
    const rows = baseRows();
    const f = await writeXlsx(toTable(rows), file('db-conflict.xlsx'));
    const r = await imp(store, f);
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => `${e.row}|${e.column}|${e.message}`)).toEqual([
      `6|身份证号码|证件号码 ${PEOPLE.daughter2} 在数据库中已登记在测试村户编号 4201150102017777（丁一），文件中又在户编号 ${HH2}（贫困人口 第 6 行）：一个人只能属于一户`,
    ]);
    expect(count(store, 'households')).toBe(before);
  });

  it('a value outside its code list', async () => {
    const errors = await errorsOf((rows) => (rows[0]['贫困户属性'] = '富裕户'));
    expect(errors).toEqual([expect.stringMatching(/^贫困人口\|3\|贫困户属性\|“富裕户”不在代码表中，可选：一般贫困户、低保贫困户、特困供养贫困户/)]);
  });

  it('a household without a 户主, and one with two', async () => {
    const none = await errorsOf((rows) => (rows[0]['与户主关系'] = '配偶'));
    expect(none).toEqual([`贫困人口|3|与户主关系|户编号 ${HH1} 没有户主：请将一名成员的“与户主关系”填为“户主”`]);
    const two = await errorsOf((rows) => (rows[4]['与户主关系'] = '户主'));
    expect(two).toEqual([`贫困人口|7|与户主关系|户编号 ${HH2} 有 2 名户主（第 6、7 行）：每户只能有一名户主`]);
  });

  it('a non-numeric amount', async () => {
    const errors = await errorsOf((rows) => (rows[3]['工资性收入'] = '一千二'));
    expect(errors).toEqual([expect.stringMatching(/^贫困人口\|6\|工资性收入\|金额“一千二”不是有效的数字/)]);
  });

  it('a file without a recognisable header is one clear error', async () => {
    const store = newStore();
    const f = writeCsv([['姓名', '年龄'], ['某', '3']], file('noheader.csv'), 'utf-8');
    const r = await imp(store, f);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].message).toMatch(/找不到表头/);
  });
});

describe('import: dry run, all or nothing, onlyValid, re-import, cancel', () => {
  it('a dry run reports what would happen and writes nothing', async () => {
    const store = newStore();
    const before = count(store, 'auditLog');
    const f = await writeXlsx(toTable(baseRows()), file('dry.xlsx'));
    const r = await imp(store, f, { dryRun: true });
    expect(r).toMatchObject({ ok: true, dryRun: true, committed: false, households: 3, members: 6 });
    expect(r.stats).toMatchObject({ householdsCreated: 3, membersCreated: 6, villagesCreated: 1 });
    expect(count(store, 'auditLog')).toBe(before);
    expect(count(store, 'villages')).toBe(1);
  });

  it('onlyValid writes exactly the error-free households', async () => {
    const store = newStore();
    const rows = baseRows();
    rows[3]['工资性收入'] = 'abc'; // household 2 is bad
    const f = await writeXlsx(toTable(rows), file('partly.xlsx'));
    // Checked first: a dry run with errors is not ok, even with onlyValid (the CLI exits 1), and writes nothing.
    const dry = await imp(store, f, { onlyValid: true, dryRun: true });
    expect(dry).toMatchObject({ ok: false, committed: false, households: 2, errorCount: 1 });
    expect(count(store, 'households')).toBe(0);
    const r = await imp(store, f, { onlyValid: true });
    expect(r.errors).toHaveLength(1);
    expect(r).toMatchObject({ ok: true, committed: true, households: 2, members: 4 });
    expect(r.stats.householdsSkipped).toBe(1);
    const codes = (store.sqlite.prepare('SELECT hhCode FROM households ORDER BY hhCode').all() as { hhCode: string }[]).map((h) => h.hhCode);
    expect(codes).toEqual([HH1, HH3]);
    expect(count(store, 'members')).toBe(4);
  });

  it('re-importing the same file changes nothing and audits nothing; a changed value is one audited update and the batch entry', async () => {
    const store = newStore();
    const rows = baseRows();
    const f = await writeXlsx(toTable(rows), file('again.xlsx'));
    await imp(store, f);
    const audit = count(store, 'auditLog');
    const snap = snapshot(store);
    const again = await imp(store, f);
    expect(again.ok).toBe(true);
    expect(again.stats).toMatchObject({ householdsUnchanged: 3, membersUnchanged: 6, householdsCreated: 0, membersCreated: 0, membersUpdated: 0, incomesWritten: 0, villagesCreated: 0 });
    expect(count(store, 'auditLog')).toBe(audit);
    expect(snapshot(store)).toEqual(snap);

    rows[1]['务工时间(月)'] = '9';
    const changed = await imp(store, await writeXlsx(toTable(rows), file('changed.xlsx')));
    expect(changed.stats).toMatchObject({ membersUpdated: 1, membersUnchanged: 5, householdsUpdated: 0 });
    // The changed field, before and after, then the batch's one entry naming the file.
    expect(count(store, 'auditLog')).toBe(audit + 2);
    const [update, batch] = store.sqlite.prepare('SELECT * FROM auditLog ORDER BY seq DESC LIMIT 2').all().reverse() as { seq: number; action: string; tableName: string; beforeJson: string; afterJson: string }[];
    expect(update).toMatchObject({ action: 'update', tableName: 'members', beforeJson: '{"workMonths":6}', afterJson: '{"workMonths":9}' });
    expect(batch).toMatchObject({ action: 'insert', tableName: 'importBatches' });
    expect(JSON.parse(batch.afterJson)).toMatchObject({ fileName: expect.stringMatching(/changed\.xlsx$/), rowsInserted: 0, rowsUpdated: 1, firstAuditSeq: update.seq });
  });

  it('members in the database but not in the file are kept, with a warning', async () => {
    const store = newStore();
    await imp(store, await writeXlsx(toTable(baseRows()), file('full.xlsx')));
    const rows = baseRows().filter((r) => r['姓名'] !== '甲三');
    const r = await imp(store, await writeXlsx(toTable(rows), file('fewer.xlsx')));
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/成员“甲三”.*不在文件中：未删除/));
    expect(count(store, 'members')).toBe(6);
  });

  it('a cancel during the write rolls everything back', async () => {
    const store = newStore();
    const before = count(store, 'auditLog');
    let writing = false;
    const f = await writeXlsx(toTable(baseRows()), file('cancel.xlsx'));
    await expect(
      runImport(store, f, { dryRun: false, onlyValid: false, actor: tester('测试') }, {
        onProgress: (p) => {
          if (p.message.startsWith('正在写入')) writing = true;
        },
        isCancelled: () => writing,
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(writing).toBe(true);
    expect(count(store, 'auditLog')).toBe(before);
    expect(count(store, 'households')).toBe(0);
  });

  it('a different 户主 while the old one is missing from the file is refused', async () => {
    const store = newStore();
    await imp(store, await writeXlsx(toTable(baseRows()), file('h.xlsx')));
    const rows = baseRows().filter((r) => r['姓名'] !== '甲一');
    rows[0]['与户主关系'] = '户主';
    const r = await imp(store, await writeXlsx(toTable(rows), file('newhead.xlsx')));
    expect(r.ok).toBe(false);
    expect(r.errors[0].message).toMatch(/户主“甲一”.*不在文件中，而文件另填了户主/);
  });

  it('the head changing inside a household updates both people in the right order', async () => {
    const store = newStore();
    await imp(store, await writeXlsx(toTable(baseRows()), file('h2.xlsx')));
    const rows = baseRows();
    rows[0]['与户主关系'] = '配偶';
    rows[1]['与户主关系'] = '户主';
    const r = await imp(store, await writeXlsx(toTable(rows), file('swap.xlsx')));
    expect(r.errors).toEqual([]);
    expect(r.stats.membersUpdated).toBe(2);
    const head = store.sqlite.prepare("SELECT idNumber FROM members WHERE relation = 'head' AND idNumber = ?").get(PEOPLE.spouse1);
    expect(head).toBeTruthy();
  });

  it('a 15-digit number in a number cell is still exact and converted', async () => {
    const store = newStore();
    const rows = baseRows();
    const f = await writeXlsx(toTable(rows), file('num15.xlsx'), '贫困人口', (col, v) => col === '户编号' || (col === '身份证号码' && String(v).length === 15));
    const r = await imp(store, f);
    expect(r.errors).toEqual([]);
    expect(store.sqlite.prepare('SELECT 1 FROM members WHERE idNumber = ?').get(HEAD2_18)).toBeTruthy();
  });

});

describe('import: the data year', () => {
  it('an income without 收入年度 goes to the year before the current one, whatever years the database holds, and says so with its count', async () => {
    const store = newStore();
    const columns = HEADER.filter((c) => c !== '收入年度');
    // The local calendar year, as the clerk's wall calendar shows it.
    const lastYear = new Date().getFullYear() - 1;
    const first = await imp(store, await writeXlsx(toTable(baseRows(), { columns }), file('no-year.xlsx')));
    expect(first.warnings.map((w) => `${w.row}|${w.column}|${w.message}`)).toContain(`2|收入年度|文件中没有“收入年度”列，3 户的收入按 ${lastYear} 年导入（未指定年度，默认为上一年）`);
    expect(first.incomeYear).toEqual({ year: lastYear, source: 'default', used: [{ year: lastYear, source: 'default', households: 3 }] });
    const years = () => (store.sqlite.prepare('SELECT DISTINCT year FROM incomes').pluck().all() as number[]).sort();
    expect(years()).toEqual([lastYear]);

    // A database whose incomes are of 2015 no longer pulls the file's incomes to 2015.
    const other = newStore();
    await imp(other, await writeXlsx(toTable(baseRows()), file('with-year.xlsx')));
    const again = await imp(other, await writeXlsx(toTable(baseRows(), { columns }), file('no-year-again.xlsx')));
    expect(again.warnings.map((w) => w.message)).toContain(`文件中没有“收入年度”列，3 户的收入按 ${lastYear} 年导入（未指定年度，默认为上一年）`);
    expect((other.sqlite.prepare('SELECT DISTINCT year FROM incomes ORDER BY year').pluck().all() as number[])).toEqual([2015, lastYear]);
  });
});
