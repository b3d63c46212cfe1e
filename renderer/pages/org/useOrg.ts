// The 组织 page's data: units, teams, cadres and villages (a few hundred rows at most), read again
// whenever a committed change touches a table they are built from; and the in-place edit of a
// unit's, team's or cadre's cell, checked and stored by main before the grid shows it.
import { useCallback, useEffect, useState } from 'react';
import type { CadreRow, InputOf, TeamRow, UnitRow, VillageRow } from '../../../shared/contract';
import type { FieldDef } from '../../../shared/fields';
import { call, errorMessage } from '../../api';
import { useToast } from '../../components/Toast';
import type { EditRequest } from '../../grid/editing';
import { useTablesChanged } from '../../grid/liveRows';

/** The tables the lists are built from (counts included). */
const TABLES_SHOWN = ['units', 'teams', 'teamUnits', 'cadres', 'villages', 'pairings', 'households'] as const;

export interface OrgData {
  units: UnitRow[] | null;
  teams: TeamRow[] | null;
  cadres: CadreRow[] | null;
  villages: VillageRow[] | null;
}

export function useOrgData(): OrgData {
  const toast = useToast();
  const [data, setData] = useState<OrgData>({ units: null, teams: null, cadres: null, villages: null });
  const [reloads, setReloads] = useState(0);
  useTablesChanged(TABLES_SHOWN, () => setReloads((n) => n + 1));
  useEffect(() => {
    let current = true;
    Promise.all([call('units.list', {}), call('teams.list', {}), call('cadres.list', {}), call('villages.list', {})])
      .then(([units, teams, cadres, villages]) => current && setData({ units, teams, cadres, villages }))
      .catch((e: unknown) => {
        if (!current) return;
        setData((d) => ({ units: d.units ?? [], teams: d.teams ?? [], cadres: d.cadres ?? [], villages: d.villages ?? [] }));
        toast.error(`单位与工作队读取失败：${errorMessage(e)}`);
      });
    return () => {
      current = false;
    };
  }, [reloads, toast]);
  return data;
}

type EditChannel = 'units.update' | 'teams.update' | 'cadres.update';

/** A column whose cell is chosen by name from a list and stored as the chosen record's id. */
export interface RefColumn {
  key: string;
  label: string;
  /** The id of the name chosen; null: none chosen (allowed only where the column may be empty). */
  idOf: (name: string) => string | null | undefined;
}

/**
 * A cell edited in place: a text field (its rule in main: shared/domain/org.ts and validation.ts)
 * or a record chosen by name. On refusal the cell keeps its value and main's reason is shown,
 * naming the column.
 */
export function useOrgEdit<Row extends { id: string }>(channel: EditChannel, fields: readonly FieldDef[], refs: readonly RefColumn[] = []) {
  const toast = useToast();
  return useCallback(
    (event: EditRequest<Row>) => {
      const key = event.colDef.colId ?? event.colDef.field;
      const row = event.data;
      if (!key || !row) return;
      if (String(event.newValue ?? '') === String(event.oldValue ?? '')) return;
      const text = event.newValue === null || event.newValue === undefined ? null : String(event.newValue);
      const def = fields.find((f) => f.key === key);
      const ref = refs.find((r) => r.key === key);
      const label = def?.label ?? ref?.label ?? key;
      let value: string | null;
      if (def) value = text;
      else if (ref) {
        const id = ref.idOf(text ?? '');
        if (id === undefined) {
          toast.error(`修改未保存（${label}）：没有“${text ?? ''}”`);
          return;
        }
        value = id;
      } else return;
      const refresh = () => event.api.refreshCells({ rowNodes: [event.node], columns: [event.column], force: true });
      // The field is one of the channel's editable keys by construction (fields, refs); main's zod checks it again.
      const input = { id: row.id, field: ref ? ref.key : key, value } as InputOf<EditChannel>;
      call(channel, input)
        .then((saved) => event.node.setData(saved as unknown as Row))
        .catch((e: unknown) => {
          refresh();
          const reason = errorMessage(e);
          toast.error(reason.startsWith(label) ? `修改未保存。${reason}` : `修改未保存（${label}）：${reason}`);
        });
    },
    [channel, fields, refs, toast],
  );
}
