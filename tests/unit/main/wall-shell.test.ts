// The wall window's shell glue (main/shell/wall.ts) and the file dialogs' filters, with stand-ins
// for Electron: the Electron binary cannot run here, so what index.ts wires is asserted piece by piece.
import { describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';
import { pickWallDisplay, WALL_ENTRY, wallOpenedText, WallWindow, wallWindowOptions, type DisplayArea, type WallBrowserWindow } from '../../../main/shell/wall';
import { dialogFilters } from '../../../main/shell/dialogs';
import { isTrustedSender, mainWindowOptions } from '../../../main/shell/window';

const CLERK: DisplayArea = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } };
const WALL: DisplayArea = { id: 2, bounds: { x: 1920, y: 0, width: 3840, height: 2160 } };

describe('the wall window', () => {
  it('goes on a display other than the clerk’s, or on none when there is only one', () => {
    expect(pickWallDisplay([CLERK, WALL], 1)).toBe(WALL);
    expect(pickWallDisplay([WALL, CLERK], 1)).toBe(WALL);
    expect(pickWallDisplay([CLERK], 1)).toBeNull();
    expect(pickWallDisplay([], 1)).toBeNull();
  });

  it('keeps the main window’s security settings, covering the second display', () => {
    const o = wallWindowOptions('/app/preload.cjs', WALL);
    expect(o.webPreferences).toEqual(mainWindowOptions('/app/preload.cjs').webPreferences);
    expect(o).toMatchObject({ x: 1920, y: 0, width: 3840, height: 2160, frame: false, show: false, title: '挂图作战 · 大屏' });
    const alone = wallWindowOptions('/app/preload.cjs', null);
    expect(alone.webPreferences).toEqual(mainWindowOptions('/app/preload.cjs').webPreferences);
    expect(alone).toMatchObject({ width: 1600, height: 900 });
    expect(alone.x).toBeUndefined();
  });

  it('loads the app with #wall, which the IPC sender check still trusts', () => {
    expect(WALL_ENTRY).toBe('app://renderer/index.html#wall');
    expect(isTrustedSender({ url: WALL_ENTRY, parent: null })).toBe(true);
  });

  it('opens one window of kind wall, full screen on the second display; a second call brings it forward', async () => {
    const log: string[] = [];
    const made: { options: BrowserWindowConstructorOptions; win: FakeWindow }[] = [];
    const registered: WebContents[] = [];
    const wall = new WallWindow(
      {
        create: (options) => {
          const win = new FakeWindow(log);
          made.push({ options, win });
          return win;
        },
        displays: () => [CLERK, WALL],
        clerkDisplayId: () => 1,
        register: (contents) => registered.push(contents),
      },
      '/app/preload.cjs',
    );
    expect(await wall.open()).toBe(wallOpenedText('second-display'));
    expect(made).toHaveLength(1);
    expect(registered).toEqual([made[0].win.webContents]);
    expect(log).toEqual([`load ${WALL_ENTRY}`]);
    made[0].win.emit('ready-to-show');
    expect(log).toEqual([`load ${WALL_ENTRY}`, 'show', 'fullscreen true']);

    expect(await wall.open()).toBe(wallOpenedText('already-open'));
    expect(made).toHaveLength(1);
    expect(log.at(-1)).toBe('focus');

    // Closed by the clerk: the next open makes a new one.
    made[0].win.destroyed = true;
    made[0].win.emit('closed');
    await wall.open();
    expect(made).toHaveLength(2);
    wall.close();
    expect(log.at(-1)).toBe('close');
  });

  it('with one display opens an ordinary window and says how to move it', async () => {
    const log: string[] = [];
    const wall = new WallWindow({ create: () => new FakeWindow(log), displays: () => [CLERK], clerkDisplayId: () => 1, register: () => {} }, '/p.cjs');
    expect(await wall.open()).toMatch(/只检测到一块显示器.*F11/);
  });
});

describe('file dialog filters', () => {
  it('offer the kind of file asked for', () => {
    expect(dialogFilters('save', 'image')).toEqual([{ name: 'PNG 图片', extensions: ['png'] }]);
    expect(dialogFilters('open', 'database')).toEqual([{ name: '精准扶贫台账数据库', extensions: ['fupin'] }]);
    expect(dialogFilters('open', 'spreadsheet')[0].extensions).toEqual(['xlsx', 'xls', 'csv']);
    expect(dialogFilters('save', 'spreadsheet')[0].extensions).toEqual(['xlsx']);
  });
});

/** The part of a BrowserWindow the wall uses, recording what is done to it. */
class FakeWindow implements WallBrowserWindow {
  destroyed = false;
  readonly webContents = { id: Math.random() } as unknown as WebContents;
  private readonly listeners = new Map<string, () => void>();
  constructor(private readonly log: string[]) {}
  isDestroyed() {
    return this.destroyed;
  }
  focus() {
    this.log.push('focus');
  }
  show() {
    this.log.push('show');
  }
  setFullScreen(flag: boolean) {
    this.log.push(`fullscreen ${flag}`);
  }
  close() {
    this.log.push('close');
  }
  loadURL(url: string) {
    this.log.push(`load ${url}`);
    return Promise.resolve();
  }
  once(event: string, listener: () => void) {
    this.listeners.set(event, listener);
    return this;
  }
  emit(event: string) {
    this.listeners.get(event)?.();
  }
}
