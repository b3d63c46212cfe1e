// A database is never closed, switched or replaced under a running job; a write that meets an
// import's write lock is refused plainly; the demo is built aside and moved into place whole.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, type Router } from '../../../main/ipc/router';
import { createHandlers } from '../../../main/ipc/handlers';
import { Session } from '../../../main/services/session';
import { readKeyFile, unlockWithPassword } from '../../../main/db/keys';
import { applyKey } from '../../../main/db/open';
import * as registry from '../../../main/services/registry';
import { PASSWORD, idNo, seedVillage, tempDir, tester, MAIN_WINDOW } from './helpers';

let dir: string;
let session: Session;
let router: Router;

beforeEach(() => {
  dir = tempDir('fupin-jobs-');
  session = new Session(path.join(dir, 'userData'));
  router = createRouter(createHandlers(session, { version: 'test', broadcast: () => {} }));
});
afterEach(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('jobs and the session', () => {
  it('refuses to close, switch or restore the database while a job runs on it', async () => {
    const file = path.join(dir, 'a.fupin');
    session.create(file, PASSWORD);
    let finish = () => {};
    const job = session.jobs.track(new Promise<void>((resolve) => (finish = resolve)));
    for (const [channel, input] of [
      ['db.close', {}],
      ['db.open', { path: file, password: PASSWORD }],
      ['db.create', { path: path.join(dir, 'b.fupin'), password: PASSWORD }],
      ['backup.restore', { file: path.join(dir, 'x.fupin') }],
    ] as const) {
      expect(await router.handle(MAIN_WINDOW, channel, input), channel).toMatchObject({ ok: false, error: { code: 'RULE', message: '有导入或导出正在进行，请等它结束或取消后再操作' } });
    }
    expect(session.info()).not.toBeNull();
    finish();
    await job;
    expect(await router.handle(MAIN_WINDOW, 'db.close', {})).toMatchObject({ ok: true });
  });

  it('a write meeting another connection’s write lock is refused in Chinese, not frozen or lost', async () => {
    const file = path.join(dir, 'busy.fupin');
    session.create(file, PASSWORD);
    const villageId = session.write(tester(), (w) => seedVillage(w).village.id);
    const h = session.write(tester(), (w) => registry.createHousehold(w, { villageId, category: 'general', headName: '忙碌测试', headIdNumber: idNo() }));
    // A second connection, as an import worker has, holding the write lock.
    const other = new Database(file);
    applyKey(other, unlockWithPassword(readKeyFile(file), PASSWORD));
    other.exec('BEGIN IMMEDIATE');
    try {
      const r = await router.handle(MAIN_WINDOW, 'households.update', { id: h.id, field: 'phone', value: '13800000009' });
      expect(r).toMatchObject({ ok: false, error: { code: 'BUSY', message: '数据库正忙（可能正在导入数据），本次操作未保存，请稍后再试' } });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await router.handle(MAIN_WINDOW, 'households.update', { id: h.id, field: 'phone', value: '13800000009' })).toMatchObject({ ok: true, data: { phone: '13800000009' } });
  });

  it('builds the demo aside and moves it into place; a second click waits; leftovers of a killed build are cleared', async () => {
    fs.mkdirSync(session.userDataDir, { recursive: true });
    const building = `${session.demoPath}.building`;
    fs.writeFileSync(building, 'half a database from a build that was killed');
    fs.writeFileSync(`${session.demoPath}.key`, 'a key moved before the crash, without its database');
    const [first, second] = await Promise.all([router.handle(MAIN_WINDOW, 'db.prepareDemo', {}), router.handle(MAIN_WINDOW, 'db.prepareDemo', {})]);
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    expect(first).toMatchObject({ ok: true, data: { created: true } });
    expect(second).toMatchObject({ ok: true, data: { created: false } });
    expect(fs.readdirSync(session.userDataDir).filter((f) => f.includes('.building'))).toEqual([]);
    expect(await router.handle(MAIN_WINDOW, 'db.open', { path: session.demoPath, password: 'demo2015' })).toMatchObject({ ok: true });
    expect(await router.handle(MAIN_WINDOW, 'stats.get', {})).toMatchObject({ ok: true, data: { households: 1097, people: 2469 } });
  });
});
