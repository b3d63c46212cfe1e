import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CAMPAIGN_YEARS,
  DEFAULT_PEOPLE_PERCENTS,
  DEFAULT_VILLAGE_PERCENTS,
  DIFFICULTY_RULES,
  autoPlan,
  checkPlan,
  householdDifficulty,
  planQuotas,
  roundingRuleText,
  type AutoPlanResult,
  type DifficultyFacts,
  type PlanInputHousehold,
  type PlanInputVillage,
  type PlanQuotas,
} from '../../../shared/domain/plan';
import { largestRemainder } from '../../../shared/domain/quota';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const CHINESE = /[\u4e00-\u9fff]/;

function defaultQuotas(people: number, villages: number): PlanQuotas {
  return planQuotas({ people, villages }, { people: DEFAULT_PEOPLE_PERCENTS, villages: DEFAULT_VILLAGE_PERCENTS });
}

/** A small deterministic generator for the fixture data sets (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(xs: readonly T[], random: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

interface PlanInput {
  households: PlanInputHousehold[];
  villages: PlanInputVillage[];
  quotas: PlanQuotas;
}

/** The plan as checkPlan sees it. */
function checked(input: PlanInput, result: Extract<AutoPlanResult, { ok: true }>) {
  return checkPlan({
    households: input.households.map((h) => ({ id: h.id, villageId: h.villageId, people: h.people, year: result.households.get(h.id) ?? null })),
    villages: input.villages.map((v) => ({ id: v.id, year: result.villages.get(v.id) ?? null })),
    quotas: input.quotas,
  });
}

function expectValidPlan(input: PlanInput, result: AutoPlanResult): asserts result is Extract<AutoPlanResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected a plan, got: ${result.message}`);
  expect(result.households.size).toBe(input.households.length);
  expect(result.villages.size).toBe(input.villages.length);
  const outside = [...result.households.values(), ...result.villages.values()].filter((year) => !input.quotas.years.includes(year));
  expect(outside).toEqual([]);
  const check = checked(input, result);
  expect(check.violations).toEqual([]);
  expect(check.ok).toBe(true);
  const moved = [
    ...input.households.filter((h) => h.fixedYear != null && result.households.get(h.id) !== h.fixedYear),
    ...input.villages.filter((v) => v.fixedYear != null && result.villages.get(v.id) !== v.fixedYear),
  ];
  expect(moved).toEqual([]);
}

function village(n: number, fixedYear?: number | null): PlanInputVillage {
  const code = `4201150102${String(n).padStart(2, '0')}`;
  return { id: `v${n}`, code, fixedYear };
}

function household(v: number, n: number, people: number, difficulty: number, fixedYear?: number | null): PlanInputHousehold {
  return { id: `h${v}-${n}`, code: `4201150102${String(v).padStart(2, '0')}${String(n).padStart(4, '0')}`, villageId: `v${v}`, people, difficulty, fixedYear };
}

// =============================================================================================

describe('planQuotas', () => {
  it('splits the office plan as 741/1234/494 people and 6/9/6 villages', () => {
    const q = defaultQuotas(2469, 21);
    expect(q).toEqual({ years: [2016, 2017, 2018], people: [741, 1234, 494], villages: [6, 9, 6] });
  });

  it('plans people, not households: the 1097 households do not enter the quotas', () => {
    const q = defaultQuotas(2469, 21);
    expect(q.people).not.toEqual(largestRemainder(1097, DEFAULT_PEOPLE_PERCENTS));
    expect(sum(q.people)).toBe(2469);
  });

  it('uses the campaign years unless given others', () => {
    expect(CAMPAIGN_YEARS).toEqual([2016, 2017, 2018]);
    expect(DEFAULT_PEOPLE_PERCENTS).toEqual([30, 50, 20]);
    expect(DEFAULT_VILLAGE_PERCENTS).toEqual([30, 40, 30]);
    expect(planQuotas({ people: 10, villages: 3 }, { people: [50, 50], villages: [50, 50] }, [2019, 2020])).toEqual({
      years: [2019, 2020],
      people: [5, 5],
      villages: [2, 1],
    });
  });

  it('always adds up to the totals, by the rule of quota.ts', () => {
    fc.assert(
      fc.property(fc.nat(200000), fc.nat(500), (people, villages) => {
        const q = defaultQuotas(people, villages);
        expect(sum(q.people)).toBe(people);
        expect(sum(q.villages)).toBe(villages);
        expect(q.people).toEqual(largestRemainder(people, DEFAULT_PEOPLE_PERCENTS));
        expect(q.villages).toEqual(largestRemainder(villages, DEFAULT_VILLAGE_PERCENTS));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses percents that do not match the years, and years out of order', () => {
    expect(() => planQuotas({ people: 10, villages: 1 }, { people: [50, 50], villages: [30, 40, 30] })).toThrow(/比例/);
    expect(() => planQuotas({ people: 10, villages: 1 }, { people: [50, 50], villages: [50, 50] }, [2017, 2016])).toThrow(/年度/);
    expect(() => planQuotas({ people: 10, villages: 1 }, { people: [], villages: [] }, [])).toThrow(/年度/);
  });
});

describe('roundingRuleText', () => {
  it('states the rule and the office example as computed', () => {
    const text = roundingRuleText();
    expect(text).toContain('最大余数');
    expect(text).toContain('较早的年度');
    expect(text).toContain('2469 人按 30%/50%/20% 分为 741/1234/494 人');
    expect(text).toContain('21 个村按 30%/40%/30% 分为 6/9/6 个');
  });
});

// =============================================================================================

describe('checkPlan', () => {
  const quotas: PlanQuotas = { years: [2016, 2017, 2018], people: [3, 5, 2], villages: [1, 1, 1] };
  const villages = [
    { id: 'a', year: 2016 },
    { id: 'b', year: 2017 },
    { id: 'c', year: 2018 },
  ];
  const households = [
    { id: 'a1', villageId: 'a', people: 3, year: 2016 },
    { id: 'b1', villageId: 'b', people: 4, year: 2017 },
    { id: 'c1', villageId: 'c', people: 1, year: 2017 },
    { id: 'c2', villageId: 'c', people: 2, year: 2018 },
  ];

  it('passes a plan that meets every quota and the village rule', () => {
    const check = checkPlan({ households, villages, quotas });
    expect(check.ok).toBe(true);
    expect(check.years).toEqual([
      { year: 2016, people: { planned: 3, quota: 3 }, villages: { planned: 1, quota: 1 }, households: 1 },
      { year: 2017, people: { planned: 5, quota: 5 }, villages: { planned: 1, quota: 1 }, households: 2 },
      { year: 2018, people: { planned: 2, quota: 2 }, villages: { planned: 1, quota: 1 }, households: 1 },
    ]);
    expect(check.unplanned).toEqual({ households: 0, people: 0, villages: 0 });
    expect(check.outside).toEqual({ households: 0, people: 0, villages: 0 });
    expect(check.violations).toEqual([]);
  });

  it('finds a village planned before its households, one entry per village', () => {
    const check = checkPlan({
      households: [...households, { id: 'a2', villageId: 'a', people: 0, year: 2018 }, { id: 'a3', villageId: 'a', people: 0, year: 2017 }],
      villages,
      quotas,
    });
    expect(check.violations).toEqual([{ villageId: 'a', villageYear: 2016, latestHouseholdYear: 2018, households: 2 }]);
    expect(check.ok).toBe(false);
  });

  it('counts unplanned and outside households and villages, and villages with no year', () => {
    const check = checkPlan({
      households: [
        { id: 'a1', villageId: 'a', people: 3, year: 2016 },
        { id: 'b1', villageId: 'b', people: 4, year: null },
        { id: 'c1', villageId: 'c', people: 1, year: 2019 },
        { id: 'c2', villageId: 'c', people: 2, year: 2018 },
        { id: 'x1', villageId: 'x', people: 5, year: 2017 },
      ],
      villages: [
        { id: 'a', year: 2016 },
        { id: 'b', year: null },
        { id: 'c', year: 2015 },
      ],
      quotas,
    });
    expect(check.unplanned).toEqual({ households: 1, people: 4, villages: 1 });
    expect(check.outside).toEqual({ households: 1, people: 1, villages: 1 });
    expect(check.years.map((y) => [y.people.planned, y.villages.planned, y.households])).toEqual([
      [3, 1, 1],
      [5, 0, 1],
      [2, 0, 1],
    ]);
    // c (2015) before households of 2018 and 2019; x is not in the list: as if it had no year.
    expect(check.violations).toEqual([
      { villageId: 'c', villageYear: 2015, latestHouseholdYear: 2019, households: 2 },
      { villageId: 'x', villageYear: null, latestHouseholdYear: 2017, households: 1 },
    ]);
    expect(check.ok).toBe(false);
  });

  it('flags a village with no year whose households are planned', () => {
    const check = checkPlan({
      households: [{ id: 'b1', villageId: 'b', people: 4, year: 2017 }, { id: 'b2', villageId: 'b', people: 1, year: 2016 }],
      villages: [{ id: 'b', year: null }],
      quotas: { years: [2016, 2017], people: [1, 4], villages: [0, 1] },
    });
    expect(check.violations).toEqual([{ villageId: 'b', villageYear: null, latestHouseholdYear: 2017, households: 2 }]);
    expect(check.ok).toBe(false);
  });

  it('fails a plan that misses a quota by one', () => {
    const moved = households.map((h) => (h.id === 'c1' ? { ...h, year: 2018 } : h));
    const check = checkPlan({ households: moved, villages, quotas });
    expect(check.violations).toEqual([]);
    expect(check.years[1].people).toEqual({ planned: 4, quota: 5 });
    expect(check.ok).toBe(false);
  });
});

// =============================================================================================

describe('householdDifficulty', () => {
  const line = 320000; // a fictitious line of 3,200 yuan
  const ordinary = { laborSkill: 'ordinary', health: 'healthy' };
  const base: DifficultyFacts = { category: 'general', size: 1, perCapitaFen: line, povertyLineFen: line, members: [ordinary] };

  it('scores the worked examples of the rules', () => {
    // 75 % of the line: 40 × 25 % = 10; one of three members lost: 20 × 1/3 ≈ 7; one chronic: 5.
    const d = householdDifficulty({
      category: 'general',
      size: 3,
      perCapitaFen: 240000,
      povertyLineFen: line,
      members: [{ laborSkill: 'lost', health: 'chronic' }, ordinary, { laborSkill: 'skilled', health: null }],
    });
    expect(d).toEqual({ score: 22, income: 10, labour: 7, health: 5, floor: false });
  });

  it('scores income: 0 at or above the line, 40 at or below zero, 20 when unknown, rounded half up', () => {
    const income = (perCapitaFen: number | null, povertyLineFen: number | null = line) =>
      householdDifficulty({ ...base, perCapitaFen, povertyLineFen }).income;
    expect(income(line)).toBe(0);
    expect(income(line + 1)).toBe(0);
    expect(income(line - 1)).toBe(0); // 40 × 1/320000 rounds to 0
    expect(income(0)).toBe(40);
    expect(income(-5000)).toBe(40);
    expect(income(1)).toBe(40); // 39.9999 rounds to 40
    expect(income(null)).toBe(20);
    expect(income(100000, null)).toBe(20);
    expect(income(160000)).toBe(20); // half the line
    expect(income(1500, 1600)).toBe(3); // 40 × 100/1600 = 2.5 → 3
    expect(income(1501, 1600)).toBe(2); // 2.475 → 2
  });

  it('scores labour by the share without labour, plus 10 with no worker at all', () => {
    const labour = (skills: (string | null)[]) =>
      householdDifficulty({ ...base, members: skills.map((laborSkill) => ({ laborSkill, health: null })) }).labour;
    expect(labour(['ordinary'])).toBe(0);
    expect(labour(['lost'])).toBe(30);
    expect(labour(['none', 'lost'])).toBe(30);
    expect(labour(['none', 'skilled'])).toBe(10);
    expect(labour(['lost', 'ordinary', 'ordinary', 'ordinary', 'ordinary', 'ordinary', 'ordinary', 'ordinary'])).toBe(3); // 2.5 → 3
    expect(labour([null, null])).toBe(10); // no known worker
    expect(labour([null, 'lost'])).toBe(20);
    expect(labour([])).toBe(15); // no member rows
  });

  it('scores health 10 per serious illness or disability, 5 per chronic illness, at most 30', () => {
    const health = (states: (string | null)[]) =>
      householdDifficulty({ ...base, members: states.map((h) => ({ laborSkill: 'ordinary', health: h })) }).health;
    expect(health(['healthy', null])).toBe(0);
    expect(health(['chronic'])).toBe(5);
    expect(health(['serious', 'disabled', 'chronic'])).toBe(25);
    expect(health(['serious', 'disabled', 'serious', 'chronic'])).toBe(30);
  });

  it('lifts 低保 and 五保 households over the line by the floor: income 0, labour halved, health in full', () => {
    const single = {
      size: 1,
      perCapitaFen: 100000,
      povertyLineFen: line,
      members: [{ laborSkill: 'lost', health: 'serious' }],
    };
    expect(householdDifficulty({ ...single, category: 'wubao' })).toEqual({ score: 25, income: 0, labour: 15, health: 10, floor: true });
    expect(householdDifficulty({ ...single, category: 'dibao' })).toEqual({ score: 25, income: 0, labour: 15, health: 10, floor: true });
    expect(householdDifficulty({ ...single, category: 'general' })).toEqual({ score: 68, income: 28, labour: 30, health: 10, floor: false });
    // halved rounding down: 7 → 3
    const dibao = householdDifficulty({
      ...single,
      category: 'dibao',
      members: [{ laborSkill: 'lost', health: null }, ordinary, ordinary],
    });
    expect(dibao.labour).toBe(3);
    expect(householdDifficulty({ ...single, category: 'dibao', members: [] }).labour).toBe(7);
  });

  const facts: fc.Arbitrary<DifficultyFacts> = fc.record({
    category: fc.constantFrom('general', 'dibao', 'wubao'),
    size: fc.integer({ min: 1, max: 8 }),
    perCapitaFen: fc.option(fc.integer({ min: -200000, max: 800000 }), { nil: null }),
    povertyLineFen: fc.option(fc.integer({ min: 1, max: 600000 }), { nil: null }),
    members: fc.array(
      fc.record({
        laborSkill: fc.constantFrom('ordinary', 'skilled', 'lost', 'none', null),
        health: fc.constantFrom('healthy', 'chronic', 'serious', 'disabled', null),
      }),
      { maxLength: 8 },
    ),
  });

  it('stays within its parts and adds them up', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const d = householdDifficulty(f);
        expect(d.score).toBe(d.income + d.labour + d.health);
        expect(d.income).toBeGreaterThanOrEqual(0);
        expect(d.income).toBeLessThanOrEqual(40);
        expect(d.labour).toBeGreaterThanOrEqual(0);
        expect(d.labour).toBeLessThanOrEqual(30);
        expect(d.health).toBeGreaterThanOrEqual(0);
        expect(d.health).toBeLessThanOrEqual(30);
        for (const part of [d.score, d.income, d.labour, d.health]) expect(Number.isInteger(part)).toBe(true);
        expect(d.floor).toBe(f.category !== 'general');
        if (d.floor) expect(d.income).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('is never harder with more income', () => {
    fc.assert(
      fc.property(facts, fc.integer({ min: -200000, max: 800000 }), fc.nat(300000), (f, income, more) => {
        const poorer = householdDifficulty({ ...f, perCapitaFen: income });
        const richer = householdDifficulty({ ...f, perCapitaFen: income + more });
        expect(richer.income).toBeLessThanOrEqual(poorer.income);
        expect(richer.score).toBeLessThanOrEqual(poorer.score);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses money that is not integer fen', () => {
    expect(() => householdDifficulty({ ...base, perCapitaFen: 1.5 })).toThrow(/整数/);
    expect(() => householdDifficulty({ ...base, povertyLineFen: Number.NaN })).toThrow(/整数/);
  });
});

describe('DIFFICULTY_RULES', () => {
  const text = (part: string) => DIFFICULTY_RULES.find((r) => r.part === part)?.text ?? '';

  it('has one line per part, in Chinese', () => {
    expect(DIFFICULTY_RULES.map((r) => r.part)).toEqual(['收入', '劳动力', '健康', '兜底', '总分']);
    for (const rule of DIFFICULTY_RULES) expect(rule.text).toMatch(CHINESE);
  });

  it('states the numbers householdDifficulty uses', () => {
    const line = 320000;
    const f = (over: Partial<DifficultyFacts>): DifficultyFacts => ({
      category: 'general',
      size: 1,
      perCapitaFen: line,
      povertyLineFen: line,
      members: [{ laborSkill: 'ordinary', health: null }],
      ...over,
    });

    // 收入: range, unknown, and the worked example at 75 % of the line.
    expect(text('收入')).toMatch(/^0—40分/);
    expect(text('收入')).toContain('40×(1−人均纯收入÷扶贫标准)');
    const unknown = Number(/未知记(\d+)分/.exec(text('收入'))![1]);
    expect(householdDifficulty(f({ perCapitaFen: null })).income).toBe(unknown);
    const incomeExample = Number(/75% 记 40×25% = (\d+) 分/.exec(text('收入'))![1]);
    expect(householdDifficulty(f({ perCapitaFen: (line * 3) / 4 })).income).toBe(incomeExample);
    expect(householdDifficulty(f({ perCapitaFen: 0 })).income).toBe(Number(/零或负数记(\d+)分/.exec(text('收入'))![1]));

    // 劳动力: share × 20, +10 with no worker, 15 with no member rows, and the worked example.
    expect(text('劳动力')).toMatch(/^0—30分/);
    const share = Number(/比例×(\d+)/.exec(text('劳动力'))![1]);
    const noWorker = Number(/再加(\d+)分/.exec(text('劳动力'))![1]);
    const noRows = Number(/没有成员记录记(\d+)分/.exec(text('劳动力'))![1]);
    expect(householdDifficulty(f({ members: [{ laborSkill: 'lost', health: null }] })).labour).toBe(share + noWorker);
    expect(householdDifficulty(f({ members: [] })).labour).toBe(noRows);
    const labourExample = Number(/≈(\d+) 分/.exec(text('劳动力'))![1]);
    const lostOfThree = [{ laborSkill: 'lost', health: null }, { laborSkill: 'ordinary', health: null }, { laborSkill: 'ordinary', health: null }];
    expect(householdDifficulty(f({ members: lostOfThree })).labour).toBe(labourExample);

    // 健康
    const [serious, chronic, cap] = /患有大病或残疾的成员加(\d+)分，每位长期慢性病成员加(\d+)分，合计最多(\d+)分/
      .exec(text('健康'))!
      .slice(1)
      .map(Number);
    const health = (states: string[]) => householdDifficulty(f({ members: states.map((h) => ({ laborSkill: 'ordinary', health: h })) })).health;
    expect(health(['serious'])).toBe(serious);
    expect(health(['disabled'])).toBe(serious);
    expect(health(['chronic'])).toBe(chronic);
    expect(health(['serious', 'serious', 'serious', 'serious'])).toBe(cap);

    // 兜底 and 总分
    expect(text('兜底')).toContain('收入部分记0分');
    expect(text('兜底')).toContain('减半（向下取整）');
    expect(text('总分')).toContain('0—100分');
  });
});

// =============================================================================================

/** The office-shaped data set: 21 villages, 1097 households, 2469 people (DOMAIN.md), fictitious. */
function officeDataSet(seed = 2015): PlanInput {
  const random = rng(seed);
  const line = 320000;
  const groups: { category: string; households: number; people: number; maxSize: number }[] = [
    { category: 'wubao', households: 46, people: 46, maxSize: 1 },
    { category: 'dibao', households: 536, people: 892, maxSize: 5 },
    { category: 'general', households: 515, people: 1531, maxSize: 7 },
  ];
  const villages = Array.from({ length: 21 }, (_, i) => village(i + 1));
  // Villages of unequal size: each gets a weight, households are drawn by weight.
  const weights = villages.map(() => 0.5 + random() * 1.5);
  const weightSum = sum(weights);
  const pickVillage = () => {
    let r = random() * weightSum;
    for (let i = 0; i < weights.length; i++) if ((r -= weights[i]) <= 0) return i + 1;
    return weights.length;
  };
  const households: PlanInputHousehold[] = [];
  const perVillage = new Map<number, number>();
  for (const g of groups) {
    const sizes = new Array<number>(g.households).fill(1);
    for (let extra = g.people - g.households; extra > 0; ) {
      const i = Math.floor(random() * sizes.length);
      if (sizes[i] < g.maxSize) {
        sizes[i]++;
        extra--;
      }
    }
    for (const size of sizes) {
      const members = Array.from({ length: size }, () => ({
        laborSkill: ['ordinary', 'ordinary', 'skilled', 'lost', 'none'][Math.floor(random() * 5)],
        health: ['healthy', 'healthy', 'healthy', 'chronic', 'serious', 'disabled'][Math.floor(random() * 6)],
      }));
      const d = householdDifficulty({
        category: g.category,
        size,
        perCapitaFen: Math.floor(random() * 1.4 * line),
        povertyLineFen: line,
        members,
      });
      const v = pickVillage();
      const n = (perVillage.get(v) ?? 0) + 1;
      perVillage.set(v, n);
      households.push(household(v, n, size, d.score));
    }
  }
  return { households, villages, quotas: defaultQuotas(2469, 21) };
}

describe('autoPlan', () => {
  it('plans the office-shaped data set: 21 villages, 1097 households, 2469 people', () => {
    const input = officeDataSet();
    expect(input.households).toHaveLength(1097);
    expect(sum(input.households.map((h) => h.people))).toBe(2469);
    expect(input.households.filter((h) => h.people === 1).length).toBeGreaterThanOrEqual(46);
    const result = autoPlan(input);
    expectValidPlan(input, result);
    const check = checked(input, result);
    expect(check.years.map((y) => y.people.planned)).toEqual([741, 1234, 494]);
    expect(check.years.map((y) => y.villages.planned)).toEqual([6, 9, 6]);
    // Easy first: the households of 2016 are on average easier than those of 2018.
    const mean = (year: number) => {
      const hs = input.households.filter((h) => result.households.get(h.id) === year);
      return sum(hs.map((h) => h.difficulty * h.people)) / sum(hs.map((h) => h.people));
    };
    expect(mean(2016)).toBeLessThan(mean(2017));
    expect(mean(2017)).toBeLessThan(mean(2018));
  });

  it('keeps the years of households and villages already out of poverty', () => {
    const input = officeDataSet(7);
    // Households already exited in 2016 (a quarter of village 3's, all of village 5's with the village).
    const fixed: PlanInput = {
      ...input,
      households: input.households.map((h, i) =>
        h.villageId === 'v5' || (h.villageId === 'v3' && i % 4 === 0) ? { ...h, fixedYear: 2016 } : h,
      ),
      villages: input.villages.map((v) => (v.id === 'v5' ? { ...v, fixedYear: 2016 } : v)),
    };
    expectValidPlan(fixed, autoPlan(fixed));
  });

  it('takes easy villages and households first', () => {
    // Three villages of ten one-person households: easy (0–9), middling (50–59), hard (90–99).
    const villages = [village(3), village(1), village(2)];
    const households = [1, 2, 3].flatMap((v) => Array.from({ length: 10 }, (_, n) => household(v, n + 1, 1, [0, 50, 90][v - 1] + n)));
    const input = { households, villages, quotas: { years: [2016, 2017, 2018], people: [12, 10, 8], villages: [1, 1, 1] } };
    const result = autoPlan(input);
    expectValidPlan(input, result);
    expect([...result.villages.entries()]).toEqual([
      ['v1', 2016],
      ['v2', 2017],
      ['v3', 2018],
    ]);
    // 2018 the eight hardest; 2017 the rest of village 3 (it cannot wait) and the hardest of village 2.
    const byYear = (year: number) => households.filter((h) => result.households.get(h.id) === year).map((h) => h.difficulty);
    expect(byYear(2018)).toEqual([92, 93, 94, 95, 96, 97, 98, 99]);
    expect(byYear(2017)).toEqual([52, 53, 54, 55, 56, 57, 58, 59, 90, 91]);
    expect(byYear(2016)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 50, 51]);
  });

  it('takes the smaller village first when the easier one would break a later year', () => {
    // Village 1 is easiest but has 8 people; 2016 allows 5, so village 2 (5 people) goes first.
    const villages = [village(1), village(2), village(3)];
    const households = [
      ...Array.from({ length: 8 }, (_, n) => household(1, n + 1, 1, 0)),
      ...Array.from({ length: 5 }, (_, n) => household(2, n + 1, 1, 40)),
      ...Array.from({ length: 7 }, (_, n) => household(3, n + 1, 1, 80)),
    ];
    const input = { households, villages, quotas: { years: [2016, 2017, 2018], people: [5, 8, 7], villages: [1, 1, 1] } };
    const result = autoPlan(input);
    expectValidPlan(input, result);
    expect([...result.villages.entries()]).toEqual([
      ['v1', 2017],
      ['v2', 2016],
      ['v3', 2018],
    ]);
  });

  it('orders households of equal difficulty by code', () => {
    const villages = [village(1)];
    const households = Array.from({ length: 6 }, (_, n) => household(1, n + 1, 1, 10));
    const input = { households, villages, quotas: { years: [2016, 2017], people: [2, 4], villages: [0, 1] } };
    const result = autoPlan(input);
    expectValidPlan(input, result);
    expect(households.filter((h) => result.households.get(h.id) === 2016).map((h) => h.id)).toEqual(['h1-1', 'h1-2']);
  });

  it('reaches a quota exactly with a mix of sizes when taking the hardest first would overshoot', () => {
    // One village, 2018: sizes 4,4,4 (hard) and 3,3 (easy); 2018 needs 6 = 3 + 3, not a 4.
    const villages = [village(1)];
    const households = [household(1, 1, 4, 90), household(1, 2, 4, 80), household(1, 3, 4, 70), household(1, 4, 3, 20), household(1, 5, 3, 10)];
    const input = { households, villages, quotas: { years: [2016, 2017, 2018], people: [8, 4, 6], villages: [0, 0, 1] } };
    const result = autoPlan(input);
    expectValidPlan(input, result);
    expect(result.households.get('h1-4')).toBe(2018);
    expect(result.households.get('h1-5')).toBe(2018);
    expect(result.households.get('h1-1')).toBe(2017); // the hardest 4 left
  });

  it('never takes households a later year needs for an earlier one: it backtracks to another mix', () => {
    // 2018 may take only village 3's households and needs 2 people. Taking its two hardest
    // (one person each) would leave 2017 with 2-person households only, and 2017 needs 3; so
    // 2018 takes village 3's 2-person household instead, and 2017 and 2016 come out exactly.
    const villages = [village(1), village(2), village(3)];
    const households = [household(1, 1, 1, 20), household(2, 1, 2, 30), household(3, 1, 1, 90), household(3, 2, 1, 80), household(3, 3, 2, 10)];
    const input = { households, villages, quotas: { years: [2016, 2017, 2018], people: [2, 3, 2], villages: [1, 1, 1] } };
    const result = autoPlan(input);
    expectValidPlan(input, result);
    expect(checked(input, result).ok).toBe(true);
    expect([...result.villages.entries()]).toEqual([
      ['v1', 2016],
      ['v2', 2017],
      ['v3', 2018],
    ]);
    expect([...result.households.entries()]).toEqual([
      ['h1-1', 2016],
      ['h2-1', 2017],
      ['h3-1', 2017], // the harder of village 3's one-person households goes later
      ['h3-2', 2016],
      ['h3-3', 2018],
    ]);
  });

  it('moves a village to another year when the first choice of villages leaves no exact split', () => {
    // 2018 needs 1 person, and only village 2 has a one-person household; by ease the villages
    // would go 1, 2, 3, leaving 2018 with village 3's 2-person households only. Village 2 goes
    // last instead, village 3 a year earlier, and village 1 keeps its year.
    const villages = [village(1), village(2), village(3)];
    const households = [household(1, 1, 2, 10), household(2, 1, 1, 50), household(2, 2, 2, 50), household(3, 1, 2, 90), household(3, 2, 2, 90)];
    const input = { households, villages, quotas: { years: [2016, 2017, 2018], people: [4, 4, 1], villages: [1, 1, 1] } };
    const result = autoPlan(input);
    expectValidPlan(input, result);
    expect([...result.villages.entries()]).toEqual([
      ['v1', 2016],
      ['v2', 2018],
      ['v3', 2017],
    ]);
    expect([...result.households.entries()]).toEqual([
      ['h1-1', 2016],
      ['h2-1', 2018],
      ['h2-2', 2016],
      ['h3-1', 2017],
      ['h3-2', 2017],
    ]);
  });

  it('refuses a plan whose quotas do not add up to the people', () => {
    const input = officeDataSet();
    const result = autoPlan({ ...input, quotas: { ...input.quotas, people: [720, 1200, 480] } });
    expect(result).toEqual({ ok: false, constraint: 'people', year: null, message: '计划各年脱贫人数之和 2400 不等于总人数 2469' });
    const villagesOff = autoPlan({ ...input, quotas: { ...input.quotas, villages: [6, 9, 5] } });
    expect(villagesOff).toMatchObject({ ok: false, constraint: 'villages', year: null });
  });

  it('refuses when one village holds more people than its exit year allows', () => {
    // The only village must be 出列 in 2016 (village quota 1/0/0), taking all 100 people with it.
    const villages = [village(1)];
    const households = Array.from({ length: 50 }, (_, n) => household(1, n + 1, 2, n));
    const quotas = planQuotas({ people: 100, villages: 1 }, { people: DEFAULT_PEOPLE_PERCENTS, villages: [100, 0, 0] });
    expect(autoPlan({ households, villages, quotas })).toEqual({
      ok: false,
      constraint: 'villageRule',
      year: 2016,
      message: '2016年：随村出列必须脱贫的 100 人已超过该年计划 30 人',
    });
  });

  it('refuses when the village quota forces a huge village out too early', () => {
    // 90 of 100 people in one village; the villages go 1 in 2016 and 1 in 2017, so by 2017 all 100
    // must be out but 2016–2017 plan only 80.
    const villages = [village(1), village(2)];
    const households = [
      ...Array.from({ length: 45 }, (_, n) => household(1, n + 1, 2, 10)),
      ...Array.from({ length: 10 }, (_, n) => household(2, n + 1, 1, 50)),
    ];
    const quotas = planQuotas({ people: 100, villages: 2 }, { people: DEFAULT_PEOPLE_PERCENTS, villages: [50, 50, 0] });
    const result = autoPlan({ households, villages, quotas });
    expect(result).toEqual({
      ok: false,
      constraint: 'villageRule',
      year: 2017,
      message: '2017年：到该年底随村出列必须脱贫的累计 100 人已超过 2016—2017年累计计划 80 人',
    });
  });

  it('refuses when the sizes left cannot make a year exactly', () => {
    const villages = [village(1)];
    const households = [household(1, 1, 2, 1), household(1, 2, 2, 2), household(1, 3, 2, 3)];
    const result = autoPlan({ households, villages, quotas: { years: [2016, 2017, 2018], people: [3, 3, 0], villages: [0, 0, 1] } });
    expect(result).toEqual({ ok: false, constraint: 'people', year: 2017, message: '2017年：剩余各户的人数无法恰好凑成计划的 3 人' });
  });

  it('refuses settled years that break the quotas or the village rule', () => {
    const villages = [village(1), village(2)];
    const quotas: PlanQuotas = { years: [2016, 2017, 2018], people: [2, 2, 2], villages: [1, 0, 1] };
    const hs = (y1: number | null, y2: number | null) => [
      household(1, 1, 1, 1, y1),
      household(1, 2, 1, 1),
      household(1, 3, 1, 1),
      household(2, 1, 1, 1, y2),
      household(2, 2, 1, 1),
      household(2, 3, 1, 1),
    ];
    // Outside the plan's years.
    expect(autoPlan({ households: hs(2019, null), villages, quotas })).toMatchObject({ ok: false, constraint: 'fixed', year: 2019 });
    // A household settled after its village's settled year.
    expect(
      autoPlan({ households: hs(2018, null), villages: [village(1, 2016), village(2)], quotas }),
    ).toMatchObject({ ok: false, constraint: 'fixed', year: 2018 });
    // More settled people in 2016 than its quota.
    const crowded = [...hs(2016, 2016), household(2, 4, 5, 1, 2016)];
    const crowdedResult = autoPlan({ households: crowded, villages, quotas: { ...quotas, people: [2, 2, 7] } });
    expect(crowdedResult).toMatchObject({ ok: false, constraint: 'fixed', year: 2016 });
    // Both villages have a household settled in 2018, so neither can be 出列 in 2016.
    const late = autoPlan({ households: hs(2018, 2018), villages, quotas });
    expect(late).toMatchObject({ ok: false, constraint: 'villages', year: 2016 });
    for (const r of [crowdedResult, late]) if (!r.ok) expect(r.message).toMatch(CHINESE);
  });

  it('refuses malformed input outright', () => {
    const quotas: PlanQuotas = { years: [2016], people: [1], villages: [1] };
    expect(() => autoPlan({ households: [household(9, 1, 1, 0)], villages: [village(1)], quotas })).toThrow(/不在村列表/);
    expect(() => autoPlan({ households: [household(1, 1, 1, 0), household(1, 1, 1, 0)], villages: [village(1)], quotas })).toThrow(/重复/);
    expect(() => autoPlan({ households: [household(1, 1, 1.5, 0)], villages: [village(1)], quotas })).toThrow(/人数/);
    expect(() => autoPlan({ households: [], villages: [village(1)], quotas: { years: [2016], people: [0], villages: [1, 0] } })).toThrow();
  });

  // ---- properties ----

  const years = [2016, 2017, 2018];
  const size = fc.oneof(
    { arbitrary: fc.constant(1), weight: 5 },
    { arbitrary: fc.constant(2), weight: 4 },
    { arbitrary: fc.integer({ min: 3, max: 4 }), weight: 3 },
    { arbitrary: fc.integer({ min: 5, max: 8 }), weight: 1 },
  );
  const settled = (weight: number) =>
    fc.oneof({ arbitrary: fc.constant(null), weight }, { arbitrary: fc.constantFrom(...years), weight: 1 });
  const dataSet = fc
    .record({
      villages: fc.array(settled(12), { minLength: 1, maxLength: 30 }),
      households: fc.array(
        fc.record({ village: fc.nat(), people: size, difficulty: fc.integer({ min: 0, max: 100 }), fixedYear: settled(15) }),
        { minLength: 1, maxLength: 400 },
      ),
    })
    .map(({ villages: vs, households: hs }): PlanInput => {
      const villages = vs.map((fixedYear, i) => village(i + 1, fixedYear));
      const counters = new Array<number>(vs.length).fill(0);
      const households = hs.map((h) => {
        const v = h.village % vs.length;
        const villageYear = vs[v];
        // Settled years are consistent: never after the village's own settled year.
        const fixedYear = h.fixedYear !== null && villageYear !== null && h.fixedYear > villageYear ? villageYear : h.fixedYear;
        return household(v + 1, ++counters[v], h.people, h.difficulty, fixedYear);
      });
      return { households, villages, quotas: defaultQuotas(sum(households.map((h) => h.people)), villages.length) };
    });

  it('returns either a plan that passes checkPlan and keeps settled years, or a Chinese reason', () => {
    let plans = 0;
    fc.assert(
      fc.property(dataSet, (input) => {
        const result = autoPlan(input);
        if (result.ok) {
          plans++;
          expectValidPlan(input, result);
        } else {
          expect(['people', 'villages', 'villageRule', 'fixed']).toContain(result.constraint);
          expect(result.message).toMatch(CHINESE);
          if (result.year !== null) expect(result.message).toContain(String(result.year));
        }
      }),
      { numRuns: 200 },
    );
    expect(plans).toBeGreaterThan(20); // the generator is not all infeasible
  });

  it('finds a plan exactly when one exists, for one-person households with nothing settled', () => {
    // With every household of one person, the only obstacle is the village rule, and the test
    // for it is exact: for each year, the smallest villages that must be out by then fit the
    // cumulative people quota.
    fc.assert(
      fc.property(fc.array(fc.nat(40), { minLength: 1, maxLength: 30 }), fc.nat(), (villageSizes, seed) => {
        const random = rng(seed);
        const villages = villageSizes.map((_, i) => village(i + 1));
        const households = villageSizes.flatMap((n, v) => Array.from({ length: n }, (_, i) => household(v + 1, i + 1, 1, Math.floor(random() * 100))));
        const quotas = defaultQuotas(households.length, villages.length);
        const sorted = [...villageSizes].sort((a, b) => a - b);
        let cumVillages = 0;
        let cumPeople = 0;
        const feasible = quotas.years.every((_, j) => {
          cumVillages += quotas.villages[j];
          cumPeople += quotas.people[j];
          return sum(sorted.slice(0, cumVillages)) <= cumPeople;
        });
        const input = { households, villages, quotas };
        const result = autoPlan(input);
        expect(result.ok).toBe(feasible);
        if (result.ok) expectValidPlan(input, result);
        else expect(result.constraint).toBe('villageRule');
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same plan whatever the order of the input', () => {
    fc.assert(
      fc.property(dataSet, fc.nat(), (input, seed) => {
        const random = rng(seed);
        const again = { ...input, households: shuffled(input.households, random), villages: shuffled(input.villages, random) };
        const a = autoPlan(input);
        const b = autoPlan(again);
        if (a.ok && b.ok) {
          expect([...b.households.entries()]).toEqual([...a.households.entries()]);
          expect([...b.villages.entries()]).toEqual([...a.villages.entries()]);
        } else expect(b).toEqual(a);
      }),
      { numRuns: 100 },
    );
    const office = officeDataSet();
    const a = autoPlan(office);
    const b = autoPlan({ ...office, households: shuffled(office.households, rng(1)), villages: shuffled(office.villages, rng(2)) });
    expect(b).toEqual(a);
  });

  /**
   * Every plan there is, by brute force: each village in each year, then each household in each
   * year (settled years as given). Branches are cut only where checkPlan would refuse every plan
   * below them (a year over its quota, a household later than its village); checkPlan judges
   * each complete plan.
   */
  function somePlanExists(input: PlanInput): boolean {
    const { households: hs, villages: vs, quotas } = input;
    const peopleLeft = [...quotas.people];
    const villagesLeft = [...quotas.villages];
    const vYear = new Map<string, number>();
    const hYear: number[] = [];
    const yearsOf = (fixed: number | null | undefined) => (fixed == null ? quotas.years : [fixed]);
    const villagesFrom = (i: number): boolean => {
      if (i === vs.length) return householdsFrom(0);
      for (const year of yearsOf(vs[i].fixedYear)) {
        const k = quotas.years.indexOf(year);
        if (k < 0 || villagesLeft[k] === 0) continue;
        villagesLeft[k]--;
        vYear.set(vs[i].id, year);
        const found = villagesFrom(i + 1);
        villagesLeft[k]++;
        if (found) return true;
      }
      return false;
    };
    const householdsFrom = (i: number): boolean => {
      if (i === hs.length) {
        return checkPlan({
          households: hs.map((h, n) => ({ id: h.id, villageId: h.villageId, people: h.people, year: hYear[n] })),
          villages: vs.map((v) => ({ id: v.id, year: vYear.get(v.id)! })),
          quotas,
        }).ok;
      }
      for (const year of yearsOf(hs[i].fixedYear)) {
        const k = quotas.years.indexOf(year);
        if (k < 0 || peopleLeft[k] < hs[i].people || year > vYear.get(hs[i].villageId)!) continue;
        peopleLeft[k] -= hs[i].people;
        hYear[i] = year;
        const found = householdsFrom(i + 1);
        peopleLeft[k] += hs[i].people;
        if (found) return true;
      }
      return false;
    };
    return villagesFrom(0);
  }

  /** n split into three parts at two cuts. */
  const split = (n: number, a: number, b: number) => {
    const [x, y] = [a % (n + 1), b % (n + 1)].sort((p, q) => p - q);
    return [x, y - x, n - y];
  };
  const smallDataSet = fc
    .record({
      villages: fc.array(settled(5), { minLength: 2, maxLength: 4 }),
      households: fc.array(
        fc.record({
          village: fc.nat(),
          people: fc.integer({ min: 1, max: 4 }),
          difficulty: fc.integer({ min: 0, max: 100 }),
          fixedYear: settled(7),
        }),
        { minLength: 1, maxLength: 9 },
      ),
      quotas: fc.oneof(
        { arbitrary: fc.constant(null), weight: 1 }, // the office's percents
        { arbitrary: fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), weight: 3 },
      ),
    })
    .map(({ villages: vs, households: hs, quotas: cuts }): PlanInput => {
      const villages = vs.map((fixedYear, i) => village(i + 1, fixedYear));
      const counters = new Array<number>(vs.length).fill(0);
      const households = hs.map((h) => {
        const v = h.village % vs.length;
        return household(v + 1, ++counters[v], h.people, h.difficulty, h.fixedYear);
      });
      const people = sum(households.map((h) => h.people));
      const quotas =
        cuts === null
          ? defaultQuotas(people, villages.length)
          : { years, people: split(people, cuts[0], cuts[1]), villages: split(villages.length, cuts[2], cuts[3]) };
      return { households, villages, quotas };
    });

  it('finds a plan exactly when one exists, against brute force on small mixed data sets', () => {
    const seen = { plans: 0, none: 0 };
    fc.assert(
      fc.property(smallDataSet, fc.nat(), (input, seed) => {
        const exists = somePlanExists(input);
        const result = autoPlan(input);
        expect(result.ok).toBe(exists);
        if (result.ok) {
          seen.plans++;
          expectValidPlan(input, result);
        } else {
          seen.none++;
          expect(result.message).toMatch(CHINESE);
          if (result.year !== null) expect(result.message).toContain(String(result.year));
        }
        // And the same answer whatever the order of the input.
        const random = rng(seed);
        const again = autoPlan({ ...input, households: shuffled(input.households, random), villages: shuffled(input.villages, random) });
        if (result.ok && again.ok) {
          expect([...again.households.entries()]).toEqual([...result.households.entries()]);
          expect([...again.villages.entries()]).toEqual([...result.villages.entries()]);
        } else expect(again).toEqual(result);
      }),
      { numRuns: 200 },
    );
    // The generator gives both kinds in numbers.
    expect(seen.plans).toBeGreaterThan(15);
    expect(seen.none).toBeGreaterThan(15);
  });

  it('plans 100,000 households', () => {
    const random = rng(100000);
    const villages = Array.from({ length: 400 }, (_, i) => ({ id: `v${i}`, code: `V${String(i).padStart(4, '0')}` }));
    const households: PlanInputHousehold[] = Array.from({ length: 100000 }, (_, i) => {
      const r = random();
      const people = r < 0.35 ? 1 : r < 0.65 ? 2 : r < 0.85 ? 3 : r < 0.95 ? 4 : 5 + Math.floor(random() * 4);
      const v = Math.floor(random() * villages.length);
      return { id: `h${i}`, code: `H${String(i).padStart(6, '0')}`, villageId: `v${v}`, people, difficulty: Math.floor(random() * 101) };
    });
    const input = { households, villages, quotas: defaultQuotas(sum(households.map((h) => h.people)), villages.length) };
    expectValidPlan(input, autoPlan(input));
  });
});
