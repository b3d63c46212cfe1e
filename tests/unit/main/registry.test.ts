import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../main/db/store';
import * as registry from '../../../main/services/registry';
import { actorText, verifyAuditChain } from '../../../main/db/audit';
import { insertRow, type Writer } from '../../../main/db/write';
import { AppError } from '../../../shared/errors';
import { freshStore, idNo, seedVillage, tempDir, tester, testWriter } from './helpers';

let dir: string;
let store: Store;
let w: Writer;
let villageId: string;

beforeEach(() => {
  dir = tempDir();
  store = freshStore(dir);
  w = testWriter(store, 'tester');
  villageId = store.tx(() => seedVillage(w).village.id);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function failure(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

function auditCount(): number {
  return (store.sqlite.prepare('SELECT count(*) AS n FROM auditLog').get() as { n: number }).n;
}

describe('households', () => {
  it('creates a household with its head, derives 户主 and size, and numbers it within the village', () => {
    const head = idNo('1965-03-04', 'male');
    const row = registry.createHousehold(w, { villageId, category: 'dibao', headName: '测试甲', headIdNumber: head.toLowerCase() });
    expect(row).toMatchObject({ hhCode: '4201150102010001', headName: '测试甲', headIdNumber: head, size: 1, category: 'dibao', exitStatus: 'not_exited', villageName: '测试村', militaryFamily: false });
    const second = registry.createHousehold(w, { villageId, category: 'general', headName: '测试乙', headIdNumber: idNo('1970-01-01', 'female') });
    expect(second.hhCode).toBe('4201150102010002');
    expect(registry.getStats(store)).toMatchObject({ households: 2, people: 2, byCategory: { dibao: { households: 1, people: 1 }, general: { households: 1, people: 1 }, wubao: { households: 0, people: 0 } } });
  });

  it('refuses an invalid head ID number and writes nothing', () => {
    const before = auditCount();
    const f = failure(() => registry.createHousehold(w, { villageId, category: 'general', headName: '测试丙', headIdNumber: '110105194912310021' }));
    expect(f.code).toBe('VALIDATION');
    expect(f.message).toContain('校验位错误');
    expect(registry.listHouseholds(store)).toHaveLength(0);
    expect(auditCount()).toBe(before);
  });

  it('updates one field, audits old and new value, and keeps the row otherwise', () => {
    const h = registry.createHousehold(w, { villageId, category: 'general', headName: '测试丁', headIdNumber: idNo() });
    const updated = registry.updateHousehold(w, { id: h.id, field: 'phone', value: '13800000001' });
    expect(updated.phone).toBe('13800000001');
    const last = store.sqlite.prepare('SELECT * FROM auditLog ORDER BY seq DESC LIMIT 1').get() as Record<string, string>;
    expect(last).toMatchObject({ action: 'update', tableName: 'households', rowId: h.id, actor: actorText(tester('tester')) });
    expect(JSON.parse(last.beforeJson)).toEqual({ phone: null });
    expect(JSON.parse(last.afterJson)).toEqual({ phone: '13800000001' });
    const bool = registry.updateHousehold(w, { id: h.id, field: 'dangerousHouse', value: true });
    expect(bool.dangerousHouse).toBe(true);
  });

  it('removes a household with its members, incomes and pairing, all audited', () => {
    const h = registry.createHousehold(w, { villageId, category: 'general', headName: '测试戊', headIdNumber: idNo() });
    registry.createMember(w, { householdId: h.id, name: '测试戊妻', idNumber: idNo('1972-02-02', 'female'), relation: 'spouse' });
    const cadre = store.sqlite.prepare('SELECT id FROM cadres').get() as { id: string };
    store.tx(() => insertRow(w, 'pairings', { householdId: h.id, cadreId: cadre.id, since: '2016-01-01' }));
    store.tx(() => insertRow(w, 'incomes', { householdId: h.id, year: 2015, wage: 100000 }));
    registry.removeHousehold(w, h.id);
    expect(registry.getStats(store)).toMatchObject({ households: 0, people: 0 });
    const deletes = store.sqlite.prepare("SELECT tableName FROM auditLog WHERE action = 'delete' ORDER BY seq").all() as { tableName: string }[];
    expect(deletes.map((d) => d.tableName)).toEqual(['pairings', 'incomes', 'members', 'members', 'households']);
    expect(verifyAuditChain(store)).toMatchObject({ ok: true });
  });
});

describe('members', () => {
  it('one ID number in one household only: the refusal names the other household and person', () => {
    const shared = idNo('1980-08-08', 'female');
    const a = registry.createHousehold(w, { villageId, category: 'general', headName: '测试己', headIdNumber: idNo() });
    const b = registry.createHousehold(w, { villageId, category: 'general', headName: '测试庚', headIdNumber: idNo() });
    registry.createMember(w, { householdId: a.id, name: '测试辛', idNumber: shared, relation: 'daughter' });
    const f = failure(() => registry.createMember(w, { householdId: b.id, name: '测试辛', idNumber: shared, relation: 'spouse' }));
    expect(f.code).toBe('CONFLICT');
    expect(f.message).toContain(a.hhCode);
    expect(f.message).toContain('测试辛');
    expect(registry.listMembers(store, { householdId: b.id })).toHaveLength(1);
  });

  it('changing an ID number re-derives sex and birth date, and a bad one leaves the member unchanged', () => {
    const h = registry.createHousehold(w, { villageId, category: 'general', headName: '测试壬', headIdNumber: idNo() });
    const m = registry.createMember(w, { householdId: h.id, name: '测试癸', idNumber: idNo('1990-01-01', 'male'), relation: 'son' });
    expect(m).toMatchObject({ sex: 'male', birthDate: '1990-01-01' });
    const newId = idNo('1991-06-15', 'female');
    const changed = registry.updateMember(w, { id: m.id, field: 'idNumber', value: newId });
    expect(changed).toMatchObject({ idNumber: newId, sex: 'female', birthDate: '1991-06-15' });
    const bad = newId.slice(0, 17) + (newId[17] === '0' ? '1' : '0');
    expect(failure(() => registry.updateMember(w, { id: m.id, field: 'idNumber', value: bad })).message).toContain('校验位错误');
    expect(registry.getMemberRow(store, m.id).idNumber).toBe(newId);
  });

  it('keeps exactly one 户主: no second head, no removing or demoting the head, swap via makeHead', () => {
    const h = registry.createHousehold(w, { villageId, category: 'general', headName: '测试子', headIdNumber: idNo() });
    const headId = registry.listMembers(store, { householdId: h.id })[0].id;
    expect(failure(() => registry.createMember(w, { householdId: h.id, name: '测试丑', idNumber: idNo(), relation: 'head' })).code).toBe('RULE');
    const spouse = registry.createMember(w, { householdId: h.id, name: '测试丑', idNumber: idNo('1968-01-01', 'female'), relation: 'spouse' });
    expect(failure(() => registry.updateMember(w, { id: spouse.id, field: 'relation', value: 'head' })).message).toContain('已有户主“测试子”');
    expect(failure(() => registry.updateMember(w, { id: headId, field: 'relation', value: 'son' })).code).toBe('RULE');
    expect(failure(() => registry.removeMember(w, headId)).message).toContain('不能单独删除');
    registry.makeHead(w, { id: spouse.id, formerHeadRelation: 'spouse' });
    const after = registry.getHouseholdRow(store, h.id);
    expect(after.headName).toBe('测试丑');
    expect(registry.getMemberRow(store, headId).relation).toBe('spouse');
    registry.removeMember(w, headId);
    expect(registry.getHouseholdRow(store, h.id).size).toBe(1);
  });
});

describe('audit chain', () => {
  it('verifies, and detects a forged row even though triggers forbid edits', () => {
    registry.createHousehold(w, { villageId, category: 'general', headName: '测试寅', headIdNumber: idNo() });
    expect(verifyAuditChain(store)).toMatchObject({ ok: true });
    expect(() => store.sqlite.exec("UPDATE auditLog SET actor = 'x' WHERE seq = 1")).toThrow(/append-only/);
    expect(() => store.sqlite.exec('DELETE FROM auditLog WHERE seq = 1')).toThrow(/append-only/);
    // Someone with the key drops the trigger and edits a row: the chain shows where.
    store.sqlite.exec('DROP TRIGGER auditLog_no_update');
    store.sqlite.exec("UPDATE auditLog SET actor = 'forger' WHERE seq = 2");
    expect(verifyAuditChain(store)).toMatchObject({ ok: false, brokenAt: 2 });
  });
});
