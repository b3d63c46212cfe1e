// 承诺与到位: received against pledged in a year, the district and each unit, with the plan's
// flags (below the plan's minimum, shared/domain/ledger.ts); the pledge is edited in its cell.
import { useCallback, useRef, useState } from 'react';
import type { ColDef, GridApi } from 'ag-grid-community';
import type { ComplianceRow } from '../../../shared/contract';
import { fenToYuan, formatYuan, parseYuan } from '../../../shared/domain/money';
import { pledgeMinimumText } from '../../../shared/domain/ledger';
import { call, errorMessage } from '../../api';
import { useToast } from '../../components/Toast';
import { DataGrid } from '../../grid/DataGrid';
import type { EditRequest } from '../../grid/editing';
import { ListOutButtons, shownList } from '../../grid/ListOut';
import { yuan, yuanColumn } from './money';
import { useLedgerData } from './useLedger';
import { YearSelect } from './YearSelect';

type Row = ComplianceRow & { id: string };

function flagText(r: ComplianceRow): string {
  if (r.belowMinimum) return `低于${pledgeMinimumText(r.sourceKind)}`;
  if (r.short) return '未达承诺';
  return '已到位';
}

const COLUMNS: ColDef<Row>[] = [
  { field: 'name', headerName: '资金来源', flex: 1, minWidth: 220, pinned: 'left' },
  {
    // Edited in yuan ('30000.00'), shown grouped like the other amounts.
    colId: 'pledged',
    headerName: '承诺金额（元）',
    width: 160,
    type: 'rightAligned',
    editable: true,
    headerTooltip: '双击修改本年度的承诺金额',
    valueGetter: (p) => (p.data ? fenToYuan(p.data.pledgedFen) : ''),
    valueFormatter: (p) => (p.data ? formatYuan(p.data.pledgedFen, { unit: false }) : ''),
  },
  yuanColumn<Row>('receivedFen', '到位金额（元）', 160),
  yuanColumn<Row>('missingFen', '差额（元）', 140),
  yuanColumn<Row>('minimumFen', '计划最低（元）', 150),
  {
    colId: 'flag',
    headerName: '情况',
    width: 130,
    valueGetter: (p) => (p.data ? flagText(p.data) : ''),
    cellClassRules: { 'flag-bad': (p) => !!p.data?.belowMinimum, 'flag-warn': (p) => !!p.data && p.data.short && !p.data.belowMinimum, 'flag-ok': (p) => !!p.data && !p.data.short },
  },
];

export function ComplianceView() {
  const toast = useToast();
  const [year, setYear] = useState<number>(2016);
  const report = useLedgerData('ledger.compliance', { year }, '承诺与到位');
  const rows: Row[] | null = report ? [{ ...report.district, id: 'district' }, ...report.units.map((u) => ({ ...u, id: u.unitId! }))] : null;
  const apiRef = useRef<GridApi<Row> | null>(null);
  const [shown, setShown] = useState(0);
  const onReady = useCallback((api: GridApi<Row>) => {
    apiRef.current = api;
  }, []);
  const edit = useCallback(
    (e: EditRequest<Row>) => {
      const row = e.data;
      if (!row) return;
      const parsed = parseYuan(String(e.newValue ?? ''));
      if (!parsed.ok) return toast.error(`承诺金额未保存：${parsed.message}`);
      call('ledger.setPledge', { year, sourceKind: row.sourceKind, unitId: row.unitId, amountFen: parsed.fen }).catch((err: unknown) => toast.error(`承诺金额未保存：${errorMessage(err)}`));
    },
    [toast, year],
  );
  const d = report?.district;
  return (
    <div className="list-grid">
      <div className="toolbar">
        <YearSelect id="compliance-year" value={year} onChange={(y) => setYear(y ?? 2016)} />
        {report && d && (
          <span className={d.belowMinimum ? 'ledger-flag flag-bad' : 'ledger-flag flag-ok'} role="status">
            区级财政：到位 {yuan(d.receivedFen)} / 承诺 {yuan(d.pledgedFen)}
            {d.belowMinimum ? `（低于每年${pledgeMinimumText('district')}）` : ''}；帮扶单位：{report.units.length - report.unitsShort} 个到位，{report.unitsShort} 个未达承诺，其中 {report.unitsBelowMinimum} 个低于{pledgeMinimumText('unit')}
          </span>
        )}
        <span className="spacer" />
        <ListOutButtons title={`${year}年资金承诺与到位`} disabled={rows === null || shown === 0} list={() => (apiRef.current ? shownList(apiRef.current) : { columns: [], rows: [] })} />
      </div>
      <DataGrid<Row> label="承诺与到位" rows={rows} columns={COLUMNS} onReady={onReady} onDisplayedCount={setShown} onEditRequest={edit} />
    </div>
  );
}
