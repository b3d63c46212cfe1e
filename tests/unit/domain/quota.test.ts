import { describe, it, expect } from 'vitest';
import { largestRemainder } from '../../../shared/domain/quota';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('largestRemainder', () => {
  it('splits 21 villages at 30/40/30 as 6/9/6', () => {
    expect(largestRemainder(21, [30, 40, 30])).toEqual([6, 9, 6]);
  });

  it('splits 2469 people at 30/50/20 as 741/1234/494', () => {
    // exact 740.7 / 1234.5 / 493.8: floors 2467, two left to .8 then .7
    expect(largestRemainder(2469, [30, 50, 20])).toEqual([741, 1234, 494]);
  });

  it('splits 1097 households at 30/50/20', () => {
    // exact 329.1 / 548.5 / 219.4: floors 1096, one left to .5
    expect(largestRemainder(1097, [30, 50, 20])).toEqual([329, 549, 219]);
  });

  it('breaks ties toward the earlier year', () => {
    expect(largestRemainder(1, [50, 50])).toEqual([1, 0]);
    expect(largestRemainder(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(largestRemainder(22, [30, 40, 30])).toEqual([7, 9, 6]);
  });

  it('treats percents as weights when they do not add up to 100', () => {
    expect(largestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(largestRemainder(100, [33.3, 33.3, 33.4])).toEqual([33, 33, 34]);
  });

  it('always sums to the total and stays within one of the exact share', () => {
    const plans = [[30, 50, 20], [30, 40, 30], [12.5, 37.5, 50], [100], [0, 100, 0], [7, 11, 13, 17, 52]];
    for (const percents of plans) {
      const weight = sum(percents);
      for (const total of [0, 1, 2, 3, 7, 21, 46, 892, 1531, 2469, 100003]) {
        const parts = largestRemainder(total, percents);
        expect(sum(parts), `${total} ${percents}`).toBe(total);
        parts.forEach((part, i) => {
          expect(Math.abs(part - (total * percents[i]) / weight)).toBeLessThan(1);
          expect(part).toBeGreaterThanOrEqual(0);
        });
      }
    }
  });

  it('refuses bad input', () => {
    expect(() => largestRemainder(-1, [100])).toThrow();
    expect(() => largestRemainder(2.5, [100])).toThrow();
    expect(() => largestRemainder(10, [])).toThrow();
    expect(() => largestRemainder(10, [0, 0])).toThrow();
    expect(() => largestRemainder(10, [-10, 110])).toThrow();
    expect(largestRemainder(0, [0, 0])).toEqual([0, 0]);
  });
});
