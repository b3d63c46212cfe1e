// The one AG Grid wrapper every page uses: zh-CN text, the app theme, floating filters, sorting,
// resizing, rows keyed by id, and edits that go to main before the grid shows them
// (readOnlyEdit: the grid never holds a value main has not stored).
import { useCallback, useMemo } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type {
  CellEditRequestEvent,
  ColDef,
  ColGroupDef,
  GetRowIdParams,
  GridApi,
  GridReadyEvent,
  ModelUpdatedEvent,
  SelectionChangedEvent,
} from 'ag-grid-community';
import { SHARED_GRID_OPTIONS, SINGLE_ROW_SELECTION } from './setup';

export interface DataGridProps<T extends { id: string }> {
  rows: T[] | null;
  columns: (ColDef<T> | ColGroupDef<T>)[];
  label: string;
  quickFilter?: string;
  onReady?: (api: GridApi<T>) => void;
  onEditRequest?: (event: CellEditRequestEvent<T>) => void;
  onSelect?: (row: T | null) => void;
  onDisplayedCount?: (count: number) => void;
  /** shown when there are no rows */
  emptyText?: string;
  /** hide the floating filter row (small grids) */
  noFloatingFilters?: boolean;
}

export function DataGrid<T extends { id: string }>(props: DataGridProps<T>) {
  const { onReady, onSelect, onDisplayedCount } = props;
  const defaultColDef = useMemo<ColDef<T>>(
    () => ({ sortable: true, resizable: true, filter: true, floatingFilter: !props.noFloatingFilters, suppressHeaderMenuButton: false, minWidth: 70 }),
    [props.noFloatingFilters],
  );
  const getRowId = useCallback((p: GetRowIdParams<T>) => p.data.id, []);
  const handleReady = useCallback((e: GridReadyEvent<T>) => onReady?.(e.api), [onReady]);
  const handleSelection = useCallback(
    (e: SelectionChangedEvent<T>) => {
      const row = e.api.getSelectedRows()[0];
      onSelect?.(row ?? null);
    },
    [onSelect],
  );
  const handleModel = useCallback((e: ModelUpdatedEvent<T>) => onDisplayedCount?.(e.api.getDisplayedRowCount()), [onDisplayedCount]);

  return (
    <div className="grid-host" role="region" aria-label={props.label}>
      <AgGridReact<T>
        {...SHARED_GRID_OPTIONS}
        rowData={props.rows}
        columnDefs={props.columns}
        defaultColDef={defaultColDef}
        getRowId={getRowId}
        onCellEditRequest={props.onEditRequest}
        quickFilterText={props.quickFilter}
        cacheQuickFilter
        rowSelection={onSelect ? SINGLE_ROW_SELECTION : undefined}
        onSelectionChanged={onSelect ? handleSelection : undefined}
        onGridReady={handleReady}
        onModelUpdated={handleModel}
        loading={props.rows === null}
        overlayNoRowsTemplate={`<span class="grid-empty">${escapeHtml(props.emptyText ?? '没有记录')}</span>`}
      />
    </div>
  );
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
