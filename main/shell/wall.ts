// The wall display (大屏): a second window of kind 'wall' showing the battle map, full screen on a
// display other than the clerk's when there is one. Same security settings as the main window;
// the renderer knows it is the wall from the #wall in its URL. What Electron provides (creating
// the window, the displays, registering its kind) is passed in, so a test drives it with stubs.
import type { BrowserWindow, BrowserWindowConstructorOptions, WebContents } from 'electron';
import { APP_ENTRY, mainWindowOptions } from './window';

export const WALL_HASH = '#wall';
export const WALL_ENTRY = `${APP_ENTRY}${WALL_HASH}`;

/** A display as screen.getAllDisplays() describes it (the part used here). */
export interface DisplayArea {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
}

/** The display the wall goes on: the first one that is not the clerk's, or null with only one. */
export function pickWallDisplay(displays: readonly DisplayArea[], clerkDisplayId: number): DisplayArea | null {
  return displays.find((d) => d.id !== clerkDisplayId) ?? null;
}

/**
 * The wall window: the main window's webPreferences unchanged (the security checklist), dark, no
 * menu bar; covering `display` (made full screen once shown), or an ordinary large window beside
 * the clerk's when there is no second display.
 */
export function wallWindowOptions(preloadPath: string, display: DisplayArea | null): BrowserWindowConstructorOptions {
  const base = mainWindowOptions(preloadPath);
  const common: BrowserWindowConstructorOptions = { ...base, title: '挂图作战 · 大屏', backgroundColor: '#0a1628', autoHideMenuBar: true, minWidth: 800, minHeight: 450 };
  if (!display) return { ...common, width: 1600, height: 900 };
  const { x, y, width, height } = display.bounds;
  return { ...common, x, y, width, height, frame: false };
}

export type WallPlacement = 'second-display' | 'this-display' | 'already-open';

export function wallOpenedText(placement: WallPlacement): string {
  switch (placement) {
    case 'second-display':
      return '大屏已在第二块显示器上全屏打开';
    case 'this-display':
      return '只检测到一块显示器：大屏已在新窗口中打开，可拖到投影或大屏幕上，按 F11 全屏';
    case 'already-open':
      return '大屏已经打开，已切换到大屏窗口';
  }
}

/** The parts of a BrowserWindow the wall uses. */
export type WallBrowserWindow = Pick<BrowserWindow, 'webContents' | 'isDestroyed' | 'focus' | 'show' | 'setFullScreen' | 'loadURL' | 'close'> & {
  once(event: 'ready-to-show' | 'closed', listener: () => void): unknown;
};

/** What Electron provides to open the wall; index.ts passes the real ones. */
export interface WallShell {
  create(options: BrowserWindowConstructorOptions): WallBrowserWindow;
  displays(): readonly DisplayArea[];
  /** The display the clerk's window is on. */
  clerkDisplayId(): number;
  /** Registers the window's kind with the IPC registry (its requests then act as the wall). */
  register(contents: WebContents): void;
}

/** At most one wall window: opening it again brings it forward. */
export class WallWindow {
  private current: WallBrowserWindow | null = null;

  constructor(
    private readonly shell: WallShell,
    private readonly preloadPath: string,
  ) {}

  async open(): Promise<string> {
    if (this.current && !this.current.isDestroyed()) {
      this.current.focus();
      return wallOpenedText('already-open');
    }
    const display = pickWallDisplay(this.shell.displays(), this.shell.clerkDisplayId());
    const win = this.shell.create(wallWindowOptions(this.preloadPath, display));
    this.current = win;
    this.shell.register(win.webContents);
    win.once('closed', () => {
      if (this.current === win) this.current = null;
    });
    win.once('ready-to-show', () => {
      win.show();
      if (display) win.setFullScreen(true);
    });
    await win.loadURL(WALL_ENTRY);
    return wallOpenedText(display ? 'second-display' : 'this-display');
  }

  /** With the clerk's window: the wall does not outlive it. */
  close(): void {
    if (this.current && !this.current.isDestroyed()) this.current.close();
    this.current = null;
  }
}
