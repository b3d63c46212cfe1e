// householdFacts (m005_household_facts.ts, m008_battle_facts.ts): a household's head, size, helper,
// category and its plan and exit facts, kept by SQLite's triggers for the grids' sorts, the counts
// and the battle map. After every kind of write the app makes,
// the kept row must equal the same facts counted afresh (householdFactsMismatches), and the grid
// and the counts must show them.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../main/db/open';
import { MIGRATIONS } from '../../../main/db/migrations/index';
import type { Store } from '../../../main/db/store';
import { deleteRow, insertRow, updateRow, type Writer } from '../../../main/db/write';
import * as registry from '../../../main/services/registry';
import { freshStore, householdFactsMismatches, idNo, seedVillage, tempDir, testWriter } from './helpers';

let dir: string;
let store: Store;
let w: Writer;
let seeded: ReturnType<typeof seedVillage>;

beforeEach(() => {
  dir = tempDir('fupin-facts-');
  store = freshStore(dir);
  w = testWriter(store);
  seeded = store.tx(() => seedVillage(w));
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const facts = (id: string) => store.sqlite.prepare('SELECT category, size, headName, headIdNumber, helperName FROM householdFacts WHERE householdId = ?').get(id);

describe('householdFacts', () => {
  it('follows every write to households, members, pairings and cadres, and the grid and counts show it', () => {
    const headId = idNo('1960-01-01', 'male');
    const a = registry.createHousehold(w, { villageId: seeded.village.id, category: 'dibao', headName: '测试甲', headIdNumber: headId });
    const b = registry.createHousehold(w, { villageId: seeded.village.id, category: 'general', headName: '测试乙', headIdNumber: idNo('1962-02-02', 'female') });
    expect(facts(a.id)).toEqual({ category: 'dibao', size: 1, headName: '测试甲', headIdNumber: headId, helperName: null });

    const wife = registry.createMember(w, { householdId: a.id, name: '测试甲妻', idNumber: idNo('1963-03-03', 'female'), relation: 'spouse' });
    registry.createMember(w, { householdId: a.id, name: '测试甲子', idNumber: idNo('1990-04-04', 'male'), relation: 'son' });
    expect(facts(a.id)).toMatchObject({ size: 3, headName: '测试甲' });

    // The head's name and ID number edited; a non-head's name edited (the head stays).
    registry.updateMember(w, { id: registry.listMembers(store, { householdId: a.id }).find((m) => m.relation === 'head')!.id, field: 'name', value: '测试甲改' });
    registry.updateMember(w, { id: wife.id, field: 'name', value: '测试甲妻改' });
    expect(facts(a.id)).toMatchObject({ headName: '测试甲改', headIdNumber: headId });

    // A new head: the former head becomes 配偶, the wife becomes 户主.
    registry.makeHead(w, { id: wife.id, formerHeadRelation: 'spouse' });
    expect(facts(a.id)).toMatchObject({ size: 3, headName: '测试甲妻改', headIdNumber: wife.idNumber });

    // A member removed; the category changed.
    const son = registry.listMembers(store, { householdId: a.id }).find((m) => m.name === '测试甲子')!;
    registry.removeMember(w, son.id);
    registry.updateHousehold(w, { id: a.id, field: 'category', value: 'wubao' });
    expect(facts(a.id)).toMatchObject({ category: 'wubao', size: 2 });

    // A helper paired, renamed, changed to another cadre, unpaired.
    const pairing = store.tx(() => insertRow(w, 'pairings', { householdId: a.id, cadreId: seeded.cadre.id, since: '2016-01-01' }));
    expect(facts(a.id)).toMatchObject({ helperName: '测试干部' });
    store.tx(() => updateRow(w, 'cadres', seeded.cadre.id, { name: '测试干部改' }, '干部'));
    expect(facts(a.id)).toMatchObject({ helperName: '测试干部改' });
    const other = store.tx(() => insertRow(w, 'cadres', { name: '测试干部二', unitId: seeded.unit.id, teamId: seeded.team.id, role: '队员', title: null, phone: null }));
    store.tx(() => updateRow(w, 'pairings', pairing.id, { cadreId: other.id }, '结对'));
    expect(facts(a.id)).toMatchObject({ helperName: '测试干部二' });
    // The pairing moved to the other household: both follow.
    store.tx(() => updateRow(w, 'pairings', pairing.id, { householdId: b.id }, '结对'));
    expect(facts(a.id)).toMatchObject({ helperName: null });
    expect(facts(b.id)).toMatchObject({ helperName: '测试干部二' });
    store.tx(() => deleteRow(w, 'pairings', pairing.id, '结对'));
    expect(facts(b.id)).toMatchObject({ helperName: null });
    expect(householdFactsMismatches(store)).toEqual([]);

    // What the grid shows and the counts come from it.
    const row = registry.getHouseholdRow(store, a.id);
    expect(row).toMatchObject({ headName: '测试甲妻改', size: 2, helperName: null, category: 'wubao' });
    expect(registry.getStats(store)).toMatchObject({
      households: 2,
      people: 3,
      byCategory: { wubao: { households: 1, people: 2 }, general: { households: 1, people: 1 }, dibao: { households: 0, people: 0 } },
    });

    // A whole household removed: its row goes with it.
    registry.removeHousehold(w, a.id);
    expect(facts(a.id)).toBeUndefined();
    expect(householdFactsMismatches(store)).toEqual([]);
  });

  it('a member moved to another household changes both sizes and both heads', () => {
    const a = registry.createHousehold(w, { villageId: seeded.village.id, category: 'general', headName: '测试丙', headIdNumber: idNo('1961-01-01', 'male') });
    const b = registry.createHousehold(w, { villageId: seeded.village.id, category: 'general', headName: '测试丁', headIdNumber: idNo('1961-02-02', 'male') });
    const child = registry.createMember(w, { householdId: a.id, name: '测试丙子', idNumber: idNo('1991-01-01', 'male'), relation: 'son' });
    // The app does not move people between households today; an import's update or a later
    // feature may, and the facts must follow any write.
    store.tx(() => updateRow(w, 'members', child.id, { householdId: b.id }, '成员'));
    expect(facts(a.id)).toMatchObject({ size: 1, headName: '测试丙' });
    expect(facts(b.id)).toMatchObject({ size: 2, headName: '测试丁' });
    const headOfA = registry.listMembers(store, { householdId: a.id })[0];
    store.tx(() => updateRow(w, 'members', headOfA.id, { householdId: b.id, relation: 'other' }, '成员'));
    expect(facts(a.id)).toMatchObject({ size: 0, headName: null, headIdNumber: null });
    expect(facts(b.id)).toMatchObject({ size: 3, headName: '测试丁' });
    expect(householdFactsMismatches(store)).toEqual([]);
  });

  it('follows the plan, 销号 and the main cause for the battle map (schema 8)', () => {
    const battle = (id: string) => store.sqlite.prepare('SELECT villageId, plannedExitYear, exited, exitMonth, mainCause FROM householdFacts WHERE householdId = ?').get(id);
    const a = registry.createHousehold(w, { villageId: seeded.village.id, category: 'general', headName: '测试辛', headIdNumber: idNo('1962-05-05', 'male') });
    expect(battle(a.id)).toEqual({ villageId: seeded.village.id, plannedExitYear: null, exited: 0, exitMonth: null, mainCause: null });
    store.tx(() => updateRow(w, 'households', a.id, { plannedExitYear: 2017, mainCause: 'illness' }, '贫困户'));
    expect(battle(a.id)).toMatchObject({ plannedExitYear: 2017, exited: 0, mainCause: 'illness' });
    store.tx(() => updateRow(w, 'households', a.id, { exitStatus: 'exited_supported', exitedOn: '2017-06-30' }, '贫困户'));
    expect(battle(a.id)).toMatchObject({ exited: 1, exitMonth: '2017-06' });
    // 返贫: poor again, no month.
    store.tx(() => updateRow(w, 'households', a.id, { exitStatus: 'returned', exitedOn: null }, '贫困户'));
    expect(battle(a.id)).toMatchObject({ exited: 0, exitMonth: null });
    // Exited as an import states it, without a day: counted out, in no month.
    store.tx(() => updateRow(w, 'households', a.id, { exitStatus: 'exited' }, '贫困户'));
    expect(battle(a.id)).toMatchObject({ exited: 1, exitMonth: null });
    const other = store.tx(() => seedVillage(w, '420115010202', '测试二村')).village;
    store.tx(() => updateRow(w, 'households', a.id, { villageId: other.id }, '贫困户'));
    expect(battle(a.id)).toMatchObject({ villageId: other.id });
    expect(householdFactsMismatches(store)).toEqual([]);
    // The board (schema 10) counts it in the other village, out, in no year and no month; dated
    // again it is in that year and month; gone with the household.
    const board = () => store.sqlite.prepare('SELECT villageId, plannedExitYear, exited, exitYear, households, people FROM battleBoard WHERE villageId = ?').all(other.id);
    const months = () => store.sqlite.prepare('SELECT exitMonth, households, people FROM battleMonths').all();
    expect(board()).toEqual([{ villageId: other.id, plannedExitYear: 2017, exited: 1, exitYear: '', households: 1, people: 1 }]);
    expect(months()).toEqual([]);
    store.tx(() => updateRow(w, 'households', a.id, { exitedOn: '2018-03-05' }, '贫困户'));
    registry.createMember(w, { householdId: a.id, name: '测试辛妻', idNumber: idNo('1964-06-06', 'female'), relation: 'spouse' });
    expect(board()).toEqual([{ villageId: other.id, plannedExitYear: 2017, exited: 1, exitYear: '2018', households: 1, people: 2 }]);
    expect(months()).toEqual([{ exitMonth: '2018-03', households: 1, people: 2 }]);
    expect(householdFactsMismatches(store)).toEqual([]);
    registry.removeHousehold(w, a.id);
    expect(board()).toEqual([]);
    expect(months()).toEqual([]);
    expect(householdFactsMismatches(store)).toEqual([]);
  });

  it('a write rolled back leaves the facts as they were', () => {
    const a = registry.createHousehold(w, { villageId: seeded.village.id, category: 'general', headName: '测试戊', headIdNumber: idNo('1964-01-01', 'male') });
    expect(() =>
      store.tx(() => {
        registry.createMember(w, { householdId: a.id, name: '测试戊妻', idNumber: idNo('1965-01-01', 'female'), relation: 'spouse' });
        expect(facts(a.id)).toMatchObject({ size: 2 });
        throw new Error('中途失败');
      }),
    ).toThrow('中途失败');
    expect(facts(a.id)).toMatchObject({ size: 1 });
    expect(householdFactsMismatches(store)).toEqual([]);
  });

  it('the migration fills the facts of a registry that had none', () => {
    const a = registry.createHousehold(w, { villageId: seeded.village.id, category: 'dibao', headName: '测试己', headIdNumber: idNo('1966-01-01', 'male') });
    registry.createMember(w, { householdId: a.id, name: '测试己妻', idNumber: idNo('1967-01-01', 'female'), relation: 'spouse' });
    store.tx(() => insertRow(w, 'pairings', { householdId: a.id, cadreId: seeded.cadre.id, since: '2016-01-01' }));
    registry.createHousehold(w, { villageId: seeded.village.id, category: 'general', headName: '测试庚', headIdNumber: idNo('1968-01-01', 'male') });
    // Back to schema 4: no table, no triggers.
    const triggers = store.sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'householdFacts%'").pluck().all() as string[];
    expect(triggers.length).toBeGreaterThan(0);
    store.sqlite.transaction(() => {
      for (const t of triggers) store.sqlite.exec(`DROP TRIGGER "${t}"`);
      store.sqlite.exec('DROP TABLE householdFacts');
      store.sqlite.exec('DROP TABLE battleBoard');
      store.sqlite.exec('DROP TABLE battleMonths');
      store.sqlite.pragma('user_version=4');
    })();
    // Only the migrations that build the table (5), extend it (8) and count it for the board (10):
    // the others' columns are there.
    migrate(store.sqlite, 4, MIGRATIONS.filter((m) => m.version === 5 || m.version === 8 || m.version === 10));
    expect(facts(a.id)).toEqual({ category: 'dibao', size: 2, headName: '测试己', headIdNumber: expect.any(String), helperName: '测试干部' });
    expect(householdFactsMismatches(store)).toEqual([]);
    expect(registry.getStats(store)).toMatchObject({ households: 2, people: 3 });
  });
});
