// Messages after an action. They go away by themselves — confirmations after a few seconds,
// errors after long enough to read, never while the pointer or focus is on them — and at most
// three are shown. While a dialog is open they move out of its way (a message must never cover
// 保存/取消 nor take a click meant for them), and the app clears them all when the database
// closes or the window locks, so no one's name or ID number outlives the database it came from.
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';

type Kind = 'error' | 'info';
interface Toast {
  id: number;
  kind: Kind;
  text: string;
}
export interface ToastApi {
  error(text: string): void;
  info(text: string): void;
  /** Removes every message shown (the database closed, the window locked). */
  clear(): void;
}

/** How long a message stays, in ms, not counting the time the clerk holds it (pointer or focus). */
const LIFETIME: Record<Kind, number> = { info: 4_000, error: 12_000 };
/** After the clerk lets go of a message it stays at least this long, so it does not vanish under the pointer's last move. */
const AFTER_HOLD = 2_000;
const MAX_SHOWN = 3;

const ToastContext = createContext<ToastApi | null>(null);

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast outside ToastProvider');
  return api;
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const push = useCallback((kind: Kind, text: string) => {
    const id = nextId.current++;
    // The same message again (the clerk retrying) replaces the earlier one instead of stacking.
    setToasts((ts) => [...ts.filter((t) => t.kind !== kind || t.text !== text).slice(-(MAX_SHOWN - 1)), { id, kind, text }]);
  }, []);
  const clear = useCallback(() => setToasts([]), []);
  const api = useMemo<ToastApi>(() => ({ error: (t) => push('error', t), info: (t) => push('info', t), clear }), [push, clear]);
  const placement = useDialogClearance(toasts.length > 0);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" style={placement}>
        {toasts.map((t) => (
          <ToastItem key={t.id} toast={t} onDismiss={dismiss} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const held = hovered || focused;
  const remaining = useRef(LIFETIME[toast.kind]);
  useEffect(() => {
    if (held) return;
    const started = Date.now();
    const timer = setTimeout(() => onDismiss(toast.id), remaining.current);
    return () => {
      clearTimeout(timer);
      remaining.current = Math.max(AFTER_HOLD, remaining.current - (Date.now() - started));
    };
  }, [held, toast.id, onDismiss]);
  return (
    <div
      className={`toast toast-${toast.kind}`}
      role={toast.kind === 'error' ? 'alert' : 'status'}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
    >
      <span className="toast-text">{toast.text}</span>
      <button type="button" className="toast-close" onClick={() => onDismiss(toast.id)} aria-label="关闭提示">
        关闭
      </button>
    </div>
  );
}

// Every modal in the app (Dialog, Modal, the history panel) is a role="dialog" with aria-modal.
const MODAL = '[role="dialog"][aria-modal="true"]';
/** Space kept between the messages and the dialog or the window's edge. */
const GAP = 16;
const EDGE = 20;
/** A strip beside the dialog narrower than this would wrap a message into a column of single words. */
const MIN_SIDE_WIDTH = 260;
/** A strip above or below the dialog lower than this holds less than one message. */
const MIN_STRIP_HEIGHT = 64;

/**
 * Where the messages go while a dialog is open: beside it when there is room (they keep their
 * corner, only narrower), else above or below it, else the largest free strip with a scroll bar.
 * Never over the dialog: the messages sit above the backdrop, so anything they covered there would
 * be both hidden and unclickable. Watched only while there are messages to place.
 */
function useDialogClearance(active: boolean): CSSProperties | undefined {
  const [style, setStyle] = useState<CSSProperties | undefined>(undefined);
  const last = useRef('');
  useLayoutEffect(() => {
    if (!active) return;
    const update = () => {
      const next = clearanceStyle(document.querySelectorAll<HTMLElement>(MODAL), window.innerWidth, window.innerHeight);
      const key = JSON.stringify(next ?? null);
      if (key === last.current) return;
      last.current = key;
      setStyle(next);
    };
    update();
    let frame = 0;
    const schedule = () => {
      if (frame === 0)
        frame = requestAnimationFrame(() => {
          frame = 0;
          update();
        });
    };
    // The grids change the page all the time; only changes that open, close or reshape a dialog count.
    const touchesDialog = (n: Node) => {
      const el = n instanceof Element ? n : n.parentElement;
      return el !== null && (el.matches(MODAL) || el.querySelector(MODAL) !== null || el.closest(MODAL) !== null);
    };
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        if (touchesDialog(r.target) || Array.from(r.addedNodes).some(touchesDialog) || Array.from(r.removedNodes).some(touchesDialog)) {
          schedule();
          return;
        }
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    window.addEventListener('resize', schedule);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', schedule);
      cancelAnimationFrame(frame);
    };
  }, [active]);
  return active ? style : undefined;
}

function clearanceStyle(dialogs: NodeListOf<HTMLElement>, width: number, height: number): CSSProperties | undefined {
  let box: { left: number; top: number; right: number; bottom: number } | null = null;
  for (const d of Array.from(dialogs)) {
    const r = d.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    box = box ? { left: Math.min(box.left, r.left), top: Math.min(box.top, r.top), right: Math.max(box.right, r.right), bottom: Math.max(box.bottom, r.bottom) } : { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  }
  if (!box) return undefined;
  const right = width - box.right - GAP - EDGE;
  const left = box.left - GAP - EDGE;
  const above = box.top - GAP;
  const below = height - box.bottom - GAP;
  const bottomEdge = 48;
  const wide = Math.min(560, width - 2 * EDGE);
  const strips: { room: number; style: CSSProperties }[] = [
    { room: right >= MIN_SIDE_WIDTH ? Infinity : right * height, style: { right: EDGE, bottom: bottomEdge, maxWidth: Math.min(560, right) } },
    { room: left >= MIN_SIDE_WIDTH ? Infinity : left * height, style: { left: EDGE, right: 'auto', bottom: bottomEdge, maxWidth: Math.min(560, left) } },
    { room: above >= MIN_STRIP_HEIGHT ? Infinity : above * wide, style: { top: GAP / 2, bottom: 'auto', right: EDGE, maxWidth: wide, maxHeight: Math.max(0, above - GAP / 2), overflowY: 'auto' } },
    { room: below >= MIN_STRIP_HEIGHT ? Infinity : below * wide, style: { bottom: GAP / 2, right: EDGE, maxWidth: wide, maxHeight: Math.max(0, below - GAP / 2), overflowY: 'auto' } },
  ];
  // The first strip with room in this order (beside keeps the usual corner), else the largest.
  const fits = strips.find((s) => s.room === Infinity);
  return (fits ?? strips.reduce((a, b) => (b.room > a.room ? b : a))).style;
}
