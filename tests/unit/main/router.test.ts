import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, type Router } from '../../../main/ipc/router';
import { createHandlers } from '../../../main/ipc/handlers';
import { Session } from '../../../main/services/session';
import { CHANNELS, type Channel } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';
import { PASSWORD, idNo, seedVillage, tempDir, tester, MAIN_WINDOW } from './helpers';

let dir: string;
let session: Session;
let router: Router;
let villageId: string;
let householdId: string;
let memberId: string;
const events: string[] = [];

beforeAll(() => {
  dir = tempDir();
  session = new Session(dir);
  router = createRouter(createHandlers(session, { version: 'test', broadcast: (e) => events.push(e) }));
});
afterAll(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function auditRows(): number {
  return (session.requireStore().sqlite.prepare('SELECT count(*) AS n FROM auditLog').get() as { n: number }).n;
}

async function ok<T>(channel: Channel, input?: unknown): Promise<T> {
  const r = (await router.handle(MAIN_WINDOW, channel, input)) as Result<T>;
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.data;
}

describe('router', () => {
  it('answers NO_DATABASE in Chinese before a database is open', async () => {
    const r = await router.handle(MAIN_WINDOW, 'stats.get', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'NO_DATABASE' } });
    if (!r.ok) expect(r.error.message).toMatch(/尚未打开数据库/);
  });

  it('creates, opens and serves a database end to end', async () => {
    const file = path.join(dir, 'r.fupin');
    await ok('db.create', { path: file, password: PASSWORD });
    const store = session.requireStore();
    villageId = session.write(tester(), (w) => seedVillage(w).village.id);
    const h = await ok<{ id: string }>('households.create', { villageId, category: 'general', headName: '路由测试', headIdNumber: idNo() });
    householdId = h.id;
    const m = await ok<{ id: string }>('members.create', { householdId, name: '路由成员', idNumber: idNo('1999-09-09', 'female'), relation: 'daughter' });
    memberId = m.id;
    const list = await ok<{ json: string; count: number }>('households.list', {});
    expect(list.count).toBe(1);
    expect(JSON.parse(list.json)[0]).toMatchObject({ headName: '路由测试', size: 2 });
    expect(await ok('stats.get')).toMatchObject({ households: 1, people: 2 });
    expect(events).toContain('data.changed');
  });

  it('refuses an unknown channel', async () => {
    expect(await router.handle(MAIN_WINDOW, 'fs.readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await router.handle(MAIN_WINDOW, 42, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await router.handle(MAIN_WINDOW, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('rejects malformed payloads on every channel with a validation error and writes nothing', async () => {
    const before = auditRows();
    const generic: unknown[] = [null, 42, 'text', [], true, { bogus: 1 }, { __proto__: { polluted: true } }];
    for (const channel of CHANNELS) {
      for (const payload of generic) {
        const r = await router.handle(MAIN_WINDOW, channel, payload);
        // An empty-input channel accepts {} (the prototype payload is a plain {}); everything else must fail.
        if (r.ok) {
          expect(payload).toEqual({});
          continue;
        }
        expect(r.error.code, `${channel} ${JSON.stringify(payload)}`).toBe('VALIDATION');
        expect(r.error.message.length).toBeGreaterThan(0);
      }
    }
    expect(auditRows()).toBe(before);
  });

  it('rejects specific bad inputs with messages that say what and where', async () => {
    const before = auditRows();
    const cases: [Channel, unknown, RegExp][] = [
      ['db.open', { path: '' }, /请填写文件路径|请输入密码/],
      ['db.create', { path: path.join(dir, 'x.fupin'), password: 7 }, /请输入密码/],
      ['households.update', { id: householdId, field: 'hhCode', value: '1' }, /该列不能修改/],
      ['households.update', { id: householdId, field: 'phone', value: '12345' }, /联系电话：“12345”不是有效电话号码/],
      ['households.update', { id: householdId, field: 'category', value: '富裕户' }, /贫困户属性：“富裕户”不在代码表中/],
      ['households.update', { id: householdId, field: 'plannedExitYear', value: 'abc' }, /计划脱贫年度：“abc”不是数字/],
      ['households.update', { id: householdId, field: 'phone', value: { x: 1 } }, /值的类型不对/],
      ['households.update', { id: 'not-a-uuid', field: 'phone', value: '13800000000' }, /记录编号无效/],
      ['members.update', { id: memberId, field: 'idNumber', value: '110105194912310021' }, /证件号码.*校验位错误/],
      ['members.update', { id: memberId, field: 'workMonths', value: 13 }, /务工时间（月）：不能大于 12/],
      ['members.update', { id: memberId, field: 'name', value: '' }, /姓名：不能为空/],
      ['members.create', { householdId, name: '某', idNumber: idNo(), relation: '邻居' }, /请选择与户主关系/],
      ['households.create', { villageId, category: 'rich', headName: '某', headIdNumber: idNo() }, /请选择贫困户属性/],
      ['households.remove', { id: householdId, extra: true }, /./],
    ];
    for (const [channel, input, message] of cases) {
      const r = await router.handle(MAIN_WINDOW, channel, input);
      expect(r.ok, channel).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('VALIDATION');
        expect(r.error.message).toMatch(message);
      }
    }
    expect(auditRows()).toBe(before);
  });

  it('accepts what clerks type: lowercase x, full-width digits and yes/no words', async () => {
    const id = idNo('1975-12-12', 'male');
    const typed = id.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).toLowerCase();
    const m = await ok<{ idNumber: string }>('members.update', { id: memberId, field: 'idNumber', value: ` ${typed} ` });
    expect(m.idNumber).toBe(id);
    const h = await ok<{ onlyChild: boolean; category: string }>('households.update', { id: householdId, field: 'onlyChild', value: '是' });
    expect(h.onlyChild).toBe(true);
    const c = await ok<{ category: string }>('households.update', { id: householdId, field: 'category', value: '低保贫困户' });
    expect(c.category).toBe('dibao');
  });
});
