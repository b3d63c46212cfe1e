// The 收入 page's data: the years there are, the chosen year's rows of the chosen village (or all),
// read again when a committed change touches what the rows are built from; and the edit of one
// figure, typed in yuan, stored by main in fen.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { IncomeGridRow, IncomeYears } from '../../../shared/contract';
import { INCOME_EDIT_FIELDS, incomeFieldLabel, type IncomeEditField } from '../../../shared/contract';
import { MoneyError, yuanToFen } from '../../../shared/domain/money';
import { YEAR_MAX } from '../../../shared/domain/dataYear';
import { call, errorMessage } from '../../api';
import { useToast } from '../../components/Toast';
import type { EditRequest } from '../../grid/editing';
import { useTablesChanged } from '../../grid/liveRows';
import { clearRefused, markRefused } from '../../grid/refusals';
import type { IncomeRow } from './incomeColumns';

/** The tables a row is built from: the incomes, the household, its members (size, 户主), its village. */
const TABLES_SHOWN = ['incomes', 'households', 'members', 'villages'] as const;

const asRow = (r: IncomeGridRow): IncomeRow => ({ ...r, id: r.householdId });

/** The years the selector offers: those with rows, the data year, and the year after the latest. */
export function offeredYears(info: IncomeYears): number[] {
  const all = new Set([...info.years, info.defaultYear]);
  const next = Math.max(...all) + 1;
  if (next <= YEAR_MAX) all.add(next);
  return [...all].sort((a, b) => b - a);
}

export function useIncomeYears(): IncomeYears | null {
  const toast = useToast();
  const [years, setYears] = useState<IncomeYears | null>(null);
  const [reloads, setReloads] = useState(0);
  useTablesChanged(['incomes'], () => setReloads((n) => n + 1));
  useEffect(() => {
    let current = true;
    call('incomes.years', {})
      .then((y) => current && setYears(y))
      .catch((e: unknown) => current && toast.error(`收入年度读取失败：${errorMessage(e)}`));
    return () => {
      current = false;
    };
  }, [reloads, toast]);
  return years;
}

/** The rows of a year and village ('' for all); null while the first answer is awaited. */
export function useIncomeRows(year: number | null, villageId: string): IncomeRow[] | null {
  const toast = useToast();
  const [rows, setRows] = useState<IncomeRow[] | null>(null);
  const [reloads, setReloads] = useState(0);
  const request = useRef(0);
  useTablesChanged(TABLES_SHOWN, () => setReloads((n) => n + 1));
  // Another year or village is another list: nothing of the old one is shown meanwhile.
  useEffect(() => setRows(null), [year, villageId]);
  useEffect(() => {
    if (year === null) return;
    const mine = ++request.current;
    call('incomes.list', { year, ...(villageId ? { villageId } : {}) })
      .then(({ json }) => {
        if (mine === request.current) setRows((JSON.parse(json) as IncomeGridRow[]).map(asRow));
      })
      .catch((e: unknown) => {
        if (mine !== request.current) return;
        setRows((r) => r ?? []);
        toast.error(`收入读取失败：${errorMessage(e)}`);
      });
  }, [year, villageId, reloads, toast]);
  return rows;
}

const isEditField = (key: string | undefined): key is IncomeEditField => (INCOME_EDIT_FIELDS as readonly string[]).includes(key ?? '');

/**
 * A figure edited in place: the clerk types yuan ('1,234.5', '１２００元'), the page turns it into
 * fen (yuanToFen) and main checks and stores it; the row then shows what main stored and derived.
 * An empty component is 0, an empty declared figure is none. On refusal — text that is no amount,
 * or main's reason — the cell keeps its value, marked, and the reason is shown naming the column.
 */
export function useIncomeEdit() {
  const toast = useToast();
  return useCallback(
    (event: EditRequest<IncomeRow>) => {
      const field = event.colDef.colId;
      const row = event.data;
      if (!isEditField(field) || !row) return;
      const label = incomeFieldLabel(field);
      const refuse = (reason: string) => {
        markRefused(event.node, field, reason);
        event.api.refreshCells({ rowNodes: [event.node], columns: [event.column], force: true });
        toast.error(reason.startsWith(label) ? `修改未保存。${reason}` : `修改未保存（${label}）：${reason}`);
      };
      const text = event.newValue === null || event.newValue === undefined ? '' : String(event.newValue).trim();
      let value: number | null;
      try {
        value = text === '' ? (field === 'declaredPerCapita' ? null : 0) : yuanToFen(text);
      } catch (e) {
        if (e instanceof MoneyError) return refuse(e.message);
        throw e;
      }
      const stored = row[field] ?? (field === 'declaredPerCapita' ? null : 0);
      if (value === stored) {
        if (clearRefused(event.node, field)) event.api.refreshCells({ rowNodes: [event.node], columns: [event.column], force: true });
        return;
      }
      call('incomes.update', { householdId: row.householdId, year: row.year, field, value })
        .then((saved) => {
          clearRefused(event.node, field);
          event.node.setData(asRow(saved));
        })
        .catch((e: unknown) => refuse(errorMessage(e)));
    },
    [toast],
  );
}
