// A grid whose rows stay in main: AG Grid's Infinite Row Model asks for blocks of 100 rows as the
// clerk scrolls, with its sort and column filters, and main answers each block from SQL
// ('grid.page', main/db/queries/gridSql.ts) together with the totals on the first block. The
// window never holds a county's registry; the quick search and the page's scope (a village, a
// household) are part of the same query. Edits work as in DataGrid (readOnlyEdit: main stores,
// the grid shows main's row).
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type {
  CellEditRequestEvent,
  ColDef,
  ColGroupDef,
  GetRowIdParams,
  GridApi,
  GridReadyEvent,
  IDatasource,
  IGetRowsParams,
  SelectionChangedEvent,
} from 'ag-grid-community';
import type { ColumnFilter, GridName, GridQuery, GridTotals } from '../../shared/gridQuery';
import { call, errorMessage } from '../api';
import { useToast } from '../components/Toast';
import { ROW_SELECTION, SHARED_GRID_OPTIONS, followedRow } from './setup';
import { escapeHtml } from './DataGrid';
import { useClerkKeys } from './clerkKeys';
import { useGridMenu } from './contextMenu';
import { REFUSAL_COL_DEF } from './refusals';
import { useRememberedColumns } from './columnState';
import type { SetFilterContext } from './SetFilter';
import type { EditRequest } from './editing';

/** What narrows the grid besides its own filters and sort: the page's selector and the quick search. */
export interface SqlScope {
  villageId?: string;
  householdId?: string;
  quick?: string;
}

export interface SqlGridProps<T extends { id: string }> {
  grid: GridName;
  scope: SqlScope;
  columns: (ColDef<T> | ColGroupDef<T>)[];
  label: string;
  onReady?: (api: GridApi<T>) => void;
  onEditRequest?: (event: EditRequest<T>) => void;
  onSelect?: (row: T | null) => void;
  /** The right-click menu's 修改记录 (of the row) and 导出 Excel…; absent: not offered. */
  onHistory?: (row: T) => void;
  onExport?: () => void;
  /** How a row is named in messages (a cleared cell, a refused paste). */
  rowName: (row: T) => string;
  /** The query's totals whenever its first block arrives; null while a new query is read. */
  onTotals?: (totals: GridTotals | null) => void;
  emptyText?: string;
}

const BLOCK = 100;

/** The whole query a grid shows now: its scope, and its sort and filters as the grid holds them. */
export function gridQueryOf(api: GridApi, scope: SqlScope): GridQuery {
  const sort = api
    .getColumnState()
    .filter((c) => c.sort)
    .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
    .map((c) => ({ colId: c.colId, sort: c.sort as 'asc' | 'desc' }));
  return queryOf(scope, sort, api.getFilterModel() as Record<string, ColumnFilter>);
}

function queryOf(scope: SqlScope, sort: { colId: string; sort: 'asc' | 'desc' }[], filters: Record<string, ColumnFilter> | null): GridQuery {
  const q: GridQuery = {};
  if (scope.villageId) q.villageId = scope.villageId;
  if (scope.householdId) q.householdId = scope.householdId;
  if (scope.quick && scope.quick.trim() !== '') q.quick = scope.quick.trim();
  if (sort.length > 0) q.sort = sort;
  if (filters && Object.keys(filters).length > 0) q.filters = filters;
  return q;
}

export function SqlGrid<T extends { id: string }>(props: SqlGridProps<T>) {
  const { grid, onReady, onSelect } = props;
  const toast = useToast();
  // Each SQL grid's columns are remembered under its table's name.
  const remembered = useRememberedColumns<T>(grid);
  const { restore } = remembered;
  const keys = useClerkKeys<T>({ pasteGrid: grid, onEditRequest: props.onEditRequest, selects: !!onSelect, rowName: props.rowName });
  const onTotals = useRef(props.onTotals);
  onTotals.current = props.onTotals;
  const { villageId, householdId, quick } = props.scope;

  // A new scope is a new datasource: the grid drops its blocks and asks again from the top.
  const datasource = useMemo<IDatasource>(() => {
    const scope: SqlScope = { villageId, householdId, quick };
    let total: number | null = null;
    let generation = 0;
    return {
      getRows(params: IGetRowsParams) {
        const query = queryOf(
          scope,
          params.sortModel.map((s) => ({ colId: s.colId, sort: s.sort })),
          params.filterModel as Record<string, ColumnFilter> | null,
        );
        if (params.startRow === 0) {
          total = null;
          generation++;
          onTotals.current?.(null);
        }
        const mine = generation;
        call('grid.page', { grid, query, startRow: params.startRow, endRow: params.endRow })
          .then((page) => {
            const rows = JSON.parse(page.json) as T[];
            if (page.totals && mine === generation) {
              total = page.totals.rows;
              onTotals.current?.(page.totals);
            }
            const last = total ?? (rows.length < params.endRow - params.startRow ? params.startRow + rows.length : -1);
            params.successCallback(rows, last);
          })
          .catch((e: unknown) => {
            params.failCallback();
            toast.error(`读取失败：${errorMessage(e)}`);
          });
      },
    };
  }, [grid, villageId, householdId, quick, toast]);

  // A new query starts at its first row, where the clerk expects to see its top.
  const apiRef = useRef<GridApi<T> | null>(null);
  const toTop = useCallback(() => {
    const api = apiRef.current;
    if (api && !api.isDestroyed() && api.getDisplayedRowCount() > 0) api.ensureIndexVisible(0, 'top');
  }, []);
  useEffect(toTop, [datasource, toTop]);

  const { suppressKeyboardEvent } = keys;
  const menu = useGridMenu<T>({ onHistory: props.onHistory, onExport: props.onExport, canPaste: true, paste: keys.paste });
  const defaultColDef = useMemo<ColDef<T>>(() => ({ sortable: true, resizable: true, filter: true, floatingFilter: true, minWidth: 70, wrapHeaderText: true, autoHeaderHeight: true, suppressKeyboardEvent, ...REFUSAL_COL_DEF }), [suppressKeyboardEvent]);
  const getRowId = useCallback((p: GetRowIdParams<T>) => p.data.id, []);
  // The set filters' counts: main counts each value under the grid's query as it stands now.
  const scopeRef = useRef(props.scope);
  scopeRef.current = props.scope;
  const setFilterContext = useMemo<SetFilterContext>(
    () => ({
      valuesOf: (colId) => {
        const api = apiRef.current;
        if (!api) return Promise.resolve([]);
        return call('grid.values', { grid, query: gridQueryOf(api, scopeRef.current), colId });
      },
    }),
    [grid],
  );
  const handleReady = useCallback(
    (e: GridReadyEvent<T>) => {
      apiRef.current = e.api;
      restore(e.api);
      onReady?.(e.api);
    },
    [onReady, restore],
  );
  const handleSelection = useCallback((e: SelectionChangedEvent<T>) => onSelect?.(followedRow(e.api.getSelectedRows())), [onSelect]);

  return (
    <div className="grid-host" role="region" aria-label={props.label} onCopy={(e) => keys.onCopy(e, apiRef.current)} onPaste={(e) => keys.onPaste(e, apiRef.current)}>
      <AgGridReact<T>
        {...SHARED_GRID_OPTIONS}
        {...keys.gridOptions}
        onCellContextMenu={menu.onCellContextMenu}
        preventDefaultOnContextMenu
        rowModelType="infinite"
        datasource={datasource}
        cacheBlockSize={BLOCK}
        maxBlocksInCache={20}
        infiniteInitialRowCount={BLOCK}
        blockLoadDebounceMillis={50}
        columnDefs={props.columns}
        context={setFilterContext}
        defaultColDef={defaultColDef}
        getRowId={getRowId}
        onCellEditRequest={props.onEditRequest}
        rowSelection={onSelect ? ROW_SELECTION : undefined}
        onSelectionChanged={onSelect ? handleSelection : undefined}
        onGridReady={handleReady}
        onColumnMoved={remembered.events.onColumnMoved}
        onColumnResized={remembered.events.onColumnResized}
        onColumnVisible={remembered.events.onColumnVisible}
        onColumnPinned={remembered.events.onColumnPinned}
        onFilterChanged={() => {
          remembered.events.onFilterChanged();
          toTop();
        }}
        onSortChanged={() => {
          remembered.events.onSortChanged();
          toTop();
        }}
        overlayNoRowsTemplate={`<span class="grid-empty">${escapeHtml(props.emptyText ?? '没有记录')}</span>`}
      />
      {keys.dialogs}
      {menu.element}
    </div>
  );
}

/**
 * Puts the rows a change touched in place: rows the grid holds are refetched and replaced where
 * they stand; anything else (a row removed, or one the grid does not hold and that may now belong)
 * makes the grid read its blocks again, keeping its scroll position.
 */
export async function refreshChanged<T extends { id: string }>(
  api: GridApi<T> | null,
  changed: readonly string[],
  removed: readonly string[],
  fetch: (ids: readonly string[]) => Promise<T[]>,
): Promise<void> {
  if (!api || api.isDestroyed()) return;
  const held = changed.filter((id) => api.getRowNode(id)?.data);
  if (removed.length > 0 || held.length < changed.length) {
    api.refreshInfiniteCache();
    return;
  }
  if (held.length === 0) return;
  const rows = await fetch(held);
  if (api.isDestroyed()) return;
  for (const row of rows) api.getRowNode(row.id)?.setData(row);
}

/** Scrolls a grid to a row by asking main where the query puts it, then selects it once it is loaded. */
export async function revealRow<T extends { id: string }>(api: GridApi<T>, grid: GridName, query: GridQuery, id: string): Promise<boolean> {
  const { index } = await call('grid.position', { grid, query, id });
  if (index === null || api.isDestroyed()) return false;
  for (let waited = 0; waited < 5000; waited += 100) {
    // Until the grid knows its row count (its first block), a row further down has no place to scroll to.
    if (api.getDisplayedRowCount() > index) api.ensureIndexVisible(index, 'middle');
    const node = api.getRowNode(id);
    if (node?.data) {
      api.deselectAll();
      node.setSelected(true, true);
      const first = api.getAllDisplayedColumns()[0];
      if (first) api.setFocusedCell(index, first);
      return true;
    }
    await new Promise((r) => setTimeout(r, 100));
    if (api.isDestroyed()) return false;
  }
  return false;
}

