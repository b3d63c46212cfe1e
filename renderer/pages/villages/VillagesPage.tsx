// 行政村: the poor villages with their teams and counts (aggregated in main), read-only.
import { useCallback, useRef } from 'react';
import type { ColDef, GridApi } from 'ag-grid-community';
import type { VillageRow } from '../../../shared/contract';
import { ListGrid } from '../org/ListGrid';
import { ExportButton } from '../../grid/ExportButton';

const COLUMNS: ColDef<VillageRow>[] = [
  // The same headers as the village export (main/services/export.ts villageColumns).
  { field: 'code', headerName: '村代码', width: 150, cellClass: 'cell-mono', pinned: 'left' },
  { field: 'name', headerName: '行政村', width: 120, pinned: 'left' },
  { field: 'town', headerName: '乡(镇)', width: 110 },
  { field: 'teamName', headerName: '驻村工作队', flex: 1, minWidth: 180 },
  { field: 'leadUnitName', headerName: '牵头单位', flex: 1, minWidth: 180 },
  { field: 'households', headerName: '贫困户数', width: 100, type: 'rightAligned', filter: 'agNumberColumnFilter' },
  { field: 'people', headerName: '贫困人口数', width: 100, type: 'rightAligned', filter: 'agNumberColumnFilter' },
  { field: 'exitedHouseholds', headerName: '已脱贫户数', width: 130, type: 'rightAligned', filter: 'agNumberColumnFilter' },
  { field: 'plannedExitYear', headerName: '计划出列年度', width: 140, type: 'rightAligned', filter: 'agNumberColumnFilter' },
];

export function VillagesPage() {
  const gridApi = useRef<GridApi<VillageRow> | null>(null);
  const onReady = useCallback((api: GridApi<VillageRow>) => {
    gridApi.current = api;
  }, []);
  return (
    <div className="single-page">
      <ListGrid channel="villages.list" label="行政村列表" columns={COLUMNS} unit="个行政村" onReady={onReady} actions={<ExportButton what="villages" gridApi={gridApi} />} />
    </div>
  );
}
