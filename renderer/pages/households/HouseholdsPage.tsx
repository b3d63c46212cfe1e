// 贫困户: households of one or all villages, quick search (pinyin too), in-place edits, and the
// selected household's members below. The households grid is SQL-backed (SqlGrid): main sends the
// rows the clerk scrolls to, filtered, searched and sorted in SQL, so a county's registry opens as
// fast as a village's. Every committed change (made here, in another window or by an import)
// arrives as data.changed and refreshes only the rows it touched; the page never polls.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GridApi } from 'ag-grid-community';
import type { HouseholdRow, MemberRow, VillageRow } from '../../../shared/contract';
import type { GridTotals } from '../../../shared/gridQuery';
import { HOUSEHOLD_FIELDS, MEMBER_FIELDS } from '../../../shared/fields';
import { isHeadRelation } from '../../../shared/domain/household';
import { call, callRows, errorMessage } from '../../api';
import { useToast } from '../../components/Toast';
import { DataGrid } from '../../grid/DataGrid';
import { fieldColumns } from '../../grid/columns';
import { useCellEdit } from '../../grid/editing';
import { QuickSearch, useQuickSearch } from '../../grid/QuickSearch';
import { ConfirmDialog, MakeHeadDialog, NewHouseholdDialog, NewMemberDialog } from './dialogs';
import { HistoryPanel, type HistoryTarget } from '../../components/HistoryPanel';
import { ExportButton } from '../../grid/ExportButton';
import { ColumnsButton } from '../../grid/columnState';
import { fetchRows, followSelected, mergeRows, useRegistryChanges } from '../../grid/liveRows';
import { SqlGrid, gridQueryOf, refreshChanged, revealRow, type SqlScope } from '../../grid/SqlGrid';
import { useJumpTarget, useVillageJump } from '../quality/goto';
import { PlanYearButton } from './PlanYearButton';
import { HouseholdExitDialog } from '../exits/HouseholdExitDialog';
import { VillageSelect } from '../../components/VillageSelect';

type DialogState =
  | { kind: 'newHousehold' }
  | { kind: 'removeHousehold'; household: HouseholdRow }
  | { kind: 'newMember'; household: HouseholdRow }
  | { kind: 'removeMember'; member: MemberRow }
  | { kind: 'makeHead'; member: MemberRow; formerHead: string | null }
  | { kind: 'history'; target: HistoryTarget }
  | null;

const HOUSEHOLD_COLUMNS = fieldColumns<HouseholdRow>(HOUSEHOLD_FIELDS, { pinned: ['hhCode', 'headName'] });
const MEMBER_COLUMNS = fieldColumns<MemberRow>(MEMBER_FIELDS, { hidden: ['hhCode', 'villageName'], pinned: ['name'] });
const householdName = (h: HouseholdRow) => `户编号 ${h.hhCode ?? ''}，户主 ${h.headName ?? '无'}`;
const memberName = (m: MemberRow) => m.name ?? '';

const MEMBERS_OPEN_KEY = 'fupin.households.membersOpen';

/** Whether the members panel is shown, remembered on this PC (a layout choice, no personal data). */
function useMembersPanelOpen(): [boolean, (open: boolean) => void] {
  const [open, setOpen] = useState(() => localStorage.getItem(MEMBERS_OPEN_KEY) !== 'false');
  const set = useCallback((value: boolean) => {
    localStorage.setItem(MEMBERS_OPEN_KEY, String(value));
    setOpen(value);
  }, []);
  return [open, set];
}

export function HouseholdsPage() {
  const toast = useToast();
  const [villages, setVillages] = useState<VillageRow[]>([]);
  const [villageId, setVillageId] = useState('');
  const [totals, setTotals] = useState<GridTotals | null>(null);
  const search = useQuickSearch();
  const [selected, setSelected] = useState<HouseholdRow | null>(null);
  const [exitOf, setExitOf] = useState<string | null>(null);
  const [members, setMembers] = useState<MemberRow[] | null>([]);
  const [selectedMember, setSelectedMember] = useState<MemberRow | null>(null);
  const [dialog, setDialog] = useState<DialogState>(null);
  const gridApi = useRef<GridApi<HouseholdRow> | null>(null);
  const [membersOpen, setMembersOpen] = useMembersPanelOpen();
  const exportHouseholds = useRef<(() => void) | null>(null);

  const [villagesRead, setVillagesRead] = useState(false);
  useEffect(() => {
    call('villages.list', {})
      .then((list) => {
        setVillages(list);
        setVillagesRead(true);
      })
      .catch((e: unknown) => toast.error(`行政村列表读取失败：${errorMessage(e)}`));
  }, [toast]);
  const noVillage = villagesRead && villages.length === 0;

  const scope = useMemo<SqlScope>(() => ({ villageId: villageId || undefined, quick: search.applied }), [villageId, search.applied]);
  // A new village or search is a new query: the selection belongs to the old one.
  useEffect(() => setSelected(null), [scope]);

  /** A change too large to list (an import) or a restore: the grid and the village list read again. */
  const reloadAll = useCallback(() => {
    gridApi.current?.purgeInfiniteCache();
    call('villages.list', {})
      .then(setVillages)
      .catch(() => {});
  }, []);

  const memberRequest = useRef(0);
  const loadMembers = useCallback(
    (householdId: string | null) => {
      const mine = ++memberRequest.current;
      setSelectedMember(null);
      if (!householdId) {
        setMembers([]);
        return;
      }
      setMembers(null);
      callRows<'members.list', MemberRow>('members.list', { householdId })
        .then((r) => mine === memberRequest.current && setMembers(r))
        .catch((e: unknown) => {
          if (mine !== memberRequest.current) return;
          setMembers([]);
          toast.error(`成员读取失败：${errorMessage(e)}`);
        });
    },
    [toast],
  );
  const selectedId = selected?.id ?? null;
  useEffect(() => loadMembers(selectedId), [selectedId, loadMembers]);

  useRegistryChanges(
    (changes) => {
      const { households, members: people } = changes;
      if (households.changed.length > 0 || households.removed.length > 0) {
        refreshChanged(gridApi.current, households.changed, households.removed, (ids) => fetchRows<HouseholdRow>('households.get', ids)).catch(reloadAll);
        followSelected<HouseholdRow>('households.get', households, selected?.id, setSelected);
      }
      const shownHousehold = selected?.id;
      if (shownHousehold && (people.changed.length > 0 || people.removed.length > 0)) {
        fetchRows<MemberRow>('members.get', people.changed)
          .then((fetched) => {
            setMembers((list) => mergeRows(list, fetched, people.removed, (m) => m.householdId === shownHousehold, 'last'));
            setSelectedMember((m) => (!m || people.removed.includes(m.id) ? null : (fetched.find((f) => f.id === m.id) ?? m)));
          })
          .catch(() => loadMembers(shownHousehold));
      }
    },
    reloadAll,
  );

  const onHouseholdSaved = useCallback((row: HouseholdRow) => setSelected((s) => (s?.id === row.id ? row : s)), []);
  const onMemberSaved = useCallback((row: MemberRow) => {
    setMembers((ms) => ms?.map((m) => (m.id === row.id ? row : m)) ?? ms);
    setSelectedMember((m) => (m?.id === row.id ? row : m));
  }, []);
  const editHousehold = useCellEdit('households.update', onHouseholdSaved);
  const editMember = useCellEdit('members.update', onMemberSaved);

  const selectHousehold = useCallback((row: HouseholdRow | null) => setSelected(row), []);
  const onGridReady = useCallback((api: GridApi<HouseholdRow>) => {
    gridApi.current = api;
  }, []);
  // A jump from 数据质量: all villages, no search, then the household selected and in view.
  useJumpTarget(
    'households',
    gridApi,
    villageId === '' && search.text === '' && search.applied === '',
    () => {
      setVillageId('');
      search.clear();
    },
    (t) => toast.error(`找不到${t.label}，可能已被删除`),
  );
  // A jump from 挂图作战: that village's households, no search or column filter narrowing them.
  useVillageJump(gridApi, (id) => {
    setVillageId(id);
    search.clear();
  });

  const householdHistory = useCallback(
    (h: HouseholdRow) => setDialog({ kind: 'history', target: { table: 'households', id: h.id, title: `户编号 ${h.hhCode}　户主 ${h.headName ?? '（无）'}　${h.villageName}` } }),
    [],
  );
  const memberHistory = useCallback(
    (m: MemberRow) => setDialog({ kind: 'history', target: { table: 'members', id: m.id, title: `${m.name}（${m.idNumber ?? ''}），户编号 ${m.hhCode}` } }),
    [],
  );

  const afterChange = (message: string) => {
    setDialog(null);
    toast.info(message);
  };

  const householdCreated = (row: HouseholdRow) => {
    // The change event brings the row into the grid; here it is found, selected and scrolled to,
    // in a grid without the quick search that might hide it.
    search.clear();
    const api = gridApi.current;
    if (api && (villageId === '' || villageId === row.villageId)) {
      revealRow(api, 'households', gridQueryOf(api, { villageId: villageId || undefined }), row.id).catch(() => {});
    }
    afterChange(`已新增贫困户：户编号 ${row.hhCode}，户主 ${row.headName ?? ''}`);
  };

  const householdRemoved = (household: HouseholdRow) => {
    setSelected(null);
    afterChange(`已删除贫困户：户编号 ${household.hhCode}`);
  };

  // The rows themselves follow from the change event; these only close the dialog and say so.
  const memberCreated = (row: MemberRow) => afterChange(`已新增成员：${row.name}`);
  const memberRemoved = (member: MemberRow) => afterChange(`已删除成员：${member.name}`);
  const headChanged = (row: MemberRow) => afterChange(`已将“${row.name}”设为户主`);

  const memberColumns = useMemo(() => MEMBER_COLUMNS, []);
  const formerHead = members?.find((m) => isHeadRelation(m.relation))?.name ?? null;

  return (
    <div className="households-page">
      <div className="toolbar">
        <VillageSelect id="village-filter" villages={villages} value={villageId} onChange={setVillageId} />
        <QuickSearch id="households-search" search={search} placeholder="户编号、姓名、证件号或拼音" />
        {!noVillage && (
          <span className="row-count" aria-live="polite">
            {totals === null ? '正在读取…' : `显示 ${totals.rows} 户 / 共 ${totals.scopeRows} 户`}
          </span>
        )}
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => setDialog({ kind: 'newHousehold' })}
          disabled={villages.length === 0}
          title={noVillage ? '还没有行政村：请先在“行政村”页新增行政村，再新增贫困户' : undefined}
        >
          新增贫困户
        </button>
        {noVillage && <span className="toolbar-note">需先新增行政村</span>}
        <button type="button" className="btn btn-danger-outline" onClick={() => selected && setDialog({ kind: 'removeHousehold', household: selected })} disabled={!selected}>
          删除贫困户
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => selected && householdHistory(selected)}
          disabled={!selected}
        >
          修改记录
        </button>
        <button type="button" className="btn" onClick={() => selected && setExitOf(selected.id)} disabled={!selected} title="按脱贫标准办理销号，或撤销销号、登记返贫">
          销号…
        </button>
        <PlanYearButton gridApi={gridApi} />
        <ExportButton what="households" gridApi={gridApi} sql={{ scope, rows: totals?.rows ?? null }} opener={exportHouseholds} />
        <ColumnsButton grid="households" gridApi={gridApi} />
      </div>
      <div className="split">
        <div className="split-main">
          <SqlGrid<HouseholdRow>
            grid="households"
            label="贫困户列表"
            scope={scope}
            columns={HOUSEHOLD_COLUMNS}
            onReady={onGridReady}
            onEditRequest={editHousehold}
            onSelect={selectHousehold}
            rowName={householdName}
            onHistory={householdHistory}
            onExport={() => exportHouseholds.current?.()}
            onTotals={setTotals}
            emptyText="没有符合条件的贫困户"
          />
        </div>
        <section className={membersOpen ? 'split-detail' : 'split-detail split-detail-collapsed'} aria-label="家庭成员">
          <div className="toolbar toolbar-sub">
            <button type="button" className="btn btn-small" aria-expanded={membersOpen} aria-controls="members-panel-grid" onClick={() => setMembersOpen(!membersOpen)} title={membersOpen ? '收起家庭成员，贫困户列表显示更多行' : '展开家庭成员'}>
              {membersOpen ? '收起 ▾' : '展开 ▴'}
            </button>
            <h2 className="section-title">
              家庭成员
              {selected ? `：户编号 ${selected.hhCode}　户主 ${selected.headName ?? '（无）'}　${selected.villageName}` : '（请在上方选择一户）'}
            </h2>
            <span className="spacer" />
            <button type="button" className="btn" onClick={() => selected && setDialog({ kind: 'newMember', household: selected })} disabled={!selected}>
              新增成员
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => selectedMember && setDialog({ kind: 'makeHead', member: selectedMember, formerHead })}
              disabled={!selectedMember || isHeadRelation(selectedMember.relation)}
            >
              设为户主
            </button>
            <button type="button" className="btn btn-danger-outline" onClick={() => selectedMember && setDialog({ kind: 'removeMember', member: selectedMember })} disabled={!selectedMember}>
              删除成员
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => selectedMember && memberHistory(selectedMember)}
              disabled={!selectedMember}
            >
              成员修改记录
            </button>
          </div>
          {membersOpen && (
          <div id="members-panel-grid" className="split-detail-grid">
          <DataGrid<MemberRow>
            label="家庭成员列表"
            rows={members}
            columns={memberColumns}
            onEditRequest={editMember}
            onSelect={setSelectedMember}
            pasteGrid="members"
            rowName={memberName}
            columnsKey="householdMembers"
            onHistory={memberHistory}
            emptyText={selected ? '该户没有成员' : '请在上方贫困户列表中点击一户，查看和修改其家庭成员'}
            noFloatingFilters
          />
          </div>
          )}
        </section>
      </div>
      {dialog?.kind === 'newHousehold' && <NewHouseholdDialog villages={villages} villageId={villageId} onDone={householdCreated} onCancel={() => setDialog(null)} />}
      {dialog?.kind === 'removeHousehold' && (
        <ConfirmDialog
          title="删除贫困户"
          message={`确定删除户编号 ${dialog.household.hhCode}（户主 ${dialog.household.headName ?? '无'}，${dialog.household.villageName}）及其全部 ${dialog.household.size ?? 0} 名成员吗？删除将记入操作日志。`}
          confirmLabel="确定删除"
          action={() => call('households.remove', { id: dialog.household.id })}
          onDone={() => householdRemoved(dialog.household)}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'newMember' && <NewMemberDialog household={dialog.household} onDone={memberCreated} onCancel={() => setDialog(null)} />}
      {dialog?.kind === 'removeMember' && (
        <ConfirmDialog
          title="删除成员"
          message={`确定从户编号 ${dialog.member.hhCode} 中删除成员“${dialog.member.name}”（${dialog.member.idNumber ?? ''}）吗？`}
          confirmLabel="确定删除"
          action={() => call('members.remove', { id: dialog.member.id })}
          onDone={() => memberRemoved(dialog.member)}
          onCancel={() => setDialog(null)}
        />
      )}
      {exitOf && <HouseholdExitDialog householdId={exitOf} onClose={() => setExitOf(null)} />}
      {dialog?.kind === 'history' && <HistoryPanel target={dialog.target} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'makeHead' && <MakeHeadDialog member={dialog.member} formerHead={dialog.formerHead} onDone={headChanged} onCancel={() => setDialog(null)} />}
    </div>
  );
}
