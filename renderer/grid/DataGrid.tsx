// The one AG Grid wrapper every page uses: zh-CN text, the app theme, floating filters, sorting,
// resizing, rows keyed by id, and edits that go to main before the grid shows them
// (readOnlyEdit: the grid never holds a value main has not stored).
import { useCallback, useMemo, useRef } from 'react';
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
import type { GridName } from '../../shared/gridQuery';
import { ROW_SELECTION, SHARED_GRID_OPTIONS, followedRow } from './setup';
import { useClerkKeys } from './clerkKeys';
import { useGridMenu } from './contextMenu';
import { REFUSAL_COL_DEF } from './refusals';
import { useRememberedColumns } from './columnState';
import type { EditRequest } from './editing';

export interface DataGridProps<T extends { id: string }> {
  rows: T[] | null;
  columns: (ColDef<T> | ColGroupDef<T>)[];
  label: string;
  quickFilter?: string;
  onReady?: (api: GridApi<T>) => void;
  onEditRequest?: (event: EditRequest<T>) => void;
  onSelect?: (row: T | null) => void;
  /** An editable registry grid: blocks pasted here are stored in this table ('grid.applyEdits'). */
  pasteGrid?: GridName;
  /** The right-click menu's 修改记录 (of the row) and 导出 Excel…; absent: not offered. */
  onHistory?: (row: T) => void;
  onExport?: () => void;
  /** How a row is named in messages (a cleared cell, a refused paste). */
  rowName?: (row: T) => string;
  /** The name its columns are remembered under (columnState.tsx); none: not remembered. */
  columnsKey?: string;
  /** Rows pinned under the list (a 合计 row); never editable. */
  pinnedBottomRowData?: T[];
  onDisplayedCount?: (count: number) => void;
  /** shown when there are no rows */
  emptyText?: string;
  /** hide the floating filter row (small grids) */
  noFloatingFilters?: boolean;
}

export function DataGrid<T extends { id: string }>(props: DataGridProps<T>) {
  const { onReady, onSelect, onDisplayedCount } = props;
  const apiRef = useRef<GridApi<T> | null>(null);
  const remembered = useRememberedColumns<T>(props.columnsKey ?? '');
  const remember = props.columnsKey ? remembered : null;
  const restore = remember?.restore;
  const keys = useClerkKeys<T>({ pasteGrid: props.pasteGrid, onEditRequest: props.onEditRequest, selects: !!onSelect, rowName: props.rowName ?? rowId });
  const { suppressKeyboardEvent } = keys;
  const menu = useGridMenu<T>({ onHistory: props.onHistory, onExport: props.onExport, canPaste: !!props.pasteGrid, paste: keys.paste });
  const defaultColDef = useMemo<ColDef<T>>(
    () => ({ sortable: true, resizable: true, filter: true, floatingFilter: !props.noFloatingFilters, suppressHeaderMenuButton: false, minWidth: 70, wrapHeaderText: true, autoHeaderHeight: true, suppressKeyboardEvent, ...REFUSAL_COL_DEF }),
    [props.noFloatingFilters, suppressKeyboardEvent],
  );
  const getRowId = useCallback((p: GetRowIdParams<T>) => p.data.id, []);
  const handleReady = useCallback(
    (e: GridReadyEvent<T>) => {
      apiRef.current = e.api;
      restore?.(e.api);
      onReady?.(e.api);
    },
    [onReady, restore],
  );
  const handleSelection = useCallback((e: SelectionChangedEvent<T>) => onSelect?.(followedRow(e.api.getSelectedRows())), [onSelect]);
  const handleModel = useCallback((e: ModelUpdatedEvent<T>) => onDisplayedCount?.(e.api.getDisplayedRowCount()), [onDisplayedCount]);

  return (
    <div className="grid-host" role="region" aria-label={props.label} onCopy={(e) => keys.onCopy(e, apiRef.current)} onPaste={(e) => keys.onPaste(e, apiRef.current)}>
      <AgGridReact<T>
        {...SHARED_GRID_OPTIONS}
        {...keys.gridOptions}
        onCellContextMenu={menu.onCellContextMenu}
        preventDefaultOnContextMenu
        rowData={props.rows}
        columnDefs={props.columns}
        defaultColDef={defaultColDef}
        getRowId={getRowId}
        onCellEditRequest={props.onEditRequest}
        quickFilterText={props.quickFilter}
        cacheQuickFilter
        rowSelection={onSelect ? ROW_SELECTION : undefined}
        onSelectionChanged={onSelect ? handleSelection : undefined}
        onGridReady={handleReady}
        onModelUpdated={handleModel}
        pinnedBottomRowData={props.pinnedBottomRowData}
        {...(remember?.events ?? {})}
        loading={props.rows === null}
        overlayNoRowsTemplate={`<span class="grid-empty">${escapeHtml(props.emptyText ?? '没有记录')}</span>`}
      />
      {keys.dialogs}
      {menu.element}
    </div>
  );
}

const rowId = (row: { id: string }) => row.id;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
