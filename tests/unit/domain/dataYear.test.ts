// The registry's data year: the latest year with incomes, or before any, the year before today's
// local date (not UTC's: in Beijing, UTC is still last year until 08:00 on 1 January).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataYear, endOfYear } from '../../../shared/domain/dataYear';
import { formatIsoDate, todayIso } from '../../../shared/domain/dates';

const date = fc.record({ year: fc.integer({ min: 1990, max: 2100 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) }).map(formatIsoDate);

describe('dataYear', () => {
  it('is the latest income year whenever there is one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), date, (latest, today) => {
        expect(dataYear(latest, today)).toBe(latest);
      }),
    );
  });

  it('before any income, is the year before today', () => {
    fc.assert(
      fc.property(date, fc.constantFrom(null, undefined), (today, none) => {
        expect(dataYear(none, today)).toBe(Number(today.slice(0, 4)) - 1);
      }),
    );
    expect(dataYear(null, '2017-01-01')).toBe(2016);
  });

  it("takes today from the local calendar", () => {
    // 1 January 2017, 07:30 in Beijing is still 31 December 2016 in UTC.
    const newYearMorning = new Date(2017, 0, 1, 7, 30);
    expect(todayIso(newYearMorning)).toBe('2017-01-01');
    expect(dataYear(null)).toBe(Number(todayIso().slice(0, 4)) - 1);
  });

  it('endOfYear is the year\'s last day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), (y) => {
        expect(endOfYear(y)).toBe(`${y}-12-31`);
      }),
    );
  });
});
