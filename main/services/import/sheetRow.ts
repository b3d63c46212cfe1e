// What every reader of the import yields (sources.ts): a sheet's row as primitive cell values.

/** A cell as the import sees it. Dates are already ISO strings (YYYY-MM-DD). */
export type Cell = string | number | boolean | null;

/** Non-empty cells a reader left out because they lie right of the width the import asked for. */
export interface CellsBeyond {
  count: number;
  /** The first and last of their columns, 1-based. */
  first: number;
  last: number;
}

export interface SheetRow {
  sheet: string;
  /** 1-based, as Excel shows it, title rows included. */
  row: number;
  cells: Cell[];
  /** Cells that hold no readable value (a formula never calculated), by 0-based index. */
  problems?: Map<number, string>;
  /** Absent when the row has nothing right of the width asked for. */
  beyond?: CellsBeyond;
}

/**
 * How many cells of a row the import wants: the readers build no cell past it, so a stray cell in
 * column XFD costs nothing. Asked before each row, by sheet and Excel row number.
 */
export type ColumnWidth = (sheet: string, row: number) => number;

/**
 * The width a SheetTracker gives (collect.ts): up to the header's last named column, found from the
 * rows read so far. It depends on nothing but those rows, so a reader in another thread can work it
 * out itself (readerThread.ts); any other width is asked of the caller in its own thread.
 */
export type HeaderWidth = ColumnWidth & { readonly fromHeader: true };

/** Adds one non-empty cell left out (its 1-based column) to a row's count. */
export function addBeyond(beyond: CellsBeyond | undefined, column: number): CellsBeyond {
  if (!beyond) return { count: 1, first: column, last: column };
  beyond.count++;
  if (column < beyond.first) beyond.first = column;
  if (column > beyond.last) beyond.last = column;
  return beyond;
}
