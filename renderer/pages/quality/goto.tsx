// Jumping from a list (数据质量) to a record: the main window switches to the record's tab, and
// that page clears whatever hides the row (village, search, filters), asks main where the row
// stands, scrolls there and selects it. A village jump (from 挂图作战) opens the 贫困户 tab on
// that village's households, nothing else narrowing them.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { GridApi } from 'ag-grid-community';
import type { QualityTarget } from '../../../shared/contract';
import { gridQueryOf, revealRow } from '../../grid/SqlGrid';

export type RecordTable = QualityTarget['table'];
/** The SQL-backed grids a record jump scrolls in. */
type GridTable = Exclude<RecordTable, 'cadres'>;
/** The tab that shows a record: a cadre is in 单位与工作队. */
export type RecordTab = GridTable | 'org';

function tabOf(table: RecordTable): RecordTab {
  return table === 'cadres' ? 'org' : table;
}

interface Goto {
  target: QualityTarget | null;
  open(target: QualityTarget): void;
  done(): void;
  /** The village whose households the 贫困户 tab is to show, until it took it. */
  village: string | null;
  openVillage(villageId: string): void;
  villageDone(): void;
}

const GotoContext = createContext<Goto>({ target: null, open: () => {}, done: () => {}, village: null, openVillage: () => {}, villageDone: () => {} });

export function GotoProvider({ onOpen, children }: { onOpen: (tab: RecordTab) => void; children: ReactNode }) {
  const [target, setTarget] = useState<QualityTarget | null>(null);
  const [village, setVillage] = useState<string | null>(null);
  const value = useMemo<Goto>(
    () => ({
      target,
      open: (t) => {
        setTarget(t);
        onOpen(tabOf(t.table));
      },
      done: () => setTarget(null),
      village,
      openVillage: (villageId) => {
        setVillage(villageId);
        onOpen('households');
      },
      villageDone: () => setVillage(null),
    }),
    [target, village, onOpen],
  );
  return <GotoContext.Provider value={value}>{children}</GotoContext.Provider>;
}

export function useGoto(): (target: QualityTarget) => void {
  return useContext(GotoContext).open;
}

/** Opens the 贫困户 tab on one village's households. */
export function useGotoVillage(): (villageId: string) => void {
  return useContext(GotoContext).openVillage;
}

/**
 * On the 单位与工作队 page: when a jump to a cadre is pending, `show` gets its id (the page shows
 * the 帮扶干部 list, selects the row and scrolls to it), and the jump is done.
 */
export function useCadreJump(show: (cadreId: string) => void): void {
  const { target, done } = useContext(GotoContext);
  const showRef = useRef(show);
  showRef.current = show;
  const id = target?.table === 'cadres' ? target.id : null;
  useEffect(() => {
    if (!id) return;
    done();
    showRef.current(id);
  }, [id, done]);
}

/**
 * On the 贫困户 page: when a village jump is pending, `show` chooses that village (and clears the
 * quick search); the column filters are cleared once the grid is there (after its remembered ones
 * were put back).
 */
export function useVillageJump<T>(gridApi: RefObject<GridApi<T> | null>, show: (villageId: string) => void): void {
  const { village, villageDone } = useContext(GotoContext);
  const showRef = useRef(show);
  showRef.current = show;
  useEffect(() => {
    if (!village) return;
    villageDone();
    showRef.current(village);
    void (async () => {
      for (let waited = 0; !gridApi.current && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      const api = gridApi.current;
      if (api && !api.isDestroyed()) api.setFilterModel(null);
    })();
  }, [village, villageDone, gridApi]);
}

/**
 * On the page that shows `table` (a SQL-backed grid): when a jump to one of its records is pending
 * and `ready` (the grid is there, nothing narrowing it), clears the column filters, asks main where
 * the row stands in the grid's order, scrolls there and selects it; otherwise calls `widen` to
 * clear the village choice and quick search first. `notFound` is told when the record is not there.
 */
export function useJumpTarget<T extends { id: string }>(
  table: GridTable,
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
