// In-place edits: the grid asks (readOnlyEdit), main validates and stores, and only main's stored
// row is shown. On refusal the cell keeps its old value and main's reason is shown, naming the field.
// Each stored edit is a step 撤销 can undo (undo.tsx).
import { useCallback } from 'react';
import type { CellEditRequestEvent } from 'ag-grid-community';
import type { HouseholdRow, MemberRow } from '../../shared/contract';
import { HOUSEHOLD_FIELDS, MEMBER_FIELDS, fieldByKey } from '../../shared/fields';
import { call, errorMessage } from '../api';
import { useToast } from '../components/Toast';
import { rawEditValue } from './columns';
import { clearRefused, markRefused } from './refusals';
import { useUndo, type StoredValue } from './undo';

type Channel = 'households.update' | 'members.update';
type RowOf<C extends Channel> = C extends 'households.update' ? HouseholdRow : MemberRow;

/** What an edit needs of AG Grid's request: the grid's event, or the same built for a cleared cell. */
export type EditRequest<T> = Pick<CellEditRequestEvent<T>, 'api' | 'node' | 'column' | 'colDef' | 'data' | 'newValue' | 'oldValue'>;

export function useCellEdit<C extends Channel>(channel: C, onSaved?: (row: RowOf<C>, field: string) => void) {
  const toast = useToast();
  const undo = useUndo();
  const fields = channel === 'households.update' ? HOUSEHOLD_FIELDS : MEMBER_FIELDS;
  return useCallback(
    (event: EditRequest<RowOf<C>>) => {
      const key = event.colDef.colId ?? event.colDef.field;
      const def = key ? fieldByKey(fields, key) : undefined;
      const row = event.data;
      if (!def || !row) return;
      const value = rawEditValue(def, event.newValue);
      if (String(event.newValue ?? '') === String(event.oldValue ?? '')) return;
      const before = (row as unknown as Record<string, StoredValue>)[def.key] ?? null;
      const input = { id: row.id, field: def.key, value };
      const request: Promise<HouseholdRow | MemberRow> = channel === 'households.update' ? call('households.update', input) : call('members.update', input);
      request
        .then((saved) => {
          const stored = saved as RowOf<C>;
          // Both row models: the node takes main's stored row in place.
          clearRefused(event.node, def.key);
          event.node.setData(stored);
          onSaved?.(stored, def.key);
          const after = (stored as unknown as Record<string, StoredValue>)[def.key] ?? null;
          undo.record({
            label: `${value === null ? '清空' : '修改'}“${def.label}”`,
            grid: channel === 'households.update' ? 'households' : 'members',
            edits: [{ id: row.id, field: def.key, before, after }],
          });
        })
        .catch((e: unknown) => {
          // The grid never took the new value (readOnlyEdit): the cell shows the stored one again,
          // marked, with the reason as its tooltip.
          const reason = errorMessage(e);
          markRefused(event.node, def.key, reason);
          event.api.refreshCells({ rowNodes: [event.node], columns: [event.column], force: true });
          toast.error(reason.startsWith(`${def.label}：`) ? `修改未保存。${reason}` : `修改未保存（${def.label}）：${reason}`);
        });
    },
    [channel, fields, onSaved, toast, undo],
  );
}
