// 导出… and 打印 for a list a clerk sees — an import's error list, a data-quality list, the units,
// teams and cadres — so that it can be sent back to the villages or put on paper. The export is
// the list as shown ('export.table': .xlsx, or .csv when the clerk types it); printing puts the
// same table alone on the page (the rest of the window is hidden by the print stylesheet).
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { GridApi } from 'ag-grid-community';
import { call } from '../api';
import { SaveFileDialog } from '../components/SaveFileDialog';
import { useToast } from '../components/Toast';
import { todayLocal } from '../components/filePaths';

export type Cell = string | number | null;

export interface ShownList {
  columns: { label: string; digits?: boolean }[];
  rows: Cell[][];
}

/** What a grid shows: its visible columns' headers and its rows after its filters and sort, as displayed. */
export function shownList<T>(api: GridApi<T>): ShownList {
  const columns = api.getAllDisplayedColumns();
  const rows: Cell[][] = [];
  api.forEachNodeAfterFilterAndSort((node) => {
    if (!node.data) return;
    rows.push(
      columns.map((c) => {
        const v: unknown = api.getCellValue({ rowNode: node, colKey: c, useFormatter: true });
        return v === null || v === undefined ? null : typeof v === 'number' ? v : String(v);
      }),
    );
  });
  return { columns: columns.map((c) => ({ label: api.getDisplayNameForColumn(c, 'header') ?? c.getColId() })), rows };
}

export function ListOutButtons({ title, list, disabled }: { title: string; list: () => ShownList; disabled?: boolean }) {
  const toast = useToast();
  const [saving, setSaving] = useState<ShownList | null>(null);
  const [printing, setPrinting] = useState<ShownList | null>(null);
  useEffect(() => {
    if (!printing) return;
    // The print view is in the page now: the system's print dialog prints it, then it goes.
    window.print();
    setPrinting(null);
  }, [printing]);
  return (
    <>
      <button type="button" className="btn" disabled={disabled} onClick={() => setSaving(list())} title={`把“${title}”保存为 Excel（.xlsx）或 .csv 文件`}>
        导出…
      </button>
      <button type="button" className="btn" disabled={disabled} onClick={() => setPrinting(list())} title={`打印“${title}”`}>
        打印
      </button>
      {saving && (
        <SaveFileDialog
          title={`导出${title}`}
          id={`list-out-${title}`}
          label="保存到"
          defaultName={`${title.replace(/[\\/:*?"<>|：]/g, '_')}_${todayLocal()}.xlsx`}
          submitLabel="导出"
          hint="请填写完整路径，文件名以 .xlsx 或 .csv 结尾"
          intro={
            <p className="dialog-context">
              将导出 <b>{saving.rows.length}</b> 行、{saving.columns.length} 列。
            </p>
          }
          save={(path, overwrite) => call('export.table', { title, path, columns: saving.columns, rows: saving.rows, overwrite })}
          onSaved={(r) => {
            setSaving(null);
            toast.info(`已导出 ${r.rows} 行到 ${r.path}`);
          }}
          onCancel={() => setSaving(null)}
        />
      )}
      {printing &&
        createPortal(
          <div className="print-area" aria-hidden="true">
            <h1>{title}</h1>
            <p>
              共 {printing.rows.length} 行 · 打印于 {todayLocal()}
            </p>
            <table>
              <thead>
                <tr>
                  {printing.columns.map((c, i) => (
                    <th key={i}>{c.label}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {printing.rows.map((r, i) => (
                  <tr key={i}>
                    {r.map((v, j) => (
                      <td key={j}>{v ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>,
          document.body,
        )}
    </>
  );
}
