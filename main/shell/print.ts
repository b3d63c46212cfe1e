// The print window: a hidden window of kind 'print' that loads the renderer's print route
// (#print?…, renderer/print/) and turns it into PDF bytes (printToPDF) or sends it to the system's
// print dialog. The page lays itself out for A4 with CSS @page (GB/T 9704 margins, and the page
// numbers "— N —" in the page's margin boxes, so that the print dialog gets them too); printToPDF
// is told to prefer that CSS page. The route marks <html data-print-ready="ok"> once its
// documents are laid out (or "error:<message>" when it cannot), which is what is waited for.
// This file needs Electron and cannot run on the machines without it; it is kept to the calls the
// Electron documentation gives, and everything it prints is tested in Chromium through page.pdf().
import type { BrowserWindow, BrowserWindowConstructorOptions, PrintToPDFOptions, WebContents } from 'electron';
import { APP_ENTRY, mainWindowOptions } from './window';

/** Window options: the main window's security settings, never shown. */
export function printWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return { ...mainWindowOptions(preloadPath), show: false, width: 900, height: 1200, title: '打印' };
}

/** A4 as the page's CSS says (margins included); no header or footer of Chromium's own. */
export const PDF_OPTIONS: PrintToPDFOptions = { pageSize: 'A4', preferCSSPageSize: true, printBackground: true, displayHeaderFooter: false };

const READY_TIMEOUT_MS = 60_000;

export interface PrintShell {
  create(options: BrowserWindowConstructorOptions): Pick<BrowserWindow, 'webContents' | 'loadURL' | 'destroy' | 'isDestroyed'>;
  /** Registers the window's kind ('print') with the IPC registry, so that it may read. */
  register(contents: WebContents): void;
}

async function waitReady(contents: WebContents): Promise<void> {
  const started = Date.now();
  for (;;) {
    const state = (await contents.executeJavaScript('document.documentElement.dataset.printReady ?? ""')) as string;
    if (state === 'ok') return;
    if (state.startsWith('error:')) throw new Error(state.slice('error:'.length));
    if (Date.now() - started > READY_TIMEOUT_MS) throw new Error('打印页面准备超时');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function withPrintWindow<T>(shell: PrintShell, preloadPath: string, hash: string, use: (contents: WebContents) => Promise<T>): Promise<T> {
  const win = shell.create(printWindowOptions(preloadPath));
  shell.register(win.webContents);
  try {
    await win.loadURL(`${APP_ENTRY}${hash}`);
    await waitReady(win.webContents);
    return await use(win.webContents);
  } finally {
    if (!win.isDestroyed()) win.destroy();
  }
}

/** The print route at `hash` as PDF bytes. */
export function printToPdf(shell: PrintShell, preloadPath: string, hash: string): Promise<Buffer> {
  return withPrintWindow(shell, preloadPath, hash, (contents) => contents.printToPDF(PDF_OPTIONS));
}

/** The print route at `hash` to the system's print dialog; false when the clerk cancelled it. */
export function printWithDialog(shell: PrintShell, preloadPath: string, hash: string): Promise<boolean> {
  return withPrintWindow(
    shell,
    preloadPath,
    hash,
    (contents) => new Promise<boolean>((resolve) => contents.print({ silent: false, printBackground: true }, (success) => resolve(success))),
  );
}
