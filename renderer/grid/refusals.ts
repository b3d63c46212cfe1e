// A cell main refused to store keeps a red mark and main's reason as its tooltip until the cell is
// stored or the grid goes away, so the reason stays where the clerk typed, not only in a message
// in the window's corner. Kept per row node (a WeakMap): nothing outlives the grid.
import type { CellClassParams, ColDef, GridApi, IRowNode, ITooltipParams } from 'ag-grid-community';
import type { ApplyEditsResult, InputOf } from '../../shared/contract';
import { call } from '../api';

const refused = new WeakMap<IRowNode, Map<string, string>>();
/**
 * The grids that have drawn a mark. A batch stored through 'grid.applyEdits' (a paste, 撤销) is
 * not an edit of one grid's node: its cells are looked up in each of these by row id.
 */
const showingMarks = new Set<GridApi>();

export function markRefused(node: IRowNode, colId: string, reason: string): void {
  const cells = refused.get(node) ?? new Map<string, string>();
  cells.set(colId, reason);
  refused.set(node, cells);
}

/** True when the cell had a mark to clear. */
export function clearRefused(node: IRowNode, colId: string): boolean {
  return refused.get(node)?.delete(colId) ?? false;
}

/** The cells just stored lose their marks, in every grid that shows them, and are drawn again. */
export function clearStoredCells(cells: readonly { id: string; field: string }[]): void {
  for (const api of showingMarks) {
    if (api.isDestroyed()) {
      showingMarks.delete(api);
      continue;
    }
    for (const c of cells) {
      const node = api.getRowNode(c.id);
      if (node && clearRefused(node, c.field)) api.refreshCells({ rowNodes: [node], columns: [c.field], force: true });
    }
  }
}

/**
 * 'grid.applyEdits' for every batch of cells the grids store (a paste, 撤销): when main stored
 * them all, their marks go, as they do for a cell stored by an edit.
 */
export async function applyEdits(input: InputOf<'grid.applyEdits'>): Promise<ApplyEditsResult> {
  const result = await call('grid.applyEdits', input);
  if (result.ok) clearStoredCells(input.edits);
  return result;
}

const reasonOf = (node: IRowNode | null | undefined, colId: string | undefined) => (node && colId ? refused.get(node)?.get(colId) : undefined);

/** The column options every editable grid shares: the red mark and the reason as the tooltip. */
export const REFUSAL_COL_DEF: Pick<ColDef, 'cellClassRules' | 'tooltipValueGetter'> = {
  cellClassRules: {
    'cell-refused': (p: CellClassParams) => {
      const marked = reasonOf(p.node, p.colDef.colId) !== undefined;
      if (marked) showingMarks.add(p.api);
      return marked;
    },
  },
  tooltipValueGetter: (p: ITooltipParams) => {
    const reason = reasonOf(p.node, p.colDef && 'colId' in p.colDef ? p.colDef.colId : undefined);
    return reason ? `未保存：${reason}` : undefined;
  },
};
