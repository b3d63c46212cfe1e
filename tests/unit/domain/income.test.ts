import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DECLARED_INCOME_TOLERANCE_FEN,
  INCOME_COMPONENT_KEYS,
  declaredIncomeGap,
  hasIncomeComponents,
  netIncomeFen,
  perCapitaNetFen,
  type IncomeComponents,
} from '../../../shared/domain/income';

const zero: IncomeComponents = {
  wage: 0,
  business: 0,
  propertyDividend: 0,
  propertyOther: 0,
  transferFamilyPlanning: 0,
  transferDibao: 0,
  transferWubao: 0,
  transferPension: 0,
  transferEco: 0,
  transferOther: 0,
  businessCost: 0,
};

// A fictitious 3-person household: 16,200 yuan net, 5,400 yuan a head.
const sample: IncomeComponents = {
  wage: 1200000,
  business: 500000,
  propertyDividend: 30000,
  propertyOther: 20000,
  transferFamilyPlanning: 10000,
  transferDibao: 40000,
  transferWubao: 1000,
  transferPension: 15000,
  transferEco: 5000,
  transferOther: 2000,
  businessCost: 203000,
};

const components = fc.record(
  Object.fromEntries(INCOME_COMPONENT_KEYS.map((k) => [k, fc.nat(5_000_000)])) as Record<
    keyof IncomeComponents,
    fc.Arbitrary<number>
  >,
);

describe('INCOME_COMPONENT_KEYS', () => {
  it('lists the eleven columns of the national form once each', () => {
    expect(INCOME_COMPONENT_KEYS).toHaveLength(11);
    expect(new Set(INCOME_COMPONENT_KEYS).size).toBe(11);
    expect(Object.keys(zero).sort()).toEqual([...INCOME_COMPONENT_KEYS].sort());
  });
});

describe('netIncomeFen', () => {
  it('adds wage, business, both property kinds and all six transfer kinds, less business costs', () => {
    // 1,200,000 + 500,000 + (30,000 + 20,000) + (10,000 + 40,000 + 1,000 + 15,000 + 5,000 + 2,000) − 203,000
    expect(netIncomeFen(sample)).toBe(1620000);
    expect(netIncomeFen(zero)).toBe(0);
    expect(netIncomeFen({ ...zero, businessCost: 500 })).toBe(-500);
  });

  it('counts every component once, with costs subtracted', () => {
    for (const key of INCOME_COMPONENT_KEYS) {
      expect(netIncomeFen({ ...zero, [key]: 7 }), key).toBe(key === 'businessCost' ? -7 : 7);
    }
  });
});

describe('perCapitaNetFen', () => {
  it('divides the net income by the household size', () => {
    expect(perCapitaNetFen(sample, 3)).toBe(540000);
    expect(perCapitaNetFen(sample, 1)).toBe(1620000);
  });

  it('rounds to the nearest fen, halves away from zero', () => {
    expect(perCapitaNetFen({ ...zero, wage: 100 }, 3)).toBe(33); // 33.33
    expect(perCapitaNetFen({ ...zero, wage: 200 }, 3)).toBe(67); // 66.67
    expect(perCapitaNetFen({ ...zero, wage: 5 }, 2)).toBe(3); // 2.5
    expect(perCapitaNetFen({ ...zero, wage: 7 }, 4)).toBe(2); // 1.75
    expect(perCapitaNetFen({ ...zero, wage: 6 }, 4)).toBe(2); // 1.5
    expect(perCapitaNetFen({ ...zero, wage: 5 }, 4)).toBe(1); // 1.25
    expect(perCapitaNetFen({ ...zero, businessCost: 5 }, 2)).toBe(-3); // −2.5
    expect(perCapitaNetFen({ ...zero, businessCost: 5 }, 4)).toBe(-1); // −1.25
    expect(Object.is(perCapitaNetFen({ ...zero, businessCost: 1 }, 3), 0)).toBe(true); // not −0
  });

  it('is exact where a float quotient would not be', () => {
    // (2^53 − 1) ÷ 3 = …330.33, but its nearest float is …330.5, which Math.round would lift to …331.
    const big = Number.MAX_SAFE_INTEGER;
    expect(big / 3).toBe(3002399751580330.5);
    expect(perCapitaNetFen({ ...zero, wage: big }, 3)).toBe(3002399751580330);
    expect(perCapitaNetFen({ ...zero, wage: big }, 7)).toBe(1286742750677284); // …284.43, float …284.5
    expect(perCapitaNetFen({ ...zero, wage: big }, 2)).toBe(4503599627370496); // a true half: away from zero
    expect(perCapitaNetFen({ ...zero, businessCost: big }, 3)).toBe(-3002399751580330);
  });

  it('matches the exact rounding on random incomes', () => {
    fc.assert(
      fc.property(components, fc.integer({ min: 1, max: 12 }), (c, size) => {
        const net = BigInt(netIncomeFen(c));
        const n = BigInt(size);
        const abs = net < 0n ? -net : net;
        const rounded = (2n * abs + n) / (2n * n);
        expect(perCapitaNetFen(c, size)).toBe(Number(net < 0n ? -rounded : rounded));
      }),
      { numRuns: 200 },
    );
  });

  it('is null for a household of no one', () => {
    expect(perCapitaNetFen(sample, 0)).toBeNull();
    expect(perCapitaNetFen(sample, -1)).toBeNull();
    expect(perCapitaNetFen(zero, 0)).toBeNull();
  });

  it('refuses components that are not integer fen, and sizes that are not whole', () => {
    expect(() => perCapitaNetFen({ ...zero, wage: 1.5 }, 1)).toThrow(/工资性收入.*整数/);
    expect(() => perCapitaNetFen({ ...zero, transferEco: Number.NaN }, 1)).toThrow(/生态补偿金/);
    expect(() => perCapitaNetFen({ ...zero, businessCost: 2 ** 53 }, 1)).toThrow(/生产经营性支出/);
    expect(() => perCapitaNetFen(zero, 1.5)).toThrow(/人口数/);
    expect(() => perCapitaNetFen(zero, Number.NaN)).toThrow(/人口数/);
  });
});

describe('hasIncomeComponents', () => {
  it('is false only when every component is zero', () => {
    expect(hasIncomeComponents(zero)).toBe(false);
    for (const key of INCOME_COMPONENT_KEYS) expect(hasIncomeComponents({ ...zero, [key]: 1 }), key).toBe(true);
  });

  it('refuses non-integers', () => {
    expect(() => hasIncomeComponents({ ...zero, propertyOther: 0.1 })).toThrow(/其他财产性收入/);
  });
});

describe('declaredIncomeGap', () => {
  // 3 people, computed 5,400.00 yuan a head.
  const computed = 540000;

  it('is a finding only past the 1-yuan tolerance, either way', () => {
    expect(DECLARED_INCOME_TOLERANCE_FEN).toBe(100);
    expect(declaredIncomeGap(computed, sample, 3)).toBeNull();
    expect(declaredIncomeGap(computed + 100, sample, 3)).toBeNull();
    expect(declaredIncomeGap(computed - 100, sample, 3)).toBeNull();
    expect(declaredIncomeGap(computed + 101, sample, 3)).toEqual({ declaredFen: computed + 101, computedFen: computed, gapFen: 101 });
    expect(declaredIncomeGap(computed - 101, sample, 3)).toEqual({ declaredFen: computed - 101, computedFen: computed, gapFen: -101 });
    expect(declaredIncomeGap(500000, sample, 3)).toEqual({ declaredFen: 500000, computedFen: computed, gapFen: -40000 });
  });

  it('compares with the rounded per-capita figure', () => {
    // 100 fen / 3 = 33.33 → 33: declared 134 is 101 above, 133 is within.
    expect(declaredIncomeGap(133, { ...zero, wage: 100 }, 3)).toBeNull();
    expect(declaredIncomeGap(134, { ...zero, wage: 100 }, 3)?.gapFen).toBe(101);
  });

  it('is null when there is nothing to compare', () => {
    expect(declaredIncomeGap(null, sample, 3)).toBeNull(); // nothing declared
    expect(declaredIncomeGap(999999, zero, 3)).toBeNull(); // only the declared figure, no components
    expect(declaredIncomeGap(999999, sample, 0)).toBeNull(); // no one in the household
  });

  it('agrees with |declared − computed| > tolerance on random data', () => {
    fc.assert(
      fc.property(components, fc.integer({ min: 1, max: 10 }), fc.integer({ min: -1000, max: 1000 }), (c, size, offset) => {
        const per = perCapitaNetFen(c, size)!;
        const gap = declaredIncomeGap(per + offset, c, size);
        if (!hasIncomeComponents(c) || Math.abs(offset) <= DECLARED_INCOME_TOLERANCE_FEN) expect(gap).toBeNull();
        else expect(gap).toEqual({ declaredFen: per + offset, computedFen: per, gapFen: offset });
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a declared figure that is not integer fen', () => {
    expect(() => declaredIncomeGap(12.5, sample, 3)).toThrow(/整数/);
  });
});
