// The streaming import (households planned and written as their rows pass) must give exactly what
// holding the whole file gave: a household whose rows are far apart, a person who reappears
// hundreds of households later, onlyValid after something was already written. Also the audit
// chain's in-memory tip, the flat canonical JSON, and the data-quality lists' separate caps.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../main/db/store';
import { cacheAuditTip, canonicalJson, dropAuditTip, verifyAuditChain } from '../../../main/db/audit';
import { runImport } from '../../../main/services/import/index';
import { QUALITY_ITEM_CAP, runQuality } from '../../../main/services/quality';
import { insertRow } from '../../../main/db/write';
import { makeIdNumber } from '../../../shared/domain/idNumber';
import { count, importWorkspace, snapshot, toTable, writeCsv, writeXlsx } from './fixtures';
import { tester, testWriter } from '../main/helpers';


const { newStore, file } = importWorkspace('fupin-stream-');

type Row = Record<string, string | number | null>;

/** Far more households than the import keeps open at once (256). */
const HOUSEHOLDS = 400;

function person(i: number, hh: string, relation: string, size: number, birth: string): Row {
  return {
    序号: i, '县(市、区)': '江夏区', '乡(镇)': '山坡街', 行政村: '测试村', 户编号: hh, 姓名: `某${i}`, 身份证号码: makeIdNumber('420115', birth, 100 + i), 与户主关系: relation,
    民族: '汉族', 文化程度: '初中', 在校生状况: '非在校生', 健康状况: '健康', 劳动技能: '普通劳动力', 务工状况: '乡（镇）内务工', '务工时间(月)': '6',
    家庭人口数: String(size), 贫困户属性: '一般贫困户', 脱贫状态: '未脱贫', 主要致贫原因: '因病', 联系电话: '13800000001', 工资性收入: '1200.50', 收入年度: '2015',
  };
}

const hhCode = (h: number) => `42011501020${String(h).padStart(5, '0')}`;

/** Household 0 has two people, every other household one. */
function grouped(): Row[] {
  const rows: Row[] = [person(0, hhCode(0), '户主', 2, '1960-01-01'), person(1, hhCode(0), '配偶', 2, '1961-01-01')];
  for (let h = 1; h < HOUSEHOLDS; h++) rows.push(person(h + 1, hhCode(h), '户主', 1, `19${50 + (h % 40)}-0${1 + (h % 9)}-1${h % 10}`));
  return rows;
}

/** The same people, household 0's second row moved to the very end. */
function split(): Row[] {
  const rows = grouped();
  const [second] = rows.splice(1, 1);
  return [...rows, second];
}

const imp = (store: Store, f: string, o: Partial<{ dryRun: boolean; onlyValid: boolean }> = {}) =>
  runImport(store, f, { dryRun: o.dryRun ?? false, onlyValid: o.onlyValid ?? false, actor: tester('测试') });

describe('streaming import', () => {
  it('a household whose rows are far apart imports exactly as when they are together', async () => {
    const a = newStore();
    const b = newStore();
    const together = await imp(a, writeCsv(toTable(grouped()), file('grouped.csv'), 'utf-8'));
    const messages: string[] = [];
    const apart = await runImport(b, writeCsv(toTable(split()), file('split.csv'), 'utf-8'), { dryRun: false, onlyValid: false, actor: tester('测试') }, { onProgress: (p) => messages.push(p.message) });
    // The reappearing household sent the import through its second way: count rows, read again.
    expect(messages.some((m) => m.includes('按户归并'))).toBe(true);
    expect(together.errors).toEqual([]);
    expect(together).toMatchObject({ ok: true, committed: true, households: HOUSEHOLDS, members: HOUSEHOLDS + 1 });
    // A CSV's sheet is its file name, which differs; everything else is the same.
    const bare = (r: typeof apart) => ({ ...r, file: null, warnings: r.warnings.map(({ sheet: _s, ...w }) => w) });
    expect(bare(apart)).toEqual(bare(together));
    expect(snapshot(b)).toEqual(snapshot(a));
    expect(verifyAuditChain(b)).toMatchObject({ ok: true });
  });

  it('a split household with an error is still one household in the report', async () => {
    const rows = split();
    rows[rows.length - 1]['与户主关系'] = '户主';
    const store = newStore();
    const r = await imp(store, await writeXlsx(toTable(rows), file('split-two-heads.xlsx')), { onlyValid: true });
    expect(r.errors.map((e) => e.message)).toEqual([`户编号 ${hhCode(0)} 有 2 名户主（第 2、${HOUSEHOLDS + 2} 行）：每户只能有一名户主`]);
    expect(r).toMatchObject({ ok: true, committed: true, households: HOUSEHOLDS - 1, members: HOUSEHOLDS - 1 });
    expect(r.stats.householdsSkipped).toBe(1);
    expect(count(store, 'households')).toBe(HOUSEHOLDS - 1);
  });

  it('a person who reappears hundreds of households later: both refused; onlyValid writes exactly the others', async () => {
    const rows = grouped();
    rows[rows.length - 1]['身份证号码'] = rows[0]['身份证号码'];
    const f = writeCsv(toTable(rows), file('late-dup.csv'), 'utf-8');

    const all = newStore();
    const auditBefore = count(all, 'auditLog');
    const refused = await imp(all, f);
    expect(refused.errors).toHaveLength(2);
    expect(refused.errors[0].message).toMatch(/同时出现在户编号 4201150102000000（.* 第 2 行）和户编号 4201150102000399/);
    expect(refused).toMatchObject({ ok: false, committed: false });
    expect(count(all, 'auditLog')).toBe(auditBefore);
    expect(count(all, 'households')).toBe(0);

    const some = newStore();
    const r = await imp(some, f, { onlyValid: true });
    expect(r).toMatchObject({ ok: true, committed: true, households: HOUSEHOLDS - 2, members: HOUSEHOLDS - 2 });
    expect(r.stats).toMatchObject({ householdsSkipped: 2, householdsCreated: HOUSEHOLDS - 2, villagesCreated: 0 });
    const codes = new Set((some.sqlite.prepare('SELECT hhCode FROM households').all() as { hhCode: string }[]).map((h) => h.hhCode));
    expect(codes.has(hhCode(0))).toBe(false);
    expect(codes.has(hhCode(HOUSEHOLDS - 1))).toBe(false);
    expect(codes.size).toBe(HOUSEHOLDS - 2);
    expect(verifyAuditChain(some)).toMatchObject({ ok: true });
  });

  it('householdsSkipped counts only with onlyValid, as the contract says', async () => {
    const rows = grouped();
    rows[5]['工资性收入'] = 'abc';
    const f = writeCsv(toTable(rows), file('one-bad.csv'), 'utf-8');
    const store = newStore();
    const plain = await imp(store, f, { dryRun: true });
    expect(plain.stats.householdsSkipped).toBe(0);
    expect(plain.households).toBe(HOUSEHOLDS - 1);
    const only = await imp(store, f, { dryRun: true, onlyValid: true });
    expect(only.stats.householdsSkipped).toBe(1);
    expect(count(store, 'households')).toBe(0);
  });

  it('cancel while reading writes nothing', async () => {
    const store = newStore();
    let rows = 0;
    await expect(
      runImport(store, writeCsv(toTable(grouped()), file('cancel.csv'), 'utf-8'), { dryRun: false, onlyValid: false, actor: tester('测试') }, {
        onProgress: () => rows++,
        isCancelled: () => rows > 1,
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(count(store, 'households')).toBe(0);
    expect(store.sqlite.inTransaction).toBe(false);
    // The connection is usable and the chain intact afterwards.
    const ok = await imp(store, writeCsv(toTable(grouped()), file('after-cancel.csv'), 'utf-8'));
    expect(ok.committed).toBe(true);
    expect(verifyAuditChain(store)).toMatchObject({ ok: true });
  });
});

describe('audit chain tip kept in memory', () => {
  const village = (store: Store, code: string) =>
    insertRow(testWriter(store, '测试'), 'villages', { code, name: `村${code}`, town: '山坡街', countyCode: '420115', plannedExitYear: null, exitedYear: null });

  it('a rolled-back transaction leaves no stale tip behind', () => {
    const store = newStore();
    store.sqlite.exec('BEGIN IMMEDIATE');
    cacheAuditTip(store);
    village(store, '420115990001');
    village(store, '420115990002');
    dropAuditTip(store);
    store.sqlite.exec('ROLLBACK');
    store.tx(() => village(store, '420115990003'));
    store.sqlite.exec('BEGIN IMMEDIATE');
    cacheAuditTip(store);
    village(store, '420115990004');
    village(store, '420115990005');
    dropAuditTip(store);
    store.sqlite.exec('COMMIT');
    expect(verifyAuditChain(store)).toMatchObject({ ok: true });
  });

  it('a savepoint rolled back under a cached tip aborts the write instead of breaking the chain', () => {
    const store = newStore();
    store.sqlite.exec('BEGIN IMMEDIATE');
    cacheAuditTip(store);
    village(store, '420115990011');
    expect(() =>
      store.tx(() => {
        village(store, '420115990012');
        throw new Error('undo');
      }),
    ).toThrow('undo');
    expect(() => village(store, '420115990013')).toThrow(/审计链缓存失效/);
    dropAuditTip(store);
    store.sqlite.exec('ROLLBACK');
    expect(verifyAuditChain(store)).toMatchObject({ ok: true });
  });

  it('canonical JSON: the flat fast path writes what the general one does', () => {
    const general = (v: unknown) =>
      JSON.stringify(v, (_k, x: unknown) =>
        x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
      );
    const samples: unknown[] = [
      { b: 1, a: '甲', c: null, d: true, e: undefined, f: 1.5, g: NaN, h: 'x"\\\n' },
      { 10: 'a', 2: 'b', x: 1 },
      { nested: { z: 1, a: 2 }, a: [1, { b: 2, a: 1 }] },
      ['a', null, 1, true],
      ['a', { b: 1, a: 2 }],
      {},
      { date: new Date(0) },
      { 'a\u0000b': 1, c: 2 },
      { a: 1, 'b\u0000c': 2 },
      { 户: 1, Z: 2, a: 3, _: 4 },
      { z: 1, a: 2 },
      { a: 2, z: 1 },
    ];
    for (const s of samples) expect(canonicalJson(s)).toBe(general(s));
  });
});

describe('data quality: missing required fields', () => {
  it('households and members are separate lists, each with its own cap', () => {
    const store = newStore();
    const villageId = (store.sqlite.prepare('SELECT id FROM villages').get() as { id: string }).id;
    store.tx(() => {
      const w = testWriter(store, '测试');
      for (let i = 0; i < QUALITY_ITEM_CAP + 20; i++) {
        const h = insertRow(w, 'households', { hhCode: `4201150102${String(i).padStart(6, '0')}`, villageId, category: 'general', exitStatus: 'not_exited' });
        insertRow(w, 'members', {
          householdId: h.id, name: `某${i}`, idNumber: makeIdNumber('420115', `${1960 + Math.floor(i / 400)}-01-01`, (i % 400) * 2 + 1), sex: 'male', birthDate: '1970-01-01', relation: 'head',
          education: i === 3 ? null : 'junior', health: 'healthy', laborSkill: 'ordinary',
        });
      }
    });
    const q = runQuality(store);
    const households = q.checks.find((c) => c.key === 'missingRequired')!;
    const members = q.checks.find((c) => c.key === 'missingRequiredMembers')!;
    expect(households.total).toBe(QUALITY_ITEM_CAP + 20);
    expect(households.items).toHaveLength(QUALITY_ITEM_CAP);
    expect(households.items.every((i) => i.targets[0].table === 'households')).toBe(true);
    expect(members.total).toBe(1);
    expect(members.items[0]).toMatchObject({ message: '未填写：文化程度', targets: [{ table: 'members', label: expect.stringMatching(/^某3/) }] });
  });
});

describe('data quality: the date ages are taken on', () => {
  it('is the end of the data year: with no incomes yet, the end of last year on the local calendar', async () => {
    const store = newStore();
    expect(runQuality(store).asOf).toBe(`${new Date().getFullYear() - 1}-12-31`);
    await imp(store, writeCsv(toTable(grouped()), file('aged.csv'), 'utf-8'));
    expect(runQuality(store).asOf).toBe('2015-12-31');
  });
});
