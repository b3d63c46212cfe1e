// The right-click menu of the grids (AG Grid's own is an Enterprise feature): 复制, 粘贴, 筛选此值,
// 修改记录 and 导出 Excel…. Copy and paste go through the same handlers as Ctrl+C and Ctrl+V
// (clerkKeys.tsx); 筛选此值 sets the column's own filter, as the clerk would type it.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { CellContextMenuEvent, Column, GridApi, IRowNode } from 'ag-grid-community';
import { useToast } from '../components/Toast';
import { copiedText } from './clipboard';
import { SetFilter } from './SetFilter';

export interface GridMenuActions<T> {
  /** 修改记录 of the row; absent: no such item. */
  onHistory?: (row: T) => void;
  /** 导出 Excel… of the grid as shown; absent: no such item. */
  onExport?: () => void;
  /** Whether the grid takes pasted blocks. */
  canPaste: boolean;
  /** What Ctrl+V does with a text (clerkKeys' paste). */
  paste: (api: GridApi<T>, text: string) => void;
}

interface MenuAt<T> {
  x: number;
  y: number;
  api: GridApi<T>;
  node: IRowNode<T>;
  column: Column;
  value: unknown;
}

/** The column filter that keeps the rows whose cell shows this value. */
function filterForValue(column: Column, value: unknown): Record<string, unknown> {
  const kind = column.getColDef().filter;
  if (kind === SetFilter) return { filterType: 'set', values: [value === null || value === undefined ? '' : String(value)] };
  const empty = value === null || value === undefined || value === '';
  if (kind === 'agNumberColumnFilter') return empty ? { filterType: 'number', type: 'blank' } : { filterType: 'number', type: 'equals', filter: Number(value) };
  if (kind === 'agDateColumnFilter') return empty ? { filterType: 'date', type: 'blank' } : { filterType: 'date', type: 'equals', dateFrom: `${String(value).slice(0, 10)} 00:00:00` };
  return empty ? { filterType: 'text', type: 'blank' } : { filterType: 'text', type: 'equals', filter: String(value) };
}

export function useGridMenu<T>(actions: GridMenuActions<T>) {
  const toast = useToast();
  const [menu, setMenu] = useState<MenuAt<T> | null>(null);
  const ref = useRef<HTMLDivElement>(null);

  const onCellContextMenu = useCallback((e: CellContextMenuEvent<T>) => {
    const mouse = e.event as MouseEvent | null;
    if (!mouse || !e.node.data || e.node.rowPinned || e.rowIndex === null) return;
    // The menu acts on the cell under the pointer: it becomes the focused cell, and its row is
    // selected unless it already belongs to a selection of several rows (copied as rows).
    e.api.setFocusedCell(e.rowIndex, e.column);
    if (!e.node.isSelected() && e.api.getGridOption('rowSelection')) e.node.setSelected(true, true);
    setMenu({ x: mouse.clientX, y: mouse.clientY, api: e.api, node: e.node, column: e.column, value: e.api.getCellValue({ rowNode: e.node, colKey: e.column, useFormatter: false }) });
  }, []);

  const close = useCallback(() => setMenu(null), []);
  useEffect(() => {
    if (!menu) return;
    ref.current?.querySelector<HTMLElement>('button')?.focus();
    const away = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) close();
    };
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('mousedown', away);
    window.addEventListener('keydown', key);
    window.addEventListener('blur', close);
    return () => {
      window.removeEventListener('mousedown', away);
      window.removeEventListener('keydown', key);
      window.removeEventListener('blur', close);
    };
  }, [menu, close]);

  const run = (fn: (m: MenuAt<T>) => void) => () => {
    const m = menu;
    close();
    if (m) fn(m);
  };

  const copy = run((m) => {
    // What Ctrl+C copies (the cell, or the selected rows), put on the clipboard by the browser's
    // copy command: the copy event is answered here, first, wherever the focus is.
    m.api.setFocusedCell(m.node.rowIndex ?? 0, m.column);
    const text = copiedText(m.api);
    if (text === null) return;
    const answer = (e: ClipboardEvent) => {
      e.clipboardData?.setData('text/plain', text);
      e.preventDefault();
    };
    window.addEventListener('copy', answer, { once: true, capture: true });
    const done = document.execCommand('copy');
    window.removeEventListener('copy', answer, { capture: true });
    if (!done) toast.error('无法复制：请选中单元格后按 Ctrl+C');
  });

  const paste = run((m) => {
    m.api.setFocusedCell(m.node.rowIndex ?? 0, m.column);
    const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
    if (!clipboard?.readText) {
      toast.info('请按 Ctrl+V 粘贴：此窗口不能从菜单读取剪贴板');
      return;
    }
    clipboard
      .readText()
      .then((text) => actions.paste(m.api, text))
      .catch(() => toast.info('请按 Ctrl+V 粘贴：系统未允许从菜单读取剪贴板'));
  });

  const filterValue = run((m) => {
    const shown = m.api.getCellValue({ rowNode: m.node, colKey: m.column, useFormatter: true });
    const value = m.column.getColDef().filter === 'agNumberColumnFilter' || m.column.getColDef().filter === 'agDateColumnFilter' ? m.value : shown;
    m.api.setColumnFilterModel(m.column, filterForValue(m.column, value)).then(() => m.api.onFilterChanged());
  });

  const element: ReactNode = menu && (
    <div
      ref={ref}
      className="grid-menu"
      role="menu"
      aria-label="单元格菜单"
      // Kept inside the window: opened up or left of the pointer near the bottom or right edge.
      style={{ left: Math.min(menu.x, window.innerWidth - 200), top: Math.min(menu.y, window.innerHeight - 220) }}
    >
      <button type="button" role="menuitem" onClick={copy}>
        复制<span className="grid-menu-key">Ctrl+C</span>
      </button>
      {actions.canPaste && (
        <button type="button" role="menuitem" onClick={paste}>
          粘贴<span className="grid-menu-key">Ctrl+V</span>
        </button>
      )}
      {menu.column.getColDef().filter !== false && (
        <button type="button" role="menuitem" onClick={filterValue}>
          筛选此值
        </button>
      )}
      {actions.onHistory && (
        <button type="button" role="menuitem" onClick={run((m) => m.node.data && actions.onHistory!(m.node.data))}>
          修改记录
        </button>
      )}
      {actions.onExport && (
        <button type="button" role="menuitem" onClick={run(() => actions.onExport!())}>
          导出 Excel…
        </button>
      )}
    </div>
  );

  return { onCellContextMenu, element };
}
