// The 操作员 of a database: the people of the office who work on it, named in the history of the
// changes they make. Not accounts (no passwords; accounts come later): the clerk picks a name at
// unlock and the window's writes are recorded under it (ipc/context.ts, ChosenOperators).
// The list lives in the database (it travels with it to another PC) as one settings row, written
// over the one write path, so adding, renaming and retiring are audited like every other change.
// A retired operator stays in the list: old history keeps naming them, new sessions do not offer them.
import type { Operator } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Store } from '../db/store';
import { personLabel, type Actor } from '../db/audit';
import { newId, nowIso, setSetting, write, type WriteScope } from '../db/write';
import { queriesFor } from '../db/queries';

const OPERATORS_KEY = 'operators';

/** As stored in the settings row: the list in the order added. */
interface StoredOperator {
  id: string;
  name: string;
  office: string;
  retiredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OperatorInput {
  name: string;
  office: string;
}

function isStoredOperator(v: unknown): v is StoredOperator {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.id === 'string' && typeof o.name === 'string' && typeof o.office === 'string' && (o.retiredAt === null || typeof o.retiredAt === 'string');
}

function readStored(store: Store): StoredOperator[] {
  const saved = queriesFor(store).settings.get(OPERATORS_KEY);
  return Array.isArray(saved) ? saved.filter(isStoredOperator) : [];
}

function shown(o: StoredOperator): Operator {
  return { id: o.id, name: o.name, office: o.office, label: personLabel(o.name, o.office), retired: o.retiredAt !== null, createdAt: o.createdAt, updatedAt: o.updatedAt };
}

export function listOperators(store: Store): Operator[] {
  return readStored(store).map(shown);
}

/** The operator a window may act as: one of this database's, not retired. */
export function activeOperator(store: Store, id: string): Operator {
  const found = readStored(store).find((o) => o.id === id);
  if (!found) throw new AppError('NOT_FOUND', '找不到这位操作员（可能是另一个数据库的），请重新选择');
  if (found.retiredAt !== null) throw new AppError('RULE', `操作员“${personLabel(found.name, found.office)}”已停用，请选择其他操作员或新增`);
  return shown(found);
}

/** Two active operators may not share a name and office: the history could not tell them apart. */
function refuseDuplicate(list: StoredOperator[], input: OperatorInput, exceptId: string | null): void {
  const same = list.find((o) => o.id !== exceptId && o.retiredAt === null && o.name === input.name && o.office === input.office);
  if (same) throw new AppError('CONFLICT', `已有同名操作员“${personLabel(same.name, same.office)}”，请直接选择，或在姓名后加以区分（如 张三（二））`);
}

function save(scope: WriteScope, list: StoredOperator[]): void {
  write(scope, (w) => setSetting(w, OPERATORS_KEY, list));
}

export function addOperator(scope: WriteScope, input: OperatorInput): Operator {
  const list = readStored(scope.store);
  refuseDuplicate(list, input, null);
  const at = nowIso();
  const added: StoredOperator = { id: newId(), name: input.name, office: input.office, retiredAt: null, createdAt: at, updatedAt: at };
  save(scope, [...list, added]);
  return shown(added);
}

function changeOne(scope: WriteScope, id: string, change: (o: StoredOperator) => StoredOperator, check?: (list: StoredOperator[]) => void): Operator {
  const list = readStored(scope.store);
  const i = list.findIndex((o) => o.id === id);
  if (i < 0) throw new AppError('NOT_FOUND', '找不到这位操作员，可能已被删除');
  check?.(list);
  const next = change(list[i]);
  save(scope, list.map((o, j) => (j === i ? next : o)));
  return shown(next);
}

export function renameOperator(scope: WriteScope, id: string, input: OperatorInput): Operator {
  return changeOne(scope, id, (o) => ({ ...o, name: input.name, office: input.office, updatedAt: nowIso() }), (list) => refuseDuplicate(list, input, id));
}

export function retireOperator(scope: WriteScope, id: string): Operator {
  return changeOne(scope, id, (o) => (o.retiredAt !== null ? o : { ...o, retiredAt: nowIso(), updatedAt: nowIso() }));
}

/** The actor of a window's writes once the clerk chose this operator: their name and office as of now. */
export function operatorActor(operator: Operator, windowId: number): Actor {
  const actor: Actor = { kind: 'clerk', name: operator.name, windowId, operatorId: operator.id };
  if (operator.office) actor.office = operator.office;
  return actor;
}

/**
 * The operator each window chose, by window id, for the open database (the session owns it). Kept
 * in main, never taken from the renderer's word: a window becomes an operator only by choosing one
 * of the database's active operators ('operators.choose'); ipc/context.ts makes them the actor.
 */
export class ChosenOperators {
  private readonly byWindow = new Map<number, Operator>();

  choose(windowId: number, operator: Operator): void {
    this.byWindow.set(windowId, operator);
  }

  of(windowId: number): Operator | null {
    return this.byWindow.get(windowId) ?? null;
  }

  /** A renamed operator: the windows acting as them write under the new name from now on. */
  renamed(operator: Operator): void {
    for (const [id, o] of this.byWindow) if (o.id === operator.id) this.byWindow.set(id, operator);
  }

  /** The database closed or another opened: its operators mean nothing to the next one. */
  clear(): void {
    this.byWindow.clear();
  }
}
