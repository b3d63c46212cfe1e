// What a grid shows, as the export asks for it: the rows left after filters and quick search in
// their displayed order, and the displayed columns in their order (pinned first, as on screen).
import type { GridApi } from 'ag-grid-community';
import type { ExportWhat } from '../../shared/contract';

export interface ShownGrid {
  rowIds: string[];
  columns: string[];
}

export function shownGrid<T extends { id: string }>(api: GridApi<T>): ShownGrid {
  const rowIds: string[] = [];
  api.forEachNodeAfterFilterAndSort((node) => {
    if (node.data) rowIds.push(node.data.id);
  });
  const columns = api.getAllDisplayedColumns().map((c) => c.getColId());
  return { rowIds, columns };
}

/** The names clerks know the grids by, for the proposed file name. */
export const EXPORT_NAMES: Record<ExportWhat, string> = { households: '贫困户', members: '贫困人口', villages: '行政村' };
