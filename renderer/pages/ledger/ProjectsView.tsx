// 项目: each village's projects with type, pathway (五个一批), budget, status, responsible unit and
// beneficiaries, and their money (allocated against spent); 新增项目 and 修改项目 in a dialog.
import { useCallback, useRef, useState } from 'react';
import type { ColDef, GridApi } from 'ag-grid-community';
import type { LedgerAccountOption, ProjectRow } from '../../../shared/contract';
import { CODE_LISTS, codeLabel, type CodeListName, type CodeOf } from '../../../shared/domain/codes';
import { CAMPAIGN_YEARS } from '../../../shared/domain/plan';
import { fenToYuan, parseYuan } from '../../../shared/domain/money';
import { call, errorMessage } from '../../api';
import { Dialog, Field } from '../../components/Dialog';
import { useToast } from '../../components/Toast';
import { DataGrid } from '../../grid/DataGrid';
import { ColumnsButton } from '../../grid/columnState';
import { ListOutButtons, shownList } from '../../grid/ListOut';
import { yuanColumn } from './money';
import { useLedgerData } from './useLedger';

const code = (list: CodeListName, field: keyof ProjectRow, headerName: string, width: number): ColDef<ProjectRow> => ({
  field,
  headerName,
  width,
  valueFormatter: (p) => codeLabel(list, p.value as string),
  filterValueGetter: (p) => codeLabel(list, p.data?.[field] as string),
});

const COLUMNS: ColDef<ProjectRow>[] = [
  { field: 'villageName', headerName: '村', width: 100, pinned: 'left' },
  { field: 'name', headerName: '项目名称', width: 200, pinned: 'left', tooltipField: 'name' },
  { field: 'year', headerName: '年度', width: 90 },
  code('projectType', 'type', '类型', 130),
  code('pathway', 'pathway', '五个一批', 130),
  code('projectStatus', 'status', '状态', 100),
  { field: 'unitName', headerName: '责任单位', width: 180, tooltipField: 'unitName' },
  { colId: 'households', headerName: '受益户数', width: 100, type: 'rightAligned', valueGetter: (p) => p.data?.householdIds.length ?? 0 },
  yuanColumn<ProjectRow>('budgetFen', '预算（元）'),
  yuanColumn<ProjectRow>('allocatedFen', '已拨付（元）'),
  yuanColumn<ProjectRow>('spentFen', '已支出（元）'),
  yuanColumn<ProjectRow>('balanceFen', '结余（元）'),
];

function CodeSelect({ id, list, value, onChange }: { id: string; list: CodeListName; value: string; onChange: (v: string) => void }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      {CODE_LISTS[list].map((c) => (
        <option key={c.code} value={c.code}>
          {c.label}
        </option>
      ))}
    </select>
  );
}

function ProjectDialog(props: { project: ProjectRow | null; accounts: LedgerAccountOption[]; onDone: () => void; onCancel: () => void }) {
  const p = props.project;
  const villages = props.accounts.filter((a) => a.kind === 'village');
  const units = props.accounts.filter((a) => a.kind === 'unit');
  const [villageId, setVillageId] = useState(p?.villageId ?? villages[0]?.villageId ?? '');
  const [year, setYear] = useState(p?.year ?? CAMPAIGN_YEARS[0]);
  const [name, setName] = useState(p?.name ?? '');
  const [type, setType] = useState(p?.type ?? 'agriculture');
  const [pathway, setPathway] = useState(p?.pathway ?? 'industry');
  const [status, setStatus] = useState(p?.status ?? 'planned');
  const [budget, setBudget] = useState(p ? fenToYuan(p.budgetFen) : '');
  const [unitId, setUnitId] = useState(p?.unitId ?? '');
  const [householdIds, setHouseholdIds] = useState<string[]>(p?.householdIds ?? []);
  const [note, setNote] = useState(p?.note ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const households = props.accounts.filter((a) => a.kind === 'household' && a.villageId === villageId);
  const submit = () => {
    const parsed = parseYuan(budget === '' ? '0' : budget);
    if (!parsed.ok) return setError(`预算：${parsed.message}`);
    // The selects offer only the lists' codes; main checks them again.
    // A note left as it was is not sent: main keeps the stored one.
    const noteEdit = p && note === (p.note ?? '') ? {} : { note: note.trim() || null };
    const input = { villageId, year, name, type: type as CodeOf<'projectType'>, pathway: pathway as CodeOf<'pathway'>, status: status as CodeOf<'projectStatus'>, budgetFen: parsed.fen, unitId: unitId || null, ...noteEdit, householdIds };
    setBusy(true);
    setError(null);
    (p ? call('ledger.updateProject', { id: p.id, ...input }) : call('ledger.createProject', input))
      .then(() => {
        setBusy(false);
        props.onDone();
      })
      .catch((e: unknown) => {
        setBusy(false);
        setError(errorMessage(e));
      });
  };
  return (
    <Dialog title={p ? '修改项目' : '新增项目'} submitLabel="保存" onSubmit={submit} onCancel={props.onCancel} busy={busy} error={error}>
      <div className="ledger-form">
        <Field id="pj-village" label="行政村" hint={p ? '已有资金记录的项目不能再改行政村或年度' : undefined}>
          <select id="pj-village" value={villageId} onChange={(e) => (setVillageId(e.target.value), setHouseholdIds([]))}>
            {villages.map((v) => (
              <option key={v.key} value={v.villageId ?? ''}>
                {v.label}
              </option>
            ))}
          </select>
        </Field>
        <Field id="pj-year" label="年度">
          <select id="pj-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {CAMPAIGN_YEARS.map((y) => (
              <option key={y} value={y}>
                {y}年
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field id="pj-name" label="项目名称">
        <input id="pj-name" type="text" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </Field>
      <div className="ledger-form">
        <Field id="pj-type" label="项目类型">
          <CodeSelect id="pj-type" list="projectType" value={type} onChange={setType} />
        </Field>
        <Field id="pj-pathway" label="五个一批">
          <CodeSelect id="pj-pathway" list="pathway" value={pathway} onChange={setPathway} />
        </Field>
        <Field id="pj-status" label="状态">
          <CodeSelect id="pj-status" list="projectStatus" value={status} onChange={setStatus} />
        </Field>
        <Field id="pj-budget" label="预算（元）">
          <input id="pj-budget" className="num" type="text" inputMode="decimal" value={budget} onChange={(e) => setBudget(e.target.value)} autoComplete="off" />
        </Field>
      </div>
      <Field id="pj-unit" label="责任单位">
        <select id="pj-unit" value={unitId} onChange={(e) => setUnitId(e.target.value)}>
          <option value="">（未指定）</option>
          {units.map((u) => (
            <option key={u.key} value={u.key.slice('unit:'.length)}>
              {u.label.replace(/（帮扶资金）$/, '')}
            </option>
          ))}
        </select>
      </Field>
      <Field id="pj-note" label="备注">
        <input id="pj-note" type="text" value={note} onChange={(e) => setNote(e.target.value)} autoComplete="off" maxLength={500} />
      </Field>
      <fieldset className="ledger-beneficiaries">
        <legend>受益户（{householdIds.length} 户）</legend>
        {households.length === 0 && <p className="toolbar-note">本村没有贫困户</p>}
        {households.map((h) => {
          const id = h.key.slice('household:'.length);
          return (
            <label key={h.key} className="ledger-beneficiary">
              <input type="checkbox" checked={householdIds.includes(id)} onChange={(e) => setHouseholdIds((ids) => (e.target.checked ? [...ids, id] : ids.filter((x) => x !== id)))} />
              {h.label}
            </label>
          );
        })}
      </fieldset>
    </Dialog>
  );
}

export function ProjectsView() {
  const toast = useToast();
  const rows = useLedgerData('ledger.projects', {}, '项目');
  const accounts = useLedgerData('ledger.accounts', {}, '账户列表');
  const [selected, setSelected] = useState<ProjectRow | null>(null);
  const [editing, setEditing] = useState<ProjectRow | 'new' | null>(null);
  const apiRef = useRef<GridApi<ProjectRow> | null>(null);
  const [shown, setShown] = useState(0);
  const onReady = useCallback((api: GridApi<ProjectRow>) => {
    apiRef.current = api;
  }, []);
  return (
    <div className="list-grid">
      <div className="toolbar">
        <button type="button" className="btn btn-primary" disabled={!accounts} onClick={() => setEditing('new')}>
          新增项目
        </button>
        <button type="button" className="btn" disabled={!accounts || !selected} onClick={() => selected && setEditing(selected)}>
          修改项目…
        </button>
        <span className="row-count">{rows === null ? '正在读取…' : `显示 ${shown} / 共 ${rows.length} 个项目`}</span>
        <span className="spacer" />
        <ColumnsButton grid="ledger.projects" gridApi={apiRef} />
        <ListOutButtons title="扶贫项目" disabled={rows === null || shown === 0} list={() => (apiRef.current ? shownList(apiRef.current) : { columns: [], rows: [] })} />
      </div>
      <DataGrid<ProjectRow> label="扶贫项目" rows={rows} columns={COLUMNS} onReady={onReady} onSelect={setSelected} onDisplayedCount={setShown} columnsKey="ledger.projects" emptyText="还没有项目：点“新增项目”" />
      {editing && accounts && (
        <ProjectDialog
          project={editing === 'new' ? null : editing}
          accounts={accounts}
          onCancel={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            toast.info('项目已保存');
          }}
        />
      )}
    </div>
  );
}
