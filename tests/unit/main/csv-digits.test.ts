// ID numbers, bank accounts and the other digit columns in a .csv export: written as ="…", the
// form Excel and WPS keep as text (bare digits open as 4.2E+17 and lose digits when saved), and
// read back by our own import as the plain digits, so an exported CSV re-imports unchanged.
// Fictitious people only.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { createDatabase } from '../../../main/db/open';
import type { Store } from '../../../main/db/store';
import { exportGrid } from '../../../main/services/export';
import { runImport } from '../../../main/services/import/index';
import { csvTextFormula, fromCsvTextFormula, openSource } from '../../../main/services/import/sources';
import { PASSWORD, tempDir, tester } from './helpers';
import { HEAD2_18, HEADER, HH1, HH2, HH3, PEOPLE, baseRows, count, snapshot, storeWithVillage, toTable, writeCsv } from '../import/fixtures';

/** 19 digits under a prefix no card issuer uses (as the demo's), so never a real account. */
const ACCOUNT = '6999990000001000001';

let dir: string;
let store: Store;

async function rowsOf(file: string): Promise<(string | number | boolean | null)[][]> {
  const rows: (string | number | boolean | null)[][] = [];
  for await (const r of openSource(file).rows()) rows.push(r.cells);
  return rows;
}

const importFile = (target: Store, file: string, dryRun = false) => runImport(target, file, { dryRun, onlyValid: false, actor: tester('测试') });

beforeAll(async () => {
  dir = tempDir('fupin-csv-digits-');
  store = storeWithVillage(dir);
  // The fixture's three households, the first with a 19-digit bank account (a household column on each of its rows).
  const rows = baseRows().map((r) => (r['户编号'] === HH1 ? { ...r, 银行卡号: ACCOUNT } : r));
  const report = await importFile(store, writeCsv(toTable(rows, { columns: [...HEADER, '银行卡号'] }), path.join(dir, 'seed.csv'), 'utf-8'));
  expect(report.errors).toEqual([]);
  expect(report.committed).toBe(true);
}, 120_000);
afterAll(() => {
  store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the ="…" form', () => {
  it('is read by the CSV source as its text; only that exact form, any other cell as it is', async () => {
    expect(csvTextFormula(PEOPLE.head3)).toBe(`="${PEOPLE.head3}"`);
    expect(fromCsvTextFormula(csvTextFormula('a"b'))).toBe('a"b');
    const file = path.join(dir, 'forms.csv');
    // As our export writes them (quoted as CSV requires), as a clerk may type them (unquoted), and look-alikes.
    fs.writeFileSync(
      file,
      [
        `证件号码,备注`,
        `"=""${PEOPLE.head3}""",="${ACCOUNT}"`,
        `="42011519"5,=SUM(1;2)`,
        `'=""1""',"=""a""""b"""`,
        `="",=`,
      ].join('\r\n'),
    );
    expect(await rowsOf(file)).toEqual([
      ['证件号码', '备注'],
      [PEOPLE.head3, ACCOUNT],
      ['="42011519"5', '=SUM(1;2)'],
      [`'=""1""'`, 'a"b'],
      [null, '='],
    ]);
  });
});

describe('a .csv export', () => {
  it('writes ID numbers, 户编号, bank accounts and phones as ="…", quoted as CSV requires', async () => {
    const file = path.join(dir, '贫困户.csv');
    expect(await exportGrid(store, { what: 'households', path: file, columns: ['hhCode', 'headName', 'headIdNumber', 'bankAccount', 'phone', 'size'] })).toMatchObject({ rows: 3 });
    const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('户编号,户主姓名,户主证件号码,银行卡号,联系电话,家庭人口数');
    const first = lines.find((l) => l.includes(HH1));
    expect(first).toBe(`"=""${HH1}""",甲一,"=""${PEOPLE.head1}""","=""${ACCOUNT}""","=""13800000001""",3`);
    // No digit column is left bare anywhere in the file.
    expect(text).not.toMatch(/(^|,)\d{12,}(,|\r?$)/m);
    const table = parse(text) as string[][];
    expect(table.slice(1).map((r) => r[2]).sort()).toEqual([PEOPLE.head1, HEAD2_18, PEOPLE.head3].map((id) => `="${id}"`).sort());
  });

  it('round trip: the members export as .csv re-imports unchanged, and into an empty database as the same records', async () => {
    const file = path.join(dir, '家庭成员.csv');
    expect(await exportGrid(store, { what: 'members', path: file })).toMatchObject({ rows: 6 });
    // The import's own reader gives back the plain ID numbers and bank account.
    const rows = await rowsOf(file);
    const idColumn = rows[0].indexOf('证件号码');
    expect(rows.slice(1).map((r) => r[idColumn]).sort()).toEqual([PEOPLE.head1, PEOPLE.spouse1, PEOPLE.son1, HEAD2_18, PEOPLE.daughter2, PEOPLE.head3].sort());
    expect(rows.slice(1).map((r) => r[rows[0].indexOf('银行卡号')])).toContain(ACCOUNT);

    const audit = count(store, 'auditLog');
    const same = await importFile(store, file);
    expect(same.errors).toEqual([]);
    expect(same.stats).toMatchObject({ householdsUnchanged: 3, membersUnchanged: 6, householdsUpdated: 0, membersUpdated: 0, incomesWritten: 0 });
    expect(count(store, 'auditLog')).toBe(audit);

    const { store: empty } = createDatabase(path.join(dir, 'empty.fupin'), PASSWORD);
    try {
      const fresh = await importFile(empty, file);
      expect(fresh.errors).toEqual([]);
      expect(fresh).toMatchObject({ ok: true, households: 3, members: 6 });
      const strip = (s: unknown) => {
        const v = s as { villages: Record<string, unknown>[]; households: unknown[]; members: unknown[]; incomes: unknown[] };
        // Villages carry the plan's exit years, which the per-person layout does not.
        return { ...v, villages: v.villages.map((x) => ({ code: x.code, name: x.name, town: x.town })) };
      };
      expect(strip(snapshot(empty))).toEqual(strip(snapshot(store)));
      const hh = empty.sqlite.prepare('SELECT hhCode, bankAccount FROM households ORDER BY hhCode').all();
      expect(hh).toEqual([
        { hhCode: HH1, bankAccount: ACCOUNT },
        { hhCode: HH2, bankAccount: null },
        { hhCode: HH3, bankAccount: null },
      ]);
    } finally {
      empty.close();
    }
  });

  it('the households export as .csv re-imports with no change', async () => {
    const file = path.join(dir, '贫困户全部.csv');
    await exportGrid(store, { what: 'households', path: file });
    const audit = count(store, 'auditLog');
    const r = await importFile(store, file);
    expect(r.errors).toEqual([]);
    expect(r.stats).toMatchObject({ householdsUnchanged: 3, householdsUpdated: 0, incomesWritten: 0 });
    expect(count(store, 'auditLog')).toBe(audit);
  });
});
