// 操作员: the list each database keeps (audited), the one a window chooses at unlock becoming the
// actor of its writes, retiring, and the refusals of bad names. Real encrypted database, real
// router as the shell serves it (withChosenOperators). All people here are fictitious.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, type Router } from '../../../main/ipc/router';
import { createHandlers } from '../../../main/ipc/handlers';
import { windowContext, withChosenOperators } from '../../../main/ipc/context';
import { Session } from '../../../main/services/session';
import type { Channel, HistoryEntry, Operator } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';
import { PASSWORD, idNo, seedVillage, tempDir, tester } from './helpers';

const MAIN = windowContext({ id: 1, kind: 'main' }, 'clerk@pc-01');
const SECOND = windowContext({ id: 2, kind: 'main' }, 'clerk@pc-01');
const WALL = windowContext({ id: 3, kind: 'wall' }, 'clerk@pc-01');

let dir: string;
let session: Session;
let router: Router;
let villageId: string;

beforeAll(async () => {
  dir = tempDir();
  session = new Session(dir);
  router = withChosenOperators(createRouter(createHandlers(session, { version: 'test', broadcast: () => {} })), session.operators);
  await ok('db.create', { path: path.join(dir, 'operators.fupin'), password: PASSWORD });
  villageId = session.write(tester(), (w) => seedVillage(w).village.id);
});
afterAll(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function ok<T>(channel: Channel, input: unknown = {}, ctx = MAIN): Promise<T> {
  const r = (await router.handle(ctx, channel, input)) as Result<T>;
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.data;
}

async function refused(channel: Channel, input: unknown, ctx = MAIN): Promise<{ code: string; message: string }> {
  const r = await router.handle(ctx, channel, input);
  if (r.ok) throw new Error(`${channel} was accepted`);
  return r.error;
}

interface AuditRow {
  seq: number;
  actor: string;
  tableName: string;
  rowId: string;
  afterJson: string | null;
}

function lastAudit(): AuditRow {
  return session.requireStore().sqlite.prepare('SELECT seq, actor, tableName, rowId, afterJson FROM auditLog ORDER BY seq DESC LIMIT 1').get() as AuditRow;
}

function auditCount(): number {
  return (session.requireStore().sqlite.prepare('SELECT count(*) AS n FROM auditLog').get() as { n: number }).n;
}

describe('operators', () => {
  let zhang: Operator;
  let li: Operator;

  it('keeps the list in the database, each change audited', async () => {
    expect(await ok('operators.list')).toEqual([]);
    zhang = await ok<Operator>('operators.add', { name: ' 张三 ', office: '扶贫办' });
    expect(zhang).toMatchObject({ name: '张三', office: '扶贫办', label: '张三（扶贫办）', retired: false });
    const entry = lastAudit();
    expect(entry).toMatchObject({ tableName: 'settings', rowId: 'operators' });
    // Added before anyone was chosen: recorded under the PC's login.
    expect(JSON.parse(entry.actor)).toMatchObject({ kind: 'clerk', name: 'clerk@pc-01', windowId: 1 });
    li = await ok<Operator>('operators.add', { name: '李四', office: '' });
    expect(li.label).toBe('李四');
    expect((await ok<Operator[]>('operators.list')).map((o) => o.label)).toEqual(['张三（扶贫办）', '李四']);
  });

  it('refuses bad names with clear Chinese messages and writes nothing', async () => {
    const before = auditCount();
    expect((await refused('operators.add', { name: '   ', office: '扶贫办' })).message).toMatch(/请填写操作员姓名/);
    expect((await refused('operators.add', { name: '张'.repeat(21), office: '' })).message).toMatch(/操作员姓名不能超过20个字/);
    expect((await refused('operators.add', { name: '王五', office: '科'.repeat(31) })).message).toMatch(/科室名称不能超过30个字/);
    expect((await refused('operators.add', { name: '王\n五', office: '' })).message).toMatch(/控制字符/);
    const dup = await refused('operators.add', { name: '张三', office: ' 扶贫办' });
    expect(dup.code).toBe('CONFLICT');
    expect(dup.message).toMatch(/已有同名操作员“张三（扶贫办）”/);
    expect((await refused('operators.rename', { id: li.id, name: '张三', office: '扶贫办' })).message).toMatch(/已有同名操作员/);
    expect((await refused('operators.choose', { id: 'not-an-id' })).message).toMatch(/记录编号无效/);
    expect((await refused('operators.choose', { id: '0190a0b0-0000-7000-8000-000000000000' })).message).toMatch(/找不到这位操作员/);
    expect(auditCount()).toBe(before);
  });

  it('makes the chosen operator the actor of every write of that window, and only of that window', async () => {
    expect(await ok('operators.current')).toBeNull();
    expect(await ok<Operator>('operators.choose', { id: zhang.id })).toMatchObject({ label: '张三（扶贫办）' });
    expect(await ok<Operator | null>('operators.current')).toMatchObject({ id: zhang.id });
    const h = await ok<{ id: string }>('households.create', { villageId, category: 'general', headName: '赵测试', headIdNumber: idNo() });
    expect(JSON.parse(lastAudit().actor)).toEqual({ kind: 'clerk', name: '张三', office: '扶贫办', operatorId: zhang.id, windowId: 1 });
    await ok('households.update', { id: h.id, field: 'phone', value: '13800000001' });
    const history = await ok<HistoryEntry[]>('history.get', { table: 'households', id: h.id });
    expect(history.find((e) => e.field === 'phone')?.actor).toBe('张三（扶贫办）');
    // Another window that chose no one still writes under the PC's login.
    await ok('households.update', { id: h.id, field: 'phone', value: '13800000002' }, SECOND);
    expect(JSON.parse(lastAudit().actor)).toMatchObject({ name: 'clerk@pc-01', windowId: 2 });
    expect(JSON.parse(lastAudit().actor).operatorId).toBeUndefined();
  });

  it('a rename names the person anew from then on; the earlier history keeps the old name', async () => {
    const h = await ok<{ id: string }>('households.create', { villageId, category: 'general', headName: '钱测试', headIdNumber: idNo('1980-01-02') });
    await ok('households.update', { id: h.id, field: 'phone', value: '13800000003' });
    zhang = await ok<Operator>('operators.rename', { id: zhang.id, name: '张三', office: '社会救助科' });
    await ok('households.update', { id: h.id, field: 'phone', value: '13800000004' });
    const actors = (await ok<HistoryEntry[]>('history.get', { table: 'households', id: h.id })).filter((e) => e.field === 'phone').map((e) => e.actor);
    expect(actors.sort()).toEqual(['张三（扶贫办）', '张三（社会救助科）']);
  });

  it('a retired operator is not offered and cannot be chosen, but old history still names them', async () => {
    const h = await ok<{ id: string }>('households.create', { villageId, category: 'general', headName: '孙测试', headIdNumber: idNo('1985-03-04') });
    await ok('operators.choose', { id: li.id });
    await ok('households.update', { id: h.id, field: 'phone', value: '13800000005' });
    await ok('operators.choose', { id: zhang.id });
    const retired = await ok<Operator>('operators.retire', { id: li.id });
    expect(retired.retired).toBe(true);
    expect(JSON.parse(lastAudit().actor)).toMatchObject({ name: '张三', operatorId: zhang.id });
    const offered = (await ok<Operator[]>('operators.list')).filter((o) => !o.retired).map((o) => o.name);
    expect(offered).toEqual(['张三']);
    const refusal = await refused('operators.choose', { id: li.id }, SECOND);
    expect(refusal.message).toMatch(/操作员“李四”已停用/);
    const history = await ok<HistoryEntry[]>('history.get', { table: 'households', id: h.id });
    expect(history.find((e) => e.field === 'phone')?.actor).toBe('李四');
    // Free again once retired: a new 李四 may be added.
    expect(await ok<Operator>('operators.add', { name: '李四', office: '' })).toMatchObject({ retired: false });
  });

  it('is not for the wall display, and a closed database forgets every choice', async () => {
    expect((await refused('operators.list', {}, WALL)).code).toBe('FORBIDDEN');
    expect((await refused('operators.choose', { id: zhang.id }, WALL)).code).toBe('FORBIDDEN');
    const file = session.requireStore().path;
    await ok('db.close');
    await ok('db.open', { path: file, password: PASSWORD });
    expect(await ok('operators.current')).toBeNull();
    await ok('settings.set', { autoLockMinutes: 7 });
    expect(JSON.parse(lastAudit().actor)).toMatchObject({ name: 'clerk@pc-01' });
  });

  it('the database still verifies: the list is replayed from its audit rows', async () => {
    const { verifyDatabase } = await import('../../../main/services/verify');
    expect(verifyDatabase(session.requireStore())).toMatchObject({ ok: true });
  });
});
