// Per test: a fresh userData directory, the real backend (router + session) over it, and the app
// opened in a page. With `withDemo` (the default) the directory starts with a copy of the demo
// database made once in global setup, exactly where Session.demoPath puts it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { createBackend, openApp, type Backend } from '../../main/dev/bridge';
import { windowContext } from '../../main/ipc/context';

/** The clerk's window, for the tests' direct questions to the router. */
const MAIN_WINDOW = windowContext({ id: 1, kind: 'main' }, 'e2e');
import type { Channel, InputOf, OutputOf } from '../../shared/contract';
import { DEMO_FILE_NAME, DEMO_PASSWORD, DEMO_TEMPLATE_ENV } from './paths';

interface Fixtures {
  withDemo: boolean;
  userDataDir: string;
  backend: Backend;
  app: Page;
}

export const test = base.extend<Fixtures>({
  withDemo: [true, { option: true }],
  userDataDir: async ({ withDemo }, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-e2e-'));
    if (withDemo) {
      const template = process.env[DEMO_TEMPLATE_ENV];
      if (!template || !fs.existsSync(template)) throw new Error('演示数据库模板不存在：global setup 未运行？');
      // The database and whatever belongs beside it (its key file), never a lock.
      const from = path.dirname(template);
      for (const name of fs.readdirSync(from)) {
        if (name.startsWith(DEMO_FILE_NAME) && !name.endsWith('.lock')) fs.copyFileSync(path.join(from, name), path.join(dir, name));
      }
    }
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  backend: async ({ userDataDir }, use) => {
    const backend = createBackend(userDataDir, 'e2e@playwright');
    await use(backend);
    backend.close();
  },
  app: async ({ context, backend }, use) => {
    const page = await openApp(context, backend);
    await use(page);
    await page.close();
  },
});

export { expect };

/** Asks the real router directly, the way the app's main process would answer the window. */
export async function ask<C extends Channel>(backend: Backend, channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const r = await backend.router.handle(MAIN_WINDOW, channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.data as OutputOf<C>;
}

export async function askRows<R>(backend: Backend, channel: 'households.list' | 'members.list', input: Record<string, string>): Promise<R[]> {
  const { json } = (await ask(backend, channel, input as InputOf<typeof channel>)) as { json: string };
  return JSON.parse(json) as R[];
}

/** Start screen → 打开演示数据 → type the password → Enter. */
export async function openDemo(page: Page, password = DEMO_PASSWORD): Promise<void> {
  await page.getByRole('button', { name: '打开演示数据' }).click();
  await expect(page.getByText(`演示数据库密码：${DEMO_PASSWORD}（虚构演示数据）`)).toBeVisible({ timeout: 45_000 });
  await expect(page.getByLabel('数据库文件路径')).toHaveValue(/演示数据库\.fupin$/);
  const field = page.getByLabel('密码', { exact: true });
  await field.fill(password);
  await field.press('Enter');
}

export function statusBar(page: Page): Locator {
  return page.getByRole('status', { name: '统计' });
}

export function householdsGrid(page: Page): Locator {
  return page.getByRole('region', { name: '贫困户列表' });
}

export function membersGrid(page: Page): Locator {
  return page.getByRole('region', { name: '家庭成员列表' });
}

/** One cell of a rendered grid row (pinned and scrolling parts of a row share its row-index). */
export function cell(grid: Locator, rowIndex: number, colId: string): Locator {
  return grid.locator(`.ag-row[row-index="${rowIndex}"] .ag-cell[col-id="${colId}"]`);
}

/**
 * A grid cell's text once its row has arrived: a SQL-backed grid shows a row's place before main
 * has sent the row, so the text is read only when it is there.
 */
export async function loadedText(target: Locator): Promise<string> {
  await expect(target).not.toBeEmpty();
  return (await target.textContent())!.trim();
}

/** Double-clicks a cell, types into its editor and presses Enter, as a clerk would. */
export async function editCell(page: Page, target: Locator, text: string): Promise<void> {
  await target.dblclick();
  const editor = page.locator('.ag-cell-inline-editing input');
  await expect(editor).toBeVisible();
  await editor.fill(text);
  await editor.press('Enter');
}

/**
 * Ctrl+V with this text on the clipboard: the paste event the browser sends to the focused cell.
 * (The bridge's page is not a secure context, so the system clipboard API is not there; the app
 * reads the paste event's data either way, as it does in Electron.)
 */
export async function pasteText(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    (document.activeElement ?? document.body).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}
