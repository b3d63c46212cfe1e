// 单位与工作队: the 21 work teams, the dispatching units and their cadres, one list at a time.
import { useState } from 'react';
import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import type { CadreRow, TeamRow, UnitRow } from '../../../shared/contract';
import { ListGrid } from './ListGrid';

const num = { type: 'rightAligned', filter: 'agNumberColumnFilter', width: 100 } as const;

const TEAM_COLUMNS: ColDef<TeamRow>[] = [
  { field: 'name', headerName: '工作队', width: 200, pinned: 'left' },
  { field: 'villageName', headerName: '村', width: 110 },
  { field: 'leadUnitName', headerName: '牵头单位', width: 200 },
  { field: 'unitNames', headerName: '成员单位', flex: 1, minWidth: 260, tooltipField: 'unitNames' },
  { field: 'unitCount', headerName: '单位数', ...num },
  { field: 'firstSecretary', headerName: '第一书记', width: 120 },
  { field: 'cadres', headerName: '干部数', ...num },
  { field: 'households', headerName: '户数', ...num },
];

const UNIT_COLUMNS: ColDef<UnitRow>[] = [
  { field: 'name', headerName: '单位', flex: 1, minWidth: 220, pinned: 'left' },
  { field: 'kind', headerName: '类别', width: 140 },
  { field: 'headName', headerName: '负责人', width: 120 },
  { field: 'teamName', headerName: '所在工作队', width: 200 },
  { field: 'villageName', headerName: '帮扶村', width: 120 },
  { field: 'isLead', headerName: '牵头单位', width: 120, valueFormatter: (p: ValueFormatterParams<UnitRow, boolean>) => (p.value ? '是' : '否'), filterValueGetter: (p) => (p.data?.isLead ? '是' : '否') },
  { field: 'cadres', headerName: '干部数', ...num },
];

const CADRE_COLUMNS: ColDef<CadreRow>[] = [
  { field: 'name', headerName: '姓名', width: 120, pinned: 'left' },
  { field: 'role', headerName: '职务', width: 140 },
  { field: 'unitName', headerName: '单位', flex: 1, minWidth: 220 },
  { field: 'teamName', headerName: '工作队', width: 200 },
  { field: 'phone', headerName: '联系电话', width: 150, cellClass: 'cell-mono' },
  { field: 'households', headerName: '结对户数', ...num, width: 120 },
];

const VIEWS = [
  { id: 'teams', label: '工作队' },
  { id: 'units', label: '帮扶单位' },
  { id: 'cadres', label: '帮扶干部' },
] as const;

export function OrgPage() {
  const [view, setView] = useState<(typeof VIEWS)[number]['id']>('teams');
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
      </div>
      {view === 'teams' && <ListGrid channel="teams.list" label="驻村工作队" columns={TEAM_COLUMNS} unit="支工作队" />}
      {view === 'units' && <ListGrid channel="units.list" label="帮扶单位" columns={UNIT_COLUMNS} unit="个单位" />}
      {view === 'cadres' && <ListGrid channel="cadres.list" label="帮扶干部" columns={CADRE_COLUMNS} unit="名干部" />}
    </div>
  );
}
