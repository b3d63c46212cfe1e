// The Electron glue, exercised with plain stand-ins for ipcMain and frames: the Electron binary
// cannot run here, so what index.ts wires together is asserted piece by piece.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { WebContents } from 'electron';
import { APP_ENTRY, CONTENT_SECURITY_POLICY, appProtocolTarget, grantsPermission, hardenWebContents, isTrustedSender, mainWindowOptions, resolveAppUrl } from '../../../main/shell/window';
import { tempDir } from './helpers';
import { INVOKE_CHANNEL, registerIpc } from '../../../main/shell/ipc';
import type { Router } from '../../../main/ipc/router';

describe('window options', () => {
  it('follow the Electron security checklist', () => {
    const o = mainWindowOptions('/app/preload.cjs');
    expect(o.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(APP_ENTRY).toBe('app://renderer/index.html');
  });
});

describe('app:// protocol', () => {
  const root = path.resolve('/opt/fupin/renderer');
  it('serves files inside the renderer folder only', () => {
    expect(resolveAppUrl('app://renderer/index.html', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppUrl('app://renderer/assets/a%20b.js', root)).toBe(path.join(root, 'assets/a b.js'));
    expect(resolveAppUrl('app://renderer/', root)).toBe(path.join(root, 'index.html'));
    // The URL parser folds literal dots away, so this stays inside the folder.
    expect(resolveAppUrl('app://renderer/../../etc/passwd', root)).toBe(path.join(root, 'etc/passwd'));
    expect(resolveAppUrl('app://renderer/%2e%2e/%2e%2e/etc/passwd', root)).toBe(path.join(root, 'etc/passwd'));
    expect(resolveAppUrl('app://renderer/..%2f..%2fetc%2fpasswd', root)).toBeNull();
    expect(resolveAppUrl('app://other/index.html', root)).toBeNull();
    expect(resolveAppUrl('file:///etc/passwd', root)).toBeNull();
    expect(resolveAppUrl('not a url', root)).toBeNull();
  });
});

describe('permissions', () => {
  it('grants our own page the clipboard read of the grid menu’s 粘贴, and nothing else to anyone', () => {
    expect(grantsPermission('clipboard-read', 'app://renderer/index.html')).toBe(true);
    expect(grantsPermission('clipboard-read', 'app://renderer')).toBe(true);
    expect(grantsPermission('clipboard-read', 'https://evil.example/')).toBe(false);
    expect(grantsPermission('clipboard-read', 'app://other/index.html')).toBe(false);
    expect(grantsPermission('clipboard-read', '')).toBe(false);
    for (const other of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-sanitized-write', 'fullscreen']) expect(grantsPermission(other, 'app://renderer/index.html')).toBe(false);
  });
});

describe('IPC sender check', () => {
  it('trusts only the top frame of our own origin', () => {
    expect(isTrustedSender({ url: 'app://renderer/index.html', parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'app://renderer/index.html', parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/x.html', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });

  it('registerIpc routes trusted calls and refuses others without reaching the router', async () => {
    const calls: unknown[] = [];
    const router: Router = { channels: [], handle: async (ctx, c, i) => (calls.push([ctx, c, i]), { ok: true, data: 'routed' }) };
    let handler: ((event: unknown, channel: unknown, input: unknown) => unknown) | undefined;
    const windows = { kindOf: (id: number) => (id === 7 ? ('wall' as const) : id === 3 ? ('main' as const) : undefined) };
    registerIpc({ handle: (name: string, fn: (...a: never[]) => unknown) => { expect(name).toBe(INVOKE_CHANNEL); handler = fn as typeof handler; } } as never, router, windows, '张科员');
    const trusted = { sender: { id: 3 }, senderFrame: { url: 'app://renderer/index.html', parent: null } };
    const wall = { sender: { id: 7 }, senderFrame: { url: 'app://renderer/index.html', parent: null } };
    const foreign = { sender: { id: 3 }, senderFrame: { url: 'https://evil.example/', parent: null } };
    const unregistered = { sender: { id: 99 }, senderFrame: { url: 'app://renderer/index.html', parent: null } };
    expect(await handler!(trusted, 'stats.get', {})).toEqual({ ok: true, data: 'routed' });
    expect(await handler!(wall, 'stats.get', {})).toEqual({ ok: true, data: 'routed' });
    expect(await handler!(foreign, 'stats.get', {})).toMatchObject({ ok: false, error: { message: '拒绝来自未知页面的请求' } });
    expect(await handler!(unregistered, 'stats.get', {})).toMatchObject({ ok: false, error: { message: '拒绝来自未知页面的请求' } });
    // The context is made here from the registered window, never taken from the renderer.
    expect(calls).toEqual([
      [{ window: { id: 3, kind: 'main' }, actor: { kind: 'clerk', name: '张科员', windowId: 3 } }, 'stats.get', {}],
      [{ window: { id: 7, kind: 'wall' }, actor: { kind: 'clerk', name: '张科员', windowId: 7 } }, 'stats.get', {}],
    ]);
  });
});

describe('web contents hardening', () => {
  it('prevents navigation, redirects and webviews, and denies new windows', () => {
    const handlers = new Map<string, (event: { preventDefault(): void }) => void>();
    let openHandler: (() => { action: string }) | undefined;
    const stub = {
      on: (name: string, fn: (event: { preventDefault(): void }) => void) => handlers.set(name, fn),
      setWindowOpenHandler: (fn: () => { action: string }) => (openHandler = fn),
    };
    hardenWebContents(stub as unknown as WebContents);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      handlers.get(name)!({ preventDefault: () => (prevented = true) });
      expect(prevented, name).toBe(true);
    }
    expect(openHandler!()).toEqual({ action: 'deny' });
  });

  it('the app:// handler serves only files inside the renderer folder, and the CSP forbids the rest', () => {
    const root = tempDir('fupin-renderer-');
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'index.html'), '<html></html>');
    expect(appProtocolTarget('app://renderer/index.html', root)).toEqual({ file: path.join(root, 'index.html') });
    expect(appProtocolTarget('app://renderer/assets', root)).toEqual({ status: 404 }); // a folder
    expect(appProtocolTarget('app://renderer/missing.js', root)).toEqual({ status: 404 });
    expect(appProtocolTarget('app://renderer/..%2f..%2fetc%2fpasswd', root)).toEqual({ status: 404 });
    fs.rmSync(root, { recursive: true, force: true });
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    // The page's own meta tag says the same.
    const html = fs.readFileSync(path.resolve(__dirname, '../../../renderer/index.html'), 'utf8');
    expect(html).toContain(CONTENT_SECURITY_POLICY);
  });
});
