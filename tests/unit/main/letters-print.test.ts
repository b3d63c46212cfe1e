// The print window's glue (main/shell/print.ts) with a stubbed Electron: a hidden window of kind
// 'print' with the main window's security settings loads the print route, waits for the route to
// say it is laid out, prints with the CSS page (A4, the page's own margins and page numbers), and
// is destroyed afterwards, also when the route reports an error. Electron itself is not run here.
import { describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions, PrintToPDFOptions } from 'electron';
import { PDF_OPTIONS, printToPdf, printWindowOptions, type PrintShell } from '../../../main/shell/print';
import { APP_ENTRY, mainWindowOptions } from '../../../main/shell/window';

function stubShell(readyStates: string[]) {
  const log: string[] = [];
  let destroyed = false;
  let printed: PrintToPDFOptions | undefined;
  let options: BrowserWindowConstructorOptions | undefined;
  const contents = {
    executeJavaScript: async () => readyStates.shift() ?? 'ok',
    printToPDF: async (o: PrintToPDFOptions) => {
      printed = o;
      return Buffer.from('%PDF-stub');
    },
  };
  const shell: PrintShell = {
    create: (o) => {
      options = o;
      return {
        webContents: contents as never,
        loadURL: async (url: string) => void log.push(`load ${url}`),
        destroy: () => void (destroyed = true),
        isDestroyed: () => destroyed,
      } as never;
    },
    register: () => void log.push('register print'),
  };
  return { shell, log, state: () => ({ destroyed, printed, options }) };
}

describe('the print window', () => {
  it('is hidden and as locked down as the main window', () => {
    const o = printWindowOptions('/p.cjs');
    expect(o.show).toBe(false);
    expect(o.webPreferences).toEqual(mainWindowOptions('/p.cjs').webPreferences);
  });

  it('waits for the route, prints A4 with the CSS page, and closes', async () => {
    const { shell, log, state } = stubShell(['', '', 'ok']);
    const bytes = await printToPdf(shell, '/p.cjs', '#print?doc=letters&level=unit');
    expect(bytes.toString()).toBe('%PDF-stub');
    expect(log).toEqual(['register print', `load ${APP_ENTRY}#print?doc=letters&level=unit`]);
    expect(state().printed).toEqual(PDF_OPTIONS);
    expect(PDF_OPTIONS).toMatchObject({ pageSize: 'A4', preferCSSPageSize: true, displayHeaderFooter: false });
    expect(state().destroyed).toBe(true);
  });

  it('passes the route’s error on and still closes the window', async () => {
    const { shell, state } = stubShell(['error:责任状模板有误']);
    await expect(printToPdf(shell, '/p.cjs', '#print?doc=letters&level=unit')).rejects.toThrow('责任状模板有误');
    expect(state().printed).toBeUndefined();
    expect(state().destroyed).toBe(true);
  });
});
