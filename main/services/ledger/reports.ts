// The ledger's reports, all built from one aggregate: the money each kind of entry moved between
// each pair of accounts in each year (queries/ledger.ts flows, summed in SQL). A balance is money
// in less money out; a group of accounts (a village with its projects) counts only what crosses
// its edge. The yearly figures (received, allocated, spent) are shared/domain/ledger.ts's.
import type { BalanceRow, BalanceView, ComplianceReport, ComplianceRow, FundsYear, VillageNotice } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { codeLabel } from '../../../shared/domain/codes';
import { CAMPAIGN_YEARS } from '../../../shared/domain/plan';
import { addToFigures, addToProjectFigures, ACCOUNT_KIND_LABELS, compliance, noFigures, parseAccountKey, PLEDGE_MINIMUM_FEN, type FundFigures } from '../../../shared/domain/ledger';
import { queriesFor } from '../../db/queries';
import type { LedgerFlow } from '../../db/queries/ledger';
import type { Store } from '../../db/store';
import { AccountDirectory } from './accounts';
import { pledgesOfYear } from './pledges';

interface Group {
  id: string;
  label: string;
  kind: string;
}

type Grouping = (account: string) => Group | null;

function groupingFor(view: BalanceView, directory: AccountDirectory): Grouping {
  return (key) => {
    const account = parseAccountKey(key);
    if (!account) return null;
    const kindLabel = ACCOUNT_KIND_LABELS[account.kind];
    switch (view) {
      case 'account':
        return { id: key, label: directory.label(key), kind: kindLabel };
      case 'source':
        if (account.kind === 'unit') return { id: 'unit', label: '单位帮扶资金（合计）', kind: '资金来源' };
        return ['district', 'donation', 'other'].includes(account.kind) ? { id: key, label: kindLabel, kind: '资金来源' } : null;
      case 'unit':
        return account.kind === 'unit' ? { id: account.id!, label: directory.label(key), kind: kindLabel } : null;
      case 'village': {
        const villageId = account.kind === 'village' || account.kind === 'project' ? directory.villageOf(key) : null;
        return villageId ? { id: villageId, label: directory.label(`village:${villageId}`), kind: '行政村（含项目）' } : null;
      }
      case 'project':
      case 'household':
        return account.kind === view ? { id: account.id!, label: directory.label(key), kind: kindLabel } : null;
    }
  };
}

/** The accounts each view lists even before any money moved. */
function emptyGroups(store: Store, view: BalanceView, directory: AccountDirectory): Group[] {
  const q = queriesFor(store).ledger;
  const group = groupingFor(view, directory);
  const keys: string[] = [];
  if (view === 'source' || view === 'account') keys.push('district');
  if (view === 'source') keys.push('unit:00000000-0000-0000-0000-000000000000');
  if (view === 'source' || view === 'account') keys.push('donation', 'other');
  if (view === 'unit' || view === 'account') keys.push(...q.units().map((u) => `unit:${u.id}`));
  if (view === 'village' || view === 'account') keys.push(...q.villages().map((v) => `village:${v.id}`));
  if (view === 'project' || view === 'account') keys.push(...q.projectVillages().map((p) => `project:${p.id}`));
  return keys.map(group).filter((g): g is Group => g !== null);
}

/**
 * Balances by account or by group: over every year, or as of one year (opening: before it; in and
 * out: in it; closing: at its end).
 */
export function balances(store: Store, view: BalanceView, year?: number): BalanceRow[] {
  const directory = new AccountDirectory(store);
  const group = groupingFor(view, directory);
  const rows = new Map<string, BalanceRow>();
  const rowOf = (g: Group) => {
    let row = rows.get(g.id);
    if (!row) rows.set(g.id, (row = { id: g.id, label: g.label, kind: g.kind, openingFen: 0, inFen: 0, outFen: 0, closingFen: 0 }));
    return row;
  };
  for (const g of emptyGroups(store, view, directory)) rowOf(g);
  for (const f of queriesFor(store).ledger.flows()) {
    if (year !== undefined && f.year > year) continue;
    const before = year !== undefined && f.year < year;
    const from = f.fromAccount === null ? null : group(f.fromAccount);
    const to = f.toAccount === null ? null : group(f.toAccount);
    // Money between two accounts of one group stays in it.
    if (from && to && from.id === to.id) continue;
    if (to) {
      const r = rowOf(to);
      if (before) r.openingFen += f.total;
      else r.inFen += f.total;
    }
    if (from) {
      const r = rowOf(from);
      if (before) r.openingFen -= f.total;
      else r.outFen += f.total;
    }
  }
  for (const r of rows.values()) r.closingFen = r.openingFen + r.inFen - r.outFen;
  return [...rows.values()];
}

function figuresOf(flows: readonly LedgerFlow[], accept: (f: LedgerFlow) => boolean): FundFigures {
  const figures = noFigures();
  for (const f of flows) if (accept(f)) addToFigures(figures, f);
  return figures;
}

/** Net 拨入 into an account in a year. */
function receivedInto(flows: readonly LedgerFlow[], account: string, year: number): number {
  return figuresOf(flows, (f) => f.year === year && (f.kind === 'reversal' ? f.fromAccount === account : f.toAccount === account)).received;
}

/**
 * Pledged, received, allocated and spent per campaign year, in fen: aggregates only, no personal
 * data (for the battle map, the wall and stats --json).
 */
export function fundsByYear(store: Store): FundsYear[] {
  const flows = queriesFor(store).ledger.flows();
  return CAMPAIGN_YEARS.map((year) => {
    const pledges = pledgesOfYear(store, year);
    let pledged = pledges.district;
    for (const amount of pledges.units.values()) pledged += amount;
    const figures = figuresOf(flows, (f) => f.year === year);
    return { year, pledged, ...figures };
  });
}

/** Received against pledged in a year: the district and each unit, with the plan's flags. */
export function complianceReport(store: Store, year: number): ComplianceReport {
  const q = queriesFor(store).ledger;
  const flows = q.flows();
  const pledges = pledgesOfYear(store, year);
  const row = (sourceKind: 'district' | 'unit', unitId: string | null, name: string, pledgedFen: number, receivedFen: number): ComplianceRow => ({
    sourceKind,
    unitId,
    name,
    pledgedFen,
    receivedFen,
    minimumFen: PLEDGE_MINIMUM_FEN[sourceKind],
    ...compliance(sourceKind, pledgedFen, receivedFen),
  });
  const district = row('district', null, '区级财政', pledges.district, receivedInto(flows, 'district', year));
  const units = q.units().map((u) => row('unit', u.id, u.name, pledges.units.get(u.id) ?? PLEDGE_MINIMUM_FEN.unit, receivedInto(flows, `unit:${u.id}`, year)));
  return { year, district, units, unitsShort: units.filter((u) => u.short).length, unitsBelowMinimum: units.filter((u) => u.belowMinimum).length };
}

/** Each project's money over every year: allocated to it (less refunds), spent from it, held. */
export function projectFigures(store: Store): Map<string, { allocatedFen: number; spentFen: number; balanceFen: number }> {
  const out = new Map<string, { allocatedFen: number; spentFen: number; balanceFen: number }>();
  for (const flow of queriesFor(store).ledger.flows()) {
    for (const [key, sign] of [
      [flow.toAccount, 1],
      [flow.fromAccount, -1],
    ] as const) {
      if (!key?.startsWith('project:')) continue;
      const id = key.slice('project:'.length);
      let o = out.get(id);
      if (!o) out.set(id, (o = { allocatedFen: 0, spentFen: 0, balanceFen: 0 }));
      const figures = { allocated: 0, spent: 0 };
      addToProjectFigures(figures, flow, key);
      o.allocatedFen += figures.allocated;
      o.spentFen += figures.spent;
      o.balanceFen += sign * flow.total;
    }
  }
  return out;
}

/**
 * 公告公示 of a village and year: where the money came from, the projects with their amounts and
 * beneficiary counts, and the money paid to households as a count and a total. No names.
 * The village's money is its own account and its projects'; its households are the village's too,
 * so a payment straight to one of them (from 区级财政, a unit, 社会捐助…) counts as received from
 * that source and spent at once.
 */
export function villageNotice(store: Store, villageId: string, year: number): VillageNotice {
  const q = queriesFor(store).ledger;
  const village = q.villages().find((v) => v.id === villageId);
  if (!village) throw new AppError('NOT_FOUND', '找不到该行政村，可能已被删除');
  const directory = new AccountDirectory(store);
  const ofVillage = (key: string | null, kinds: readonly string[]) => key !== null && kinds.some((k) => key.startsWith(`${k}:`)) && directory.villageOf(key) === villageId;
  /** The village's money: its own account and its projects'. */
  const inFunds = (key: string | null) => ofVillage(key, ['village', 'project']);
  const isHousehold = (key: string | null) => ofVillage(key, ['household']);
  const flows = q.flows().filter((f) => f.year === year && (inFunds(f.fromAccount) || inFunds(f.toAccount) || isHousehold(f.fromAccount) || isHousehold(f.toAccount)));
  const sources = new Map<string, number>();
  let receivedFen = 0;
  let spentFen = 0;
  const paidHouseholds = new Map<string, number>();
  const projects = new Map<string, { allocated: number; spent: number }>();
  const projectOf = (key: string | null) => (key?.startsWith('project:') ? key.slice('project:'.length) : null);
  const received = (source: string | null, amount: number) => {
    const label = source === null ? '外部' : directory.label(source);
    sources.set(label, (sources.get(label) ?? 0) + amount);
    receivedFen += amount;
  };
  for (const f of flows) {
    // A 冲销 counts as its original, taken away: the original's direction and kind, negative.
    const sign = f.kind === 'reversal' ? -1 : 1;
    const effective = f.kind === 'reversal' ? f.originalKind : f.kind;
    const from = sign === 1 ? f.fromAccount : f.toAccount;
    const to = sign === 1 ? f.toAccount : f.fromAccount;
    const amount = sign * f.total;
    // What came in from outside the village.
    if (effective === 'allocate' && inFunds(to) && !inFunds(from)) received(from, amount);
    if (effective === 'refund' && inFunds(from) && !inFunds(to)) receivedFen -= amount;
    if (effective === 'spend' && (inFunds(from) || isHousehold(to))) {
      if (!inFunds(from)) received(from, amount);
      spentFen += amount;
      if (to?.startsWith('household:')) paidHouseholds.set(to, (paidHouseholds.get(to) ?? 0) + amount);
    }
    for (const key of [f.fromAccount, f.toAccount]) {
      const pid = projectOf(key);
      if (!pid || !inFunds(key)) continue;
      let p = projects.get(pid);
      if (!p) projects.set(pid, (p = { allocated: 0, spent: 0 }));
      addToProjectFigures(p, f, key!);
    }
  }
  const householdsPaid = [...paidHouseholds.values()].filter((v) => v > 0).length;
  const projectRows = q
    .projects({ villageId })
    .filter((p) => p.year === year || projects.has(p.id))
    .map((p) => ({
      name: p.name,
      type: codeLabel('projectType', p.type),
      pathway: codeLabel('pathway', p.pathway),
      status: codeLabel('projectStatus', p.status),
      unitName: p.unitName,
      budgetFen: p.budget,
      allocatedFen: projects.get(p.id)?.allocated ?? 0,
      spentFen: projects.get(p.id)?.spent ?? 0,
      households: p.households,
    }));
  return {
    villageName: village.name,
    villageCode: village.code,
    town: village.town,
    year,
    sources: [...sources].map(([label, amountFen]) => ({ label, amountFen })).filter((s) => s.amountFen !== 0),
    receivedFen,
    spentFen,
    balanceFen: receivedFen - spentFen,
    projects: projectRows,
    householdsPaid,
    householdPaymentsFen: [...paidHouseholds.values()].reduce((a, b) => a + b, 0),
  };
}
