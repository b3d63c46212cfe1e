// App lifecycle only: single instance, privileged scheme, one window, IPC registration.
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session } from 'electron';
import { createRouter } from './ipc/router';
import { createHandlers } from './ipc/handlers';
import { Session } from './services/session';
import { APP_ENTRY, APP_SCHEME, mainWindowOptions, resolveAppUrl } from './shell/window';
import { registerIpc, sendEvent } from './shell/ipc';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '../renderer');
const preloadPath = path.join(here, '../preload/preload.cjs');

// Must run before 'ready'.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  const dbSession = new Session(app.getPath('userData'), `${os.userInfo().username}@${os.hostname()}`);

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, (request) => {
      const file = resolveAppUrl(request.url, rendererDir);
      if (!file || !fs.existsSync(file)) return new Response('Not found', { status: 404 });
      return net.fetch(pathToFileURL(file).toString());
    });
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));

    const router = createRouter(
      createHandlers(dbSession, {
        version: app.getVersion(),
        pickPath: async (mode, kind) => {
          const filters =
            kind === 'database'
              ? [{ name: '精准扶贫台账数据库', extensions: ['fupin'] }]
              : mode === 'open'
                ? [{ name: '表格文件（Excel、WPS、CSV）', extensions: ['xlsx', 'xls', 'csv'] }]
                : [{ name: 'Excel 工作簿', extensions: ['xlsx'] }];
          if (mode === 'open') {
            const r = await dialog.showOpenDialog({ properties: ['openFile'], filters });
            return r.canceled ? null : (r.filePaths[0] ?? null);
          }
          const r = await dialog.showSaveDialog({ filters });
          return r.canceled ? null : (r.filePath ?? null);
        },
        emit: (event, payload) => sendEvent(win?.webContents, event, payload),
      }),
    );
    registerIpc(ipcMain, router);

    win = new BrowserWindow(mainWindowOptions(preloadPath));
    win.once('ready-to-show', () => win?.show());
    void win.loadURL(APP_ENTRY);
  });

  app.on('window-all-closed', () => {
    dbSession.close();
    app.quit();
  });
}
