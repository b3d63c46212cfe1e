// 单位与工作队: the 21 work teams (with the selected team's members below), the dispatching units,
// their cadres and the pairing of cadres with households, one view at a time. Cells are edited in
// place and records added and removed here; main checks each change (shared/domain/org.ts) and the
// lists follow from the change event.
import { useCallback, useMemo, useRef, useState } from 'react';
import type { ColDef, GridApi, ValueFormatterParams } from 'ag-grid-community';
import type { CadreRow, TeamRow, UnitRow } from '../../../shared/contract';
import { CADRE_FIELDS, CADRE_ROLES, TEAM_FIELDS, UNIT_FIELDS } from '../../../shared/domain/org';
import type { FieldDef } from '../../../shared/fields';
import { call, errorMessage } from '../../api';
import { useToast } from '../../components/Toast';
import { fieldColumn } from '../../grid/columns';
import { useCadreJump } from '../quality/goto';
import { ListGrid } from './ListGrid';
import { NewCadreDialog, NewTeamDialog, NewUnitDialog, RemoveDialog, TeamUnitsDialog } from './OrgDialogs';
import { PairingView } from './PairingView';
import { useOrgData, useOrgEdit, type RefColumn } from './useOrg';
import './org.css';

const num = { type: 'rightAligned', filter: 'agNumberColumnFilter', width: 100 } as const;

function column<T>(fields: readonly FieldDef[], key: string, col: ColDef<T>): ColDef<T> {
  return { ...fieldColumn<T>(fields.find((f) => f.key === key)!), ...col };
}

/** A column chosen from a list of names (a village, a unit, a team), stored as the chosen id. */
function choiceColumn<T>(colId: string, headerName: string, names: readonly string[], value: (row: T) => string | null, col: ColDef<T>): ColDef<T> {
  return {
    colId,
    headerName,
    headerClass: 'header-editable',
    headerTooltip: `${headerName}（双击从列表中选择）`,
    editable: true,
    cellEditor: 'agSelectCellEditor',
    cellEditorParams: { values: names },
    valueGetter: (p) => (p.data ? value(p.data) : null),
    ...col,
  };
}

const UNIT_EXTRA: ColDef<UnitRow>[] = [
  { field: 'teamName', headerName: '所在工作队', width: 200 },
  { field: 'villageName', headerName: '帮扶村', width: 110 },
  { field: 'isLead', headerName: '牵头单位', width: 100, valueFormatter: (p: ValueFormatterParams<UnitRow, boolean>) => (p.value ? '是' : '否'), filterValueGetter: (p) => (p.data?.isLead ? '是' : '否') },
  { field: 'cadres', headerName: '干部数', ...num },
];

const NO_TEAM = '（不进工作队）';

const VIEWS = [
  { id: 'teams', label: '工作队' },
  { id: 'units', label: '帮扶单位' },
  { id: 'cadres', label: '帮扶干部' },
  { id: 'pairings', label: '结对帮扶' },
] as const;
type View = (typeof VIEWS)[number]['id'];

type Dialog =
  | { kind: 'newUnit' }
  | { kind: 'newTeam' }
  | { kind: 'newCadre'; team?: TeamRow }
  | { kind: 'teamUnits'; team: TeamRow }
  | { kind: 'remove'; what: '单位' | '工作队' | '干部'; row: { id: string; name: string }; paired?: number };

export function OrgPage() {
  const toast = useToast();
  const { units, teams, cadres, villages } = useOrgData();
  const [view, setView] = useState<View>('teams');
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [teamId, setTeamId] = useState<string | null>(null);
  // Selections by id: the rows themselves are read again after every change.
  const [unitId, setUnitId] = useState<string | null>(null);
  const [cadreId, setCadreId] = useState<string | null>(null);
  const [memberId, setMemberId] = useState<string | null>(null);
  const [pairTeamId, setPairTeamId] = useState<string | null>(null);
  const team = teams?.find((t) => t.id === teamId) ?? null;
  const unit = units?.find((u) => u.id === unitId) ?? null;
  const cadre = cadres?.find((c) => c.id === cadreId) ?? null;
  const member = cadres?.find((c) => c.id === memberId) ?? null;

  // A jump from 数据质量 to a cadre: the cadres' list, that row selected and in view.
  const cadreApi = useRef<GridApi<CadreRow> | null>(null);
  const pendingCadre = useRef<string | null>(null);
  const revealCadre = useCallback((api: GridApi<CadreRow>) => {
    const id = pendingCadre.current;
    const node = id ? api.getRowNode(id) : undefined;
    if (!node) return;
    pendingCadre.current = null;
    api.setFilterModel(null);
    api.deselectAll();
    node.setSelected(true);
    api.ensureNodeVisible(node, 'middle');
  }, []);
  useCadreJump((id) => {
    pendingCadre.current = id;
    setView('cadres');
    if (cadreApi.current && !cadreApi.current.isDestroyed()) revealCadre(cadreApi.current);
  });
  const cadreReady = useCallback(
    (api: GridApi<CadreRow>) => {
      cadreApi.current = api;
      // The rows may arrive after the grid: tried again when they are there.
      api.addEventListener('rowDataUpdated', () => revealCadre(api));
      revealCadre(api);
    },
    [revealCadre],
  );

  const villageIdOf = useCallback((name: string) => villages?.find((v) => v.name === name)?.id, [villages]);
  const unitIdOf = useCallback((name: string) => units?.find((u) => u.name === name)?.id, [units]);
  const teamIdOf = useCallback((name: string) => (name === NO_TEAM ? null : teams?.find((t) => t.name === name)?.id), [teams]);
  const teamRefs = useMemo<RefColumn[]>(
    () => [
      { key: 'villageId', label: '驻村', idOf: villageIdOf },
      { key: 'leadUnitId', label: '牵头单位', idOf: unitIdOf },
    ],
    [villageIdOf, unitIdOf],
  );
  const cadreRefs = useMemo<RefColumn[]>(
    () => [
      { key: 'unitId', label: '单位', idOf: unitIdOf },
      { key: 'teamId', label: '工作队', idOf: teamIdOf },
    ],
    [unitIdOf, teamIdOf],
  );
  const editUnit = useOrgEdit<UnitRow>('units.update', UNIT_FIELDS);
  const editTeam = useOrgEdit<TeamRow>('teams.update', TEAM_FIELDS, teamRefs);
  const editCadre = useOrgEdit<CadreRow>('cadres.update', CADRE_FIELDS, cadreRefs);

  const unitNames = useMemo(() => (units ?? []).map((u) => u.name), [units]);
  const teamColumns = useMemo<ColDef<TeamRow>[]>(
    () => [
      column<TeamRow>(TEAM_FIELDS, 'name', { width: 200, pinned: 'left' }),
      choiceColumn<TeamRow>('villageId', '驻村', (villages ?? []).map((v) => v.name), (t) => t.villageName, { width: 110 }),
      choiceColumn<TeamRow>('leadUnitId', '牵头单位', unitNames, (t) => t.leadUnitName, { width: 200 }),
      { field: 'firstSecretary', headerName: '第一书记', width: 110, headerTooltip: '在下方队员中选中一人后点“设为第一书记”' },
      { field: 'cadres', headerName: '干部数', ...num, width: 90 },
      { field: 'households', headerName: '户数', ...num, width: 90 },
      { field: 'unitCount', headerName: '单位数', ...num, width: 90 },
      // The wide text last: where the grid's width falls a few pixels short, blank space is cut, not a number.
      { field: 'unitNames', headerName: '成员单位', flex: 1, minWidth: 240, tooltipField: 'unitNames', headerTooltip: '选中工作队后点“成员单位…”修改' },
    ],
    [villages, unitNames],
  );
  const unitColumns = useMemo<ColDef<UnitRow>[]>(
    () => [
      column<UnitRow>(UNIT_FIELDS, 'name', { flex: 1, minWidth: 220, pinned: 'left' }),
      column<UnitRow>(UNIT_FIELDS, 'kind', { width: 130 }),
      column<UnitRow>(UNIT_FIELDS, 'headName', { width: 110 }),
      column<UnitRow>(UNIT_FIELDS, 'phone', { width: 150 }),
      ...UNIT_EXTRA,
    ],
    [],
  );
  const cadreColumns = useCallback(
    (inTeam: boolean): ColDef<CadreRow>[] => [
      column<CadreRow>(CADRE_FIELDS, 'name', { width: 100, pinned: 'left' }),
      { ...column<CadreRow>(CADRE_FIELDS, 'role', { width: 120 }), cellEditor: 'agSelectCellEditor', cellEditorParams: { values: [...CADRE_ROLES] } },
      column<CadreRow>(CADRE_FIELDS, 'title', { width: 110 }),
      choiceColumn<CadreRow>('unitId', '单位', unitNames, (c) => c.unitName, { width: 190 }),
      ...(inTeam ? [] : [choiceColumn<CadreRow>('teamId', '工作队', [NO_TEAM, ...(teams ?? []).map((t) => t.name)], (c) => c.teamName ?? NO_TEAM, { width: 190 })]),
      column<CadreRow>(CADRE_FIELDS, 'phone', { width: 140 }),
      { field: 'households', headerName: '结对户数', ...num, width: 100 },
      column<CadreRow>(CADRE_FIELDS, 'duty', { flex: 1, minWidth: 200, tooltipField: 'duty' }),
    ],
    [unitNames, teams],
  );
  const allCadreColumns = useMemo(() => cadreColumns(false), [cadreColumns]);
  const memberColumns = useMemo(() => cadreColumns(true), [cadreColumns]);
  const members = useMemo(() => (cadres && team ? cadres.filter((c) => c.teamId === team.id) : null), [cadres, team]);

  const one = (set: (id: string | null) => void) => (rows: { id: string }[]) => set(rows.length === 1 ? rows[0].id : null);

  const makeFirstSecretary = () => {
    if (!team || !member) return;
    call('teams.setFirstSecretary', { teamId: team.id, cadreId: member.id })
      .then(() => toast.info(`已设${member.name}为${team.name}第一书记`))
      .catch((e: unknown) => toast.error(`未能设为第一书记：${errorMessage(e)}`));
  };

  const close = () => setDialog(null);
  const closeWith = (message: string) => {
    setDialog(null);
    toast.info(message);
  };
  const remove = (d: Extract<Dialog, { kind: 'remove' }>, unpair: boolean): Promise<unknown> => {
    if (d.what === '单位') return call('units.remove', { id: d.row.id });
    if (d.what === '工作队') return call('teams.remove', { id: d.row.id });
    return call('cadres.remove', { id: d.row.id, unpair });
  };
  const removeButton = (what: '单位' | '工作队' | '干部', row: { id: string; name: string } | null, paired?: number) => (
    <button type="button" className="btn" disabled={!row} title={row ? `删除${row.name}` : `请先在列表中选中一个${what}`} onClick={() => row && setDialog({ kind: 'remove', what, row, paired })}>
      删除{what}
    </button>
  );

  return (
    <div className="single-page">
      <div className="toolbar">
        <div className="segmented" role="tablist" aria-label="单位与工作队">
          {VIEWS.map((v) => (
            <button key={v.id} type="button" role="tab" aria-selected={view === v.id} className={view === v.id ? 'seg active' : 'seg'} onClick={() => setView(v.id)}>
              {v.label}
            </button>
          ))}
        </div>
        <span className="row-count">双击带“✎”的列可直接修改；修改和删除都记入修改记录。</span>
      </div>
      {view === 'teams' && (
        <div className="org-split">
          <div className="org-split-top">
            <ListGrid<TeamRow>
              rows={teams}
              label="驻村工作队"
              columnsKey="org.teams"
              columns={teamColumns}
              unit="支工作队"
              onEditRequest={editTeam}
              onSelected={one(setTeamId)}
              rowName={(t) => t.name}
              actions={
                <>
                  <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'newTeam' })} disabled={!teams}>
                    新增工作队
                  </button>
                  <button type="button" className="btn" disabled={!team} onClick={() => team && setDialog({ kind: 'teamUnits', team })}>
                    成员单位…
                  </button>
                  {removeButton('工作队', team)}
                </>
              }
            />
          </div>
          <div className="org-split-bottom">
            <ListGrid<CadreRow>
              rows={members ?? []}
              label={team ? `${team.name}队员` : '队员（请在上方选中一支工作队）'}
              columnsKey="org.teamCadres"
              columns={memberColumns}
              unit="人"
              onEditRequest={editCadre}
              onSelected={one(setMemberId)}
              rowName={(c) => c.name}
              emptyText={team ? '该队还没有干部' : '请在上方选中一支工作队'}
              actions={
                <>
                  <button type="button" className="btn" disabled={!team} onClick={() => team && setDialog({ kind: 'newCadre', team })}>
                    新增队员
                  </button>
                  <button type="button" className="btn" disabled={!member || member.teamId !== team?.id || member.role === '第一书记'} onClick={makeFirstSecretary}>
                    设为第一书记
                  </button>
                </>
              }
            />
          </div>
        </div>
      )}
      {view === 'units' && (
        <ListGrid<UnitRow>
          rows={units}
          label="帮扶单位"
          columnsKey="org.units"
          columns={unitColumns}
          unit="个单位"
          onEditRequest={editUnit}
          onSelected={one(setUnitId)}
          rowName={(u) => u.name}
          actions={
            <>
              <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'newUnit' })}>
                新增单位
              </button>
              {removeButton('单位', unit)}
            </>
          }
        />
      )}
      {view === 'cadres' && (
        <ListGrid<CadreRow>
          rows={cadres}
          label="帮扶干部"
          columnsKey="org.cadres"
          columns={allCadreColumns}
          unit="名干部"
          onReady={cadreReady}
          onEditRequest={editCadre}
          onSelected={one(setCadreId)}
          rowName={(c) => c.name}
          actions={
            <>
              <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'newCadre' })} disabled={!units}>
                新增干部
              </button>
              {removeButton('干部', cadre, cadre?.households)}
            </>
          }
        />
      )}
      {view === 'pairings' && teams && cadres && <PairingView teams={teams} cadres={cadres} teamId={pairTeamId ?? teamId ?? teams[0]?.id ?? null} onTeam={setPairTeamId} />}
      {dialog?.kind === 'newUnit' && <NewUnitDialog onCancel={close} onDone={(u) => closeWith(`已新增单位：${u.name}`)} />}
      {dialog?.kind === 'newTeam' && villages && units && <NewTeamDialog villages={villages} units={units} onCancel={close} onDone={(t) => closeWith(`已新增工作队：${t.name}`)} />}
      {dialog?.kind === 'newCadre' && units && teams && <NewCadreDialog units={units} teams={teams} team={dialog.team} onCancel={close} onDone={(c) => closeWith(`已新增干部：${c.name}`)} />}
      {dialog?.kind === 'teamUnits' && units && <TeamUnitsDialog team={dialog.team} units={units} onCancel={close} onDone={(t) => closeWith(`已保存${t.name}的成员单位（${t.unitCount} 个）`)} />}
      {dialog?.kind === 'remove' && (
        <RemoveDialog
          what={dialog.what}
          name={dialog.row.name}
          paired={dialog.paired}
          onConfirm={(unpair) => remove(dialog, unpair)}
          onCancel={close}
          onDone={() => closeWith(`已删除${dialog.what}：${dialog.row.name}`)}
        />
      )}
    </div>
  );
}
