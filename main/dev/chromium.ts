// `npm run start:chromium`: the built app in the system Chromium, through the bridge to the real
// main-process handlers. Headed where a display exists; `--screenshot FILE` takes one and exits.
// `--wall` also opens the wall display (大屏) as a second window (1920×1080) of kind 'wall'; with
// `--screenshot` the picture is of the wall.
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, createBackend, openApp } from './bridge';
import { defaultUserDataDir } from '../services/session';

const { values } = parseArgs({
  options: {
    screenshot: { type: 'string' },
    'user-data': { type: 'string' },
    headless: { type: 'boolean', default: false },
    wall: { type: 'boolean', default: false },
  },
});

const userData = values['user-data'] ?? defaultUserDataDir();
const headless = values.headless || values.screenshot !== undefined || !process.env.DISPLAY;

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless });
const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
const backend = createBackend(userData);
const page = await openApp(context, backend);
console.log(`精准扶贫台账已在 Chromium 中打开（数据目录：${userData}）${headless ? '，无界面模式' : ''}`);
// The wall in a browser window of its own, as the shell opens it on a second display.
const wall = values.wall ? await openApp(await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' }), backend, { kind: 'wall' }) : null;
if (wall) console.log('大屏已在第二个窗口中打开（1920×1080）');

if (values.screenshot) {
  const shown = wall ?? page;
  await shown.waitForSelector('#root > *');
  await shown.waitForTimeout(wall ? 1500 : 500);
  await shown.screenshot({ path: values.screenshot });
  console.log(`截图已保存：${values.screenshot}`);
  backend.close();
  await browser.close();
} else if (headless) {
  console.log('没有图形显示环境：请使用 --screenshot 文件名 截图，或在有显示器的机器上运行。按 Ctrl+C 退出。');
  await new Promise<void>((resolve) => process.on('SIGINT', () => resolve()));
  backend.close();
  await browser.close();
} else {
  page.on('close', () => {
    backend.close();
    void browser.close();
  });
}
