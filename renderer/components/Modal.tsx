// A modal shell for dialogs whose buttons are not one submit and one cancel (several steps, a
// checkbox that gates 继续). Escape calls onEscape when given; focus moves inside on open, never
// onto a danger button, so an Enter typed out of habit does nothing irreversible.
import { useEffect, useRef, type ReactNode } from 'react';

export function Modal(props: { title: string; children: ReactNode; actions: ReactNode; onEscape?: () => void; wide?: boolean; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const { onEscape } = props;
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>('input, select, .dialog-actions button:not(:disabled):not(.btn-danger)');
    first?.focus();
  }, []);
  useEffect(() => {
    if (!onEscape) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onEscape();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onEscape]);
  const classes = ['dialog', props.wide ? 'dialog-wide' : '', props.className ?? ''].filter(Boolean).join(' ');
  return (
    <div className="modal-backdrop">
      <div ref={ref} className={classes} role="dialog" aria-modal="true" aria-label={props.title}>
        <h2 className="dialog-title">{props.title}</h2>
        <div className="dialog-body">{props.children}</div>
        <div className="dialog-actions">{props.actions}</div>
      </div>
    </div>
  );
}
