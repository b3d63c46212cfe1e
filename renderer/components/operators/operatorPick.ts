// What the clerk picked as 操作员 on the password step (the database is not open yet, so only the
// name remembered on this PC can be offered there), and what happens with it once main has opened
// or unlocked the database: choose the remembered one, add a new one, or ask (OperatorStep).
import { contract } from '../../../shared/contract';
import { ApiError, call, errorMessage } from '../../api';
import { rememberedOperator, rememberOperator, type RememberedOperator } from './remembered';

export type OperatorPick =
  | { kind: 'remembered'; operator: RememberedOperator }
  /** Choose from the database's list once it is open. */
  | { kind: 'later' }
  /** A new 操作员 (both empty: none given; then the list is offered if the database has one). */
  | { kind: 'new'; name: string; office: string };

export function initialPick(dbPath: string): OperatorPick {
  const operator = rememberedOperator(dbPath);
  return operator ? { kind: 'remembered', operator } : { kind: 'new', name: '', office: '' };
}

function isBlank(pick: OperatorPick): boolean {
  return pick.kind === 'new' && pick.name.trim() === '' && pick.office.trim() === '';
}

/** Why a new operator's name or office would be refused (the contract's own rule), before anything opens. */
export function pickProblem(pick: OperatorPick): string | null {
  if (pick.kind !== 'new' || isBlank(pick)) return null;
  const parsed = contract['operators.add'].input.safeParse({ name: pick.name, office: pick.office });
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? '操作员姓名或科室不对');
}

/** Done: the window acts as the operator (or the database has none and none was given). Otherwise OperatorStep asks. */
export type PickOutcome = { done: true } | { done: false; error: string | null; draft: { name: string; office: string } | null };

/** Applies the pick to the database just opened or unlocked at dbPath; remembers the operator chosen. */
export async function applyOperatorPick(pick: OperatorPick, dbPath: string): Promise<PickOutcome> {
  if (pick.kind === 'later') return { done: false, error: null, draft: null };
  if (isBlank(pick)) {
    const any = (await call('operators.list', {})).some((o) => !o.retired);
    return any ? { done: false, error: null, draft: null } : { done: true };
  }
  try {
    const chosen =
      pick.kind === 'remembered'
        ? await call('operators.choose', { id: pick.operator.id })
        : await call('operators.choose', { id: (await call('operators.add', { name: pick.name, office: pick.office })).id });
    rememberOperator(dbPath, chosen);
    return { done: true };
  } catch (e) {
    // A remembered operator retired since, or of a database since replaced: forget them here.
    if (pick.kind === 'remembered' && e instanceof ApiError && (e.code === 'NOT_FOUND' || e.code === 'RULE')) rememberOperator(dbPath, null);
    return { done: false, error: errorMessage(e), draft: pick.kind === 'new' ? { name: pick.name, office: pick.office } : null };
  }
}
