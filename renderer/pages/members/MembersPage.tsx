// 贫困人口: every member of every household, searchable and editable in place.
import { useEffect, useState } from 'react';
import type { MemberRow } from '../../../shared/contract';
import { MEMBER_FIELDS } from '../../../shared/fields';
import { callRows, errorMessage } from '../../api';
import { useToast } from '../../components/Toast';
import { DataGrid } from '../../grid/DataGrid';
import { fieldColumns } from '../../grid/columns';
import { useCellEdit } from '../../grid/editing';
import { QuickSearch, useQuickSearch } from '../../grid/QuickSearch';

const COLUMNS = fieldColumns<MemberRow>(MEMBER_FIELDS, { pinned: ['hhCode', 'name'] });

export function MembersPage() {
  const toast = useToast();
  const [rows, setRows] = useState<MemberRow[] | null>(null);
  const [shown, setShown] = useState(0);
  const search = useQuickSearch();
  const edit = useCellEdit('members.update');

  useEffect(() => {
    let current = true;
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
  }, [toast]);

  return (
    <div className="single-page">
      <div className="toolbar">
        <QuickSearch id="members-search" search={search} placeholder="搜索 户编号、姓名、身份证号或拼音首字母" />
        <span className="row-count" aria-live="polite">
          {rows === null ? '正在读取…' : `显示 ${shown} 人 / 共 ${rows.length} 人`}
        </span>
      </div>
      <DataGrid<MemberRow> label="贫困人口列表" rows={rows} columns={COLUMNS} quickFilter={search.applied} onEditRequest={edit} onDisplayedCount={setShown} />
    </div>
  );
}
