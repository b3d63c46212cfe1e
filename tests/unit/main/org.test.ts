// 组织 through the real router on a real encrypted database: units, teams, cadres and pairings are
// added, edited and removed with an audit row each in the same transaction; every refusal is a
// Chinese message and writes nothing; the data-quality page lists households without a helper and
// helpers outside their team's village. Fictitious people only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRow, updateRow } from '../../../main/db/write';
import { actorName } from '../../../main/db/audit';
import type { CadreRow, HouseholdRow, PairingRow, QualityReport, TeamRow, UnitRow } from '../../../shared/contract';
import { MAIN_WINDOW, idNo, routedSession, seedVillage, tester } from './helpers';

const t = routedSession('fupin-org-');
const { call, ok, refused, sql } = t;
let seeded: { a: ReturnType<typeof seedVillage>; b: ReturnType<typeof seedVillage> };
let hhA1: HouseholdRow;
let hhA2: HouseholdRow;
let hhB: HouseholdRow;

const auditCount = () => sql().prepare('SELECT count(*) FROM auditLog').pluck().get() as number;
const auditOf = (rowId: string) => sql().prepare('SELECT action, tableName, actor, beforeJson, afterJson FROM auditLog WHERE rowId = ? ORDER BY seq').all(rowId) as { action: string; tableName: string; actor: string; beforeJson: string | null; afterJson: string | null }[];
const quality = async (key: string) => (await ok<QualityReport>('quality.run', {})).checks.find((c) => c.key === key)!;

beforeAll(async () => {
  await t.open('org.fupin');
  seeded = t.session.write(tester(), (w) => ({ a: seedVillage(w), b: seedVillage(w, '420115010207', '别村') }));
  hhA1 = await ok<HouseholdRow>('households.create', { villageId: seeded.a.village.id, category: 'general', headName: '结对甲', headIdNumber: idNo('1961-02-03') });
  hhA2 = await ok<HouseholdRow>('households.create', { villageId: seeded.a.village.id, category: 'dibao', headName: '结对乙', headIdNumber: idNo('1962-02-03') });
  hhB = await ok<HouseholdRow>('households.create', { villageId: seeded.b.village.id, category: 'general', headName: '结对丙', headIdNumber: idNo('1963-02-03') });
});
afterAll(() => t.close());

describe('units', () => {
  it('adds a unit and edits its phone in place, each write audited with the clerk as actor', async () => {
    const unit = await ok<UnitRow>('units.create', { name: '区测试局', kind: '区直部门', headName: '单位甲', phone: '027-8000 1234' });
    expect(unit).toMatchObject({ name: '区测试局', phone: '02780001234', teamId: null, cadres: 0 });
    const edited = await ok<UnitRow>('units.update', { id: unit.id, field: 'phone', value: '13907140001' });
    expect(edited.phone).toBe('13907140001');
    const audit = auditOf(unit.id);
    expect(audit.map((a) => `${a.action}:${a.tableName}:${actorName(a.actor)}`)).toEqual(['insert:units:测试科员', 'update:units:测试科员']);
    expect(JSON.parse(audit[1].beforeJson!)).toEqual({ phone: '02780001234' });
    expect(JSON.parse(audit[1].afterJson!)).toEqual({ phone: '13907140001' });
  });

  it('refuses a bad phone, an empty name and a name in use, naming the field, and writes nothing', async () => {
    const before = auditCount();
    expect((await refused('units.update', { id: seeded.a.unit.id, field: 'phone', value: '12345' })).message).toBe('联系电话：“12345”不是有效电话号码（11位手机号或带区号的固定电话）');
    expect((await refused('units.create', { name: '  ', kind: null })).message).toBe('单位：不能为空');
    expect((await refused('units.create', { name: '区测试局' })).message).toBe('已有名为“区测试局”的单位：单位名称不能重复');
    expect(auditCount()).toBe(before);
  });

  it('refuses to remove a unit that leads a team or has cadres, naming them; removes a free one', async () => {
    const e = await refused('units.remove', { id: seeded.a.unit.id });
    expect(e.code).toBe('RULE');
    expect(e.message).toBe('不能删除测试村帮扶单位：该单位是测试村驻村工作队的牵头单位，有 1 名帮扶干部。请先调整这些记录');
    const free = await ok<UnitRow>('units.create', { name: '区待删局' });
    await ok('units.remove', { id: free.id });
    expect(auditOf(free.id).map((a) => a.action)).toEqual(['insert', 'delete']);
    expect((await ok<UnitRow[]>('units.list', {})).some((u) => u.id === free.id)).toBe(false);
  });
});

describe('teams and cadres', () => {
  let second: UnitRow;
  let newcomer: CadreRow;

  it('adds a member unit to a team; a unit already in another team is refused', async () => {
    second = await ok<UnitRow>('units.create', { name: '区成员局', kind: '区直部门' });
    const team = await ok<TeamRow>('teams.setUnits', { teamId: seeded.a.team.id, unitIds: [second.id] });
    expect(team.unitCount).toBe(2);
    expect(team.unitNames.split('、').sort()).toEqual(['区成员局', '测试村帮扶单位'].sort());
    const e = await refused('teams.setUnits', { teamId: seeded.b.team.id, unitIds: [second.id] });
    expect(e.message).toBe('区成员局已是测试村驻村工作队的成员单位：一个单位只派驻一支工作队，请先把它从测试村驻村工作队中移出');
  });

  it('keeps a member unit in its team while its cadres serve there; once they are gone it may leave', async () => {
    const serving = await ok<CadreRow>('cadres.create', { name: '成员局干部', role: '队员', title: null, phone: null, duty: null, unitId: second.id, teamId: seeded.a.team.id });
    const before = auditCount();
    const e = await refused('teams.setUnits', { teamId: seeded.a.team.id, unitIds: [] });
    expect(e.message).toBe('区成员局还有 1 名干部在测试村驻村工作队：请先把他们调出或删除，再移出该单位');
    expect(auditCount()).toBe(before);
    expect(sql().prepare('SELECT count(*) FROM teamUnits WHERE unitId = ?').pluck().get(second.id)).toBe(1);
    await ok('cadres.remove', { id: serving.id, unpair: false });
    const team = await ok<TeamRow>('teams.setUnits', { teamId: seeded.a.team.id, unitIds: [] });
    expect(team.unitNames).toBe('测试村帮扶单位');
    // Back in, for the tests below.
    await ok<TeamRow>('teams.setUnits', { teamId: seeded.a.team.id, unitIds: [second.id] });
  });

  it('adds a cadre with phone and duty; a second 第一书记 is refused; 设为第一书记 swaps them', async () => {
    newcomer = await ok<CadreRow>('cadres.create', { name: '新队员', role: '队员', title: '科员', phone: '13900009999', duty: '负责产业项目', unitId: second.id, teamId: seeded.a.team.id });
    expect(newcomer).toMatchObject({ teamName: '测试村驻村工作队', villageName: '测试村', duty: '负责产业项目', phone: '13900009999', households: 0 });
    const e = await refused('cadres.update', { id: newcomer.id, field: 'role', value: '第一书记' });
    expect(e.message).toBe('测试村驻村工作队已有第一书记测试干部：每支工作队只能有一名第一书记。要换人，请在“工作队”中选中新队员后点“设为第一书记”');
    const team = await ok<TeamRow>('teams.setFirstSecretary', { teamId: seeded.a.team.id, cadreId: newcomer.id });
    expect(team).toMatchObject({ firstSecretary: '新队员', firstSecretaryId: newcomer.id });
    const cadres = await ok<CadreRow[]>('cadres.list', {});
    expect(cadres.find((c) => c.id === seeded.a.cadre.id)!.role).toBe('队员');
    expect(cadres.filter((c) => c.teamId === seeded.a.team.id && c.role === '第一书记')).toHaveLength(1);
    expect(auditOf(seeded.a.cadre.id).at(-1)).toMatchObject({ action: 'update', tableName: 'cadres' });
  });

  it('refuses a cadre in a team their unit does not belong to, a bad role and a bad phone', async () => {
    const base = { name: '错队员', role: '队员', unitId: second.id };
    expect((await refused('cadres.create', { ...base, teamId: seeded.b.team.id })).message).toBe('错队员的单位区成员局派驻测试村驻村工作队：干部只能进本单位所在的工作队');
    expect((await refused('cadres.create', { ...base, role: '组长', teamId: null })).message).toBe('队内职务“组长”不在可选范围内，可选：第一书记、工作队队长、队员、帮扶责任人');
    expect((await refused('cadres.create', { ...base, phone: '1390000', teamId: null })).message).toBe('联系电话：“1390000”不是有效电话号码（11位手机号或带区号的固定电话）');
    expect((await refused('cadres.create', { ...base, role: '第一书记', teamId: null })).message).toBe('错队员不在任何驻村工作队：第一书记必须属于一支工作队，请先选择工作队');
  });

  it('pairs households with a cadre of the village team, audited; refuses another village; unpairs', async () => {
    const before = await ok<PairingRow[]>('pairings.list', { teamId: seeded.a.team.id });
    expect(before.map((p) => p.hhCode).sort()).toEqual([hhA1.hhCode, hhA2.hhCode].sort());
    expect(before.every((p) => p.cadreId === null && p.poor)).toBe(true);
    expect(await ok('pairings.assign', { householdIds: [hhA1.id, hhA2.id], cadreId: newcomer.id })).toEqual({ assigned: 2 });
    const after = await ok<PairingRow[]>('pairings.list', { teamId: seeded.a.team.id });
    expect(after.map((p) => p.cadreName)).toEqual(['新队员', '新队员']);
    const pairingIds = sql().prepare('SELECT id FROM pairings WHERE cadreId = ?').pluck().all(newcomer.id) as string[];
    expect(pairingIds.flatMap((id) => auditOf(id).map((a) => `${a.action}:${a.tableName}`))).toEqual(['insert:pairings', 'insert:pairings']);
    // The household's helper shows in the registry (householdFacts, by trigger).
    expect((await ok<{ json: string }>('households.list', { villageId: seeded.a.village.id })).json).toContain('新队员');

    const auditBefore = auditCount();
    const e = await refused('pairings.assign', { householdIds: [hhA1.id, hhB.id], cadreId: newcomer.id });
    expect(e.message).toBe(`新队员所在的测试村驻村工作队驻测试村，户编号 ${hhB.hhCode} 在别村：帮扶责任人只能帮扶本工作队所驻村的户`);
    expect(auditCount()).toBe(auditBefore);

    // A change of helper is one audited update; a cadre may not move team while paired.
    expect(await ok('pairings.assign', { householdIds: [hhA2.id], cadreId: seeded.a.cadre.id })).toEqual({ assigned: 1 });
    expect((await refused('cadres.update', { id: newcomer.id, field: 'teamId', value: null })).message).toBe('新队员仍结对帮扶 1 户：调到其他工作队前，请先在“结对帮扶”中把这些户改由本村干部帮扶');
    expect(await ok('pairings.remove', { householdIds: [hhA2.id, hhB.id] })).toEqual({ removed: 1 });
  });

  it('refuses to remove a paired cadre unless unpairing is chosen; a team with cadres is refused', async () => {
    const e = await refused('cadres.remove', { id: newcomer.id });
    expect(e.message).toBe('不能删除新队员：其仍结对帮扶 1 户。请先把这些户改由其他干部帮扶，或选择“解除结对并删除”');
    expect(await ok('cadres.remove', { id: newcomer.id, unpair: true })).toEqual({ unpaired: 1 });
    expect(auditOf(newcomer.id).at(-1)).toMatchObject({ action: 'delete', tableName: 'cadres' });
    expect((await refused('teams.remove', { id: seeded.b.team.id })).message).toBe('不能删除别村驻村工作队：还有 1 名干部在该工作队，请先把他们调到其他工作队或删除');
  });

  it('adds and edits a team; one team per village', async () => {
    const village = t.session.write(tester(), (w) => insertRow(w, 'villages', { code: '420115010238', name: '先锋村', town: '山坡街', countyCode: '420115', plannedExitYear: 2018, exitedYear: null }));
    const lead = await ok<UnitRow>('units.create', { name: '区先锋局' });
    const team = await ok<TeamRow>('teams.create', { name: '先锋村驻村工作队', villageId: village.id, leadUnitId: lead.id });
    expect(team).toMatchObject({ villageName: '先锋村', leadUnitName: '区先锋局', unitCount: 1, firstSecretary: null });
    expect((await refused('teams.update', { id: team.id, field: 'villageId', value: seeded.a.village.id })).message).toBe('测试村已有测试村驻村工作队：每个村只驻一支工作队');
    expect((await ok<TeamRow>('teams.update', { id: team.id, field: 'name', value: '先锋工作队' })).name).toBe('先锋工作队');
    await ok('teams.remove', { id: team.id });
    expect(auditOf(team.id).map((a) => a.action)).toEqual(['insert', 'update', 'delete']);
    await ok('units.remove', { id: lead.id });
  });
});

describe('data-quality checks', () => {
  it('lists poor households without a helper and drops them once paired; exited ones are not listed', async () => {
    const noHelper = await quality('noHelper');
    const listed = noHelper.items.map((i) => i.targets[0].id);
    expect(listed).toContain(hhA1.id);
    expect(listed).toContain(hhB.id);
    // An exited household needs no helper.
    t.session.write(tester(), (w) => updateRow(w, 'households', hhB.id, { exitStatus: 'exited', exitedOn: '2017-10-01' }, '贫困户'));
    await ok('pairings.assign', { householdIds: [hhA1.id], cadreId: seeded.a.cadre.id });
    const after = (await quality('noHelper')).items.map((i) => i.targets[0].id);
    expect(after).not.toContain(hhA1.id);
    expect(after).not.toContain(hhB.id);
    expect(after).toContain(hhA2.id);
  });

  it('lists a helper from another village and a helper without a team, with the household and the cadre', async () => {
    // Written past the service's rule, as an old import or a team move could have left them.
    const strays = t.session.write(tester(), (w) => {
      const wanderer = insertRow(w, 'cadres', { name: '无队干部', unitId: seeded.b.unit.id, teamId: null, role: '帮扶责任人', title: null, phone: null });
      insertRow(w, 'pairings', { householdId: hhA2.id, cadreId: seeded.b.cadre.id, since: '2016-01-01' });
      const stray = insertRow(w, 'households', { hhCode: '420115010207999', villageId: seeded.b.village.id, category: 'general', exitStatus: 'not_exited', phone: null, bankName: null, bankAccount: null, standard: null, mainCause: null, otherCauses: null, identifiedOn: null, plannedExitYear: null, exitedOn: null, arableLand: null, irrigatedLand: null, forestLand: null, returnedForest: null, orchardLand: null, pastureLand: null, waterSurface: null, distanceToRoad: null, roadType: null, housingArea: null, dangerLevel: null, fuelType: null, note: null, importBatchId: null });
      insertRow(w, 'pairings', { householdId: stray.id, cadreId: wanderer.id, since: '2016-01-01' });
      return { wanderer, stray };
    });
    const check = await quality('helperElsewhere');
    expect(check.total).toBe(2);
    const byHousehold = new Map(check.items.map((i) => [i.targets[0].id, i]));
    const other = byHousehold.get(hhA2.id)!;
    expect(other.message).toBe(`测试干部所在的别村驻村工作队驻别村，户编号 ${hhA2.hhCode} 在测试村：帮扶责任人只能帮扶本工作队所驻村的户`);
    expect(other.targets.map((t) => t.table)).toEqual(['households', 'cadres']);
    expect(other.targets[1]).toMatchObject({ id: seeded.b.cadre.id, label: '帮扶干部 测试干部（别村帮扶单位）' });
    const none = byHousehold.get(strays.stray.id)!;
    expect(none.message).toBe('无队干部不属于任何驻村工作队，不能结对帮扶：请先为其选择工作队');
    expect(none.targets[1].id).toBe(strays.wanderer.id);
  });
});
