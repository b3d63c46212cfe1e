// 贫困人口: every member of every household, searchable and editable in place; committed changes
// from any window refresh just the rows they touched.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { GridApi } from 'ag-grid-community';
import type { MemberRow } from '../../../shared/contract';
import { MEMBER_FIELDS } from '../../../shared/fields';
import { callRows, errorMessage } from '../../api';
import { useToast } from '../../components/Toast';
import { DataGrid } from '../../grid/DataGrid';
import { fieldColumns } from '../../grid/columns';
import { useCellEdit } from '../../grid/editing';
import { QuickSearch, useQuickSearch } from '../../grid/QuickSearch';
import { ExportButton } from '../../grid/ExportButton';
import { HistoryPanel } from '../../components/HistoryPanel';
import { useJumpTarget } from '../quality/goto';
import { fetchRows, mergeRows, useRegistryChanges } from '../../grid/liveRows';

const COLUMNS = fieldColumns<MemberRow>(MEMBER_FIELDS, { pinned: ['hhCode', 'name'] });

export function MembersPage() {
  const toast = useToast();
  const [rows, setRows] = useState<MemberRow[] | null>(null);
  const [shown, setShown] = useState(0);
  const search = useQuickSearch();
  const edit = useCellEdit('members.update');
  const gridApi = useRef<GridApi<MemberRow> | null>(null);
  const onReady = useCallback((api: GridApi<MemberRow>) => {
    gridApi.current = api;
  }, []);
  const [selected, setSelected] = useState<MemberRow | null>(null);
  const [history, setHistory] = useState<MemberRow | null>(null);
  useJumpTarget('members', gridApi, rows !== null && search.text === '' && search.applied === '', search.clear, (t) => toast.error(`找不到${t.label}，可能已被删除`));

  const [reloads, setReloads] = useState(0);
  useRegistryChanges(
    ({ members }) => {
      if (members.changed.length === 0 && members.removed.length === 0) return;
      fetchRows<MemberRow>('members.get', members.changed)
        .then((fetched) => {
          setRows((list) => mergeRows(list, fetched, members.removed, () => true, 'last'));
          setSelected((s) => (!s || members.removed.includes(s.id) ? null : (fetched.find((m) => m.id === s.id) ?? s)));
        })
        .catch(() => setReloads((n) => n + 1));
    },
    () => setReloads((n) => n + 1),
  );

  useEffect(() => {
    let current = true;
    setRows(null);
    callRows<'members.list', MemberRow>('members.list', {})
      .then((r) => current && setRows(r))
      .catch((e: unknown) => {
        if (!current) return;
        setRows([]);
        toast.error(`贫困人口读取失败：${errorMessage(e)}`);
      });
    return () => {
      current = false;
    };
  }, [reloads, toast]);

  return (
    <div className="single-page">
      <div className="toolbar">
        <QuickSearch id="members-search" search={search} placeholder="搜索 户编号、姓名、身份证号或拼音首字母" />
        <span className="row-count" aria-live="polite">
          {rows === null ? '正在读取…' : `显示 ${shown} 人 / 共 ${rows.length} 人`}
        </span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => setHistory(selected)} disabled={!selected}>
          修改记录
        </button>
        <ExportButton what="members" gridApi={gridApi} />
      </div>
      <DataGrid<MemberRow> label="贫困人口列表" rows={rows} columns={COLUMNS} quickFilter={search.applied} onEditRequest={edit} onDisplayedCount={setShown} onReady={onReady} onSelect={setSelected} />
      {history && <HistoryPanel target={{ table: 'members', id: history.id, title: `${history.name}（${history.idNumber ?? ''}），户编号 ${history.hhCode}` }} onClose={() => setHistory(null)} />}
    </div>
  );
}
