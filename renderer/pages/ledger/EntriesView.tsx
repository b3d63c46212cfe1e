// 记账: the ledger grid (each 冲销 right after its original, the original struck through), the
// balances of the sources above it, 新增记账, 冲销 of the selected entry and 导入凭证 from a
// voucher list. Entries are never edited or removed here: the grid is read-only.
import { useCallback, useMemo, useRef, useState } from 'react';
import type { CellClassRules, ColDef, GridApi } from 'ag-grid-community';
import type { LedgerEntryRow } from '../../../shared/contract';
import { codeLabel } from '../../../shared/domain/codes';
import { entryStatus } from '../../../shared/domain/ledger';
import { useToast } from '../../components/Toast';
import { DataGrid } from '../../grid/DataGrid';
import { ColumnsButton } from '../../grid/columnState';
import { ListOutButtons, shownList } from '../../grid/ListOut';
import { EntryDialog, ReverseDialog } from './EntryDialog';
import { VoucherImportDialog } from './VoucherImportDialog';
import { yuan, yuanColumn } from './money';
import { useLedgerData } from './useLedger';
import { YearSelect } from './YearSelect';

// Per cell (the shared grid wrapper takes no row classes): struck through, and the reversal marked.
const CELL_CLASSES: CellClassRules<LedgerEntryRow> = {
  'ledger-reversed': (p) => !!p.data?.reversedById,
  'ledger-reversal': (p) => p.data?.kind === 'reversal',
};

const COLUMNS: ColDef<LedgerEntryRow>[] = ([
  { field: 'date', headerName: '日期', width: 120, pinned: 'left', cellDataType: 'text', filter: 'agTextColumnFilter' },
  { field: 'voucherNo', headerName: '凭证号', width: 150, pinned: 'left' },
  { field: 'kind', headerName: '类型', width: 90, valueFormatter: (p) => codeLabel('ledgerKind', p.value as string), filterValueGetter: (p) => codeLabel('ledgerKind', p.data?.kind) },
  yuanColumn<LedgerEntryRow>('amountFen', '金额（元）'),
  { field: 'fromLabel', headerName: '付款方', width: 200, tooltipField: 'fromLabel' },
  { field: 'toLabel', headerName: '收款方', width: 220, tooltipField: 'toLabel' },
  { field: 'projectName', headerName: '项目', width: 180, tooltipField: 'projectName' },
  { field: 'memo', headerName: '摘要', flex: 1, minWidth: 160, tooltipField: 'memo' },
  { field: 'attachmentRef', headerName: '附件', width: 120 },
  {
    colId: 'state',
    headerName: '状态',
    width: 130,
    valueGetter: (p) => (p.data ? entryStatus(p.data) : ''),
  },
] as ColDef<LedgerEntryRow>[]).map((c) => ({ ...c, cellClassRules: CELL_CLASSES }));

function SourceBalances() {
  const rows = useLedgerData('ledger.balances', { view: 'source' }, '资金余额');
  return (
    <div className="ledger-strip" aria-label="各来源余额">
      {(rows ?? []).map((r) => (
        <div key={r.id} className="ledger-figure" data-source={r.id}>
          <span className="ledger-figure-label">{r.label}余额</span>
          <span className="ledger-figure-value">{yuan(r.closingFen)}</span>
        </div>
      ))}
    </div>
  );
}

export function EntriesView() {
  const toast = useToast();
  const [year, setYear] = useState<number | null>(null);
  const data = useLedgerData('ledger.entries', year === null ? {} : { year }, '记账记录');
  const rows = useMemo(() => (data ? (JSON.parse(data.json) as LedgerEntryRow[]) : null), [data]);
  const accounts = useLedgerData('ledger.accounts', {}, '账户列表');
  const [selected, setSelected] = useState<LedgerEntryRow | null>(null);
  const [adding, setAdding] = useState(false);
  const [reversing, setReversing] = useState<LedgerEntryRow | null>(null);
  const [importing, setImporting] = useState(false);
  const [shown, setShown] = useState(0);
  const apiRef = useRef<GridApi<LedgerEntryRow> | null>(null);
  const onReady = useCallback((api: GridApi<LedgerEntryRow>) => {
    apiRef.current = api;
  }, []);
  // The selection as the grid now has it (a reload replaces the row objects).
  const current = selected && rows ? (rows.find((r) => r.id === selected.id) ?? null) : null;
  const canReverse = !!current && current.kind !== 'reversal' && !current.reversedById;
  return (
    <div className="list-grid">
      <SourceBalances />
      <div className="toolbar">
        <YearSelect id="ledger-year" value={year} onChange={setYear} allowAll />
        <button type="button" className="btn btn-primary" onClick={() => setAdding(true)} disabled={!accounts}>
          新增记账
        </button>
        <button
          type="button"
          className="btn"
          disabled={!canReverse}
          onClick={() => current && setReversing(current)}
          title={current?.reversedById ? '该记录已被冲销' : current?.kind === 'reversal' ? '冲销记录不能再冲销' : '选中一条记录后冲销：原记录保留并划线'}
        >
          冲销…
        </button>
        <button type="button" className="btn" onClick={() => setImporting(true)}>
          导入凭证…
        </button>
        <span className="row-count">{rows === null ? '正在读取…' : `显示 ${shown} / 共 ${rows.length} 笔`}</span>
        <span className="spacer" />
        <ColumnsButton grid="ledger.entries" gridApi={apiRef} />
        <ListOutButtons title="资金台账" disabled={rows === null || shown === 0} list={() => (apiRef.current ? shownList(apiRef.current) : { columns: [], rows: [] })} />
      </div>
      <DataGrid<LedgerEntryRow>
        label="资金台账"
        rows={rows}
        columns={COLUMNS}
        onReady={onReady}
        onSelect={setSelected}
        onDisplayedCount={setShown}
        columnsKey="ledger.entries"
        emptyText="还没有记账记录：点“新增记账”"
      />
      {adding && accounts && (
        <EntryDialog
          accounts={accounts}
          onCancel={() => setAdding(false)}
          onDone={(row) => {
            setAdding(false);
            toast.info(`已记账：${row.voucherNo}，${yuan(row.amountFen)}`);
          }}
        />
      )}
      {importing && (
        <VoucherImportDialog
          onCancel={() => setImporting(false)}
          onDone={(report) => {
            setImporting(false);
            toast.info(`已导入凭证 ${report.written} 笔`);
          }}
        />
      )}
      {reversing && (
        <ReverseDialog
          original={reversing}
          onCancel={() => setReversing(null)}
          onDone={(row) => {
            setReversing(null);
            toast.info(`已冲销凭证“${reversing.voucherNo}”（冲销凭证号 ${row.voucherNo}）`);
          }}
        />
      )}
    </div>
  );
}
