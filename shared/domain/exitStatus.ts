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
