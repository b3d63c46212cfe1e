// Wires the router to Electron's IPC: one invoke channel, one event channel, sender checked, and
// every request given its context (which window, which person) here, never by the renderer.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { WindowKind } from '../../shared/contract';
import type { Router } from '../ipc/router';
import { windowContext } from '../ipc/context';
import { isTrustedSender } from './window';

export const INVOKE_CHANNEL = 'fupin:invoke';
export const EVENT_CHANNEL = 'fupin:event';

/** The app's open windows by webContents id: each registered with its kind when created. */
export class WindowRegistry {
  private readonly windows = new Map<number, { contents: WebContents; kind: WindowKind }>();

  add(contents: WebContents, kind: WindowKind): void {
    this.windows.set(contents.id, { contents, kind });
    contents.once('destroyed', () => this.windows.delete(contents.id));
  }

  kindOf(id: number): WindowKind | undefined {
    return this.windows.get(id)?.kind;
  }

  /** Sends an event to every open window (the clerk's, the wall display, print windows). */
  broadcast(name: string, payload: unknown): void {
    for (const { contents } of this.windows.values()) if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
  }
}

export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, router: Router, windows: Pick<WindowRegistry, 'kindOf'>, person: string): void {
  ipcMain.handle(INVOKE_CHANNEL, (event: IpcMainInvokeEvent, channel: unknown, input: unknown) => {
    const kind = windows.kindOf(event.sender.id);
    if (!isTrustedSender(event.senderFrame) || !kind) {
      return { ok: false, error: { code: 'VALIDATION', message: '拒绝来自未知页面的请求' } };
    }
    return router.handle(windowContext({ id: event.sender.id, kind }, person), channel, input);
  });
}
