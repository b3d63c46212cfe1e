/**
 * Which 脱贫状态 count as out of poverty. A household that exited still counts as exited while it
 * enjoys the policies (已脱贫（享受政策）); one that fell back (返贫) is poor again. Counts in SQL
 * build their `IN (…)` from EXITED_STATUSES (main/services/registryRules.ts), never by hand.
 */
import { codeValues, type CodeOf } from './codes';

export type ExitStatus = CodeOf<'exitStatus'>;

const EXITED: ReadonlySet<string> = new Set<ExitStatus>(['exited_supported', 'exited']);

export function isExited(status: string | null | undefined): boolean {
  return status != null && EXITED.has(status);
}

/** The exited codes, in the code list's order. */
export const EXITED_STATUSES: readonly ExitStatus[] = codeValues('exitStatus').filter(isExited);

/** A household enters the registry poor: the status of every household the app registers. */
export const REGISTERED_EXIT_STATUS: ExitStatus = 'not_exited';

/** What 销号 makes a household: out of poverty, still enjoying the policies (已脱贫（享受政策）). */
export const STRUCK_OFF_STATUS: ExitStatus = 'exited_supported';

/** 返贫: poor again after having exited. */
export const RETURNED_STATUS: ExitStatus = 'returned';

/**
 * The year a household left poverty: the year of its 销号 day (exitedOn or its YYYY-MM month),
 * else, exited as an import stated it without a day, its planned year; null while it is poor.
 * The plan (its fixed years), the battle map and the CLI's stats all count by this.
 */
export function exitYearOf(exited: boolean, exitedOn: string | null, plannedExitYear: number | null): number | null {
  if (!exited) return null;
  if (exitedOn && /^\d{4}/.test(exitedOn)) return Number(exitedOn.slice(0, 4));
  return plannedExitYear;
}
