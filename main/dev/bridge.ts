// Runs the built renderer in plain Chromium with window.api defined exactly as the preload
// defines it, backed by the real router and a real encrypted database in this Node process.
// Used by the end-to-end tests and by `npm run start:chromium` where Electron cannot run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createRouter, type Router } from '../ipc/router';
import { createHandlers } from '../ipc/handlers';
import { windowContext, withChosenOperators } from '../ipc/context';
import type { WindowKind } from '../../shared/contract';
import { Session } from '../services/session';
import { AppError } from '../../shared/errors';

/** A reserved, never-resolvable host: every request to it is answered from the renderer folder. */
export const BRIDGE_ORIGIN = 'http://fupin-app.invalid';
export const BRIDGE_ENTRY = `${BRIDGE_ORIGIN}/index.html`;
/** The wall display's page: the same renderer, told by its URL that it is the wall (as the shell's WALL_ENTRY). */
export const BRIDGE_WALL_ENTRY = `${BRIDGE_ENTRY}#wall`;

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const DEFAULT_RENDERER_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../out/renderer');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

// Mirrors main/preload.ts: the same two functions, the same shapes, nothing else.
const PRELOAD_EQUIVALENT = `(() => {
  const listeners = new Map();
  window.__fupinEmit = (name, payload) => { for (const l of listeners.get(name) ?? []) l(payload); };
  Object.defineProperty(window, 'api', { configurable: false, writable: false, value: Object.freeze({
    invoke: (channel, input) => window.__fupinInvoke(channel, input),
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set(); set.add(listener); listeners.set(event, set);
      return () => set.delete(listener);
    },
  }) });
})();`;

export async function serveRenderer(context: BrowserContext, rendererDir = DEFAULT_RENDERER_DIR): Promise<void> {
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`找不到已构建的界面：${rendererDir}（请先运行 npm run build）`);
  }
  await context.route(`${BRIDGE_ORIGIN}/**`, async (route) => {
    const rel = decodeURIComponent(new URL(route.request().url()).pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(rendererDir, rel);
    const inside = path.relative(rendererDir, file);
    if (inside.startsWith('..') || path.isAbsolute(inside) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      await route.fulfill({ status: 404, body: 'Not found' });
      return;
    }
    await route.fulfill({ status: 200, body: fs.readFileSync(file), contentType: MIME[path.extname(file)] ?? 'application/octet-stream' });
  });
}

export interface Backend {
  session: Session;
  router: Router;
  /**
   * Makes a page one window of the app: its requests carry its own id and kind (a second page
   * plays the wall display), and every event is broadcast to all attached pages, as the shell
   * broadcasts to every window. Returns the window id.
   */
  attach(page: Page, kind?: WindowKind): Promise<number>;
  close(): void;
}

export function createBackend(userDataDir: string, person = `${os.userInfo().username}@chromium-bridge`): Backend {
  const session = new Session(userDataDir);
  const pages = new Map<number, { page: Page; kind: WindowKind }>();
  let nextId = 1;
  let wallPage: Page | null = null;
  // 'wall.open' in the runner: one more page of the clerk's browser, as the shell opens a window.
  const openWall = async (): Promise<string> => {
    if (wallPage && !wallPage.isClosed()) {
      await wallPage.bringToFront();
      return '大屏已经打开，已切换到大屏页面';
    }
    const clerk = [...pages.values()].find((p) => p.kind === 'main' && !p.page.isClosed());
    if (!clerk) return '没有打开的主窗口，无法打开大屏';
    wallPage = await openApp(clerk.page.context(), backend, { kind: 'wall' });
    return '大屏已在新页面中打开（Chromium 运行方式：可将该页面拖到第二块显示器上，按 F11 全屏）';
  };
  // The print window in the runner: the print route in one more page of the clerk's browser, printed
  // by Chromium's own PDF printer (page.pdf(), as the shell's printToPDF) once it marks itself ready
  // (main/shell/print.ts waits for the same mark). A headed Chromium cannot print to PDF: it says so.
  const printPdf = async (hash: string): Promise<Buffer> => {
    const clerk = [...pages.values()].find((p) => p.kind === 'main' && !p.page.isClosed());
    if (!clerk) throw new AppError('VALIDATION', '没有打开的主窗口，无法生成PDF');
    const page = await clerk.page.context().newPage();
    try {
      await backend.attach(page, 'print');
      await page.goto(`${BRIDGE_ENTRY}${hash}`);
      await page.waitForFunction(() => /^(ok|error:)/.test(document.documentElement.dataset.printReady ?? ''), undefined, { timeout: 60_000 });
      const state = await page.evaluate(() => document.documentElement.dataset.printReady ?? '');
      if (state.startsWith('error:')) throw new AppError('VALIDATION', state.slice('error:'.length));
      try {
        return await page.pdf({ preferCSSPageSize: true, printBackground: true });
      } catch {
        throw new AppError('VALIDATION', '有界面运行的 Chromium 不能生成PDF（桌面程序可以）：请先导出Word，或在打印页面按 Ctrl+P 另存为PDF');
      }
    } finally {
      await page.close();
    }
  };
  // Each page's writes are recorded under the 操作员 chosen in it, as the shell does.
  const router = withChosenOperators(
    createRouter(
      createHandlers(session, {
        version: '0.1.0',
        broadcast: (event, payload) => {
          for (const { page } of pages.values()) {
            if (page.isClosed()) continue;
            void page.evaluate(([n, p]) => (window as unknown as { __fupinEmit(n: string, p: unknown): void }).__fupinEmit(n, p), [event, payload] as const).catch(() => {});
          }
        },
        openWall,
        printPdf,
      }),
    ),
    session.operators,
  );
  const backend: Backend = {
    session,
    router,
    async attach(p: Page, kind: WindowKind = 'main') {
      const id = nextId++;
      pages.set(id, { page: p, kind });
      p.once('close', () => pages.delete(id));
      const ctx = windowContext({ id, kind }, person);
      await p.exposeFunction('__fupinInvoke', (channel: unknown, input: unknown) => router.handle(ctx, channel, input));
      await p.addInitScript(PRELOAD_EQUIVALENT);
      return id;
    },
    close() {
      session.close();
    },
  };
  return backend;
}

const served = new WeakSet<BrowserContext>();

/** Attaches a backend to a fresh page (one more window of the app) and opens the app in it. */
export async function openApp(context: BrowserContext, backend: Backend, options: { kind?: WindowKind; rendererDir?: string } = {}): Promise<Page> {
  if (!served.has(context)) {
    await serveRenderer(context, options.rendererDir);
    served.add(context);
  }
  const page = await context.newPage();
  await backend.attach(page, options.kind);
  await page.goto(options.kind === 'wall' ? BRIDGE_WALL_ENTRY : BRIDGE_ENTRY);
  return page;
}
