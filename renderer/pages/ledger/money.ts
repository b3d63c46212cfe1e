// Money and codes in the 资金 grids: yuan with fen, right-aligned; code labels.
import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import { formatYuan } from '../../../shared/domain/money';

export function yuanColumn<T>(field: string, headerName: string, width = 140): ColDef<T> {
  return {
    field: field as ColDef<T>['field'],
    headerName,
    width,
    type: 'rightAligned',
    filter: 'agNumberColumnFilter',
    cellClass: 'cell-money',
    valueFormatter: (p: ValueFormatterParams<T, number | null>) => (p.value === null || p.value === undefined ? '' : formatYuan(p.value, { unit: false })),
  };
}

export function yuan(fen: number): string {
  return formatYuan(fen);
}
