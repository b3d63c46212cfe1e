// 收入: each household's incomes of one year as the grid shows them, and the clerk's edit of one
// figure. The per-capita figure and the declared-vs-computed gap are derived on every read from
// the components (shared/domain/income.ts), never stored. Writes go through the one write path.
import type { IncomeEditField, IncomeGridRow, IncomeYears, JsonRows } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { declaredIncomeGap, hasIncomeComponents, INCOME_COMPONENT_KEYS, perCapitaNetFen, type IncomeComponents } from '../../shared/domain/income';
import { queriesFor } from '../db/queries';
import type { IncomeListRow } from '../db/queries/incomes';
import type { Store } from '../db/store';
import { getById, insertRow, updateRow, type Writer } from '../db/write';
import { latestDataYear } from './registryRules';

/** The components of a row that has them; null for a household without a row for the year. */
function componentsOf(row: IncomeListRow): IncomeComponents | null {
  if (row.incomeId === null) return null;
  return Object.fromEntries(INCOME_COMPONENT_KEYS.map((key) => [key, row[key] ?? 0])) as IncomeComponents;
}

export function incomeGridRow(row: IncomeListRow, year: number): IncomeGridRow {
  const components = componentsOf(row);
  const computedPerCapita = components && hasIncomeComponents(components) ? perCapitaNetFen(components, row.size) : null;
  const gap = components ? declaredIncomeGap(row.declaredPerCapita, components, row.size) : null;
  return { ...row, year, computedPerCapita, gapFen: gap?.gapFen ?? null };
}

export function listIncomes(store: Store, filter: { year: number; villageId?: string }): IncomeGridRow[] {
  return queriesFor(store).incomes.householdsWithIncome(filter.year, filter.villageId).map((row) => incomeGridRow(row, filter.year));
}

/** The list as one JSON string: a county's households cross IPC far faster so (DESIGN.md). */
export function incomesJson(store: Store, filter: { year: number; villageId?: string }): JsonRows {
  const rows = listIncomes(store, filter);
  return { json: JSON.stringify(rows), count: rows.length };
}

export function incomeYears(store: Store): IncomeYears {
  return { years: queriesFor(store).incomes.years(), defaultYear: latestDataYear(store) };
}

export interface IncomeEdit {
  householdId: string;
  year: number;
  field: IncomeEditField;
  /** Fen ≥ 0; null only for the declared figure (checked by the contract's schema). */
  value: number | null;
}

/**
 * Stores one figure of a household's incomes of a year, creating the year's row when the
 * household has none (its other components 0, nothing declared). A value that is already the
 * stored one writes nothing, and so does an empty figure for a household without a row: there is
 * nothing to create. Returns the household's row as the grid shows it.
 */
export function updateIncome(w: Writer, edit: IncomeEdit): IncomeGridRow {
  getById(w, 'households', edit.householdId, '贫困户');
  const incomes = queriesFor(w.store).incomes;
  const value = edit.field === 'declaredPerCapita' ? edit.value : (edit.value ?? 0);
  const id = incomes.incomeIdOf(edit.householdId, edit.year);
  if (id) updateRow(w, 'incomes', id, { [edit.field]: value }, `${edit.year}年收入记录`);
  else if (value !== null && value !== 0) insertRow(w, 'incomes', { householdId: edit.householdId, year: edit.year, [edit.field]: value });
  const row = incomes.householdWithIncome(edit.householdId, edit.year);
  if (!row) throw new AppError('NOT_FOUND', '找不到该贫困户，可能已被删除');
  return incomeGridRow(row, edit.year);
}
