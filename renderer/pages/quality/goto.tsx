// Jumping from a list (数据质量) to a record: the main window switches to the record's tab, and
// that page, once its rows are there, clears whatever hides the row (village, search, filters),
// selects it and scrolls it into view.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { GridApi } from 'ag-grid-community';
import type { QualityTarget } from '../../../shared/contract';

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

const RETRY_MS = 100;
const GIVE_UP_MS = 5_000;

/**
 * On the page that shows `table`: when a jump to one of its records is pending and `ready` (rows
 * loaded, nothing narrowing them), selects and reveals the row; otherwise calls `widen` to clear
 * the village choice and quick search first. `notFound` is told when the record is not there.
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
    gridApi.current?.setFilterModel(null);
    let waited = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = () => {
      const api = gridApi.current;
      const node = api?.getRowNode(mine.id);
      if (api && node?.displayed) {
        api.deselectAll();
        node.setSelected(true, true);
        api.ensureNodeVisible(node, 'middle');
        const first = api.getAllDisplayedColumns()[0];
        if (first && node.rowIndex !== null) api.setFocusedCell(node.rowIndex, first);
        finish();
        return;
      }
      waited += RETRY_MS;
      if (waited >= GIVE_UP_MS) {
        finish();
        notFoundRef.current(mine);
        return;
      }
      timer = setTimeout(attempt, RETRY_MS);
    };
    attempt();
    return () => clearTimeout(timer);
  }, [mine, ready, gridApi, finish]);
}
