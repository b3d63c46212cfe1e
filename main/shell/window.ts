// Window options and navigation rules, kept apart from index.ts so a test can assert them.
import path from 'node:path';
import fs from 'node:fs';
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    title: '精准扶贫台账',
    show: false,
    backgroundColor: '#f5f6f8',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  };
}

/** Only our own top frame may call main; anything else (an iframe, a navigated page) is refused. */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined): boolean {
  return !!frame && !frame.parent && isAppUrl(frame.url);
}

/** A URL (or origin) of our own app:// pages. */
function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * The one permission our own page is granted: reading the clipboard, for the grid menu's 粘贴
 * (navigator.clipboard.readText; Ctrl+V needs none). Every other permission, and any other page
 * or origin, is refused. `url` is the requesting page's URL or origin.
 */
export function grantsPermission(permission: string, url: string): boolean {
  return permission === 'clipboard-read' && isAppUrl(url);
}

/** The file inside the renderer folder that an app:// URL names, or null for anything outside it. */
export function resolveAppUrl(url: string, rendererDir: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  const rel = decodeURIComponent(u.pathname).replace(/^\/+/, '') || 'index.html';
  const full = path.resolve(rendererDir, rel);
  const inside = path.relative(path.resolve(rendererDir), full);
  return inside === '' || inside.startsWith('..') || path.isAbsolute(inside) ? null : full;
}

/**
 * The same policy as renderer/index.html's meta tag, also sent as a header by the app:// handler
 * (a header can carry frame-ancestors, which a meta tag cannot).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** What the app:// handler answers: a file inside the renderer folder, or 404 for anything else. */
export function appProtocolTarget(url: string, rendererDir: string): { file: string } | { status: 404 } {
  const file = resolveAppUrl(url, rendererDir);
  return file && fs.existsSync(file) && fs.statSync(file).isFile() ? { file } : { status: 404 };
}

/** No navigation away from the app, no new windows, no webviews: the renderer is untrusted. */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
