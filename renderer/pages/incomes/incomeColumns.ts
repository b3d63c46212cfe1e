// The 收入 grid's columns: the household (户编号, 户主, 行政村, 人数), the eleven components and the
// declared figure (edited in yuan, stored in fen), and what main derived from them (计算人均纯收入,
// 差额). The figures are fen in the row; yuan only on screen.
import type { CellClassParams, ColDef, ValueFormatterParams, ValueGetterParams } from 'ag-grid-community';
import type { IncomeEditField, IncomeGridRow } from '../../../shared/contract';
import { DECLARED_INCOME_TOLERANCE_FEN } from '../../../shared/domain/income';
import { formatYuan } from '../../../shared/domain/money';
import { searchText } from '../../../shared/domain/pinyin';
import { INCOME_FIELDS } from '../../../shared/fields';

/** A grid row: the household's id is the row's. */
export type IncomeRow = IncomeGridRow & { id: string };

export const TOLERANCE_TEXT = formatYuan(DECLARED_INCOME_TOLERANCE_FEN);

const fenOf = (p: ValueGetterParams<IncomeRow>, key: keyof IncomeGridRow): number | null => {
  const v = p.data?.[key];
  return typeof v === 'number' ? v : null;
};

const yuanText = (p: ValueFormatterParams<IncomeRow>) => (typeof p.value === 'number' ? formatYuan(p.value, { unit: false }) : '');

/** A figure in fen shown in yuan; its number filter compares yuan, as the clerk reads them. */
function moneyColumn(colId: string, headerName: string, get: (p: ValueGetterParams<IncomeRow>) => number | null, width = 112): ColDef<IncomeRow> {
  return {
    colId,
    headerName,
    headerTooltip: headerName,
    valueGetter: get,
    valueFormatter: yuanText,
    filter: 'agNumberColumnFilter',
    filterValueGetter: (p) => {
      const fen = get(p);
      return fen === null ? null : fen / 100;
    },
    type: 'rightAligned',
    cellClass: 'cell-number',
    cellDataType: false,
    width,
  };
}

/** An editable figure: the editor opens on the yuan shown; what is typed is parsed by the page. */
function editableMoney(field: IncomeEditField, headerName: string, width?: number): ColDef<IncomeRow> {
  return {
    ...moneyColumn(field, headerName, (p) => fenOf(p, field), width),
    editable: (p) => !p.node.rowPinned,
    cellEditor: 'agTextCellEditor',
    cellEditorParams: { useFormatter: true },
    headerClass: 'header-editable',
  };
}

/** 差额 in red when it is a finding (beyond the tolerance); a smaller difference in the usual colour. */
function gapClass(p: CellClassParams<IncomeRow>): string {
  return p.data?.gapFen != null ? 'cell-number cell-gap-finding' : 'cell-number';
}

/** declared − computed: main's finding, or, within the tolerance, the small difference itself. */
function shownGap(row: IncomeRow | undefined): number | null {
  if (!row) return null;
  if (row.gapFen !== null) return row.gapFen;
  return row.declaredPerCapita !== null && row.computedPerCapita !== null ? row.declaredPerCapita - row.computedPerCapita : null;
}

export const FORMULA_TEXT = '年人均纯收入 =（工资性+生产经营性+财产性+转移性−生产经营性支出）÷ 家庭人口';

export const INCOME_COLUMNS: ColDef<IncomeRow>[] = [
  { colId: 'hhCode', field: 'hhCode', headerName: '户编号', width: 180, pinned: 'left', cellClass: 'cell-mono' },
  {
    colId: 'headName',
    field: 'headName',
    headerName: '户主',
    width: 96,
    pinned: 'left',
    // Found by pinyin too, as in the other grids.
    getQuickFilterText: (p) => (typeof p.value === 'string' ? searchText(p.value) : ''),
  },
  { colId: 'villageName', field: 'villageName', headerName: '行政村', width: 96 },
  { colId: 'size', field: 'size', headerName: '人数', headerTooltip: '家庭人口数（按成员登记计）', width: 78, type: 'rightAligned', filter: 'agNumberColumnFilter', cellClass: 'cell-number' },
  ...INCOME_FIELDS.map((f) => editableMoney(f.key, f.label)),
  {
    ...moneyColumn('computedPerCapita', '计算人均纯收入（元）', (p) => fenOf(p, 'computedPerCapita'), 118),
    headerTooltip: `按收入构成计算：${FORMULA_TEXT}`,
    pinned: 'right',
  },
  { ...editableMoney('declaredPerCapita', '申报人均纯收入（元）', 118), headerTooltip: '户申报的年人均纯收入（可空）', pinned: 'right' },
  {
    ...moneyColumn('gap', '差额（元）', (p) => shownGap(p.data), 100),
    headerTooltip: `申报 − 计算；相差超过 ${TOLERANCE_TEXT} 标红，列入“数据质量”`,
    cellClass: gapClass,
    pinned: 'right',
  },
];
