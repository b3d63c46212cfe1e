// 贫困人口: every member of every household, searchable and editable in place. The grid is
// SQL-backed (SqlGrid): a county's 300,000 people stay in main, which sends the rows in view.
// Committed changes from any window refresh just the rows they touched.
import { useCallback, useMemo, useRef, useState } from 'react';
import type { GridApi } from 'ag-grid-community';
import type { MemberRow } from '../../../shared/contract';
import { MEMBER_FIELDS } from '../../../shared/fields';
import { useToast } from '../../components/Toast';
import { SqlGrid, refreshChanged, type SqlScope } from '../../grid/SqlGrid';
import type { GridTotals } from '../../../shared/gridQuery';
import { fieldColumns } from '../../grid/columns';
import { useCellEdit } from '../../grid/editing';
import { QuickSearch, useQuickSearch } from '../../grid/QuickSearch';
import { ExportButton } from '../../grid/ExportButton';
import { ColumnsButton } from '../../grid/columnState';
import { HistoryPanel } from '../../components/HistoryPanel';
import { useJumpTarget } from '../quality/goto';
import { fetchRows, followSelected, useRegistryChanges } from '../../grid/liveRows';

const COLUMNS = fieldColumns<MemberRow>(MEMBER_FIELDS, { pinned: ['hhCode', 'name'] });
const memberName = (m: MemberRow) => `${m.name}，户编号 ${m.hhCode ?? ''}`;

export function MembersPage() {
  const toast = useToast();
  const [totals, setTotals] = useState<GridTotals | null>(null);
  const search = useQuickSearch();
  const scope = useMemo<SqlScope>(() => ({ quick: search.applied }), [search.applied]);
  const edit = useCellEdit('members.update');
  const gridApi = useRef<GridApi<MemberRow> | null>(null);
  const onReady = useCallback((api: GridApi<MemberRow>) => {
    gridApi.current = api;
  }, []);
  const [selected, setSelected] = useState<MemberRow | null>(null);
  const [history, setHistory] = useState<MemberRow | null>(null);
  const exportMembers = useRef<(() => void) | null>(null);
  useJumpTarget('members', gridApi, search.text === '' && search.applied === '', search.clear, (t) => toast.error(`找不到${t.label}，可能已被删除`));

  useRegistryChanges(
    ({ members }) => {
      if (members.changed.length === 0 && members.removed.length === 0) return;
      refreshChanged(gridApi.current, members.changed, members.removed, (ids) => fetchRows<MemberRow>('members.get', ids)).catch(() => gridApi.current?.purgeInfiniteCache());
      followSelected<MemberRow>('members.get', members, selected?.id, setSelected);
    },
    () => gridApi.current?.purgeInfiniteCache(),
  );

  return (
    <div className="single-page">
      <div className="toolbar">
        <QuickSearch id="members-search" search={search} placeholder="户编号、姓名、证件号或拼音" />
        <span className="row-count" aria-live="polite">
          {totals === null ? '正在读取…' : `显示 ${totals.rows} 人 / 共 ${totals.scopeRows} 人`}
        </span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => setHistory(selected)} disabled={!selected}>
          修改记录
        </button>
        <ExportButton what="members" gridApi={gridApi} sql={{ scope, rows: totals?.rows ?? null }} opener={exportMembers} />
        <ColumnsButton grid="members" gridApi={gridApi} />
      </div>
      <SqlGrid<MemberRow> grid="members" label="贫困人口列表" scope={scope} columns={COLUMNS} onEditRequest={edit} onTotals={setTotals} onReady={onReady} onSelect={setSelected} rowName={memberName} onHistory={setHistory} onExport={() => exportMembers.current?.()} emptyText="没有符合条件的人员" />
      {history && <HistoryPanel target={{ table: 'members', id: history.id, title: `${history.name}（${history.idNumber ?? ''}），户编号 ${history.hhCode}` }} onClose={() => setHistory(null)} />}
    </div>
  );
}
