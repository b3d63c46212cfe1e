// 余额: balances by source, unit, village (with its projects), project, household or account, over
// every year or as of one (opening, in, out, closing), exported like every list.
import { useCallback, useRef, useState } from 'react';
import type { ColDef, GridApi } from 'ag-grid-community';
import type { BalanceRow, BalanceView } from '../../../shared/contract';
import { DataGrid } from '../../grid/DataGrid';
import { ListOutButtons, shownList } from '../../grid/ListOut';
import { yuanColumn } from './money';
import { useLedgerData } from './useLedger';
import { YearSelect } from './YearSelect';

const VIEWS: { id: BalanceView; label: string }[] = [
  { id: 'source', label: '按资金来源' },
  { id: 'unit', label: '按帮扶单位' },
  { id: 'village', label: '按行政村' },
  { id: 'project', label: '按项目' },
  { id: 'household', label: '按贫困户（到户资金）' },
  { id: 'account', label: '全部账户' },
];

const COLUMNS: ColDef<BalanceRow>[] = [
  { field: 'label', headerName: '账户', flex: 1, minWidth: 240, pinned: 'left', tooltipField: 'label' },
  { field: 'kind', headerName: '类别', width: 150 },
  yuanColumn<BalanceRow>('openingFen', '期初余额（元）', 150),
  yuanColumn<BalanceRow>('inFen', '收入（元）', 150),
  yuanColumn<BalanceRow>('outFen', '支出（元）', 150),
  yuanColumn<BalanceRow>('closingFen', '期末余额（元）', 150),
];

export function BalancesView() {
  const [view, setView] = useState<BalanceView>('source');
  const [year, setYear] = useState<number | null>(null);
  const rows = useLedgerData('ledger.balances', year === null ? { view } : { view, year }, '余额');
  const apiRef = useRef<GridApi<BalanceRow> | null>(null);
  const [shown, setShown] = useState(0);
  const onReady = useCallback((api: GridApi<BalanceRow>) => {
    apiRef.current = api;
  }, []);
  const title = `资金余额（${VIEWS.find((v) => v.id === view)!.label}${year ? `，${year}年` : ''}）`;
  return (
    <div className="list-grid">
      <div className="toolbar">
        <label htmlFor="balance-view">汇总</label>
        <select id="balance-view" value={view} onChange={(e) => setView(e.target.value as BalanceView)}>
          {VIEWS.map((v) => (
            <option key={v.id} value={v.id}>
              {v.label}
            </option>
          ))}
        </select>
        <YearSelect id="balance-year" value={year} onChange={setYear} allowAll />
        <span className="toolbar-note">{year ? `期初：${year}年以前；收入、支出：${year}年内；期末：${year}年末` : '全部年度合计'}</span>
        <span className="spacer" />
        <ListOutButtons title={title} disabled={rows === null || shown === 0} list={() => (apiRef.current ? shownList(apiRef.current) : { columns: [], rows: [] })} />
      </div>
      <DataGrid<BalanceRow> key={view} label="资金余额" rows={rows} columns={COLUMNS} onReady={onReady} onDisplayedCount={setShown} emptyText="没有资金往来" />
    </div>
  );
}
