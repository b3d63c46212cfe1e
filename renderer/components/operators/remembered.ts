// The 操作员 last chosen for a database on this PC: kept in this PC's browser storage, keyed by the
// database's path, never in the database (another PC's clerk is someone else). Only a convenience
// for preselecting the name: main decides whether it may still be chosen.
import type { Operator } from '../../../shared/contract';

export type RememberedOperator = Pick<Operator, 'id' | 'name' | 'office' | 'label'>;

const keyOf = (dbPath: string) => `fupin.operator:${dbPath}`;

export function rememberedOperator(dbPath: string): RememberedOperator | null {
  try {
    const raw = localStorage.getItem(keyOf(dbPath));
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<RememberedOperator>;
    return typeof v.id === 'string' && typeof v.name === 'string' && typeof v.office === 'string' && typeof v.label === 'string' ? { id: v.id, name: v.name, office: v.office, label: v.label } : null;
  } catch {
    return null;
  }
}

export function rememberOperator(dbPath: string, operator: RememberedOperator | null): void {
  try {
    if (operator) localStorage.setItem(keyOf(dbPath), JSON.stringify({ id: operator.id, name: operator.name, office: operator.office, label: operator.label }));
    else localStorage.removeItem(keyOf(dbPath));
  } catch {
    // Storage unavailable: the name is simply not preselected next time.
  }
}
