// The exit plan over a real encrypted database: the quotas and the live check on the demo, the
// settings per year, the auto-planner's proposal applied in one audited transaction (or refused
// when the registry changed since), an infeasible plan refused with its reason, the channels'
// validation through the router, and the CLI's plan and stats commands.
// Everyone here is fictitious (虚构演示数据).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../main/cli';
import type { Store } from '../../../main/db/store';
import { updateRow, write } from '../../../main/db/write';
import { applyPlan, planOverview, planProposal, readCampaign, updateCampaign } from '../../../main/services/plan';
import { exitHousehold } from '../../../main/services/exits';
import { DIFFICULTY_RULES } from '../../../shared/domain/plan';
import { PASSWORD, openDemoStore, refusalOf, tester } from './helpers';

import { openDatabase } from '../../../main/db/open';
let dir: string;
let dbPath: string;
let store: Store;

beforeAll(() => {
  ({ dir, dbPath, store } = openDemoStore('fupin-plan-'));
}, 120_000);

afterAll(() => {
  store?.close();
});

const scope = () => ({ store, actor: tester() });

function auditCount(): number {
  return (store.sqlite.prepare('SELECT count(*) AS n FROM auditLog').get() as { n: number }).n;
}

function householdYears(): Map<string, number | null> {
  const rows = store.sqlite.prepare('SELECT id, plannedExitYear FROM households').all() as { id: string; plannedExitYear: number | null }[];
  return new Map(rows.map((r) => [r.id, r.plannedExitYear]));
}

function io(): CliIo & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => (out += t), err: (t) => (err += t), env: { FUPIN_PASSWORD: PASSWORD }, text: () => out, errors: () => err };
}

describe('the plan on the demo', () => {
  it('has the office quotas by largest remainder and a demo plan that meets them', () => {
    const o = planOverview(store);
    expect(o.totals).toEqual({ households: 1097, people: 2469, villages: 21 });
    expect(o.quotas).toEqual({ years: [2016, 2017, 2018], people: [741, 1234, 494], villages: [6, 9, 6] });
    expect(o.roundingRule).toMatch(/741/);
    expect(o.check.ok).toBe(true);
    expect(o.check.years.map((y) => y.people.planned)).toEqual([741, 1234, 494]);
    expect(o.check.years.map((y) => y.villages.planned)).toEqual([6, 9, 6]);
    // The demo's plan is the auto-planner's: proposed again, nothing moves.
    const proposal = planProposal(store);
    expect(proposal.ok).toBe(true);
    expect(proposal.baseYear).toBe(2015);
    expect(proposal.povertyLineFen).toBe(300000);
    expect([proposal.householdsChanged, proposal.villageChanges.length]).toEqual([0, 0]);
  });

  it('lists a village planned before one of its households, and the quota it breaks', () => {
    const village = store.sqlite.prepare('SELECT id, plannedExitYear FROM villages WHERE plannedExitYear = 2016 LIMIT 1').get() as { id: string; plannedExitYear: number };
    const household = store.sqlite.prepare('SELECT id, plannedExitYear FROM households WHERE villageId = ? LIMIT 1').get(village.id) as { id: string; plannedExitYear: number };
    write(scope(), (w) => updateRow(w, 'households', household.id, { plannedExitYear: 2018 }, '贫困户'));
    try {
      const o = planOverview(store);
      expect(o.check.ok).toBe(false);
      expect(o.check.violations).toEqual([expect.objectContaining({ villageId: village.id, villageYear: 2016, latestHouseholdYear: 2018, households: 1 })]);
      expect(o.villageNames[village.id]).toMatch(/村$/);
      expect(o.check.years[2].people.planned).toBeGreaterThan(494);
    } finally {
      write(scope(), (w) => updateRow(w, 'households', household.id, { plannedExitYear: household.plannedExitYear }, '贫困户'));
    }
  });
});

describe('the settings per year', () => {
  it('keeps the figures in fen, merges years and validates the quota percents against the plan years', () => {
    const before = readCampaign(store);
    expect(before.peoplePercents).toEqual([30, 50, 20]);
    expect(before.villagePercents).toEqual([30, 40, 30]);
    const saved = updateCampaign(scope(), { years: [{ year: 2016, povertyLineFen: 3_200_00, districtIncomeFen: 15_000_00, provincialIncomeFen: 11_800_00 }] });
    expect(saved.years.find((y) => y.year === 2016)).toEqual({ year: 2016, povertyLineFen: 320000, districtIncomeFen: 1500000, provincialIncomeFen: 1180000 });
    expect(saved.years.map((y) => y.year)).toEqual(before.years.map((y) => y.year));
    expect(readCampaign(store).years.find((y) => y.year === 2016)?.povertyLineFen).toBe(320000);
    expect(refusalOf(() => updateCampaign(scope(), { peoplePercents: [50, 50] }))).toMatch(/脱贫人口比例应有 3 个年度/);
  });
});

describe('the auto-planner', () => {
  it('proposes a plan meeting every quota as a difference, and applies it in one audited transaction', () => {
    // A clerk cleared some years and moved a village: the plan no longer meets the quotas.
    const ids = (store.sqlite.prepare('SELECT id FROM households ORDER BY hhCode LIMIT 40').all() as { id: string }[]).map((r) => r.id);
    write(scope(), (w) => {
      for (const id of ids) updateRow(w, 'households', id, { plannedExitYear: null }, '贫困户');
    });
    expect(planOverview(store).check.ok).toBe(false);
    const proposal = planProposal(store);
    expect(proposal.ok, proposal.message ?? '').toBe(true);
    expect(proposal.after?.ok).toBe(true);
    expect(proposal.householdsChanged).toBeGreaterThanOrEqual(40);
    expect(proposal.moves.reduce((n, m) => n + m.households, 0)).toBe(proposal.householdsChanged);
    expect(proposal.householdChanges.length).toBe(Math.min(proposal.householdsChanged, 2000));
    expect(proposal.difficultyRules).toEqual(DIFFICULTY_RULES);
    const years = householdYears();
    // Proposing writes nothing.
    expect(householdYears()).toEqual(years);

    const audit = auditCount();
    const done = applyPlan(scope(), proposal.token!);
    expect(done.households).toBe(proposal.householdsChanged);
    expect(done.villages).toBe(proposal.villageChanges.length);
    // One audit entry per changed row, all in this transaction.
    expect(auditCount() - audit).toBe(done.households + done.villages);
    expect(planOverview(store).check.ok).toBe(true);
    // Planned again, nothing moves.
    const again = planProposal(store);
    expect(again.householdsChanged).toBe(0);
    expect(again.villageChanges).toEqual([]);
  });

  it('refuses a proposal made before the registry changed, and writes nothing', () => {
    const id = (store.sqlite.prepare('SELECT id FROM households ORDER BY hhCode LIMIT 1').get() as { id: string }).id;
    write(scope(), (w) => updateRow(w, 'households', id, { plannedExitYear: null }, '贫困户'));
    const proposal = planProposal(store);
    expect(proposal.ok).toBe(true);
    write(scope(), (w) => updateRow(w, 'households', id, { plannedExitYear: 2017 }, '贫困户'));
    const years = householdYears();
    const audit = auditCount();
    expect(refusalOf(() => applyPlan(scope(), proposal.token!))).toMatch(/方案已失效/);
    expect(householdYears()).toEqual(years);
    expect(auditCount()).toBe(audit);
    // Proposed again, it applies.
    applyPlan(scope(), planProposal(store).token!);
    expect(planOverview(store).check.ok).toBe(true);
  });

  it('says which constraint blocks an impossible plan and proposes nothing', () => {
    const before = readCampaign(store);
    // Every village out in 2016, but no one out of poverty before 2018.
    updateCampaign(scope(), { peoplePercents: [0, 0, 100], villagePercents: [100, 0, 0] });
    try {
      const proposal = planProposal(store);
      expect(proposal.ok).toBe(false);
      expect(proposal.token).toBeNull();
      expect(proposal.after).toBeNull();
      expect(proposal.message).toMatch(/2016/);
      expect(proposal.constraint).not.toBeNull();

      const out = io();
      store.close();
      try {
        expect(runCli(['plan', '--db', dbPath, '--auto', '--apply'], out)).toBe(1);
      } finally {
        store = openDatabase(dbPath, PASSWORD);
      }
      expect(out.text()).toMatch(/无法编排：.*2016/);
    } finally {
      updateCampaign(scope(), { peoplePercents: before.peoplePercents, villagePercents: before.villagePercents });
    }
  });
});

describe('the CLI', () => {
  it('checks the plan, proposes and applies with --auto --apply, and stats --json gains plan', async () => {
    const id = (store.sqlite.prepare('SELECT id FROM households ORDER BY hhCode DESC LIMIT 1').get() as { id: string }).id;
    // The CLI opens the file itself: this test's connection lets go of it meanwhile.
    store.close();
    try {
      const out = io();
      expect(await runCli(['plan', '--db', dbPath, '--json'], out), out.errors()).toBe(0);
      const check = JSON.parse(out.text()) as { check: { ok: boolean }; quotas: { people: number[] } };
      expect(check.quotas.people).toEqual([741, 1234, 494]);
      expect(check.check.ok).toBe(true);
      store = openDatabase(dbPath, PASSWORD);
      write(scope(), (w) => updateRow(w, 'households', id, { plannedExitYear: null }, '贫困户'));
      store.close();

      const dry = io();
      expect(await runCli(['plan', '--db', dbPath, '--auto'], dry)).toBe(0);
      expect(dry.text()).toMatch(/编排方案.*调整 \d+ 户/);
      expect(dry.text()).toMatch(/未写入；加 --apply/);

      const applied = io();
      expect(await runCli(['plan', '--db', dbPath, '--auto', '--apply', '--json'], applied)).toBe(0);
      const result = JSON.parse(applied.text()) as { ok: boolean; applied: { households: number }; check: { ok: boolean } };
      expect(result.ok).toBe(true);
      expect(result.applied.households).toBeGreaterThanOrEqual(1);
      expect(result.check.ok).toBe(true);

      // One household struck off (销号) in 2016: stats counts it in that year.
      store = openDatabase(dbPath, PASSWORD);
      const struck = store.sqlite.prepare('SELECT f.householdId AS id, f.size FROM householdFacts f JOIN households h ON h.id = f.householdId ORDER BY h.hhCode LIMIT 1').get() as { id: string; size: number };
      write(scope(), (w) => exitHousehold(w, struck.id, { on: '2016-12-20', reviewer: '审核员', evidence: '测试', overrideReason: '测试：未达标仍销号' }));
      store.close();

      const stats = io();
      expect(await runCli(['stats', '--db', dbPath, '--json'], stats)).toBe(0);
      type PerYear = Record<string, { households: number; people: number; villages: number }>;
      const s = JSON.parse(stats.text()) as { plan: PerYear; exited: PerYear };
      expect(s.exited).toEqual({ '2016': { households: 1, people: struck.size, villages: 0 }, '2017': { households: 0, people: 0, villages: 0 }, '2018': { households: 0, people: 0, villages: 0 } });
      expect(Object.keys(s.plan)).toEqual(['2016', '2017', '2018']);
      expect([s.plan['2016'].people, s.plan['2017'].people, s.plan['2018'].people]).toEqual([741, 1234, 494]);
      expect([s.plan['2016'].villages, s.plan['2017'].villages, s.plan['2018'].villages]).toEqual([6, 9, 6]);
      expect(s.plan['2016'].households + s.plan['2017'].households + s.plan['2018'].households).toBe(1097);

      const usage = io();
      expect(await runCli(['plan', '--db', dbPath, '--apply'], usage)).toBe(2);
      expect(usage.errors()).toMatch(/--apply 只能与 --auto 一起使用/);
    } finally {
      store = openDatabase(dbPath, PASSWORD);
    }
  });
});
