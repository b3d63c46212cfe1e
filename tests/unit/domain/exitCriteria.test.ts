// The exit standards: each criterion passes or says what is missing; the household's income is
// compared with the line of the exit year on integers; the village's with 70 % of the province's
// without rounding. Everyone here is fictitious.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { householdExitCriteria, NINE_HAVES, unmet, villageExitCriteria, type HouseholdExitFacts, type VillageExitFacts } from '../../../shared/domain/exitCriteria';
import { INCOME_COMPONENT_KEYS, type IncomeComponents } from '../../../shared/domain/income';
import { isCompulsorySchoolAge, missesCompulsorySchool } from '../../../shared/domain/schooling';

const zero = Object.fromEntries(INCOME_COMPONENT_KEYS.map((k) => [k, 0])) as IncomeComponents;

const household = (over: Partial<HouseholdExitFacts> = {}): HouseholdExitFacts => ({
  year: 2016,
  povertyLineFen: 310_000,
  incomeYear: 2016,
  income: { ...zero, wage: 700_000 },
  declaredPerCapita: null,
  size: 2,
  drinkingSafe: true,
  drinkingDifficulty: false,
  dangerousHouse: false,
  members: [
    { name: '甲', age: 50, schoolStatus: 'none', medicalInsurance: true },
    { name: '乙', age: 12, schoolStatus: 'grade7', medicalInsurance: true },
  ],
  ...over,
});

const haves = (value: boolean) => Object.fromEntries(NINE_HAVES.map((h) => [h.key, value])) as VillageExitFacts['haves'];

describe('household exit criteria', () => {
  it('all pass for a household above the line with a wage, safe water and housing, insurance and school', () => {
    const c = householdExitCriteria(household());
    expect(unmet(c)).toEqual([]);
    expect(c.find((x) => x.key === 'income')!.detail).toBe('人均纯收入 3,500.00 元，2016年扶贫标准 3,100.00 元');
    expect(c.find((x) => x.key === 'incomeSource')!.detail).toBe('工资性收入');
  });

  it('says what each failing criterion misses', () => {
    const c = householdExitCriteria(
      household({
        income: { ...zero, transferEco: 100_000 },
        incomeYear: 2015,
        drinkingSafe: false,
        drinkingDifficulty: true,
        dangerousHouse: true,
        members: [
          { name: '甲', age: 50, schoolStatus: null, medicalInsurance: false },
          { name: '乙', age: 9, schoolStatus: 'none', medicalInsurance: true },
        ],
      }),
    );
    expect(Object.fromEntries(c.map((x) => [x.key, x.passed ? 'ok' : x.detail]))).toEqual({
      income: '人均纯收入 500.00 元（按 2015 年收入），2016年扶贫标准 3,100.00 元，还差 2,600.01 元',
      incomeSource: '没有工资性收入、生产经营性收入、资产收益分红、养老金、低保金、特困供养金中的任何一项',
      water: '饮水不安全、饮水困难',
      housing: '住房为危房',
      medical: '未参加新农合/居民医保：甲',
      education: '义务教育年龄未在校：乙（9岁）',
    });
  });

  it('uses the declared figure when there are no components, and names a missing line or income', () => {
    expect(householdExitCriteria(household({ income: zero, declaredPerCapita: 320_000 }))[0].passed).toBe(true);
    expect(householdExitCriteria(household({ povertyLineFen: null }))[0].detail).toBe('2016年扶贫标准尚未设置（在“脱贫计划”页的年度标准中添加该年并填写）');
    expect(householdExitCriteria(household({ income: null, incomeYear: null }))[0].detail).toBe('没有 2016 年或此前的收入记录');
  });

  it('passes the income criterion exactly when the per-capita income is above the line', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 1_000_000 }), (wage, size, line) => {
        const c = householdExitCriteria(household({ income: { ...zero, wage }, size, povertyLineFen: line }))[0];
        const perCapita = Math.round(wage / size);
        return c.passed === perCapita > line;
      }),
    );
  });
});

describe('compulsory schooling', () => {
  it('covers 7 to 15', () => {
    expect([6, 7, 15, 16].map(isCompulsorySchoolAge)).toEqual([false, true, true, false]);
    expect(missesCompulsorySchool(10, null)).toBe(true);
    expect(missesCompulsorySchool(10, 'primary')).toBe(false);
    expect(missesCompulsorySchool(16, 'none')).toBe(false);
  });
});

describe('village exit criteria', () => {
  const village = (over: Partial<VillageExitFacts> = {}): VillageExitFacts => ({
    year: 2016,
    households: 40,
    exitedHouseholds: 40,
    perCapitaIncomeFen: 900_000,
    provincialIncomeFen: 1_272_500,
    collectiveIncomeFen: 10_000_000,
    haves: haves(true),
    ...over,
  });

  it('all pass at the thresholds: every household out, 70 % of the province, 100,000 yuan, nine haves', () => {
    expect(unmet(villageExitCriteria(village({ perCapitaIncomeFen: 890_750 })))).toEqual([]);
  });

  it('says what is missing', () => {
    const c = villageExitCriteria(village({ exitedHouseholds: 37, perCapitaIncomeFen: 890_749, collectiveIncomeFen: 9_999_999, haves: { ...haves(true), hasBroadband: false, hasPipedWater: false } }));
    expect(Object.fromEntries(c.map((x) => [x.key, x.passed ? 'ok' : x.detail]))).toEqual({
      households: '还有 3 户未脱贫（共 40 户）',
      income: '本村 8,907.49 元，需达到 8,907.50 元',
      collective: '2016年集体经济收入 99,999.99 元',
      haves: '还缺：安全饮水入户、广播电视和宽带入户',
    });
  });

  it('names figures not entered yet', () => {
    const c = villageExitCriteria(village({ perCapitaIncomeFen: null, collectiveIncomeFen: null, provincialIncomeFen: 1 }));
    expect(c.find((x) => x.key === 'income')!.detail).toBe('尚未填写本村 2016 年人均可支配收入');
    expect(c.find((x) => x.key === 'collective')!.detail).toBe('尚未填写本村 2016 年集体经济收入');
  });
});
