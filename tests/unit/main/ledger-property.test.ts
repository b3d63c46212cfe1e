// A property of the ledger: after any sequence of entries and reversals dated anywhere in the
// campaign years (each taken or refused by the real services on a real encrypted database), every
// balance row of every view and year equals the sum of the entries of its group, no year ends
// with an account overdrawn, the balance the overdraft check reads is the report's, and a refused
// step wrote nothing. Fictitious records only.
import fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../main/db/store';
import { insertRow, write } from '../../../main/db/write';
import { addEntry, availableBalance, balances, reverseEntry } from '../../../main/services/ledger';
import { AppError } from '../../../shared/errors';
import type { BalanceView, LedgerEntryRow } from '../../../shared/contract';
import { ACCOUNT_RULES, parseAccountKey, POSTING_KINDS } from '../../../shared/domain/ledger';
import { CAMPAIGN_YEARS } from '../../../shared/domain/plan';
import { freshStore, idNo, seedVillage, tempDir, tester } from './helpers';

let dir: string;
let store: Store;
let accounts: (string | null)[];
/** Each project's village, as the test made it. */
const projectVillage = new Map<string, string>();
/** Every entry the services took, as they returned it. */
const taken: LedgerEntryRow[] = [];
let voucher = 0;

const scope = () => ({ store, actor: tester() });
const count = (table: string) => (store.sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;

beforeAll(() => {
  dir = tempDir('fupin-ledger-prop-');
  store = freshStore(dir);
  accounts = write(scope(), (w) => {
    const a = seedVillage(w);
    const b = seedVillage(w, '420115010207', '别村');
    const project = insertRow(w, 'projects', { villageId: a.village.id, year: 2016, name: '道路硬化', type: 'transport', pathway: 'industry', budget: 1_000_000, status: 'ongoing', unitId: a.unit.id, note: null });
    projectVillage.set(project.id, a.village.id);
    const household = (villageId: string) => {
      const h = insertRow(w, 'households', { hhCode: `4201150102${String(++voucher).padStart(2, '0')}0001`, villageId, category: 'general', exitStatus: 'not_exited', standard: null, mainCause: null, otherCauses: null, identifiedOn: null, plannedExitYear: null, exitedOn: null, phone: null, bankName: null, bankAccount: null, importBatchId: null, note: null } as never);
      insertRow(w, 'members', { householdId: h.id, name: '性质测试', sex: 'male', idNumber: idNo(), birthDate: '1970-05-06', relation: 'head' } as never);
      return h.id;
    };
    return [null, 'district', 'donation', 'other', `unit:${a.unit.id}`, `unit:${b.unit.id}`, `village:${a.village.id}`, `village:${b.village.id}`, `project:${project.id}`, `household:${household(a.village.id)}`, `household:${household(b.village.id)}`];
  });
});
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Step = { op: 'add'; kind: (typeof POSTING_KINDS)[number]; from: number; to: number; amount: number; day: number } | { op: 'reverse'; pick: number; days: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('add' as const), kind: fc.constantFrom(...POSTING_KINDS), from: fc.nat(10), to: fc.nat(10), amount: fc.oneof(fc.integer({ min: 1, max: 5_000_000 }), fc.integer({ min: 1, max: 500 }), fc.constant(0)), day: fc.integer({ min: 0, max: 3 * 365 + 30 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reverse' as const), pick: fc.nat(), days: fc.nat(40) }) },
);

function dayOf(offset: number): string {
  const d = new Date(Date.UTC(2016, 0, 1) + offset * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** Runs a step; a refusal must leave the tables and the audit log exactly as they were. */
function run(s: Step): void {
  const before = [count('ledgerEntries'), count('auditLog')];
  try {
    const row = write(scope(), (w) => {
      if (s.op === 'add') {
        // Mostly accounts the kind allows (so that money moves), sometimes any.
        const fits = (side: 'from' | 'to') => accounts.filter((a) => (ACCOUNT_RULES[s.kind][side] as readonly (string | null)[]).includes(a === null ? null : parseAccountKey(a)!.kind));
        const from = s.from < 9 ? fits('from')[s.from % fits('from').length] : accounts[s.to];
        const to = s.to < 9 ? fits('to')[s.to % fits('to').length] : accounts[s.from];
        return addEntry(w, { date: dayOf(s.day), voucherNo: `P-${++voucher}`, kind: s.kind, amountFen: s.amount, fromAccount: from, toAccount: to });
      }
      // Any entry: reversals, entries already reversed and dates in the next year are refused.
      const original = taken.length ? taken[s.pick % taken.length] : undefined;
      if (!original) throw new AppError('NOT_FOUND', 'nothing yet');
      const offset = (Date.parse(`${original.date}T00:00:00Z`) - Date.UTC(2016, 0, 1)) / 86_400_000;
      return reverseEntry(w, { id: original.id, date: dayOf(offset + s.days), voucherNo: `R-${++voucher}` });
    });
    taken.push(row);
    if (row.reversesId) taken.find((e) => e.id === row.reversesId)!.reversedById = row.id;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    expect([count('ledgerEntries'), count('auditLog')]).toEqual(before);
  }
}

/** A view's group of an account, written out here on purpose: an oracle independent of reports.ts. */
function groupOf(view: BalanceView, key: string): string | null {
  const [kind, id] = key.includes(':') ? key.split(':') : [key, null];
  switch (view) {
    case 'account':
      return key;
    case 'source':
      return kind === 'unit' ? 'unit' : ['district', 'donation', 'other'].includes(kind) ? key : null;
    case 'village':
      return kind === 'village' ? id : kind === 'project' ? (projectVillage.get(id!) ?? null) : null;
    default:
      return kind === view ? id : null;
  }
}

interface Expected {
  openingFen: number;
  inFen: number;
  outFen: number;
  closingFen: number;
}

/** Each group's money as of a year (or over every year), summed from the entries the services took. */
function expectedRows(view: BalanceView, year?: number): Map<string, Expected> {
  const rows = new Map<string, Expected>();
  const row = (g: string) => {
    let r = rows.get(g);
    if (!r) rows.set(g, (r = { openingFen: 0, inFen: 0, outFen: 0, closingFen: 0 }));
    return r;
  };
  for (const e of taken) {
    const y = Number(e.date.slice(0, 4));
    if (year !== undefined && y > year) continue;
    const from = e.fromAccount === null ? null : groupOf(view, e.fromAccount);
    const to = e.toAccount === null ? null : groupOf(view, e.toAccount);
    if (from !== null && from === to) continue;
    const before = year !== undefined && y < year;
    if (to !== null) {
      if (before) row(to).openingFen += e.amountFen;
      else row(to).inFen += e.amountFen;
    }
    if (from !== null) {
      if (before) row(from).openingFen -= e.amountFen;
      else row(from).outFen += e.amountFen;
    }
  }
  for (const r of rows.values()) r.closingFen = r.openingFen + r.inFen - r.outFen;
  return rows;
}

const VIEWS: readonly BalanceView[] = ['source', 'unit', 'village', 'project', 'household', 'account'];
const YEARS = [undefined, ...CAMPAIGN_YEARS];

function checkBalances(): void {
  for (const view of VIEWS) {
    for (const year of YEARS) {
      const what = `${view} ${year ?? 'all'}`;
      const shown = balances(store, view, year);
      const expected = expectedRows(view, year);
      for (const r of shown) {
        const e = expected.get(r.id) ?? { openingFen: 0, inFen: 0, outFen: 0, closingFen: 0 };
        expect({ openingFen: r.openingFen, inFen: r.inFen, outFen: r.outFen, closingFen: r.closingFen }, `${what} ${r.id}`).toEqual(e);
        // No group is ever overdrawn at a year's end (nor after the last year).
        expect(r.closingFen, `${what} ${r.id}`).toBeGreaterThanOrEqual(0);
      }
      // Every group money moved through has its row.
      const listed = new Set(shown.map((r) => r.id));
      for (const [id, e] of expected) if (e.openingFen !== 0 || e.inFen !== 0 || e.outFen !== 0) expect(listed.has(id), `${what} ${id}`).toBe(true);
    }
  }
  // The balance the overdraft check reads is the report's: at each year's end, and, after the
  // last entry, the lowest it will ever be again.
  const last = CAMPAIGN_YEARS[CAMPAIGN_YEARS.length - 1];
  for (const key of accounts) {
    if (key === null) continue;
    for (const year of CAMPAIGN_YEARS) {
      const closing = balances(store, 'account', year).find((r) => r.id === key)?.closingFen ?? 0;
      const checked = availableBalance(store, key, `${year}-12-31`);
      expect(checked.at, `${key} ${year}`).toBe(closing);
      expect(checked.lowest, `${key} ${year}`).toBeLessThanOrEqual(closing);
      expect(checked.lowest, `${key} ${year}`).toBeGreaterThanOrEqual(0);
      if (year === last) expect(checked.lowest, key).toBe(closing);
    }
  }
}

describe('balances', () => {
  it('equal the sum of their entries in every view and year, after any sequence of entries and reversals', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        for (const s of steps) run(s);
        checkBalances();
      }),
      { numRuns: 40, seed: 20161024 },
    );
    // The sequence did exercise both paths, on every year.
    expect(taken.filter((e) => e.kind === 'reversal').length).toBeGreaterThanOrEqual(3);
    expect(taken.filter((e) => e.kind !== 'reversal').length).toBeGreaterThan(30);
    for (const year of CAMPAIGN_YEARS) expect(taken.filter((e) => e.date.startsWith(String(year)) && e.fromAccount !== null).length, String(year)).toBeGreaterThan(3);
  });
});
