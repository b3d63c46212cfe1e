// What a clerk did to a grid's columns — widths, order, which are shown, pinned, the sort — is
// remembered per grid and per database on this PC, so it survives a tab switch and a reopen;
// 列设置… chooses the columns and 恢复默认 puts the grid back as it came. The column filters are
// remembered for the tab switches of this session only: a filter can hold a name or an ID number,
// and this PC's browser storage is not encrypted, unlike the database.
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { ColumnState, GridApi } from 'ag-grid-community';
import { Modal } from '../components/Modal';

const DbPathContext = createContext<string>('');

/** The open database's path, which the grids' remembered layouts are kept under. */
export function ColumnStateScope({ dbPath, children }: { dbPath: string; children: ReactNode }) {
  return <DbPathContext.Provider value={dbPath}>{children}</DbPathContext.Provider>;
}

const storageKey = (grid: string, dbPath: string) => `fupin.columns.${grid}.${dbPath}`;
/** This session's filters, per grid and database (never written to disk). */
const sessionFilters = new Map<string, Record<string, unknown>>();

/** The layout part of AG Grid's column state (no filter values). */
type Layout = Pick<ColumnState, 'colId' | 'width' | 'hide' | 'pinned' | 'sort' | 'sortIndex'>;

function readLayout(key: string): Layout[] | null {
  try {
    const raw = localStorage.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return Array.isArray(parsed) ? (parsed as Layout[]).filter((c) => typeof c?.colId === 'string') : null;
  } catch {
    return null;
  }
}

export interface RememberedColumns<T> {
  /** Call from the grid's onGridReady: puts back what was remembered. */
  restore(api: GridApi<T>): void;
  /** The grid's column and filter events: remembers the new state. */
  events: {
    onColumnMoved: () => void;
    onColumnResized: (e: { finished: boolean }) => void;
    onColumnVisible: () => void;
    onColumnPinned: () => void;
    onSortChanged: () => void;
    onFilterChanged: () => void;
  };
}

/** Remembers a grid's columns under `grid` (households, members, villages…) for the open database. */
export function useRememberedColumns<T>(grid: string): RememberedColumns<T> {
  const dbPath = useContext(DbPathContext);
  const key = storageKey(grid, dbPath);
  const apiRef = useRef<GridApi<T> | null>(null);
  const restoring = useRef(false);

  const save = useCallback(() => {
    const api = apiRef.current;
    if (!api || api.isDestroyed() || restoring.current || !dbPath) return;
    const layout: Layout[] = api.getColumnState().map(({ colId, width, hide, pinned, sort, sortIndex }) => ({ colId, width, hide, pinned, sort, sortIndex }));
    localStorage.setItem(key, JSON.stringify(layout));
  }, [key, dbPath]);

  const saveFilters = useCallback(() => {
    const api = apiRef.current;
    if (!api || api.isDestroyed() || restoring.current) return;
    const model = api.getFilterModel() as Record<string, unknown>;
    if (Object.keys(model).length > 0) sessionFilters.set(key, model);
    else sessionFilters.delete(key);
  }, [key]);

  const restore = useCallback(
    (api: GridApi<T>) => {
      apiRef.current = api;
      const layout = readLayout(key);
      const filters = sessionFilters.get(key);
      if (!layout && !filters) return;
      restoring.current = true;
      try {
        // Columns the app has since added keep their place; ones it removed are ignored.
        if (layout) api.applyColumnState({ state: layout, applyOrder: true });
        if (filters) api.setFilterModel(filters);
      } finally {
        restoring.current = false;
      }
    },
    [key],
  );

  return {
    restore,
    events: {
      onColumnMoved: save,
      onColumnResized: (e) => e.finished && save(),
      onColumnVisible: save,
      onColumnPinned: save,
      onSortChanged: save,
      onFilterChanged: saveFilters,
    },
  };
}

/** Forgets a grid's remembered layout and filters: the next mount shows it as it came. */
export function useForgetColumns(grid: string): () => void {
  const dbPath = useContext(DbPathContext);
  return useCallback(() => {
    localStorage.removeItem(storageKey(grid, dbPath));
    sessionFilters.delete(storageKey(grid, dbPath));
  }, [grid, dbPath]);
}

/** 列设置…: which columns are shown, and 恢复默认 (the grid as it came: columns, widths, sort, filters). */
export function ColumnsButton<T>({ grid, gridApi }: { grid: string; gridApi: RefObject<GridApi<T> | null> }) {
  const [open, setOpen] = useState(false);
  const forget = useForgetColumns(grid);
  const [, redraw] = useState(0);
  useEffect(() => {
    if (!open) return;
    const api = gridApi.current;
    if (!api) return;
    const refresh = () => redraw((n) => n + 1);
    api.addEventListener('columnVisible', refresh);
    return () => {
      if (!api.isDestroyed()) api.removeEventListener('columnVisible', refresh);
    };
  }, [open, gridApi]);
  const api = gridApi.current;
  const columns = api && !api.isDestroyed() ? api.getColumns() ?? [] : [];
  const reset = () => {
    const a = gridApi.current;
    if (!a) return;
    // Resetting fires the column events, which would remember the default layout: forgotten after.
    a.resetColumnState();
    a.setFilterModel(null);
    forget();
    setOpen(false);
  };
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)} title="选择显示哪些列，或恢复表格的默认列宽、顺序和排序">
        列设置…
      </button>
      {open && (
        <Modal
          title="列设置"
          onEscape={() => setOpen(false)}
          wide
          actions={
            <>
              <button type="button" className="btn" onClick={reset}>
                恢复默认
              </button>
              <button type="button" className="btn btn-primary" onClick={() => setOpen(false)}>
                完成
              </button>
            </>
          }
        >
          <p className="dialog-context">勾选要显示的列。列宽、顺序和排序可直接在表头拖动和点击，本机按数据库记住；“恢复默认”还会清除筛选。</p>
          <div className="column-chooser" role="group" aria-label="显示的列">
            {columns.map((c) => (
              <label key={c.getColId()} className="column-choice">
                <input type="checkbox" checked={c.isVisible()} onChange={(e) => gridApi.current?.setColumnsVisible([c], e.target.checked)} />
                {gridApi.current?.getDisplayNameForColumn(c, 'header') ?? c.getColId()}
              </label>
            ))}
          </div>
        </Modal>
      )}
    </>
  );
}
