// Who is asking: every IPC request carries the window it came from and the person behind it.
import type { WindowKind } from '../../shared/contract';
import type { Actor } from '../db/audit';

export interface WindowRef {
  /** Electron's webContents id, or the bridge's page number. */
  id: number;
  kind: WindowKind;
}

export interface RequestContext {
  window: WindowRef;
  /** Recorded in the audit log for every write this request makes. */
  actor: Actor;
}

/** A request from a window of the app, made by the clerk using it. */
export function windowContext(window: WindowRef, person: string): RequestContext {
  return { window, actor: { kind: 'clerk', name: person, windowId: window.id } };
}
