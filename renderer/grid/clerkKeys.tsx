// The keys a clerk used to Excel/WPS expects, on AG Grid Community, for every editable grid:
// - Delete/Backspace on a cell asks before emptying a stored value (in an open editor they edit
//   the text as usual);
// - the arrow and Tab keys move the selection with the focus, so a page that follows the selected
//   row (the members panel) follows the keyboard too;
// - Ctrl+C copies the focused cell, or the selected rows with their headers (clipboard.ts);
// - Ctrl+V of a block from a spreadsheet fills the cells right and down from the focused cell, in
//   one audited transaction ('grid.applyEdits'); if main refuses any cell, nothing is applied and
//   a list names each refused cell and why. The pasted block is a step 撤销 can undo; cells it
//   stored lose the mark of an earlier refused edit (refusals.ts).
import { useCallback, useMemo, useState, type ClipboardEvent, type ReactNode } from 'react';
import type { CellEditRequestEvent, Column, GridApi, IRowNode, NavigateToNextCellParams, SuppressKeyboardEventParams, TabToNextCellParams } from 'ag-grid-community';
import type { GridName } from '../../shared/gridQuery';
import { HOUSEHOLD_FIELDS, MEMBER_FIELDS, fieldByKey } from '../../shared/fields';
import { callRows, errorMessage } from '../api';
import { Dialog } from '../components/Dialog';
import { useToast } from '../components/Toast';
import { copiedText, isBlock, parseTsv, pasteTargets } from './clipboard';
import type { EditRequest } from './editing';
import { applyEdits } from './refusals';
import { useUndo, type StoredValue } from './undo';

export interface ClerkKeysOptions<T extends { id: string }> {
  /** The grid's table for pasted blocks; without it a paste is refused with a message. */
  pasteGrid?: GridName;
  onEditRequest?: (event: EditRequest<T>) => void;
  /** Whether the grid selects rows (then the keyboard moves the selection). */
  selects: boolean;
  /** How a row is named in messages: 户编号 4201…, or a person's name. */
  rowName: (row: T) => string;
}

interface ClearRequest<T> {
  node: IRowNode<T>;
  column: Column;
  api: GridApi<T>;
  label: string;
  shown: string;
}

interface Refusal {
  where: string;
  message: string;
}

const fieldsOf = (grid: GridName) => (grid === 'households' ? HOUSEHOLD_FIELDS : MEMBER_FIELDS);

export function useClerkKeys<T extends { id: string }>(options: ClerkKeysOptions<T>) {
  const { pasteGrid, onEditRequest, selects, rowName } = options;
  const toast = useToast();
  const undo = useUndo();
  const [clearing, setClearing] = useState<ClearRequest<T> | null>(null);
  const [refused, setRefused] = useState<{ title: string; items: Refusal[] } | null>(null);
  const [pasting, setPasting] = useState(false);

  const suppressKeyboardEvent = useCallback(
    (p: SuppressKeyboardEventParams<T>): boolean => {
      const key = p.event.key;
      if (p.editing || (key !== 'Delete' && key !== 'Backspace') || p.event.type !== 'keydown') return false;
      // Not editing: AG Grid would store an empty value at once. Ask first (or do nothing).
      if (p.column.isCellEditable(p.node) && onEditRequest && p.node.data) {
        const shown = p.api.getCellValue({ rowNode: p.node, colKey: p.column, useFormatter: true });
        if (shown !== null && shown !== undefined && String(shown) !== '') {
          setClearing({ node: p.node, column: p.column, api: p.api, label: p.api.getDisplayNameForColumn(p.column, 'header') ?? '', shown: String(shown) });
        }
      }
      return true;
    },
    [onEditRequest],
  );

  const confirmClear = useCallback(() => {
    const c = clearing;
    setClearing(null);
    if (!c?.node.data || !onEditRequest) return;
    const colDef = c.column.getColDef();
    const request: EditRequest<T> = { api: c.api, node: c.node as CellEditRequestEvent<T>['node'], column: c.column, colDef, data: c.node.data, newValue: null, oldValue: c.shown };
    onEditRequest(request);
    c.api.setFocusedCell(c.node.rowIndex ?? 0, c.column);
  }, [clearing, onEditRequest]);

  const cancelClear = useCallback(() => {
    const c = clearing;
    setClearing(null);
    if (c && c.node.rowIndex !== null) c.api.setFocusedCell(c.node.rowIndex, c.column);
  }, [clearing]);

  // The keyboard moves the selection with the focus (a click selects through AG Grid itself).
  const follow = useCallback(
    (p: NavigateToNextCellParams<T> | TabToNextCellParams<T>) => {
      const next = p.nextCellPosition;
      if (selects && next && !next.rowPinned) {
        const node = p.api.getDisplayedRowAtIndex(next.rowIndex);
        if (node?.data && !node.isSelected()) node.setSelected(true, true);
      }
      return next;
    },
    [selects],
  );

  const onCopy = useCallback((e: ClipboardEvent<HTMLDivElement>, api: GridApi<T> | null) => {
    if (!api || (e.target as HTMLElement).closest('input, textarea')) return;
    const text = copiedText(api);
    if (text === null) return;
    e.clipboardData.setData('text/plain', text);
    e.preventDefault();
  }, []);

  const pasteBlock = useCallback(
    async (api: GridApi<T>, text: string) => {
      if (!pasteGrid) {
        toast.error('此表格不能粘贴');
        return;
      }
      const block = parseTsv(text);
      const targets = pasteTargets(api, block);
      if (!targets || block.length === 0) {
        toast.error('粘贴前请先点击要填入的第一个单元格');
        return;
      }
      if (targets.outside > 0 || targets.notLoaded > 0) {
        const why = targets.outside > 0 ? `有 ${targets.outside} 个单元格超出表格的最后一行或最后一列` : `有 ${targets.notLoaded} 行尚未读取，请滚动到这些行后再粘贴`;
        setRefused({ title: '粘贴未执行', items: [{ where: `${block.length} 行 × ${Math.max(...block.map((r) => r.length))} 列`, message: `${why}，未填入任何单元格` }] });
        return;
      }
      const fields = fieldsOf(pasteGrid);
      const edits = targets.cells.map((c) => ({ id: c.node.data!.id, field: c.column.getColId(), value: c.text.trim() === '' ? null : c.text }));
      const before = targets.cells.map((c) => (c.node.data as unknown as Record<string, StoredValue>)[c.column.getColId()] ?? null);
      setPasting(true);
      try {
        const result = await applyEdits({ grid: pasteGrid, edits });
        if (!result.ok) {
          setRefused({
            title: `粘贴未执行：${result.problems.length} 个单元格不能填入，所有单元格均未修改`,
            items: result.problems.map((p) => {
              const cell = targets.cells[p.index];
              const row = cell?.node.data ? rowName(cell.node.data) : p.id;
              const line = cell?.node.rowIndex !== null && cell?.node.rowIndex !== undefined ? `第 ${cell.node.rowIndex + 1} 行` : '';
              return { where: `${line}（${row}）“${p.label}”`, message: p.message };
            }),
          });
          return;
        }
        // The stored values (main parsed the labels) for the undo step; the rows themselves come
        // back through the change event like any other write.
        const ids = [...new Set(edits.map((e) => e.id))];
        const rows = await callRows<'households.get' | 'members.get', Record<string, StoredValue> & { id: string }>(pasteGrid === 'households' ? 'households.get' : 'members.get', { ids });
        const byId = new Map(rows.map((r) => [r.id, r]));
        undo.record({
          label: `粘贴 ${edits.length} 个单元格`,
          grid: pasteGrid,
          edits: edits.map((e, i) => ({ id: e.id, field: e.field, before: before[i], after: byId.get(e.id)?.[e.field] ?? null })),
        });
        const columns = new Set(edits.map((e) => fieldByKey(fields, e.field)?.label ?? e.field));
        toast.info(`已粘贴 ${edits.length} 个单元格（${ids.length} 行：${[...columns].join('、')}），可按 Ctrl+Z 撤销`);
      } catch (e) {
        toast.error(`粘贴失败，所有单元格均未修改：${errorMessage(e)}`);
      } finally {
        setPasting(false);
      }
    },
    [pasteGrid, rowName, toast, undo],
  );

  const onPaste = useCallback(
    (e: ClipboardEvent<HTMLDivElement>, api: GridApi<T> | null) => {
      if (!api) return;
      const text = e.clipboardData.getData('text/plain');
      const target = e.target as HTMLElement;
      // A filter box (or any other field of the grid that is not a cell's editor) takes what is
      // pasted as usual: a block pasted there never writes cells.
      if (target.closest('input, textarea') && !target.closest('.ag-cell')) return;
      const inEditor = target.closest('.ag-cell input, .ag-cell textarea');
      // One value into an open editor is typed there as usual; a block is never joined into one cell.
      if (inEditor && !isBlock(text)) return;
      e.preventDefault();
      if (pasting) return;
      if (inEditor) api.stopEditing(true);
      if (!isBlock(text)) {
        // One value onto a focused cell (not editing): the same as a block of one cell.
        if (text === '') return;
      }
      void pasteBlock(api, text);
    },
    [pasteBlock, pasting],
  );

  const dialogs: ReactNode = (
    <>
      {clearing && (
        <Dialog title="清空单元格" submitLabel="清空" danger onSubmit={confirmClear} onCancel={cancelClear}>
          <p>
            确定清空{clearing.node.data ? `“${rowName(clearing.node.data)}”的` : ''}“{clearing.label}”吗？当前值为“{clearing.shown}”。清空后可按 Ctrl+Z 撤销。
          </p>
        </Dialog>
      )}
      {refused && (
        <Dialog title={refused.title} submitLabel="知道了" onSubmit={() => setRefused(null)} onCancel={() => setRefused(null)}>
          <ul className="refusal-list" aria-label="不能填入的单元格">
            {refused.items.map((r, i) => (
              <li key={i}>
                <strong>{r.where}</strong>：{r.message}
              </li>
            ))}
          </ul>
        </Dialog>
      )}
    </>
  );

  const gridOptions = useMemo(
    () => ({
      navigateToNextCell: (p: NavigateToNextCellParams<T>) => follow(p),
      // false: past the last cell, Tab leaves the grid as the browser would.
      tabToNextCell: (p: TabToNextCellParams<T>) => follow(p) ?? false,
    }),
    [follow],
  );
  const paste = useCallback((api: GridApi<T>, text: string) => void pasteBlock(api, text), [pasteBlock]);
  return { suppressKeyboardEvent, gridOptions, onCopy, onPaste, paste, dialogs };
}
