// Wires the router to Electron's IPC: one invoke channel, one event channel, sender checked.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Router } from '../ipc/router';
import { isTrustedSender } from './window';

export const INVOKE_CHANNEL = 'fupin:invoke';
export const EVENT_CHANNEL = 'fupin:event';

export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, router: Router): void {
  ipcMain.handle(INVOKE_CHANNEL, (event: IpcMainInvokeEvent, channel: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame)) {
      return { ok: false, error: { code: 'VALIDATION', message: '拒绝来自未知页面的请求' } };
    }
    return router.handle(channel, input);
  });
}

export function sendEvent(target: WebContents | null | undefined, name: string, payload: unknown): void {
  if (target && !target.isDestroyed()) target.send(EVENT_CHANNEL, name, payload);
}
