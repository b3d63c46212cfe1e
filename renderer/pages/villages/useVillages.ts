// The 行政村 page's data: the villages and the registry's county, read again whenever a committed
// change touches a table the list is built from; and the in-place edit of a village's field.
import { useCallback, useEffect, useState } from 'react';
import type { VillageRow } from '../../../shared/contract';
import { VILLAGE_FIELDS } from '../../../shared/domain/village';
import { call, errorMessage } from '../../api';
import { useToast } from '../../components/Toast';
import type { EditRequest } from '../../grid/editing';
import { useTablesChanged } from '../../grid/liveRows';

/** The tables a village's row is built from (its team, lead unit and counts). */
const TABLES_SHOWN = ['villages', 'teams', 'units', 'households', 'members'] as const;

export interface Villages {
  /** null while the first answer is awaited */
  rows: VillageRow[] | null;
  /** The county the registry covers; null while it has no village. */
  countyCode: string | null;
}

export function useVillages(): Villages {
  const toast = useToast();
  const [state, setState] = useState<Villages>({ rows: null, countyCode: null });
  const [reloads, setReloads] = useState(0);
  useTablesChanged(TABLES_SHOWN, () => setReloads((n) => n + 1));
  useEffect(() => {
    let current = true;
    Promise.all([call('villages.list', {}), call('villages.county', {})])
      .then(([rows, county]) => current && setState({ rows, countyCode: county.countyCode }))
      .catch((e: unknown) => {
        if (!current) return;
        setState((s) => ({ ...s, rows: s.rows ?? [] }));
        toast.error(`行政村列表读取失败：${errorMessage(e)}`);
      });
    return () => {
      current = false;
    };
  }, [reloads, toast]);
  return state;
}

/**
 * A village's cell edited in place: main checks the value (the code rule among them) and stores it;
 * the row then shows what main stored. On refusal the cell keeps its value and main's reason is
 * shown, naming the column.
 */
export function useVillageEdit() {
  const toast = useToast();
  return useCallback(
    (event: EditRequest<VillageRow>) => {
      const key = event.colDef.colId ?? event.colDef.field;
      const def = VILLAGE_FIELDS.find((f) => f.key === key);
      const row = event.data;
      if (!def || !row) return;
      if (String(event.newValue ?? '') === String(event.oldValue ?? '')) return;
      const value = event.newValue === null || event.newValue === undefined ? null : String(event.newValue);
      call('villages.update', { id: row.id, field: def.key, value })
        .then((saved) => event.node.setData(saved))
        .catch((e: unknown) => {
          event.api.refreshCells({ rowNodes: [event.node], columns: [event.column], force: true });
          const reason = errorMessage(e);
          // main's reasons mostly name the column already (“村代码：…”, “村代码“…”应为…”).
          toast.error(reason.startsWith(def.label) ? `修改未保存。${reason}` : `修改未保存（${def.label}）：${reason}`);
        });
    },
    [toast],
  );
}
