// A read-only grid over one of the small list channels (villages, units, teams, cadres), read
// again whenever a committed change touches a table it shows.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ColDef, GridApi } from 'ag-grid-community';
import type { InputOf, OutputOf } from '../../../shared/contract';
import { call, errorMessage } from '../../api';
import { useToast } from '../../components/Toast';
import { DataGrid } from '../../grid/DataGrid';
import { useTablesChanged } from '../../grid/liveRows';
import { ListOutButtons, shownList } from '../../grid/ListOut';

type ListChannel = 'villages.list' | 'units.list' | 'teams.list' | 'cadres.list';

/** The tables each list's rows are built from (counts included). */
const TABLES_SHOWN: Record<ListChannel, readonly string[]> = {
  'villages.list': ['villages', 'teams', 'units', 'households', 'members'],
  'units.list': ['units', 'teams', 'teamUnits', 'villages', 'cadres'],
  'teams.list': ['teams', 'teamUnits', 'units', 'villages', 'cadres', 'pairings'],
  'cadres.list': ['cadres', 'units', 'teams', 'pairings'],
};

export function ListGrid<C extends ListChannel>(props: {
  channel: C;
  label: string;
  columns: ColDef<OutputOf<C>[number]>[];
  unit: string;
  onReady?: (api: GridApi<OutputOf<C>[number]>) => void;
  /** buttons at the right of the caption */
  actions?: ReactNode;
}) {
  type Row = OutputOf<C>[number];
  const toast = useToast();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [shown, setShown] = useState(0);
  const { channel, label, onReady } = props;
  const apiRef = useRef<GridApi<Row> | null>(null);
  const ready = useCallback(
    (api: GridApi<Row>) => {
      apiRef.current = api;
      onReady?.(api);
    },
    [onReady],
  );
  const [reloads, setReloads] = useState(0);
  useTablesChanged(TABLES_SHOWN[channel], () => setReloads((n) => n + 1));
  useEffect(() => {
    let current = true;
    call(channel, {} as InputOf<C>)
      .then((r) => current && setRows(r as Row[]))
      .catch((e: unknown) => {
        if (!current) return;
        setRows([]);
        toast.error(`${label}读取失败：${errorMessage(e)}`);
      });
    return () => {
      current = false;
    };
  }, [channel, label, reloads, toast]);
  return (
    <div className="list-grid">
      <div className="list-caption">
        <h2 className="section-title">{props.label}</h2>
        <span className="row-count">{rows === null ? '正在读取…' : `显示 ${shown} / 共 ${rows.length} ${props.unit}`}</span>
        <span className="spacer" />
        {props.actions}
        {/* The list as shown (its filters and sort), to a file or to paper. */}
        <ListOutButtons title={props.label} disabled={rows === null || shown === 0} list={() => (apiRef.current ? shownList(apiRef.current) : { columns: [], rows: [] })} />
      </div>
      <DataGrid<Row> label={props.label} rows={rows} columns={props.columns} onDisplayedCount={setShown} onReady={ready} />
    </div>
  );
}
