// `npm run start:chromium`: the built app in the system Chromium, through the bridge to the real
// main-process handlers. Headed where a display exists; `--screenshot FILE` takes one and exits.
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, createBackend, openApp } from './bridge';
import { defaultUserDataDir } from '../services/session';

const { values } = parseArgs({
  options: {
    screenshot: { type: 'string' },
    'user-data': { type: 'string' },
    headless: { type: 'boolean', default: false },
  },
});

const userData = values['user-data'] ?? defaultUserDataDir();
const headless = values.headless || values.screenshot !== undefined || !process.env.DISPLAY;

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless });
const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
const backend = createBackend(userData);
const page = await openApp(context, backend);
console.log(`精准扶贫台账已在 Chromium 中打开（数据目录：${userData}）${headless ? '，无界面模式' : ''}`);

if (values.screenshot) {
  await page.waitForSelector('#root > *');
  await page.waitForTimeout(500);
  await page.screenshot({ path: values.screenshot });
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
