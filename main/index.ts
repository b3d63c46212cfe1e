// App lifecycle only: single instance, privileged scheme, windows, IPC registration.
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, screen, session } from 'electron';
import { createRouter } from './ipc/router';
import { withChosenOperators } from './ipc/context';
import { createHandlers } from './ipc/handlers';
import { Session } from './services/session';
import { APP_ENTRY, APP_SCHEME, CONTENT_SECURITY_POLICY, appProtocolTarget, grantsPermission, hardenWebContents, mainWindowOptions } from './shell/window';
import { registerIpc, WindowRegistry } from './shell/ipc';
import { dialogFilters } from './shell/dialogs';
import { WallWindow } from './shell/wall';
import { printToPdf, printWithDialog, type PrintShell } from './shell/print';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '../renderer');
const preloadPath = path.join(here, '../preload/preload.cjs');

// Must run before 'ready'.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  const windows = new WindowRegistry();
  const dbSession = new Session(app.getPath('userData'));
  // The person named in the audit log for a window's requests until the clerk chooses a 操作员
  // there (and for a database that has none yet): the PC's login.
  const person = `${os.userInfo().username}@${os.hostname()}`;
  // The battle map on a second display (大屏): a window of kind 'wall' (aggregates only).
  const wall = new WallWindow(
    {
      create: (options) => new BrowserWindow(options),
      displays: () => screen.getAllDisplays(),
      clerkDisplayId: () => (win ? screen.getDisplayMatching(win.getBounds()) : screen.getPrimaryDisplay()).id,
      register: (contents) => windows.add(contents, 'wall'),
    },
    preloadPath,
  );

  // Hidden windows of kind 'print' for the letters and the roster (PDF and the print dialog).
  const printShell: PrintShell = { create: (options) => new BrowserWindow(options), register: (contents) => windows.add(contents, 'print') };

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.on('web-contents-created', (_e, contents) => hardenWebContents(contents));

  app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, async (request) => {
      const target = appProtocolTarget(request.url, rendererDir);
      if (!('file' in target)) return new Response('Not found', { status: 404 });
      const res = await net.fetch(pathToFileURL(target.file).toString());
      const headers = new Headers(res.headers);
      headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      return new Response(res.body, { status: res.status, headers });
    });
    session.defaultSession.setPermissionRequestHandler((_wc, perm, cb, details) => cb(grantsPermission(perm, details.requestingUrl)));
    session.defaultSession.setPermissionCheckHandler((_wc, perm, origin) => grantsPermission(perm, origin));

    const router = createRouter(
      createHandlers(dbSession, {
        version: app.getVersion(),
        pickPath: async (mode, kind) => {
          const filters = dialogFilters(mode, kind);
          if (kind === 'folder') {
            // Letters exported one file each go into a folder, made here if need be.
            const r = await dialog.showOpenDialog({ properties: ['openDirectory', 'createDirectory', 'promptToCreate'] });
            return r.canceled ? null : (r.filePaths[0] ?? null);
          }
          if (mode === 'open') {
            const r = await dialog.showOpenDialog({ properties: ['openFile'], filters });
            return r.canceled ? null : (r.filePaths[0] ?? null);
          }
          const r = await dialog.showSaveDialog({ filters });
          return r.canceled ? null : (r.filePath ?? null);
        },
        broadcast: (event, payload) => windows.broadcast(event, payload),
        openWall: () => wall.open(),
        printPdf: (hash) => printToPdf(printShell, preloadPath, hash),
        printDialog: (hash) => printWithDialog(printShell, preloadPath, hash),
      }),
    );
    // Each window's writes are recorded under the 操作员 chosen in it at unlock.
    registerIpc(ipcMain, withChosenOperators(router, dbSession.operators), windows, person);

    win = new BrowserWindow(mainWindowOptions(preloadPath));
    windows.add(win.webContents, 'main');
    win.once('closed', () => wall.close());
    win.once('ready-to-show', () => win?.show());
    void win.loadURL(APP_ENTRY);
  });

  app.on('window-all-closed', () => {
    dbSession.close();
    app.quit();
  });
}
