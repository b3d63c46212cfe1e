// 导出 Excel…: saves exactly what the grid shows (rows, order, visible columns) to an .xlsx file.
// The rows are taken when the button is pressed, so later typing does not change the export.
import { useEffect, useState, type MutableRefObject, type RefObject } from 'react';
import type { GridApi } from 'ag-grid-community';
import type { ExportWhat, Progress } from '../../shared/contract';
import { call, onEvent } from '../api';
import { ProgressBar } from '../components/ProgressBar';
import { SaveFileDialog } from '../components/SaveFileDialog';
import { useToast } from '../components/Toast';
import { todayLocal } from '../components/filePaths';
import { EXPORT_NAMES, shownGrid, shownSqlGrid, type ShownGrid } from './export';
import { gridQueryOf, type SqlScope } from './SqlGrid';

/**
 * sql: a SQL-backed grid (households, members) — its scope and the number of rows its query keeps;
 * the export then sends the grid's query and main writes that query's rows.
 */
export function ExportButton<T extends { id: string }>({
  what,
  gridApi,
  sql,
  opener,
}: {
  what: ExportWhat;
  gridApi: RefObject<GridApi<T> | null>;
  sql?: { scope: SqlScope; rows: number | null };
  /** Set to this button's action, for the grid's right-click menu (导出 Excel…). */
  opener?: MutableRefObject<(() => void) | null>;
}) {
  const toast = useToast();
  const [shown, setShown] = useState<ShownGrid | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const open = () => {
    const api = gridApi.current;
    if (!api) return;
    setProgress(null);
    setShown(sql ? shownSqlGrid(api, gridQueryOf(api, sql.scope), sql.rows ?? 0) : shownGrid(api));
  };
  useEffect(() => {
    if (opener) opener.current = open;
  });
  useEffect(() => {
    if (!shown) return;
    return onEvent('job.progress', (p) => {
      if (p.job === 'export') setProgress(p);
    });
  }, [shown]);
  const name = EXPORT_NAMES[what];
  return (
    <>
      <button type="button" className="btn" onClick={open} title="把表格当前显示的行和列（含筛选、排序）保存为 Excel 文件">
        导出 Excel…
      </button>
      {shown && (
        <SaveFileDialog
          title={`导出${name}`}
          id={`export-path-${what}`}
          label="保存到"
          defaultName={`${name}_${todayLocal()}.xlsx`}
          submitLabel="导出"
          hint="请填写完整路径，文件名以 .xlsx 或 .csv 结尾"
          intro={
            <p className="dialog-context">
              将导出表格当前显示的 <b>{shown.rows}</b> 行、{shown.columns.length} 列（按当前筛选和排序）。
            </p>
          }
          busyContent={<ProgressBar progress={progress} label="正在导出…" />}
          save={(path, overwrite) => call('export.grid', { what, path, ...(shown.query ? { query: shown.query } : { rowIds: shown.rowIds }), columns: shown.columns, overwrite })}
          onSaved={(r) => {
            setShown(null);
            toast.info(`已导出 ${r.rows} 行到 ${r.path}`);
          }}
          onCancel={() => setShown(null)}
        />
      )}
    </>
  );
}
