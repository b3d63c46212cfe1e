// In-place edits: the grid asks (readOnlyEdit), main validates and stores, and only main's stored
// row is shown. On refusal the cell keeps its old value and main's reason is shown, naming the field.
import { useCallback } from 'react';
import type { CellEditRequestEvent } from 'ag-grid-community';
import type { HouseholdRow, MemberRow } from '../../shared/contract';
import { HOUSEHOLD_FIELDS, MEMBER_FIELDS, fieldByKey } from '../../shared/fields';
import { call, errorMessage } from '../api';
import { useToast } from '../components/Toast';
import { rawEditValue } from './columns';

type Channel = 'households.update' | 'members.update';
type RowOf<C extends Channel> = C extends 'households.update' ? HouseholdRow : MemberRow;

export function useCellEdit<C extends Channel>(channel: C, onSaved?: (row: RowOf<C>, field: string) => void) {
  const toast = useToast();
  const fields = channel === 'households.update' ? HOUSEHOLD_FIELDS : MEMBER_FIELDS;
  return useCallback(
    (event: CellEditRequestEvent<RowOf<C>>) => {
      const key = event.colDef.colId ?? event.colDef.field;
      const def = key ? fieldByKey(fields, key) : undefined;
      const row = event.data;
      if (!def || !row) return;
      const value = rawEditValue(def, event.newValue);
      if (String(event.newValue ?? '') === String(event.oldValue ?? '')) return;
      const input = { id: row.id, field: def.key, value };
      const request: Promise<HouseholdRow | MemberRow> = channel === 'households.update' ? call('households.update', input) : call('members.update', input);
      request
        .then((saved) => {
          const stored = saved as RowOf<C>;
          // Both row models: the node takes main's stored row in place.
          event.node.setData(stored);
          onSaved?.(stored, def.key);
        })
        .catch((e: unknown) => {
          // The grid never took the new value (readOnlyEdit): refresh the cell so it shows the stored one.
          event.api.refreshCells({ rowNodes: [event.node], columns: [event.column], force: true });
          const reason = errorMessage(e);
          toast.error(reason.startsWith(`${def.label}：`) ? `修改未保存。${reason}` : `修改未保存（${def.label}）：${reason}`);
        });
    },
    [channel, fields, onSaved, toast],
  );
}
