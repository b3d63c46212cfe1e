// One grid of the 组织 page (teams, units, cadres, pairings) over rows the page holds: the caption
// with its counts and buttons, the list as shown to a file or to paper, edits in place (main stores
// them first, see DataGrid) and the selected rows.
import { useCallback, useRef, useState, type ReactNode } from 'react';
import type { ColDef, GridApi } from 'ag-grid-community';
import { DataGrid } from '../../grid/DataGrid';
import { ColumnsButton } from '../../grid/columnState';
import type { EditRequest } from '../../grid/editing';
import { ListOutButtons, shownList } from '../../grid/ListOut';

export function ListGrid<Row extends { id: string }>(props: {
  rows: Row[] | null;
  label: string;
  columns: ColDef<Row>[];
  unit: string;
  onReady?: (api: GridApi<Row>) => void;
  onEditRequest?: (event: EditRequest<Row>) => void;
  /** Every selected row (click, Ctrl/Shift-click), whenever the selection changes. */
  onSelected?: (rows: Row[]) => void;
  /** buttons at the right of the caption */
  actions?: ReactNode;
  emptyText?: string;
  rowName?: (row: Row) => string;
  /** The name its columns are remembered under (grid/columnState.tsx), with 列设置… in the caption. */
  columnsKey: string;
}) {
  const [shown, setShown] = useState(0);
  const { onReady, onSelected, rows } = props;
  const apiRef = useRef<GridApi<Row> | null>(null);
  const ready = useCallback(
    (api: GridApi<Row>) => {
      apiRef.current = api;
      onReady?.(api);
    },
    [onReady],
  );
  // DataGrid tells the one followed row; the page wants them all (a bulk pairing).
  const select = useCallback(() => onSelected?.(apiRef.current?.getSelectedRows() ?? []), [onSelected]);
  return (
    <div className="list-grid">
      <div className="list-caption">
        <h2 className="section-title">{props.label}</h2>
        <span className="row-count">{rows === null ? '正在读取…' : `显示 ${shown} / 共 ${rows.length} ${props.unit}`}</span>
        <span className="spacer" />
        {props.actions}
        <ColumnsButton grid={props.columnsKey} gridApi={apiRef} />
        {/* The list as shown (its filters and sort), to a file or to paper. */}
        <ListOutButtons title={props.label} disabled={rows === null || shown === 0} list={() => (apiRef.current ? shownList(apiRef.current) : { columns: [], rows: [] })} />
      </div>
      <DataGrid<Row>
        label={props.label}
        rows={rows}
        columns={props.columns}
        onDisplayedCount={setShown}
        onReady={ready}
        onEditRequest={props.onEditRequest}
        onSelect={onSelected ? select : undefined}
        rowName={props.rowName}
        columnsKey={props.columnsKey}
        emptyText={props.emptyText}
      />
    </div>
  );
}
