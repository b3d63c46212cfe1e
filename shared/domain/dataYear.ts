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

/** The years the app takes anywhere (a plan, an income, the ledger): four digits, 2000 to 2100. */
export const YEAR_MIN = 2000;
export const YEAR_MAX = 2100;

/** The message for a year outside them, naming what the year is of ('年度', '收入年度'). */
export function yearRangeMessage(what: string): string {
  return `${what}应为${YEAR_MIN}至${YEAR_MAX}年之间的四位年份`;
}

/** A year as typed ('2016', ' 2016年 ' is not: the caller strips its own suffixes): the year, or null. */
export function parseYearText(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{4}$/.test(trimmed)) return null;
  return isYearInRange(Number(trimmed)) ? Number(trimmed) : null;
}

export function isYearInRange(year: number): boolean {
  return Number.isInteger(year) && year >= YEAR_MIN && year <= YEAR_MAX;
}
