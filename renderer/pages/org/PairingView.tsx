// 结对帮扶: one team's village, its households and their helpers (帮扶责任人). The helper is chosen
// in the cell from the team's cadres, or several households selected (Ctrl/Shift-click) are given
// to one cadre at once; main checks that the cadre is of the village's team (shared/domain/org.ts)
// and audits each pairing.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ColDef } from 'ag-grid-community';
import type { CadreRow, PairingRow, TeamRow } from '../../../shared/contract';
import { codeLabel } from '../../../shared/domain/codes';
import { call, errorMessage } from '../../api';
import { useToast } from '../../components/Toast';
import type { EditRequest } from '../../grid/editing';
import { useTablesChanged } from '../../grid/liveRows';
import { ListGrid } from './ListGrid';

const NONE = '（未结对）';

/** The team's cadres as the helper column names them: by name, with the unit where two share one. */
function helperNames(cadres: readonly CadreRow[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const c of cadres) count.set(c.name, (count.get(c.name) ?? 0) + 1);
  return new Map(cadres.map((c) => [c.id, (count.get(c.name) ?? 0) > 1 ? `${c.name}（${c.unitName}）` : c.name]));
}

function usePairings(teamId: string | null): PairingRow[] | null {
  const toast = useToast();
  const [rows, setRows] = useState<PairingRow[] | null>(null);
  const [reloads, setReloads] = useState(0);
  useTablesChanged(['pairings', 'households', 'members', 'cadres', 'teams'], () => setReloads((n) => n + 1));
  useEffect(() => {
    if (!teamId) {
      setRows([]);
      return;
    }
    let current = true;
    call('pairings.list', { teamId })
      .then((r) => current && setRows(r))
      .catch((e: unknown) => {
        if (!current) return;
        setRows([]);
        toast.error(`结对帮扶读取失败：${errorMessage(e)}`);
      });
    return () => {
      current = false;
    };
  }, [teamId, reloads, toast]);
  return rows;
}

export function PairingView(props: { teams: TeamRow[]; cadres: CadreRow[]; teamId: string | null; onTeam: (id: string) => void }) {
  const toast = useToast();
  const team = props.teams.find((t) => t.id === props.teamId) ?? null;
  const rows = usePairings(team?.id ?? null);
  const [onlyUnpaired, setOnlyUnpaired] = useState(false);
  const [selected, setSelected] = useState<PairingRow[]>([]);
  const [helperId, setHelperId] = useState('');
  const teamCadres = useMemo(() => props.cadres.filter((c) => c.teamId === team?.id), [props.cadres, team]);
  const names = useMemo(() => helperNames(teamCadres), [teamCadres]);
  useEffect(() => {
    if (!teamCadres.some((c) => c.id === helperId)) setHelperId(teamCadres[0]?.id ?? '');
  }, [teamCadres, helperId]);
  const shownRows = useMemo(() => (rows && onlyUnpaired ? rows.filter((r) => r.cadreId === null) : rows), [rows, onlyUnpaired]);

  const assign = useCallback(
    (householdIds: string[], cadreId: string) =>
      call('pairings.assign', { householdIds, cadreId })
        .then((r) => toast.info(`已将 ${householdIds.length} 户交由 ${props.cadres.find((c) => c.id === cadreId)?.name ?? ''} 帮扶（变更 ${r.assigned} 户）`))
        .catch((e: unknown) => toast.error(`结对未保存：${errorMessage(e)}`)),
    [props.cadres, toast],
  );
  const unpair = useCallback(
    (householdIds: string[]) =>
      call('pairings.remove', { householdIds })
        .then((r) => toast.info(`已解除 ${r.removed} 户的结对`))
        .catch((e: unknown) => toast.error(`解除结对未保存：${errorMessage(e)}`)),
    [toast],
  );

  const onEdit = useCallback(
    (event: EditRequest<PairingRow>) => {
      const row = event.data;
      if (!row || String(event.newValue ?? '') === String(event.oldValue ?? '')) return;
      const refresh = () => event.api.refreshCells({ rowNodes: [event.node], force: true });
      if (event.newValue === NONE) {
        void unpair([row.id]).finally(refresh);
        return;
      }
      const cadreId = [...names].find(([, n]) => n === event.newValue)?.[0];
      if (cadreId) void assign([row.id], cadreId).finally(refresh);
    },
    [names, assign, unpair],
  );

  const columns = useMemo<ColDef<PairingRow>[]>(
    () => [
      { field: 'hhCode', headerName: '户编号', width: 170, pinned: 'left', cellClass: 'cell-mono' },
      { field: 'headName', headerName: '户主姓名', width: 110 },
      { field: 'size', headerName: '人口', width: 80, type: 'rightAligned', filter: 'agNumberColumnFilter' },
      { colId: 'category', headerName: '贫困户属性', width: 130, valueGetter: (p) => (p.data ? codeLabel('householdCategory', p.data.category) : '') },
      { colId: 'exitStatus', headerName: '脱贫状态', width: 170, valueGetter: (p) => (p.data ? codeLabel('exitStatus', p.data.exitStatus) : '') },
      {
        colId: 'helper',
        headerName: '帮扶责任人',
        headerTooltip: '双击选择本队干部；选“（未结对）”解除结对',
        headerClass: 'header-editable',
        flex: 1,
        minWidth: 200,
        editable: true,
        cellEditor: 'agSelectCellEditor',
        cellEditorParams: { values: [...names.values(), NONE] },
        valueGetter: (p) => (p.data?.cadreId ? (names.get(p.data.cadreId) ?? `${p.data.cadreName ?? ''}（外村工作队）`) : NONE),
        cellClassRules: { 'cell-warn': (p) => !p.data?.cadreId ? p.data?.poor === true : p.data.cadreTeamId !== team?.id },
      },
    ],
    [names, team],
  );

  const ids = selected.map((r) => r.id);
  return (
    <div className="single-page">
      <div className="toolbar org-pairing-bar">
        <label htmlFor="pair-team">工作队</label>
        <select id="pair-team" value={team?.id ?? ''} onChange={(e) => props.onTeam(e.target.value)}>
          {props.teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}（{t.villageName}）
            </option>
          ))}
        </select>
        <label className="check">
          <input type="checkbox" checked={onlyUnpaired} onChange={(e) => setOnlyUnpaired(e.target.checked)} />
          只看未结对的户
        </label>
        <span className="spacer" />
        <label htmlFor="pair-cadre">将选中的 {ids.length} 户交由</label>
        <select id="pair-cadre" value={helperId} onChange={(e) => setHelperId(e.target.value)} disabled={teamCadres.length === 0}>
          {teamCadres.map((c) => (
            <option key={c.id} value={c.id}>
              {names.get(c.id)}（{c.role}，已帮扶 {c.households} 户）
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-primary" disabled={ids.length === 0 || !helperId} onClick={() => void assign(ids, helperId)}>
          帮扶
        </button>
        <button type="button" className="btn" disabled={!selected.some((r) => r.cadreId)} onClick={() => void unpair(ids)}>
          解除结对
        </button>
      </div>
      <ListGrid<PairingRow>
        rows={shownRows}
        label={team ? `${team.villageName}结对帮扶` : '结对帮扶'}
        columnsKey="org.pairings"
        columns={columns}
        unit="户"
        onEditRequest={onEdit}
        onSelected={setSelected}
        rowName={(r) => `户编号 ${r.hhCode}`}
        emptyText={team ? '该村没有贫困户' : '请先新增驻村工作队'}
      />
    </div>
  );
}
