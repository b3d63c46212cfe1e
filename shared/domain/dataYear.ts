/**
 * The registry's data year: the year its figures describe. Incomes are recorded per year, so it
 * is the latest year with incomes; before there are any, the year before today's, since a
 * registry describes a year that has ended. Ages are taken at its end, and an imported income
 * without a year is booked to it.
 */
import { parseIsoDate, todayIso } from './dates';

export function dataYear(latestIncomeYear: number | null | undefined, today: string = todayIso()): number {
  if (latestIncomeYear != null) return latestIncomeYear;
  const date = parseIsoDate(today);
  if (!date) throw new Error(`日期无效：“${today}”`);
  return date.year - 1;
}

/** The last day of a year, when the registry's figures stand. */
export function endOfYear(year: number): string {
  return `${String(year).padStart(4, '0')}-12-31`;
}
