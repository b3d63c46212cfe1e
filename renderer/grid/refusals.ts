// A cell main refused to store keeps a red mark and main's reason as its tooltip until the cell is
// stored or the grid goes away, so the reason stays where the clerk typed, not only in a message
// in the window's corner. Kept per row node (a WeakMap): nothing outlives the grid.
import type { CellClassParams, ColDef, IRowNode, ITooltipParams } from 'ag-grid-community';

const refused = new WeakMap<IRowNode, Map<string, string>>();

export function markRefused(node: IRowNode, colId: string, reason: string): void {
  const cells = refused.get(node) ?? new Map<string, string>();
  cells.set(colId, reason);
  refused.set(node, cells);
}

/** True when the cell had a mark to clear. */
export function clearRefused(node: IRowNode, colId: string): boolean {
  return refused.get(node)?.delete(colId) ?? false;
}

const reasonOf = (node: IRowNode | null | undefined, colId: string | undefined) => (node && colId ? refused.get(node)?.get(colId) : undefined);

/** The column options every editable grid shares: the red mark and the reason as the tooltip. */
export const REFUSAL_COL_DEF: Pick<ColDef, 'cellClassRules' | 'tooltipValueGetter'> = {
  cellClassRules: { 'cell-refused': (p: CellClassParams) => reasonOf(p.node, p.colDef.colId) !== undefined },
  tooltipValueGetter: (p: ITooltipParams) => {
    const reason = reasonOf(p.node, p.colDef && 'colId' in p.colDef ? p.colDef.colId : undefined);
    return reason ? `未保存：${reason}` : undefined;
  },
};
