// 行政村: the villages with their teams and counts (aggregated in main). Villages are added with
// 新增行政村 and their code, name, town and planned exit year edited in place; main checks each
// change (shared/domain/village.ts) and the list follows from the change event.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ColDef, GridApi } from 'ag-grid-community';
import type { VillageRow } from '../../../shared/contract';
import { usualTown, VILLAGE_FIELDS, type VillageFieldKey } from '../../../shared/domain/village';
import type { FieldDef } from '../../../shared/fields';
import { useToast } from '../../components/Toast';
import { DataGrid } from '../../grid/DataGrid';
import { ExportButton } from '../../grid/ExportButton';
import { fieldColumn } from '../../grid/columns';
import { NewVillageDialog } from './NewVillageDialog';
import { VillageExitDialog } from '../exits/VillageExitDialog';
import { useVillageEdit, useVillages } from './useVillages';
import { ColumnsButton } from '../../grid/columnState';

/** A village field's column (editable, header and filter from its description), placed and sized here. */
function villageColumn(key: VillageFieldKey, col: ColDef<VillageRow>): ColDef<VillageRow> {
  const def: FieldDef = VILLAGE_FIELDS.find((f) => f.key === key)!;
  return { ...fieldColumn<VillageRow>(def), ...col };
}

const COLUMNS: ColDef<VillageRow>[] = [
  // The same headers as the village export (main/services/export.ts villageColumns).
  villageColumn('code', { width: 150, cellClass: 'cell-mono', pinned: 'left' }),
  villageColumn('name', { width: 120, pinned: 'left' }),
  villageColumn('town', { width: 110 }),
  { field: 'teamName', headerName: '驻村工作队', flex: 1, minWidth: 180 },
  { field: 'leadUnitName', headerName: '牵头单位', flex: 1, minWidth: 180 },
  { field: 'households', headerName: '贫困户数', width: 100, type: 'rightAligned', filter: 'agNumberColumnFilter' },
  { field: 'people', headerName: '贫困人口数', width: 110, type: 'rightAligned', filter: 'agNumberColumnFilter' },
  { field: 'exitedHouseholds', headerName: '已脱贫户数', width: 120, type: 'rightAligned', filter: 'agNumberColumnFilter' },
  {
    colId: 'exitedRate',
    headerName: '户脱贫率',
    headerTooltip: '已脱贫户数 ÷ 贫困户数',
    width: 110,
    type: 'rightAligned',
    filter: 'agNumberColumnFilter',
    valueGetter: (p) => (p.data ? exitedRate(p.data) : null),
    valueFormatter: (p) => (typeof p.value === 'number' ? `${p.value.toFixed(1)}%` : ''),
  },
  villageColumn('plannedExitYear', { width: 140 }),
  { field: 'exitedOn', headerName: '出列日期', width: 120, headerTooltip: '选中该村后点“出列…”办理' },
];

/** The share of a village's (or the total's) households out of poverty, in per cent; null without households. */
function exitedRate(v: Pick<VillageRow, 'households' | 'exitedHouseholds'>): number | null {
  return v.households > 0 ? (v.exitedHouseholds / v.households) * 100 : null;
}

const TOTAL_ID = '__total__';

/** The 合计 row under the list: the shown villages' numbers added up, the rate over the sums. */
function totalRow(rows: readonly VillageRow[]): VillageRow {
  const sum = (k: 'households' | 'people' | 'exitedHouseholds') => rows.reduce((n, r) => n + r[k], 0);
  return { id: TOTAL_ID, code: '合计', name: `${rows.length} 个村`, town: '', teamName: null, leadUnitName: null, households: sum('households'), people: sum('people'), exitedHouseholds: sum('exitedHouseholds'), plannedExitYear: null, exitedOn: null };
}

const villageName = (v: VillageRow) => v.name;

export function VillagesPage() {
  const toast = useToast();
  const { rows, countyCode } = useVillages();
  const editVillage = useVillageEdit();
  const [adding, setAdding] = useState(false);
  const [exiting, setExiting] = useState<string | null>(null);
  const [selectedVillage, setSelectedVillage] = useState<VillageRow | null>(null);
  const [shown, setShown] = useState(0);
  const [total, setTotal] = useState<VillageRow[]>([]);
  // The totals follow what the grid shows (its filters), recounted whenever its rows change.
  const recount = useCallback((count: number) => {
    setShown(count);
    const api = gridApi.current;
    if (!api) return;
    const kept: VillageRow[] = [];
    api.forEachNodeAfterFilter((n) => n.data && kept.push(n.data));
    setTotal([totalRow(kept)]);
  }, []);
  const gridApi = useRef<GridApi<VillageRow> | null>(null);
  // A village just added: shown (scrolled to and flashed) once the list that holds it arrives.
  const [revealId, setRevealId] = useState<string | null>(null);
  const onReady = useCallback((api: GridApi<VillageRow>) => {
    gridApi.current = api;
  }, []);
  useEffect(() => {
    const api = gridApi.current;
    const node = revealId && api ? api.getRowNode(revealId) : undefined;
    if (!api || !node) return;
    api.ensureNodeVisible(node, 'middle');
    api.flashCells({ rowNodes: [node] });
    setRevealId(null);
  }, [rows, revealId]);

  const added = (row: VillageRow) => {
    setAdding(false);
    setRevealId(row.id);
    toast.info(`已新增行政村：${row.name}（村代码 ${row.code}）`);
  };

  return (
    <div className="single-page">
      <div className="list-grid">
        <div className="list-caption">
          <h2 className="section-title">行政村列表</h2>
          <span className="row-count">{rows === null ? '正在读取…' : `显示 ${shown} / 共 ${rows.length} 个行政村`}</span>
          <span className="spacer" />
          <button type="button" className="btn btn-primary" onClick={() => setAdding(true)} disabled={rows === null}>
            新增行政村
          </button>
          <button
            type="button"
            className="btn"
            title={selectedVillage ? `办理${selectedVillage.name}的出列（或撤销出列）` : '请先在列表中点击选中一个行政村'}
            onClick={() => selectedVillage && setExiting(selectedVillage.id)}
            disabled={!selectedVillage}
          >
            出列…
          </button>
          <ColumnsButton grid="villages" gridApi={gridApi} />
          <ExportButton what="villages" gridApi={gridApi} />
        </div>
        <DataGrid<VillageRow>
          label="行政村列表"
          rows={rows}
          columns={COLUMNS}
          onReady={onReady}
          onEditRequest={editVillage}
          onSelect={(row) => setSelectedVillage(row && row.id !== TOTAL_ID ? row : null)}
          onDisplayedCount={recount}
          pinnedBottomRowData={total}
          columnsKey="villages"
          rowName={villageName}
          emptyText="还没有行政村：请点击“新增行政村”"
        />
      </div>
      {exiting && <VillageExitDialog villageId={exiting} onClose={() => setExiting(null)} />}
      {adding && <NewVillageDialog countyCode={countyCode} town={usualTown(rows ?? [])} onDone={added} onCancel={() => setAdding(false)} />}
    </div>
  );
}
