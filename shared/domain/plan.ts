/**
 * The exit plan (挂图作战): how many people and villages leave poverty each year, whether a plan
 * keeps to that, how hard each household is, and a planner that proposes a whole plan.
 *
 * The office's plan (DOMAIN.md, "The campaign in numbers"): people exit 30 / 50 / 20 % in
 * 2016 / 2017 / 2018, villages 30 / 40 / 30 %, "先易后难" (easy first). A village can be 出列 only
 * after all its poor households exited, so a village's planned year is never earlier than any of
 * its households' planned year: the "village rule" below.
 */
import type { CodeOf } from './codes';
import { largestRemainder } from './quota';

export const CAMPAIGN_YEARS: readonly number[] = Object.freeze([2016, 2017, 2018]);
export const DEFAULT_PEOPLE_PERCENTS: readonly number[] = Object.freeze([30, 50, 20]);
export const DEFAULT_VILLAGE_PERCENTS: readonly number[] = Object.freeze([30, 40, 30]);

// =============================================================================================
// Quotas
// =============================================================================================

/** Exact counts per year, each array as long as `years`. */
export interface PlanQuotas {
  years: number[];
  people: number[];
  villages: number[];
}

/**
 * Each year's count of people and of villages, by largest remainder (quota.ts):
 * 2469 people at 30/50/20 → 741 / 1234 / 494, 21 villages at 30/40/30 → 6 / 9 / 6.
 */
export function planQuotas(
  totals: { people: number; villages: number },
  percents: { people: readonly number[]; villages: readonly number[] },
  years: readonly number[] = CAMPAIGN_YEARS,
): PlanQuotas {
  assertYears(years);
  if (percents.people.length !== years.length || percents.villages.length !== years.length) {
    throw new Error(`计划有 ${years.length} 个年度，比例的个数应与之相同`);
  }
  return {
    years: [...years],
    people: largestRemainder(totals.people, percents.people),
    villages: largestRemainder(totals.villages, percents.villages),
  };
}

/** The office's own figures, used as the worked example of the rounding rule. */
const ROUNDING_EXAMPLE = { people: 2469, villages: 21 };

/**
 * The rounding rule in one Chinese sentence for the plan page, with the office's example worked
 * out by planQuotas itself (so the text cannot drift from the rule).
 */
export function roundingRuleText(): string {
  const q = planQuotas(ROUNDING_EXAMPLE, { people: DEFAULT_PEOPLE_PERCENTS, villages: DEFAULT_VILLAGE_PERCENTS });
  const pct = (ps: readonly number[]) => ps.map((p) => `${p}%`).join('/');
  return (
    '各年计划数按最大余数法取整：先按比例算出各年的精确份额并各取整数部分，' +
    '差的名额逐一补给小数部分最大的年度，小数部分相同时先补较早的年度，各年之和总等于总数；' +
    `例如 ${ROUNDING_EXAMPLE.people} 人按 ${pct(DEFAULT_PEOPLE_PERCENTS)} 分为 ${q.people.join('/')} 人，` +
    `${ROUNDING_EXAMPLE.villages} 个村按 ${pct(DEFAULT_VILLAGE_PERCENTS)} 分为 ${q.villages.join('/')} 个。`
  );
}

function assertYears(years: readonly number[]): void {
  if (years.length === 0) throw new Error('计划至少需要一个年度');
  years.forEach((year, i) => {
    if (!Number.isSafeInteger(year)) throw new Error(`计划年度应为整数：${String(year)}`);
    if (i > 0 && year <= years[i - 1]) throw new Error('计划年度应从早到晚排列且不重复');
  });
}

function assertQuotas(quotas: PlanQuotas): void {
  assertYears(quotas.years);
  const n = quotas.years.length;
  if (quotas.people.length !== n || quotas.villages.length !== n) {
    throw new Error(`计划有 ${n} 个年度，各年的人数和村数也应各有 ${n} 个`);
  }
  for (const count of [...quotas.people, ...quotas.villages]) {
    if (!Number.isSafeInteger(count) || count < 0) throw new Error(`各年计划数应为非负整数：${String(count)}`);
  }
}

function yearSpan(years: readonly number[]): string {
  return years.length === 1 ? `${years[0]}年` : `${years[0]}—${years[years.length - 1]}年`;
}

// =============================================================================================
// Checking a plan
// =============================================================================================

export interface PlannedHousehold {
  id: string;
  villageId: string;
  people: number;
  year: number | null;
}

export interface PlannedVillage {
  id: string;
  year: number | null;
}

export interface PlanCheck {
  years: {
    year: number;
    people: { planned: number; quota: number };
    villages: { planned: number; quota: number };
    households: number;
  }[];
  /** Households and villages with no year. */
  unplanned: { households: number; people: number; villages: number };
  /** Households and villages whose year is set but is not one of the quotas' years. */
  outside: { households: number; people: number; villages: number };
  /**
   * Village-rule violations: the village's year is null or earlier than its latest household's
   * year. One entry per village, sorted by village id. `households`: how many of its households
   * plan later than the village (all its planned ones when the village has no year). Households
   * whose village is not among the villages count as in a village with no year.
   */
  violations: { villageId: string; villageYear: number | null; latestHouseholdYear: number; households: number }[];
  /** Every year meets both quotas exactly, nothing unplanned or outside, no violations. */
  ok: boolean;
}

export function checkPlan(input: {
  households: readonly PlannedHousehold[];
  villages: readonly PlannedVillage[];
  quotas: PlanQuotas;
}): PlanCheck {
  const { quotas } = input;
  assertQuotas(quotas);
  const yearIndex = new Map(quotas.years.map((year, i) => [year, i]));
  const years: PlanCheck['years'] = quotas.years.map((year, i) => ({
    year,
    people: { planned: 0, quota: quotas.people[i] },
    villages: { planned: 0, quota: quotas.villages[i] },
    households: 0,
  }));
  const unplanned = { households: 0, people: 0, villages: 0 };
  const outside = { households: 0, people: 0, villages: 0 };

  const villageYear = new Map<string, number | null>();
  for (const v of input.villages) {
    villageYear.set(v.id, v.year);
    if (v.year === null) unplanned.villages++;
    else {
      const i = yearIndex.get(v.year);
      if (i === undefined) outside.villages++;
      else years[i].villages.planned++;
    }
  }

  // The planned years of each village's households.
  const householdYears = new Map<string, number[]>();
  for (const h of input.households) {
    if (h.year === null) {
      unplanned.households++;
      unplanned.people += h.people;
      continue;
    }
    const i = yearIndex.get(h.year);
    if (i === undefined) {
      outside.households++;
      outside.people += h.people;
    } else {
      years[i].people.planned += h.people;
      years[i].households++;
    }
    const list = householdYears.get(h.villageId);
    if (list) list.push(h.year);
    else householdYears.set(h.villageId, [h.year]);
  }

  const violations: PlanCheck['violations'] = [];
  for (const [villageId, hYears] of householdYears) {
    let latest = hYears[0];
    for (const y of hYears) if (y > latest) latest = y;
    const vYear = villageYear.get(villageId) ?? null;
    if (vYear === null) {
      violations.push({ villageId, villageYear: null, latestHouseholdYear: latest, households: hYears.length });
    } else if (vYear < latest) {
      const later = hYears.filter((y) => y > vYear).length;
      violations.push({ villageId, villageYear: vYear, latestHouseholdYear: latest, households: later });
    }
  }
  violations.sort((a, b) => compareText(a.villageId, b.villageId));

  const ok =
    years.every((y) => y.people.planned === y.people.quota && y.villages.planned === y.villages.quota) &&
    unplanned.households === 0 &&
    unplanned.villages === 0 &&
    outside.households === 0 &&
    outside.villages === 0 &&
    violations.length === 0;
  return { years, unplanned, outside, violations, ok };
}

/** Code-unit order: the same on every machine and locale, so plans are reproducible. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// =============================================================================================
// Difficulty
// =============================================================================================

export interface DifficultyFacts {
  /** householdCategory code (general / dibao / wubao). */
  category: string;
  /** 家庭人口数; the labour share is taken over the member rows. */
  size: number;
  /** Computed per-capita net income (or the declared one when there are no components); null unknown. */
  perCapitaFen: number | null;
  /** The poverty line of the base year; null unknown. */
  povertyLineFen: number | null;
  members: readonly { laborSkill: string | null; health: string | null }[];
}

/** score = income + labour + health, 0–100; lower is easier and exits earlier. */
export interface Difficulty {
  score: number;
  income: number;
  labour: number;
  health: number;
  /** A 低保 or 五保 household, lifted over the line by the social-security floor (低保政策兜底). */
  floor: boolean;
}

const INCOME_MAX = 40;
const INCOME_UNKNOWN = 20;
const LABOUR_SHARE_MAX = 20;
const LABOUR_NO_WORKER = 10;
const LABOUR_MAX = LABOUR_SHARE_MAX + LABOUR_NO_WORKER;
const LABOUR_UNKNOWN = 15;
const HEALTH_SERIOUS = 10;
const HEALTH_CHRONIC = 5;
const HEALTH_MAX = 30;

const FLOOR_CATEGORIES: ReadonlySet<string> = new Set<CodeOf<'householdCategory'>>(['dibao', 'wubao']);
const NO_LABOUR: ReadonlySet<string> = new Set<CodeOf<'laborSkill'>>(['lost', 'none']);
const WORKERS: ReadonlySet<string> = new Set<CodeOf<'laborSkill'>>(['ordinary', 'skilled']);
const SERIOUS: ReadonlySet<string> = new Set<CodeOf<'health'>>(['serious', 'disabled']);
const CHRONIC: ReadonlySet<string> = new Set<CodeOf<'health'>>(['chronic']);

/** How hard a household is to lift out of poverty, by the rules of DIFFICULTY_RULES. */
export function householdDifficulty(f: DifficultyFacts): Difficulty {
  for (const [what, value] of [
    ['人均纯收入', f.perCapitaFen],
    ['扶贫标准', f.povertyLineFen],
  ] as const) {
    if (value !== null && !Number.isSafeInteger(value)) throw new Error(`${what}应为整数（分）：${String(value)}`);
  }
  const floor = FLOOR_CATEGORIES.has(f.category);
  const labour = labourPart(f.members);
  const health = healthPart(f.members);
  const income = floor ? 0 : incomePart(f.perCapitaFen, f.povertyLineFen);
  const labourScore = floor ? Math.floor(labour / 2) : labour;
  return { score: income + labourScore + health, income, labour: labourScore, health, floor };
}

/** round(40 × (1 − income ÷ line)), clamped to 0…40, on integers; 20 when either is unknown. */
function incomePart(perCapita: number | null, line: number | null): number {
  if (perCapita === null || line === null || line <= 0) return INCOME_UNKNOWN;
  if (perCapita >= line) return 0;
  if (perCapita <= 0) return INCOME_MAX;
  // 0 < perCapita < line: round half up of MAX·(line − perCapita) / line.
  const numerator = BigInt(INCOME_MAX) * BigInt(line - perCapita);
  const rounded = Number((2n * numerator + BigInt(line)) / (2n * BigInt(line)));
  return Math.min(INCOME_MAX, Math.max(0, rounded));
}

function labourPart(members: DifficultyFacts['members']): number {
  if (members.length === 0) return LABOUR_UNKNOWN;
  let without = 0;
  let workers = 0;
  for (const m of members) {
    if (m.laborSkill !== null && NO_LABOUR.has(m.laborSkill)) without++;
    if (m.laborSkill !== null && WORKERS.has(m.laborSkill)) workers++;
  }
  // round half up of 20 · without / n, on integers.
  const n = members.length;
  const share = intDiv(2 * LABOUR_SHARE_MAX * without + n, 2 * n);
  return share + (workers === 0 ? LABOUR_NO_WORKER : 0);
}

function healthPart(members: DifficultyFacts['members']): number {
  let points = 0;
  for (const m of members) {
    if (m.health === null) continue;
    if (SERIOUS.has(m.health)) points += HEALTH_SERIOUS;
    else if (CHRONIC.has(m.health)) points += HEALTH_CHRONIC;
  }
  return Math.min(HEALTH_MAX, points);
}

/** Floor of a ÷ b for a ≥ 0, b > 0, exact. */
function intDiv(a: number, b: number): number {
  return (a - (a % b)) / b;
}

/**
 * The score explained for the plan page, one line per part. Built from the same constants as
 * householdDifficulty, so the numbers it states are the numbers it uses.
 */
export const DIFFICULTY_RULES: readonly { part: string; text: string }[] = Object.freeze([
  {
    part: '收入',
    text:
      `0—${INCOME_MAX}分。人均纯收入达到当年扶贫标准记0分；低于标准记 ${INCOME_MAX}×(1−人均纯收入÷扶贫标准) 分，` +
      `四舍五入取整，纯收入为零或负数记${INCOME_MAX}分；人均纯收入或扶贫标准未知记${INCOME_UNKNOWN}分。` +
      `例：人均纯收入为标准的 75% 记 ${INCOME_MAX}×25% = ${(INCOME_MAX * 25) / 100} 分。`,
  },
  {
    part: '劳动力',
    text:
      `0—${LABOUR_MAX}分。丧失劳动力或无劳动力的成员占成员人数的比例×${LABOUR_SHARE_MAX}，四舍五入取整；` +
      `家中没有普通劳动力或技能劳动力的再加${LABOUR_NO_WORKER}分；没有成员记录记${LABOUR_UNKNOWN}分。` +
      `例：3 人中 1 人丧失劳动力、2 人为普通劳动力记 ${LABOUR_SHARE_MAX}×1/3≈${Math.round(LABOUR_SHARE_MAX / 3)} 分。`,
  },
  {
    part: '健康',
    text:
      `0—${HEALTH_MAX}分。每位患有大病或残疾的成员加${HEALTH_SERIOUS}分，每位长期慢性病成员加${HEALTH_CHRONIC}分，` +
      `合计最多${HEALTH_MAX}分。`,
  },
  {
    part: '兜底',
    text:
      '低保贫困户和特困供养贫困户（五保户）由低保政策兜底脱贫，保障收入已高于扶贫标准：收入部分记0分，' +
      '劳动力部分减半（向下取整），健康部分照计（基本医疗仍是“三保障”之一）。',
  },
  {
    part: '总分',
    text: `难度 = 收入 + 劳动力 + 健康，0—${INCOME_MAX + LABOUR_MAX + HEALTH_MAX}分；分数越低越容易，越先安排脱贫（先易后难）。`,
  },
]);

// =============================================================================================
// The auto-planner
// =============================================================================================

export interface PlanInputHousehold {
  id: string;
  code: string;
  villageId: string;
  people: number;
  difficulty: number;
  /** A year already settled (the household has exited): kept as given. */
  fixedYear?: number | null;
}

export interface PlanInputVillage {
  id: string;
  code: string;
  /** A year already settled (the village is 出列): kept as given. */
  fixedYear?: number | null;
}

export type AutoPlanResult =
  | { ok: true; households: Map<string, number>; villages: Map<string, number> }
  | { ok: false; constraint: 'people' | 'villages' | 'villageRule' | 'fixed'; year: number | null; message: string };

type Failure = Extract<AutoPlanResult, { ok: false }>;

function fail(constraint: Failure['constraint'], year: number | null, message: string): Failure {
  return { ok: false, constraint, year, message };
}

/**
 * Work one autoPlan call may spend searching beyond its first choices (table cells filled,
 * households walked, counts tried): well under a second for 100,000 households. See autoPlan.
 */
const SEARCH_WORK_LIMIT = 50_000_000;
/** At most this many other village choices are tried when the first leaves no household split. */
const VILLAGE_ALTERNATIVES = 1000;

/**
 * Proposes a whole plan: a year for every household and village such that each year's people and
 * villages meet the quotas exactly, no village exits before its households, settled years stay,
 * and easier villages and households come first. Deterministic: ties are broken by code, then
 * id, never by input order. Either a whole plan or the reason there is none; never a partial one.
 *
 * 1. Villages, year by year from the first: the easiest remaining village (people-weighted mean
 *    difficulty, then fewer people, then code) is taken if the plan can still be completed, i.e.
 *    if filling the rest of this and every later year with the smallest eligible villages keeps,
 *    for every year, the people who must have exited by then (all people of the villages out by
 *    then, plus households settled by then) within the cumulative people quota. That greedy
 *    completion is exact when nothing is settled (smallest-first minimises every prefix at once).
 * 2. Households, year by year from the last, each year taking households whose village exits that
 *    year or later. Which households of one size a year takes never matters to the earlier years
 *    (each of them may take all of those), only how many of each size; so a year's choice is a
 *    count per size. First the greedy one (after the settled households, the hardest households
 *    while their size fits), or when that misses the quota, the exact mix closest to it (a bounded
 *    knapsack over the sizes; counts fixed from the largest size down, each nearest the greedy's);
 *    the hardest households of each size are taken. If the earlier years then cannot all be met
 *    exactly, the year backtracks to its next exact mix, in the same order of closeness. Pools of
 *    remaining households known to fail are remembered, and once a backtrack has happened each
 *    year first checks that every run of earlier years can still be made exactly from the
 *    households it may take. The first year takes everyone left, which meets its quota when the
 *    later years met theirs. The search is exhaustive: for the village years of step 1 it finds a
 *    split whenever one exists, and the first split it tries is the greedy one, so easy-first
 *    holds wherever the sizes allow.
 * 3. Other village years, when step 2 finds no split (unless it finds none even with every village
 *    not settled exiting in the last year, the most room any village choice gives: then none
 *    helps), or when step 1 finds no village years while some household is settled (its test is
 *    not exact then). The villages in ease order, depth first, each trying its step-1 year first
 *    and then the nearest others, in rounds by how many villages differ from step 1's choice; each
 *    choice that keeps the village quotas and step 1's people bound goes to step 2, and the first
 *    with a split is the plan. If none has one, the reason given is step 1's or step 2's for the
 *    first choice.
 *
 * Incompleteness: step 3 tries at most VILLAGE_ALTERNATIVES village choices, and the search past
 * the first choices stops after SEARCH_WORK_LIMIT units of work (then step 2 says it gave up).
 * Data sets of a handful of villages never come near either, so for them a plan is found exactly
 * when one exists (the brute-force test checks this). Large ones reach them only when their
 * household sizes make the quotas hard to meet exactly (say, hardly any one-person households)
 * and step 1's village choice is what blocks; the answer is then ok:false although other village
 * years might allow a plan, and its message says that not every village choice was tried.
 */
export function autoPlan(input: {
  households: readonly PlanInputHousehold[];
  villages: readonly PlanInputVillage[];
  quotas: PlanQuotas;
}): AutoPlanResult {
  const { quotas } = input;
  assertQuotas(quotas);
  const Y = quotas.years;
  const K = Y.length;
  const span = yearSpan(Y);
  const yearIndex = new Map(Y.map((year, i) => [year, i]));

  // ---- villages ----
  const nV = input.villages.length;
  const villageIndex = new Map<string, number>();
  const vFixed = new Int32Array(nV).fill(-1);
  input.villages.forEach((v, i) => {
    if (villageIndex.has(v.id)) throw new Error(`村的标识重复：${v.id}`);
    villageIndex.set(v.id, i);
  });
  // Checked in code order, so that the village named is the same whatever the input order.
  const villageOrder = sortedIndices(nV, (a, b) => compareRows(input.villages[a], input.villages[b]));
  for (const v of villageOrder) {
    const fixed = input.villages[v].fixedYear;
    if (fixed == null) continue;
    const j = yearIndex.get(fixed);
    if (j === undefined) {
      return fail('fixed', fixed, `村 ${input.villages[v].code} 已定的出列年度 ${fixed} 年不在计划年度（${span}）内`);
    }
    vFixed[v] = j;
  }

  // ---- households ----
  const nH = input.households.length;
  const hVillage = new Int32Array(nH);
  const hPeople = new Float64Array(nH);
  const hFixed = new Int32Array(nH).fill(-1);
  const seen = new Set<string>();
  let totalPeople = 0;
  let outside = -1; // the first household in code order settled outside the plan's years
  for (let h = 0; h < nH; h++) {
    const row = input.households[h];
    if (seen.has(row.id)) throw new Error(`户的标识重复：${row.id}`);
    seen.add(row.id);
    const v = villageIndex.get(row.villageId);
    if (v === undefined) throw new Error(`户 ${row.code} 所在的村（${row.villageId}）不在村列表中`);
    if (!Number.isSafeInteger(row.people) || row.people < 0) throw new Error(`户 ${row.code} 的人数应为非负整数：${String(row.people)}`);
    if (!Number.isFinite(row.difficulty)) throw new Error(`户 ${row.code} 的难度应为数字：${String(row.difficulty)}`);
    hVillage[h] = v;
    hPeople[h] = row.people;
    totalPeople += row.people;
    if (row.fixedYear != null) {
      const j = yearIndex.get(row.fixedYear);
      if (j !== undefined) hFixed[h] = j;
      else if (outside < 0 || compareRows(row, input.households[outside]) < 0) outside = h;
    }
  }
  if (outside >= 0) {
    const { code, fixedYear } = input.households[outside];
    return fail('fixed', fixedYear!, `户 ${code} 已定的脱贫年度 ${fixedYear} 年不在计划年度（${span}）内`);
  }
  const householdOrder = sortedIndices(nH, (a, b) => compareRows(input.households[a], input.households[b]));

  // ---- totals ----
  const peopleSum = quotas.people.reduce((a, b) => a + b, 0);
  if (peopleSum !== totalPeople) return fail('people', null, `计划各年脱贫人数之和 ${peopleSum} 不等于总人数 ${totalPeople}`);
  const villageSum = quotas.villages.reduce((a, b) => a + b, 0);
  if (villageSum !== nV) return fail('villages', null, `计划各年出列村数之和 ${villageSum} 不等于贫困村总数 ${nV}`);

  // ---- settled years: consistent with each other and within the quotas ----
  const fixedPeople = new Array<number>(K).fill(0);
  // The settled people of each village by year, and the earliest year each village may exit.
  const vFixedPeople = new Float64Array(nV * K);
  const vEarliest = new Int32Array(nV);
  for (const h of householdOrder) {
    const j = hFixed[h];
    if (j < 0) continue;
    const v = hVillage[h];
    if (vFixed[v] >= 0 && vFixed[v] < j) {
      const row = input.households[h];
      return fail(
        'fixed',
        Y[j],
        `${Y[j]}年：户 ${row.code} 已定于${Y[j]}年脱贫，晚于所在村 ${input.villages[v].code} 已定的出列年度 ${Y[vFixed[v]]} 年`,
      );
    }
    fixedPeople[j] += hPeople[h];
    vFixedPeople[v * K + j] += hPeople[h];
    if (j > vEarliest[v]) vEarliest[v] = j;
  }
  const fixedVillages = new Array<number>(K).fill(0);
  for (let v = 0; v < nV; v++) if (vFixed[v] >= 0) fixedVillages[vFixed[v]]++;
  for (let j = 0; j < K; j++) {
    if (fixedPeople[j] > quotas.people[j]) {
      return fail('fixed', Y[j], `${Y[j]}年：已定于该年脱贫的 ${fixedPeople[j]} 人已超过该年计划 ${quotas.people[j]} 人`);
    }
    if (fixedVillages[j] > quotas.villages[j]) {
      return fail('fixed', Y[j], `${Y[j]}年：已定于该年出列的 ${fixedVillages[j]} 个村已超过该年计划 ${quotas.villages[j]} 个`);
    }
  }

  // ---- the search budget (see the comment above) ----
  // Counted only once the first choices have failed: the first plan tried is always completed.
  let searching = false;
  let work = 0;
  let exhausted = false;
  const spend = (units: number): boolean => {
    if (!searching) return false;
    work += units;
    if (work > SEARCH_WORK_LIMIT) exhausted = true;
    return exhausted;
  };

  // ---- facts of the village steps ----
  const cumPeople: number[] = [];
  Y.forEach((_, j) => cumPeople.push((cumPeople[j - 1] ?? 0) + quotas.people[j]));
  const cumFixed: number[] = [];
  Y.forEach((_, j) => cumFixed.push((cumFixed[j - 1] ?? 0) + fixedPeople[j]));
  // Per village: its people, and by year j the people still to exit with it when it exits in
  // year j (its people less those settled in year j or before).
  const vPeople = new Float64Array(nV);
  const vWeighted = new Float64Array(nV);
  for (let h = 0; h < nH; h++) {
    vPeople[hVillage[h]] += hPeople[h];
    vWeighted[hVillage[h]] += hPeople[h] * input.households[h].difficulty;
  }
  const extra = new Float64Array(nV * K);
  for (let v = 0; v < nV; v++) {
    let settled = 0;
    for (let j = 0; j < K; j++) {
      settled += vFixedPeople[v * K + j];
      extra[j * nV + v] = vPeople[v] - settled;
    }
  }
  const ease = (v: number) => (vPeople[v] > 0 ? vWeighted[v] / vPeople[v] : 0);
  const easeOrder = sortedIndices(nV, (a, b) => ease(a) - ease(b) || vPeople[a] - vPeople[b] || compareRows(input.villages[a], input.villages[b]));

  // ---- facts of the household step ----
  const hardestFirst = sortedIndices(
    nH,
    (a, b) => input.households[b].difficulty - input.households[a].difficulty || compareRows(input.households[b], input.households[a]),
  );
  const hardRank = new Int32Array(nH);
  hardestFirst.forEach((h, rank) => (hardRank[h] = rank));
  // The distinct sizes of the households still to plan (settled ones and those of no people are
  // not), ascending, and each such household's size index; -1 for the others.
  const sizes = [...new Set(Array.from(hPeople).filter((p, h) => hFixed[h] < 0 && p > 0))].sort((a, b) => a - b);
  const S = sizes.length;
  const sizeIndex = new Map(sizes.map((s, i) => [s, i]));
  const hSize = new Int32Array(nH).fill(-1);
  for (let h = 0; h < nH; h++) if (hFixed[h] < 0 && hPeople[h] > 0) hSize[h] = sizeIndex.get(hPeople[h])!;
  // The people each year still needs beyond its settled households.
  const target = Y.map((_, j) => quotas.people[j] - fixedPeople[j]);

  let plan: { villageYears: Int32Array; householdYears: Int32Array } | Failure;
  const firstVillages = planVillages();
  if (firstVillages instanceof Int32Array) {
    const householdYears = planHouseholds(firstVillages);
    plan = householdYears instanceof Int32Array ? { villageYears: firstVillages, householdYears } : householdYears;
  } else plan = firstVillages;
  const anySettled = hFixed.some((j) => j >= 0);
  let cutShort: number | null = null; // when a limit stopped step 3: how many choices it had tried
  if ('ok' in plan && !exhausted && (firstVillages instanceof Int32Array ? householdsMaySplit() : anySettled)) {
    plan = otherVillages(firstVillages instanceof Int32Array ? firstVillages : null) ?? plan;
  }
  if ('ok' in plan) {
    if (cutShort === null) return plan;
    const tried = cutShort > 0 ? `另试了 ${cutShort} 种各村出列年度的安排也不行，其余安排未及尝试` : '其他各村出列年度的安排未及尝试';
    return { ...plan, message: `${plan.message}（${tried}）` };
  }
  const { villageYears, householdYears } = plan;

  // Maps in code order, so that iterating them is as reproducible as their contents.
  const households = new Map<string, number>();
  for (const h of householdOrder) {
    households.set(input.households[h].id, Y[householdYears[h]]);
  }
  const villages = new Map<string, number>();
  for (const v of villageOrder) {
    villages.set(input.villages[v].id, Y[villageYears[v]]);
  }
  return { ok: true, households, villages };

  // ------------------------------------------------------------------------------------------

  function planVillages(): Int32Array | Failure {
    const easeRank = new Int32Array(nV);
    easeOrder.forEach((v, rank) => (easeRank[v] = rank));
    const smallestFirst = Y.map((_, j) => sortedIndices(nV, (a, b) => extra[j * nV + a] - extra[j * nV + b] || easeRank[a] - easeRank[b]));

    /** Fills this year and the later ones with the smallest eligible villages, or says which year fails. */
    function complete(assigned: Int32Array, from: number): { years: Int32Array } | Failure {
      const a = assigned.slice();
      const count = new Array<number>(K).fill(0);
      for (let v = 0; v < nV; v++) if (a[v] >= 0) count[a[v]]++;
      for (let j = from; j < K; j++) {
        let need = quotas.villages[j] - count[j];
        for (const v of smallestFirst[j]) {
          if (need <= 0) break;
          if (a[v] < 0 && vEarliest[v] <= j) {
            a[v] = j;
            need--;
          }
        }
        if (need > 0) {
          const possible = quotas.villages[j] - need;
          return fail(
            'villages',
            Y[j],
            `${Y[j]}年：能在该年出列的村只有 ${possible} 个（其余村有已定于以后年度脱贫的户），少于该年计划的 ${quotas.villages[j]} 个`,
          );
        }
        let mustExit = cumFixed[j];
        for (let v = 0; v < nV; v++) if (a[v] >= 0 && a[v] <= j) mustExit += extra[j * nV + v];
        if (mustExit > cumPeople[j]) {
          const who = cumFixed[j] > 0 ? '随村出列和已定年度必须脱贫的' : '随村出列必须脱贫的';
          return fail(
            'villageRule',
            Y[j],
            j === 0
              ? `${Y[j]}年：${who} ${mustExit} 人已超过该年计划 ${cumPeople[j]} 人`
              : `${Y[j]}年：到该年底${who}累计 ${mustExit} 人已超过 ${yearSpan(Y.slice(0, j + 1))}累计计划 ${cumPeople[j]} 人`,
          );
        }
      }
      return { years: a };
    }

    const years = vFixed.slice();
    const first = complete(years, 0);
    if (!('years' in first)) return first;
    let witness = first.years; // a whole valid assignment extending `years`
    for (let j = 0; j < K; j++) {
      let need = quotas.villages[j] - fixedVillages[j];
      for (const v of easeOrder) {
        if (need === 0) break;
        if (years[v] >= 0 || vEarliest[v] > j) continue;
        years[v] = j;
        if (witness[v] === j) {
          need--; // the witness still extends the choice
          continue;
        }
        const next = complete(years, j);
        if ('years' in next) {
          witness = next.years;
          need--;
        } else years[v] = -1;
      }
      // Whatever the easy-first pass could not place, the witness places.
      for (let v = 0; v < nV && need > 0; v++) {
        if (years[v] < 0 && witness[v] === j) {
          years[v] = j;
          need--;
        }
      }
    }
    return years;
  }

  /**
   * Step 3: other village years. Villages in ease order, each trying the year `preferred` gives it
   * first (when given), then the nearest others, earlier first on a tie; depth first, and in
   * rounds by how many villages differ from `preferred` (1, 2, …), so the choices nearest step 1's
   * are tried first and none twice. A branch is cut when a year's village quota is full, when the
   * later years lack room for the villages that cannot exit earlier, or when the people bound of
   * step 1 breaks. null when no choice within the limits gives a household split.
   */
  function otherVillages(preferred: Int32Array | null): { villageYears: Int32Array; householdYears: Int32Array } | null {
    searching = true;
    const free = easeOrder.filter((v) => vFixed[v] < 0);
    const years = vFixed.slice();
    const count = fixedVillages.slice();
    const mustExit = cumFixed.slice();
    for (let v = 0; v < nV; v++) {
      if (vFixed[v] < 0) continue;
      for (let k = vFixed[v]; k < K; k++) mustExit[k] += extra[k * nV + v];
    }
    if (mustExit.some((m, k) => m > cumPeople[k])) return null;
    // late[i * K + j]: how many of free[i…] cannot exit before year j.
    const late = new Int32Array((free.length + 1) * K);
    for (let i = free.length - 1; i >= 0; i--) {
      for (let j = 0; j < K; j++) late[i * K + j] = late[(i + 1) * K + j] + (vEarliest[free[i]] >= j ? 1 : 0);
    }
    const choices = free.map((v) => {
      const ys: number[] = [];
      for (let j = vEarliest[v]; j < K; j++) ys.push(j);
      const p = preferred?.[v] ?? -1;
      return p < 0 ? ys : ys.sort((a, b) => Math.abs(a - p) - Math.abs(b - p) || a - b);
    });
    let tries = 0;
    let found: { villageYears: Int32Array; householdYears: Int32Array } | null = null;
    // Without `preferred`, one round over every choice.
    let differ = preferred === null ? Infinity : 1;
    while (!descend(0, 0) && differ < free.length) differ++;
    if (found === null && (exhausted || tries >= VILLAGE_ALTERNATIVES)) cutShort = tries;
    return found;

    /** true to stop: found, or a limit reached. `changed`: villages off `preferred` so far. */
    function descend(i: number, changed: number): boolean {
      if (exhausted || tries >= VILLAGE_ALTERNATIVES) return true;
      if (i === free.length) {
        if (preferred !== null && changed !== differ) return false; // another round's
        tries++;
        const householdYears = planHouseholds(years);
        if (!(householdYears instanceof Int32Array)) return false;
        found = { villageYears: years.slice(), householdYears };
        return true;
      }
      if (preferred !== null && changed + free.length - i < differ) return false;
      let room = 0;
      for (let j = K - 1; j >= 1; j--) {
        room += quotas.villages[j] - count[j];
        if (late[i * K + j] > room) return false;
      }
      if (spend(K)) return true;
      const v = free[i];
      for (const j of choices[i]) {
        const nowChanged = preferred !== null && j !== preferred[v] ? changed + 1 : changed;
        if (nowChanged > differ || count[j] >= quotas.villages[j]) continue;
        let fits = true;
        for (let k = j; k < K && fits; k++) fits = mustExit[k] + extra[k * nV + v] <= cumPeople[k];
        if (!fits) continue;
        years[v] = j;
        count[j]++;
        for (let k = j; k < K; k++) mustExit[k] += extra[k * nV + v];
        const stop = descend(i + 1, nowChanged);
        years[v] = -1;
        count[j]--;
        for (let k = j; k < K; k++) mustExit[k] -= extra[k * nV + v];
        if (stop) return true;
      }
      return false;
    }
  }

  /**
   * Whether step 2 finds a split when every village not settled exits in the last year, so that
   * its households may take any year: no village choice gives more room, so when this fails no
   * other village years can help and step 3 is skipped.
   */
  function householdsMaySplit(): boolean {
    const latest = vFixed.map((j) => (j >= 0 ? j : K - 1));
    return planHouseholds(latest) instanceof Int32Array || exhausted;
  }

  /** Step 2 for the given village years: every household's year, or why there is none. */
  function planHouseholds(villageYears: Int32Array): Int32Array | Failure {
    // Groups: the households to plan by size and by latest year (their village's), hardest first.
    // A year takes the hardest of a size among the groups it may take from, so what the later
    // years have taken is always the first `taken[g]` of each group.
    const G = S * K;
    const groupLength = new Int32Array(G);
    for (let h = 0; h < nH; h++) if (hSize[h] >= 0) groupLength[hSize[h] * K + villageYears[hVillage[h]]]++;
    const groupStart = new Int32Array(G + 1);
    for (let g = 0; g < G; g++) groupStart[g + 1] = groupStart[g] + groupLength[g];
    const members = new Int32Array(groupStart[G]);
    const position = new Int32Array(nH);
    const filled = new Int32Array(G);
    for (const h of hardestFirst) {
      if (hSize[h] < 0) continue;
      const g = hSize[h] * K + villageYears[hVillage[h]];
      position[h] = filled[g];
      members[groupStart[g] + filled[g]++] = h;
    }
    spend(2 * nH);
    const taken = new Int32Array(G);
    const chosen = new Array<Int32Array>(K);
    const failed = new Set<string>(); // year and remaining pool already known to fail
    let backtracked = false;
    let triedOthers = false;
    let firstFailure = -1;

    if (search(K - 1)) {
      const years = new Int32Array(nH);
      for (let h = 0; h < nH; h++) years[h] = hFixed[h] >= 0 ? hFixed[h] : 0;
      taken.fill(0);
      for (let j = K - 1; j >= 1; j--) take(chosen[j], j, years);
      let firstYear = 0;
      for (let h = 0; h < nH; h++) if (years[h] === 0) firstYear += hPeople[h];
      if (firstYear !== quotas.people[0]) {
        // Cannot happen when the checks above hold; refuse rather than return a wrong plan.
        return fail('people', Y[0], `${Y[0]}年：剩余各户的人数无法恰好凑成计划的 ${quotas.people[0]} 人`);
      }
      return years;
    }
    const j = firstFailure >= 0 ? firstFailure : K - 1;
    const quota = quotas.people[j];
    if (exhausted) {
      return fail('people', Y[j], `${Y[j]}年：剩余各户的人数难以恰好凑成计划的 ${quota} 人，在限定的计算量内没有找到各年人数都恰好的安排`);
    }
    return fail(
      'people',
      Y[j],
      triedOthers
        ? `${Y[j]}年：剩余各户的人数无法恰好凑成计划的 ${quota} 人（${yearSpan(Y.slice(j + 1))}改选其他户也凑不成）`
        : `${Y[j]}年：剩余各户的人数无法恰好凑成计划的 ${quota} 人`,
    );

    /** Years j, j−1, …, 1 from what is left: true with `chosen` set, false when impossible. */
    function search(j: number): boolean {
      if (j === 0) return true;
      if (exhausted) return false;
      // The pool: how many of each size year j may take (their village exits in year j or later).
      const pool = new Int32Array(S);
      for (let i = 0; i < S; i++) for (let d = j; d < K; d++) pool[i] += groupLength[i * K + d] - taken[i * K + d];
      const key = `${j}:${pool.join(',')}`;
      if (failed.has(key)) return false;
      const found = (!backtracked || earlierYearsPossible(j, pool)) && chooseYear(j, pool);
      if (!found && !exhausted) failed.add(key);
      return found;
    }

    function chooseYear(j: number, pool: Int32Array): boolean {
      const goal = target[j];
      const reach = reachBySize(pool, goal);
      if (!reach[S][goal]) {
        if (firstFailure < 0) firstFailure = j;
        return false;
      }
      const greedy = greedyCounts(j, goal);
      const counts = new Int32Array(S);
      let leaves = 0;
      return pick(S - 1, goal);

      /** Counts for sizes i, i−1, …, 0 making x, each nearest the greedy's; true once one works. */
      function pick(i: number, x: number): boolean {
        if (i < 0) {
          if (leaves++ > 0) triedOthers = true;
          const before = taken.slice();
          take(counts, j, null);
          chosen[j] = counts.slice();
          if (search(j - 1)) return true;
          taken.set(before);
          backtracked = true;
          searching = true;
          return false;
        }
        const s = sizes[i];
        if (i === 0) {
          // reach[0] holds only 0: the smallest size makes the rest exactly, one way.
          counts[0] = x / s;
          return pick(-1, 0);
        }
        const most = Math.min(pool[i], Math.floor(x / s));
        const want = greedy[i];
        for (let delta = Math.max(0, want - most); want - delta >= 0 || want + delta <= most; delta++) {
          if (spend(1)) return false;
          const lower = want - delta;
          if (lower >= 0 && reach[i][x - lower * s]) {
            counts[i] = lower;
            if (pick(i - 1, x - lower * s)) return true;
            if (exhausted) return false;
          }
          const upper = want + delta;
          if (delta > 0 && upper <= most && reach[i][x - upper * s]) {
            counts[i] = upper;
            if (pick(i - 1, x - upper * s)) return true;
            if (exhausted) return false;
          }
        }
        return false;
      }
    }

    /** What the greedy takes of each size in year j: the hardest households while they fit. */
    function greedyCounts(j: number, goal: number): Int32Array {
      const counts = new Int32Array(S);
      let left = goal;
      let walked = 0;
      for (const h of hardestFirst) {
        if (left === 0) break;
        walked++;
        const i = hSize[h];
        if (i < 0) continue;
        const d = villageYears[hVillage[h]];
        if (d < j || position[h] < taken[i * K + d]) continue;
        if (sizes[i] <= left) {
          counts[i]++;
          left -= sizes[i];
        }
      }
      spend(walked);
      return counts;
    }

    /** Year j takes the hardest `counts[i]` households of each size it may take; `years` records it. */
    function take(counts: Int32Array, j: number, years: Int32Array | null): void {
      for (let i = 0; i < S; i++) {
        for (let n = counts[i]; n > 0; n--) {
          let best = -1;
          let bestRank = nH;
          for (let d = j; d < K; d++) {
            const g = i * K + d;
            if (taken[g] < groupLength[g]) {
              const rank = hardRank[members[groupStart[g] + taken[g]]];
              if (rank < bestRank) {
                bestRank = rank;
                best = g;
              }
            }
          }
          const h = members[groupStart[best] + taken[best]++];
          if (years) years[h] = j;
        }
        spend(counts[i] * (K - j));
      }
    }

    /**
     * A necessary test, used once the search has had to backtrack: for every year a < j, each run
     * of years a…b (b ≤ j) needs an exact sum from the households that may exit in year a or later.
     */
    function earlierYearsPossible(j: number, pool: Int32Array): boolean {
      const available = pool.slice();
      for (let a = j - 1; a >= 1; a--) {
        // Nothing of the groups of year a is taken yet: later years may not take them.
        for (let i = 0; i < S; i++) available[i] += groupLength[i * K + a];
        let total = 0;
        for (let b = a; b <= j; b++) total += target[b];
        let people = 0;
        for (let i = 0; i < S; i++) people += available[i] * sizes[i];
        if (people < total) return false;
        const reach = reachable(available, total);
        if (exhausted) return false;
        let run = 0;
        for (let b = a; b <= j; b++) {
          run += target[b];
          if (!reach[run]) return false;
        }
      }
      return true;
    }
  }

  /** reach[i][x]: x people can be made from the sizes before index i, at most `counts` of each. */
  function reachBySize(counts: Int32Array, goal: number): Uint8Array[] {
    const reach: Uint8Array[] = [new Uint8Array(goal + 1)];
    reach[0][0] = 1;
    for (let i = 0; i < S; i++) {
      const cur = reach[i].slice();
      addSize(cur, sizes[i], counts[i]);
      reach.push(cur);
    }
    spend(2 * S * (goal + 1));
    return reach;
  }

  /** r[x]: x people can be made with at most `counts` of each size. */
  function reachable(counts: Int32Array, goal: number): Uint8Array {
    const r = new Uint8Array(goal + 1);
    r[0] = 1;
    for (let i = 0; i < S; i++) addSize(r, sizes[i], counts[i]);
    spend(S * (goal + 1));
    return r;
  }
}

/** In place: r[x] becomes 1 when x − c·size was reachable for some 0 ≤ c ≤ count. */
function addSize(r: Uint8Array, size: number, count: number): void {
  const limit = count * size;
  if (limit === 0) return;
  const goal = r.length - 1;
  for (let rest = 0; rest < size && rest <= goal; rest++) {
    let last = -Infinity; // the last x ≡ rest (mod size) reachable before this size
    for (let x = rest; x <= goal; x += size) {
      if (r[x]) last = x;
      else if (x - last <= limit) r[x] = 1;
    }
  }
}

function compareRows(a: { code: string; id: string }, b: { code: string; id: string }): number {
  return compareText(a.code, b.code) || compareText(a.id, b.id);
}

function sortedIndices(n: number, compare: (a: number, b: number) => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  return order.sort(compare);
}
