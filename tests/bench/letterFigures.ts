// `npm run bench -- --only letters`: the 66 unit letters (责任状) of the fictitious demo to one PDF,
// as the app's print window makes it — the built renderer's print route in Chromium through the
// bridge (real router, real encrypted database), laid out and printed with page.pdf(). Target:
// ≤ 10 s. Needs `npm run build` first (the renderer in out/renderer) and /usr/bin/chromium.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { BRIDGE_ENTRY, CHROMIUM_ARGS, CHROMIUM_PATH, createBackend, serveRenderer } from '../../main/dev/bridge';
import { windowContext } from '../../main/ipc/context';
import { createDemoDatabase } from '../../main/services/demo';
import { printRouteHash } from '../../shared/domain/letters';
import { median, min } from './report';

export const LETTERS_TARGET_MS = 10_000;
const PASSWORD = 'bench-letters-1';

export interface LetterFiguresResult {
  letters: number;
  pages: number;
  /** Open the print route, wait until it is laid out, print to PDF: each repetition. */
  totalMs: number[];
  layoutMs: number[];
  pdfMs: number[];
}

export async function letterFigures(reps: number): Promise<LetterFiguresResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-bench-letters-'));
  const dbPath = path.join(dir, 'demo.fupin');
  createDemoDatabase(dbPath, PASSWORD);
  const backend = createBackend(path.join(dir, 'user-data'), 'bench');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const result: LetterFiguresResult = { letters: 0, pages: 0, totalMs: [], layoutMs: [], pdfMs: [] };
  try {
    const opened = await backend.router.handle(windowContext({ id: 1, kind: 'main' }, 'bench'), 'db.open', { path: dbPath, password: PASSWORD });
    if (!opened.ok) throw new Error(opened.error.message);
    const context = await browser.newContext();
    await serveRenderer(context);
    const pdf = path.join(dir, 'letters.pdf');
    for (let rep = 0; rep < reps; rep++) {
      const page = await context.newPage();
      await backend.attach(page, 'print');
      const started = performance.now();
      await page.goto(`${BRIDGE_ENTRY}${printRouteHash({ doc: 'letters', level: 'unit' })}`);
      await page.waitForFunction(() => document.documentElement.dataset.printReady !== undefined, undefined, { timeout: 60_000 });
      const state = await page.evaluate(() => document.documentElement.dataset.printReady);
      if (state !== 'ok') throw new Error(`打印页面未就绪：${state}`);
      const laidOut = performance.now();
      await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
      const done = performance.now();
      result.letters = await page.locator('article.gw-doc').count();
      await page.close();
      result.totalMs.push(done - started);
      result.layoutMs.push(laidOut - started);
      result.pdfMs.push(done - laidOut);
    }
    result.pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1] ?? 0);
    return result;
  } finally {
    await browser.close();
    backend.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints the figure; false when the target is missed. */
export async function measureLetters(reps: number): Promise<{ result: LetterFiguresResult; met: boolean }> {
  const result = await letterFigures(reps);
  const med = median(result.totalMs);
  const met = med <= LETTERS_TARGET_MS;
  console.log(`\n9. 责任状: ${result.letters} unit letters to one PDF (${result.pages} pages) through the print route`);
  console.log(`   total median ${med.toFixed(0)} ms (min ${min(result.totalMs).toFixed(0)} ms) — layout ${median(result.layoutMs).toFixed(0)} ms, page.pdf() ${median(result.pdfMs).toFixed(0)} ms`);
  console.log(`   target ≤ ${LETTERS_TARGET_MS} ms: ${met ? 'met' : 'MISSED'}`);
  return { result, met };
}
