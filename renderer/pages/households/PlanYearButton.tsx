// 计划年度…: one planned exit year for the households selected in the grid, in one audited
// transaction ('grid.applyEdits', all or nothing), undone as one step by 撤销. The 脱贫计划 page
// checks the result against the quotas and the village rule.
import { useState, type RefObject } from 'react';
import type { GridApi } from 'ag-grid-community';
import type { HouseholdRow } from '../../../shared/contract';
import { CAMPAIGN_YEARS } from '../../../shared/domain/plan';
import { errorMessage } from '../../api';
import { Dialog, Field } from '../../components/Dialog';
import { useToast } from '../../components/Toast';
import { useUndo } from '../../grid/undo';
import { applyEdits } from '../../grid/refusals';

export function PlanYearButton({ gridApi }: { gridApi: RefObject<GridApi<HouseholdRow> | null> }) {
  const [rows, setRows] = useState<HouseholdRow[] | null>(null);
  const [year, setYear] = useState<string>(String(CAMPAIGN_YEARS[0]));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toast = useToast();
  const undo = useUndo();

  const open = () => {
    const selected = gridApi.current?.getSelectedRows() ?? [];
    if (selected.length === 0) {
      toast.error('请先在贫困户表格中选择要设置的户（按住 Ctrl 或 Shift 点击可多选）');
      return;
    }
    setError(null);
    setRows(selected);
  };

  const submit = async () => {
    if (!rows) return;
    const value = year === '' ? null : Number(year);
    const edits = rows.map((r) => ({ id: r.id, field: 'plannedExitYear', value }));
    setBusy(true);
    setError(null);
    try {
      const result = await applyEdits({ grid: 'households', edits });
      if (!result.ok) {
        setError(`未修改任何户：${result.problems.map((p) => p.message).join('；')}`);
        return;
      }
      undo.record({
        label: `设置 ${rows.length} 户的计划脱贫年度`,
        grid: 'households',
        edits: rows.map((r) => ({ id: r.id, field: 'plannedExitYear', before: r.plannedExitYear ?? null, after: value })),
      });
      toast.info(`已把 ${rows.length} 户的计划脱贫年度设为${value === null ? '空白' : ` ${value} 年`}，可按 Ctrl+Z 撤销`);
      setRows(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className="btn" onClick={open} title="给表格中选中的户设置同一个计划脱贫年度">
        计划年度…
      </button>
      {rows && (
        <Dialog title="设置计划脱贫年度" submitLabel="设置" onSubmit={() => void submit()} onCancel={() => setRows(null)} busy={busy} error={error}>
          <p>
            已选 {rows.length} 户、{rows.reduce((n, r) => n + (r.size ?? 0), 0)} 人
            {rows.length <= 3 ? `：${rows.map((r) => `${r.hhCode}（${r.headName ?? '无户主'}）`).join('、')}` : ''}。
          </p>
          <Field id="plan-year" label="计划脱贫年度">
            <select id="plan-year" value={year} onChange={(e) => setYear(e.target.value)}>
              {CAMPAIGN_YEARS.map((y) => (
                <option key={y} value={y}>
                  {y}年
                </option>
              ))}
              <option value="">清空（未安排）</option>
            </select>
          </Field>
        </Dialog>
      )}
    </>
  );
}
