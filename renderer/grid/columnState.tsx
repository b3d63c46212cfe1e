// What a clerk did to a grid's columns — widths, order, which are shown, pinned, the sort, the
// filters — is remembered per grid and per database on this PC, so it survives a tab switch, a
// reopen and a restart; 列设置… chooses the columns and 恢复默认 puts the grid back as it came.
// One exception: a filter of typed text (a name, an ID number, a phone) is personal data, and this
// PC's browser storage is not encrypted, unlike the database. Such filters are kept in memory only,
// for the tab switches while the database stays open, and forgotten when it closes or locks
// (forgetTypedFilters). Ticked values, numbers and dates are kept on disk with the layout.
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { ColumnState, GridApi } from 'ag-grid-community';
import { Modal } from '../components/Modal';

const DbPathContext = createContext<string>('');

/** The open database's path, which the grids' remembered layouts are kept under. */
export function ColumnStateScope({ dbPath, children }: { dbPath: string; children: ReactNode }) {
  return <DbPathContext.Provider value={dbPath}>{children}</DbPathContext.Provider>;
}

const storageKey = (grid: string, dbPath: string) => `fupin.columns.${grid}.${dbPath}`;
const filtersKey = (grid: string, dbPath: string) => `fupin.filters.${grid}.${dbPath}`;
/** The open database's typed-text filters, per grid (never written to disk). */
const typedFilters = new Map<string, Record<string, unknown>>();

/** Called when the database closes or locks: the typed filters may name a person. */
export function forgetTypedFilters(): void {
  typedFilters.clear();
}

/** A column's filter that holds typed text (AG Grid's text filter, alone or in combined conditions). */
function holdsTypedText(filter: unknown): boolean {
  if (typeof filter !== 'object' || filter === null) return false;
  const f = filter as { filterType?: unknown; conditions?: unknown };
  if (f.filterType === 'text') return true;
  return Array.isArray(f.conditions) && f.conditions.some(holdsTypedText);
}

function readJson(key: string): unknown {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as unknown) : null;
  } catch {
    return null;
  }
}

/** The layout part of AG Grid's column state (no filter values). */
type Layout = Pick<ColumnState, 'colId' | 'width' | 'hide' | 'pinned' | 'sort' | 'sortIndex'>;

function readLayout(key: string): Layout[] | null {
  const parsed = readJson(key);
  return Array.isArray(parsed) ? (parsed as Layout[]).filter((c) => typeof c?.colId === 'string') : null;
}

function readFilters(key: string): Record<string, unknown> | null {
  const parsed = readJson(key);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  // Never put back a typed filter from disk, even one an older version might have written.
  const kept = Object.entries(parsed as Record<string, unknown>).filter(([, f]) => !holdsTypedText(f));
  return kept.length > 0 ? Object.fromEntries(kept) : null;
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
  const fKey = filtersKey(grid, dbPath);
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
    const typed = Object.entries(model).filter(([, f]) => holdsTypedText(f));
    const kept = Object.entries(model).filter(([, f]) => !holdsTypedText(f));
    if (typed.length > 0) typedFilters.set(fKey, Object.fromEntries(typed));
    else typedFilters.delete(fKey);
    if (!dbPath) return;
    if (kept.length > 0) localStorage.setItem(fKey, JSON.stringify(Object.fromEntries(kept)));
    else localStorage.removeItem(fKey);
  }, [fKey, dbPath]);

  const restore = useCallback(
    (api: GridApi<T>) => {
      apiRef.current = api;
      const layout = readLayout(key);
      const stored = readFilters(fKey);
      const typed = typedFilters.get(fKey);
      const filters = stored || typed ? { ...stored, ...typed } : null;
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
    [key, fKey],
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
    localStorage.removeItem(filtersKey(grid, dbPath));
    typedFilters.delete(filtersKey(grid, dbPath));
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
          <p className="dialog-context">勾选要显示的列。列宽、顺序和排序可直接在表头拖动和点击，本机按数据库记住（输入文字的筛选只记到关闭或锁定数据库为止）；“恢复默认”还会清除筛选。</p>
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
