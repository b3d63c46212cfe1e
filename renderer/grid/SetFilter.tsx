// The set filter of code and 是/否 columns (AG Grid's own is an Enterprise feature): a checkbox list
// of the column's values, each with how many rows hold it under the grid's other filters, as a
// clerk knows it from WPS/Excel. The model is { filterType: 'set', values: ticked labels } ('' is
// an empty cell), null when all are ticked. A SQL-backed grid filters and counts in main
// ('grid.page', 'grid.values'); a grid that holds its rows filters and counts them here.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { IRowNode } from 'ag-grid-community';
import { useGridFilter, type CustomFilterProps, type CustomFloatingFilterProps } from 'ag-grid-react';
import type { GridValueCount, SetFilterModel } from '../../shared/gridQuery';
import { errorMessage } from '../api';

/** What a grid offers its set filters: the counts from main for a SQL-backed grid. */
export interface SetFilterContext {
  valuesOf?: (colId: string) => Promise<GridValueCount[]>;
}

export interface SetFilterParams {
  /** Every label the column can show, in the code list's order. */
  labels: readonly string[];
}

const BLANK = '（空白）';

export function SetFilter(props: CustomFilterProps<unknown, SetFilterContext | undefined, SetFilterModel> & SetFilterParams) {
  const { model, onModelChange, getValue, api, column, context, labels } = props;
  const colId = column.getColId();
  const [counts, setCounts] = useState<Map<string, number> | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const doesFilterPass = useCallback(({ node }: { node: IRowNode }) => model === null || model.values.includes(String(getValue(node) ?? '')), [model, getValue]);
  useGridFilter({
    doesFilterPass,
    // Counted again each time the list is opened: the other filters may have changed since.
    afterGuiAttached: () => {
      setProblem(null);
      if (context?.valuesOf) {
        context
          .valuesOf(colId)
          .then((list) => setCounts(new Map(list.map((v) => [v.label, v.count]))))
          .catch((e: unknown) => setProblem(`数量读取失败：${errorMessage(e)}`));
      } else {
        const local = new Map<string, number>();
        api.forEachNode((node) => {
          if (!node.data) return;
          const label = String(getValue(node) ?? '');
          local.set(label, (local.get(label) ?? 0) + 1);
        });
        setCounts(local);
      }
    },
  });

  // The list: the column's labels, then any other value found (an empty cell), all with counts.
  const options = useMemo(() => {
    const all = [...labels];
    for (const label of counts?.keys() ?? []) if (!all.includes(label)) all.push(label);
    if (!all.includes('')) all.push('');
    return all;
  }, [labels, counts]);
  const ticked = (label: string) => model === null || model.values.includes(label);
  const set = (values: string[]) => onModelChange(values.length === options.length && options.every((o) => values.includes(o)) ? null : { filterType: 'set', values });
  const toggle = (label: string, on: boolean) => {
    const current = model === null ? options : model.values;
    set(on ? [...current, label] : current.filter((v) => v !== label));
  };
  const allTicked = options.every(ticked);

  return (
    <div className="set-filter" role="group" aria-label={`${column.getColDef().headerName ?? colId}筛选`}>
      <label className="set-filter-option set-filter-all">
        <input type="checkbox" checked={allTicked} onChange={(e) => set(e.target.checked ? options : [])} />
        全选
      </label>
      <div className="set-filter-list">
        {options.map((label) => (
          <label key={label || BLANK} className="set-filter-option">
            <input type="checkbox" checked={ticked(label)} onChange={(e) => toggle(label, e.target.checked)} />
            <span className="set-filter-label">{label === '' ? BLANK : label}</span>
            <span className="set-filter-count">{counts ? (counts.get(label) ?? 0) : '…'}</span>
          </label>
        ))}
      </div>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

/** The filter row's cell of a set filter: what is ticked, read-only; the button opens the list. */
export function SetFloatingFilter({ model }: CustomFloatingFilterProps<never, unknown, unknown, SetFilterModel>) {
  const text = model === null ? '' : model.values.length === 0 ? '（未选）' : model.values.map((v) => (v === '' ? BLANK : v)).join('、');
  return <input className="set-floating" readOnly value={text} title={text || '全部'} aria-label="已勾选的值" tabIndex={-1} />;
}
