// What a grid shows, as the export asks for it: the rows left after filters and quick search in
// their displayed order (or, for a SQL-backed grid, the query that keeps them), and the displayed
// columns in their order (pinned first, as on screen).
import type { GridApi } from 'ag-grid-community';
import type { ExportWhat } from '../../shared/contract';
import type { GridQuery } from '../../shared/gridQuery';

export interface ShownGrid {
  /** A grid that holds its rows: their ids in order. A SQL-backed grid: its query instead. */
  rowIds: string[];
  query?: GridQuery;
  rows: number;
  columns: string[];
}

function shownColumns(api: GridApi): string[] {
  return api.getAllDisplayedColumns().map((c) => c.getColId());
}

export function shownGrid<T extends { id: string }>(api: GridApi<T>): ShownGrid {
  const rowIds: string[] = [];
  api.forEachNodeAfterFilterAndSort((node) => {
    if (node.data) rowIds.push(node.data.id);
  });
  return { rowIds, rows: rowIds.length, columns: shownColumns(api) };
}

/** A SQL-backed grid: main exports its query's rows, the same WHERE and ORDER BY it shows. */
export function shownSqlGrid(api: GridApi, query: GridQuery, rows: number): ShownGrid {
  return { rowIds: [], query, rows, columns: shownColumns(api) };
}

/** The names clerks know the grids by, for the proposed file name. */
export const EXPORT_NAMES: Record<ExportWhat, string> = { households: '贫困户', members: '贫困人口', villages: '行政村' };
