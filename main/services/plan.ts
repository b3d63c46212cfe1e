// The exit plan: its settings per year, the live check of the planned years against the quotas,
// and the auto-planner's proposal and its application. The rules (quotas, the check, the score,
// the planner) are pure and live in shared/domain/plan.ts; this module reads what they need and
// writes the result through the one write path.
import { createHash } from 'node:crypto';
import type { CampaignSettings, CampaignYear, PlanHouseholdChange, PlanOverview, PlanProposal } from '../../shared/contract';
import { PLAN_CHANGES_SHOWN } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { householdPerCapitaFen } from '../../shared/domain/income';
import {
  autoPlan,
  CAMPAIGN_YEARS,
  checkPlan,
  DEFAULT_PEOPLE_PERCENTS,
  DEFAULT_VILLAGE_PERCENTS,
  DIFFICULTY_RULES,
  householdDifficulty,
  planQuotas,
  roundingRuleText,
  type PlanQuotas,
} from '../../shared/domain/plan';
import { exitYearOf, isExited } from '../../shared/domain/exitStatus';
import { queriesFor } from '../db/queries';
import type { PlanHouseholdRow, PlanVillageRow } from '../db/queries/planning';
import type { Store } from '../db/store';
import { setSetting, updateRow, write, type Writer, type WriteScope } from '../db/write';
import { latestDataYear } from './registryRules';

const CAMPAIGN_KEY = 'campaign';

/** The years the settings table offers: the registry's base year (2015) and the plan's years. */
const SETTING_YEARS: readonly number[] = [CAMPAIGN_YEARS[0] - 1, ...CAMPAIGN_YEARS];

function emptyYear(year: number): CampaignYear {
  return { year, povertyLineFen: null, districtIncomeFen: null, provincialIncomeFen: null };
}

export const DEFAULT_CAMPAIGN: CampaignSettings = {
  years: SETTING_YEARS.map(emptyYear),
  planYears: [...CAMPAIGN_YEARS],
  peoplePercents: [...DEFAULT_PEOPLE_PERCENTS],
  villagePercents: [...DEFAULT_VILLAGE_PERCENTS],
};

export function readCampaign(store: Store): CampaignSettings {
  const saved = queriesFor(store).settings.get(CAMPAIGN_KEY) as Partial<CampaignSettings> | undefined;
  if (!saved || typeof saved !== 'object') return structuredClone(DEFAULT_CAMPAIGN);
  return {
    ...structuredClone(DEFAULT_CAMPAIGN),
    ...saved,
    years: mergeYears(DEFAULT_CAMPAIGN.years, saved.years ?? []),
  };
}

/** Every year either list has, by year; the later list's figures win. */
function mergeYears(base: readonly CampaignYear[], patch: readonly CampaignYear[]): CampaignYear[] {
  const byYear = new Map(base.map((y) => [y.year, { ...y }]));
  for (const y of patch) byYear.set(y.year, { ...y });
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

export interface CampaignPatch {
  years?: CampaignYear[];
  peoplePercents?: number[];
  villagePercents?: number[];
}

export function updateCampaign(scope: WriteScope, patch: CampaignPatch): CampaignSettings {
  const current = readCampaign(scope.store);
  const next: CampaignSettings = {
    ...current,
    years: patch.years ? mergeYears(current.years, patch.years) : current.years,
    peoplePercents: patch.peoplePercents ?? current.peoplePercents,
    villagePercents: patch.villagePercents ?? current.villagePercents,
  };
  for (const [what, percents] of [['脱贫人口', next.peoplePercents], ['出列村', next.villagePercents]] as const) {
    if (percents.length !== next.planYears.length) {
      throw new AppError('VALIDATION', `${what}比例应有 ${next.planYears.length} 个年度（${next.planYears.join('、')}），现有 ${percents.length} 个`);
    }
  }
  write(scope, (w) => writeCampaign(w, next));
  return next;
}

/** Stores the plan's settings inside the caller's write (the demo writes its own figures). */
export function writeCampaign(w: Writer, campaign: CampaignSettings): void {
  setSetting(w, CAMPAIGN_KEY, campaign);
}

/** A year's figures (the line, the district's and the province's incomes); all null while not set. */
export function campaignYear(campaign: CampaignSettings, year: number): CampaignYear {
  return campaign.years.find((y) => y.year === year) ?? emptyYear(year);
}

/** The exact counts per plan year the settings' percents give for these totals (the plan page, the battle map). */
export function campaignQuotas(campaign: CampaignSettings, totals: { people: number; villages: number }): PlanQuotas {
  return planQuotas(totals, { people: campaign.peoplePercents, villages: campaign.villagePercents }, campaign.planYears);
}

function quotasOf(campaign: CampaignSettings, households: readonly PlanHouseholdRow[], villages: readonly PlanVillageRow[]): PlanQuotas {
  return campaignQuotas(campaign, { people: households.reduce((a, h) => a + h.size, 0), villages: villages.length });
}

export function planOverview(store: Store): PlanOverview {
  const q = queriesFor(store).planning;
  const campaign = readCampaign(store);
  const households = q.households();
  const villages = q.villages();
  const quotas = quotasOf(campaign, households, villages);
  const check = checkPlan({
    households: households.map((h) => ({ id: h.id, villageId: h.villageId, people: h.size, year: h.plannedExitYear })),
    villages: villages.map((v) => ({ id: v.id, year: v.plannedExitYear })),
    quotas,
  });
  const villageNames: Record<string, string> = {};
  for (const v of villages) villageNames[v.id] = v.name;
  return {
    campaign,
    totals: { households: households.length, people: quotas.people.reduce((a, b) => a + b, 0), villages: villages.length },
    quotas,
    roundingRule: roundingRuleText(),
    check,
    villageNames,
  };
}

/** Each household's difficulty score from its base-year income, labour and health. */
function difficulties(store: Store, households: readonly PlanHouseholdRow[], baseYear: number, lineFen: number | null): Map<string, number> {
  const q = queriesFor(store).planning;
  const incomes = new Map(q.incomesOfYear(baseYear).map((i) => [i.householdId, i]));
  const traits = new Map<string, { laborSkill: string | null; health: string | null }[]>();
  for (const t of q.memberTraits()) {
    let list = traits.get(t.householdId);
    if (!list) traits.set(t.householdId, (list = []));
    for (let i = 0; i < t.count; i++) list.push({ laborSkill: t.laborSkill, health: t.health });
  }
  const scores = new Map<string, number>();
  for (const h of households) {
    const income = incomes.get(h.id);
    const perCapitaFen = income ? householdPerCapitaFen(income, income.declaredPerCapita, h.size) : null;
    const d = householdDifficulty({ category: h.category, size: h.size, perCapitaFen, povertyLineFen: lineFen, members: traits.get(h.id) ?? [] });
    scores.set(h.id, d.score);
  }
  return scores;
}

interface Proposal {
  view: PlanProposal;
  households: Map<string, number>;
  villages: Map<string, number>;
}

/** What the auto-planner is given: every household scored and the years already fixed by 销号/出列. */
export interface PlannerInput {
  households: PlanHouseholdRow[];
  villages: PlanVillageRow[];
  quotas: PlanQuotas;
  baseYear: number;
  lineFen: number | null;
  scores: Map<string, number>;
  input: Parameters<typeof autoPlan>[0];
}

export function plannerInput(store: Store): PlannerInput {
  const q = queriesFor(store).planning;
  const campaign = readCampaign(store);
  const households = q.households();
  const villages = q.villages();
  const quotas = quotasOf(campaign, households, villages);
  const baseYear = latestDataYear(store);
  const lineFen = campaignYear(campaign, baseYear).povertyLineFen;
  const scores = difficulties(store, households, baseYear, lineFen);
  // Already out of poverty: kept in the year it happened (struck off on exitedOn; exited as an
  // import stated it, without a day: its planned year). Those years are history, not plan.
  const planYears = new Set(campaign.planYears);
  const inPlan = (year: number | null) => (year !== null && planYears.has(year) ? year : null);
  const fixedHousehold = (h: PlanHouseholdRow) => inPlan(exitYearOf(isExited(h.exitStatus), h.exitedOn, h.plannedExitYear));
  return {
    households,
    villages,
    quotas,
    baseYear,
    lineFen,
    scores,
    input: {
      households: households.map((h) => ({ id: h.id, code: h.code, villageId: h.villageId, people: h.size, difficulty: scores.get(h.id) ?? 0, fixedYear: fixedHousehold(h) })),
      villages: villages.map((v) => ({ id: v.id, code: v.code, fixedYear: inPlan(v.exitedYear) })),
      quotas,
    },
  };
}

function propose(store: Store): Proposal {
  const { households, villages, quotas, baseYear, lineFen, scores, input } = plannerInput(store);
  const result = autoPlan(input);
  const base: PlanProposal = {
    ok: false,
    message: null,
    constraint: null,
    token: null,
    baseYear,
    povertyLineFen: lineFen,
    after: null,
    householdsChanged: 0,
    peopleChanged: 0,
    moves: [],
    householdChanges: [],
    villageChanges: [],
    difficultyRules: DIFFICULTY_RULES,
  };
  if (!result.ok) {
    return { view: { ...base, message: result.message, constraint: result.constraint }, households: new Map(), villages: new Map() };
  }
  const after = checkPlan({
    households: households.map((h) => ({ id: h.id, villageId: h.villageId, people: h.size, year: result.households.get(h.id) ?? null })),
    villages: villages.map((v) => ({ id: v.id, year: result.villages.get(v.id) ?? null })),
    quotas,
  });
  const villageById = new Map(villages.map((v) => [v.id, v]));
  const heads = new Map(queriesFor(store).planning.headNames().map((r) => [r.householdId, r.headName]));
  const changed = households.filter((h) => result.households.get(h.id) !== h.plannedExitYear);
  const moves = new Map<string, { from: number | null; to: number; households: number; people: number }>();
  for (const h of changed) {
    const to = result.households.get(h.id)!;
    const key = `${h.plannedExitYear ?? ''}>${to}`;
    let m = moves.get(key);
    if (!m) moves.set(key, (m = { from: h.plannedExitYear, to, households: 0, people: 0 }));
    m.households++;
    m.people += h.size;
  }
  const householdChanges: PlanHouseholdChange[] = changed
    .map((h) => ({
      id: h.id,
      hhCode: h.code,
      villageName: villageById.get(h.villageId)?.name ?? '',
      headName: heads.get(h.id) ?? null,
      people: h.size,
      difficulty: scores.get(h.id) ?? 0,
      from: h.plannedExitYear,
      to: result.households.get(h.id)!,
    }))
    .sort((a, b) => a.to - b.to || a.difficulty - b.difficulty || a.hhCode.localeCompare(b.hhCode))
    .slice(0, PLAN_CHANGES_SHOWN);
  const villageChanges = villages
    .filter((v) => result.villages.get(v.id) !== v.plannedExitYear)
    .map((v) => ({ id: v.id, code: v.code, name: v.name, from: v.plannedExitYear, to: result.villages.get(v.id)! }));
  const view: PlanProposal = {
    ...base,
    ok: true,
    after,
    householdsChanged: changed.length,
    peopleChanged: changed.reduce((a, h) => a + h.size, 0),
    moves: [...moves.values()].sort((a, b) => (a.from ?? 0) - (b.from ?? 0) || a.to - b.to),
    householdChanges,
    villageChanges,
  };
  view.token = tokenOf(households, villages, result.households, result.villages);
  return { view, households: result.households, villages: result.villages };
}

/** What the clerk saw: the current plan and the proposal, hashed; a change to either changes it. */
function tokenOf(households: readonly PlanHouseholdRow[], villages: readonly PlanVillageRow[], toH: Map<string, number>, toV: Map<string, number>): string {
  const hash = createHash('sha256');
  for (const h of households) hash.update(`h${h.id}:${h.plannedExitYear ?? ''}>${toH.get(h.id) ?? ''};`);
  for (const v of villages) hash.update(`v${v.id}:${v.plannedExitYear ?? ''}>${toV.get(v.id) ?? ''};`);
  return hash.digest('hex');
}

export function planProposal(store: Store): PlanProposal {
  return propose(store).view;
}

/**
 * Applies the proposal the clerk looked at (its token), in one audited transaction. Proposed again
 * inside the transaction: if anything changed since, the token differs and nothing is written.
 */
export function applyPlan(scope: WriteScope, token: string): { households: number; villages: number } {
  return write(scope, (w) => {
    const p = propose(w.store);
    if (!p.view.ok || p.view.token !== token) {
      throw new AppError('CONFLICT', '贫困户或计划在生成方案后有了变化，方案已失效：请重新“自动编排”后再应用');
    }
    const q = queriesFor(w.store).planning;
    let households = 0;
    for (const h of q.households()) {
      const to = p.households.get(h.id);
      if (to !== undefined && to !== h.plannedExitYear) {
        updateRow(w, 'households', h.id, { plannedExitYear: to }, '贫困户');
        households++;
      }
    }
    let villages = 0;
    for (const v of q.villages()) {
      const to = p.villages.get(v.id);
      if (to !== undefined && to !== v.plannedExitYear) {
        updateRow(w, 'villages', v.id, { plannedExitYear: to }, '行政村');
        villages++;
      }
    }
    return { households, villages };
  });
}
