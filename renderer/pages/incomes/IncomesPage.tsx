// 收入: each household's incomes of one year — the national form's eleven components and the
// declared 年人均纯收入 — edited in place in yuan, with the per-capita figure main computes from the
// components and the gap to the declared one (red beyond the tolerance, as 数据质量 lists it).
// Every committed change (here, in another window, by an import) arrives as data.changed and the
// list is read again.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { GridApi } from 'ag-grid-community';
import type { VillageRow } from '../../../shared/contract';
import { call, errorMessage } from '../../api';
import { useToast } from '../../components/Toast';
import { DataGrid } from '../../grid/DataGrid';
import { ColumnsButton } from '../../grid/columnState';
import { ListOutButtons, shownList } from '../../grid/ListOut';
import { QuickSearch, useQuickSearch } from '../../grid/QuickSearch';
import { useTablesChanged } from '../../grid/liveRows';
import { FORMULA_TEXT, INCOME_COLUMNS, TOLERANCE_TEXT, type IncomeRow } from './incomeColumns';
import { offeredYears, useIncomeEdit, useIncomeRows, useIncomeYears } from './useIncomes';
import { VillageSelect } from '../../components/VillageSelect';
import './incomes.css';

const householdName = (r: IncomeRow) => `户编号 ${r.hhCode}，户主 ${r.headName ?? '无'}`;

function useVillages(): VillageRow[] {
  const toast = useToast();
  const [villages, setVillages] = useState<VillageRow[]>([]);
  const [reloads, setReloads] = useState(0);
  useTablesChanged(['villages'], () => setReloads((n) => n + 1));
  useEffect(() => {
    call('villages.list', {})
      .then(setVillages)
      .catch((e: unknown) => toast.error(`行政村列表读取失败：${errorMessage(e)}`));
  }, [reloads, toast]);
  return villages;
}

export function IncomesPage() {
  const villages = useVillages();
  const years = useIncomeYears();
  const [villageId, setVillageId] = useState('');
  const [chosenYear, setChosenYear] = useState<number | null>(null);
  // The data year when the page opens; it stays the chosen one when another window adds a later year.
  useEffect(() => {
    if (years && chosenYear === null) setChosenYear(years.defaultYear);
  }, [years, chosenYear]);
  const year = chosenYear ?? years?.defaultYear ?? null;
  const rows = useIncomeRows(year, villageId);
  const edit = useIncomeEdit();
  const search = useQuickSearch();
  const [shown, setShown] = useState(0);
  const gridApi = useRef<GridApi<IncomeRow> | null>(null);
  const onReady = useCallback((api: GridApi<IncomeRow>) => {
    gridApi.current = api;
  }, []);
  const withIncome = rows?.filter((r) => r.incomeId !== null).length ?? 0;
  const findings = rows?.filter((r) => r.gapFen !== null).length ?? 0;

  return (
    <div className="single-page incomes-page">
      <div className="toolbar">
        <label htmlFor="income-year">收入年度</label>
        <select id="income-year" value={year ?? ''} onChange={(e) => setChosenYear(Number(e.target.value))} disabled={!years}>
          {years &&
            offeredYears(years).map((y) => (
              <option key={y} value={y}>
                {years.years.includes(y) ? `${y}年` : `${y}年（尚无记录）`}
              </option>
            ))}
        </select>
        <VillageSelect id="income-village" villages={villages} value={villageId} onChange={setVillageId} />
        <QuickSearch id="incomes-search" search={search} placeholder="户编号、户主姓名或拼音" />
        <span className="row-count" aria-live="polite">
          {rows === null ? '正在读取…' : `显示 ${shown} / 共 ${rows.length} 户，已填收入 ${withIncome} 户${findings > 0 ? `，申报与计算不符 ${findings} 户` : ''}`}
        </span>
        <span className="spacer" />
        <ColumnsButton grid="incomes" gridApi={gridApi} />
        <ListOutButtons title={`收入${year ? `（${year}年）` : ''}`} disabled={rows === null || shown === 0} list={() => (gridApi.current ? shownList(gridApi.current) : { columns: [], rows: [] })} />
        <p className="toolbar-note income-formula" role="note">
          {FORMULA_TEXT}；申报与计算相差超过 {TOLERANCE_TEXT}时差额标红，并列入“数据质量”检查。金额以元填写，可到分。
        </p>
      </div>
      <div className="list-grid">
        <DataGrid<IncomeRow>
          label="收入列表"
          rows={rows}
          columns={INCOME_COLUMNS}
          quickFilter={search.applied}
          onReady={onReady}
          onEditRequest={edit}
          onDisplayedCount={setShown}
          rowName={householdName}
          columnsKey="incomes"
          emptyText={villages.length === 0 ? '还没有行政村和贫困户' : '没有贫困户'}
        />
      </div>
    </div>
  );
}
