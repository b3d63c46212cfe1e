// 撤销 (Ctrl+Z): the clerk's last edits in this window, a few steps back. A step is one cell edit,
// one cleared cell or one pasted block; undoing it writes the values as they were through the same
// write path ('grid.applyEdits': one audited transaction, all or nothing), so the history shows
// both the edit and its undoing, and the cells it stores lose their refusal marks (refusals.ts).
// A step whose cells were changed since (by another window or an import) is not undone over that
// change: the clerk is told which cell and the step is dropped.
// The steps hold personal data: they live in this window's memory only and go with the database
// view (MainWindow unmounts on close and lock).
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { GridName } from '../../shared/gridQuery';
import { HOUSEHOLD_FIELDS, MEMBER_FIELDS, fieldByKey } from '../../shared/fields';
import { callRows, errorMessage } from '../api';
import { useToast } from '../components/Toast';
import { applyEdits } from './refusals';

export type StoredValue = string | number | boolean | null;

export interface EditStep {
  /** what the step did, for the button's tooltip and the message: 修改“电话”, 粘贴 6 个单元格 */
  label: string;
  grid: GridName;
  edits: { id: string; field: string; before: StoredValue; after: StoredValue }[];
}

interface UndoApi {
  record(step: EditStep): void;
  undo(): Promise<void>;
  /** the step 撤销 would undo, or null */
  last: EditStep | null;
  busy: boolean;
}

const MAX_STEPS = 20;
const UndoContext = createContext<UndoApi | null>(null);

export function useUndo(): UndoApi {
  const api = useContext(UndoContext);
  if (!api) throw new Error('useUndo outside UndoProvider');
  return api;
}

const same = (a: StoredValue | undefined, b: StoredValue | undefined) => (a ?? null) === (b ?? null) || String(a ?? '') === String(b ?? '');

export function UndoProvider({ children }: { children: ReactNode }) {
  const toast = useToast();
  const [steps, setSteps] = useState<EditStep[]>([]);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const stepsRef = useRef(steps);
  stepsRef.current = steps;

  const record = useCallback((step: EditStep) => {
    const edits = step.edits.filter((e) => !same(e.before, e.after));
    if (edits.length > 0) setSteps((s) => [...s.slice(-(MAX_STEPS - 1)), { ...step, edits }]);
  }, []);

  const undo = useCallback(async () => {
    const step = stepsRef.current[stepsRef.current.length - 1];
    if (!step || busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setSteps((s) => s.slice(0, -1));
    try {
      const fields = step.grid === 'households' ? HOUSEHOLD_FIELDS : MEMBER_FIELDS;
      const ids = [...new Set(step.edits.map((e) => e.id))];
      const rows = await callRows<'households.get' | 'members.get', Record<string, StoredValue> & { id: string }>(step.grid === 'households' ? 'households.get' : 'members.get', { ids });
      const byId = new Map(rows.map((r) => [r.id, r]));
      const moved = step.edits.find((e) => !byId.has(e.id) || !same(byId.get(e.id)![e.field], e.after));
      if (moved) {
        const label = fieldByKey(fields, moved.field)?.label ?? moved.field;
        toast.error(byId.has(moved.id) ? `无法撤销“${step.label}”：“${label}”此后已被修改（可能来自其他窗口或导入），请在修改记录中查看` : `无法撤销“${step.label}”：该记录已被删除`);
        return;
      }
      const result = await applyEdits({ grid: step.grid, edits: step.edits.map((e) => ({ id: e.id, field: e.field, value: e.before })) });
      if (result.ok) toast.info(`已撤销：${step.label}`);
      else toast.error(`无法撤销“${step.label}”：${result.problems.map((p) => `${p.label}：${p.message}`).join('；')}`);
    } catch (e) {
      toast.error(`撤销失败：${errorMessage(e)}`);
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }, [toast]);

  // Ctrl+Z anywhere in the window except where text is typed (an editor, a search box, a dialog).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey || e.key.toLowerCase() !== 'z') return;
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return;
      e.preventDefault();
      void undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo]);

  const last = steps[steps.length - 1] ?? null;
  const api = useMemo<UndoApi>(() => ({ record, undo, last, busy }), [record, undo, last, busy]);
  return <UndoContext.Provider value={api}>{children}</UndoContext.Provider>;
}

/** The 撤销 button: what it would undo in its tooltip, Ctrl+Z as its shortcut. */
export function UndoButton({ className = 'btn' }: { className?: string }) {
  const { last, undo, busy } = useUndo();
  return (
    <button type="button" className={className} onClick={() => void undo()} disabled={!last || busy} title={last ? `撤销：${last.label}（Ctrl+Z）` : '没有可撤销的修改'} aria-keyshortcuts="Control+Z">
      撤销
    </button>
  );
}
