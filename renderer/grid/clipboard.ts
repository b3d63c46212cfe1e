// Copy and paste between the grids and Excel/WPS, on AG Grid Community's API (its own clipboard is
// an Enterprise feature). The text is what spreadsheets put on the clipboard: rows of tab-separated
// cells, a cell with a tab, a line break or a quote in double quotes. Copying takes what the clerk
// sees (labels, 是/否), with the visible headers when whole rows are copied; pasting sends the
// text as typed to main, which parses and checks every cell as an edit and applies all or none.
import { parse } from 'csv-parse/browser/esm/sync';
import type { Column, GridApi, IRowNode } from 'ag-grid-community';

/** One cell as a spreadsheet writes it into tab-separated text. */
function tsvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[\t\r\n"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function shownValue<T>(api: GridApi<T>, node: IRowNode<T>, column: Column): unknown {
  return api.getCellValue({ rowNode: node, colKey: column, useFormatter: true });
}

/**
 * The text Ctrl+C puts on the clipboard: with more than one row selected, those rows (in the grid's
 * order) under the visible headers; otherwise the focused cell's value. Null: nothing to copy.
 */
export function copiedText<T>(api: GridApi<T>): string | null {
  const columns = api.getAllDisplayedColumns();
  const selected = api.getSelectedNodes().filter((n) => n.data);
  if (selected.length > 1) {
    const rows = [...selected].sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0));
    const header = columns.map((c) => tsvCell(api.getDisplayNameForColumn(c, 'header')));
    const lines = rows.map((node) => columns.map((c) => tsvCell(shownValue(api, node, c))).join('\t'));
    return [header.join('\t'), ...lines].join('\r\n');
  }
  const cell = api.getFocusedCell();
  if (!cell || cell.rowPinned) return null;
  const node = api.getDisplayedRowAtIndex(cell.rowIndex);
  if (!node?.data) return null;
  const value = shownValue(api, node, cell.column);
  return value === null || value === undefined ? '' : String(value);
}

/** Tab-separated text from a spreadsheet as rows of cells; the line break after the last row is dropped. */
export function parseTsv(text: string): string[][] {
  const trimmed = text.replace(/(\r\n|\n|\r)$/, '');
  if (trimmed === '') return [];
  return parse(trimmed, { delimiter: '\t', relax_quotes: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
}

/** Whether pasted text is a block (several cells) rather than a value for one cell's editor. */
export function isBlock(text: string): boolean {
  return /[\t\r\n]/.test(text.replace(/(\r\n|\n|\r)$/, ''));
}

export interface PasteCell<T> {
  node: IRowNode<T>;
  column: Column;
  text: string;
}

/**
 * The cells a block fills, from the focused cell right and down over the displayed columns and
 * rows. Cells past the last column or row are not dropped silently: they are counted in `outside`.
 */
export function pasteTargets<T>(api: GridApi<T>, block: string[][]): { cells: PasteCell<T>[]; outside: number; notLoaded: number } | null {
  const focused = api.getFocusedCell();
  if (!focused || focused.rowPinned) return null;
  const columns = api.getAllDisplayedColumns();
  const first = columns.indexOf(focused.column);
  if (first < 0) return null;
  const cells: PasteCell<T>[] = [];
  let outside = 0;
  let notLoaded = 0;
  block.forEach((values, r) => {
    const node = api.getDisplayedRowAtIndex(focused.rowIndex + r);
    values.forEach((text, c) => {
      const column = columns[first + c];
      if (!node || !column) outside++;
      else if (!node.data) notLoaded++;
      else cells.push({ node, column, text });
    });
  });
  return { cells, outside, notLoaded };
}
