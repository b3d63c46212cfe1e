// Jumping from a list (数据质量) to a record: the main window switches to the record's tab, and
// that page clears whatever hides the row (village, search, filters), asks main where the row
// stands, scrolls there and selects it.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { GridApi } from 'ag-grid-community';
import type { QualityTarget } from '../../../shared/contract';
import { gridQueryOf, revealRow } from '../../grid/SqlGrid';

export type RecordTable = QualityTarget['table'];

interface Goto {
  target: QualityTarget | null;
  open(target: QualityTarget): void;
  done(): void;
}

const GotoContext = createContext<Goto>({ target: null, open: () => {}, done: () => {} });

export function GotoProvider({ onOpen, children }: { onOpen: (table: RecordTable) => void; children: ReactNode }) {
  const [target, setTarget] = useState<QualityTarget | null>(null);
  const value = useMemo<Goto>(
    () => ({
      target,
      open: (t) => {
        setTarget(t);
        onOpen(t.table);
      },
      done: () => setTarget(null),
    }),
    [target, onOpen],
  );
  return <GotoContext.Provider value={value}>{children}</GotoContext.Provider>;
}

export function useGoto(): (target: QualityTarget) => void {
  return useContext(GotoContext).open;
}

/**
 * On the page that shows `table` (a SQL-backed grid): when a jump to one of its records is pending
 * and `ready` (the grid is there, nothing narrowing it), clears the column filters, asks main where
 * the row stands in the grid's order, scrolls there and selects it; otherwise calls `widen` to
 * clear the village choice and quick search first. `notFound` is told when the record is not there.
 */
export function useJumpTarget<T extends { id: string }>(
  table: RecordTable,
  gridApi: RefObject<GridApi<T> | null>,
  ready: boolean,
  widen: () => void,
  notFound: (target: QualityTarget) => void,
): void {
  const { target, done } = useContext(GotoContext);
  const mine = target?.table === table ? target : null;
  const widenRef = useRef(widen);
  widenRef.current = widen;
  const notFoundRef = useRef(notFound);
  notFoundRef.current = notFound;
  const finish = useCallback(() => done(), [done]);

  useEffect(() => {
    if (!mine) return;
    if (!ready) {
      widenRef.current();
      return;
    }
    let cancelled = false;
    // The page may have just opened: its grid is ready a moment after it mounts.
    const gridReady = async () => {
      for (let waited = 0; !gridApi.current && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      const api = gridApi.current;
      if (!api) throw new Error('grid not ready');
      return api;
    };
    gridReady()
      .then((api) => {
        if (cancelled) return false;
        api.setFilterModel(null);
        return revealRow(api, table, gridQueryOf(api, {}), mine.id);
      })
      .then((found) => {
        if (cancelled) return;
        finish();
        if (!found) notFoundRef.current(mine);
      })
      .catch(() => {
        if (cancelled) return;
        finish();
        notFoundRef.current(mine);
      });
    return () => {
      cancelled = true;
    };
  }, [mine, ready, gridApi, finish, table]);
}
