// The organisation's pure rules (shared/domain/org.ts): field values through the one field parser,
// one 第一书记 per team, a helper from the household's own village, what blocks a removal.
import { describe, expect, it } from 'vitest';
import {
  CADRE_FIELDS,
  UNIT_FIELDS,
  cadreRemovalProblem,
  cadreRoleProblem,
  cadreTeamProblem,
  firstSecretaryProblem,
  pairingProblem,
  teamRemovalProblem,
  unitRemovalProblem,
} from '../../../shared/domain/org';
import { checkEdit } from '../../../shared/validation';

describe('org fields', () => {
  it('parses a phone (spaces, dashes, full-width digits) and refuses a short one in Chinese', () => {
    expect(checkEdit(UNIT_FIELDS, 'phone', '027-8000 1234')).toEqual({ ok: true, label: '联系电话', value: '02780001234' });
    expect(checkEdit(CADRE_FIELDS, 'phone', '１３９０００００００１')).toEqual({ ok: true, label: '联系电话', value: '13900000001' });
    expect(checkEdit(CADRE_FIELDS, 'phone', '12345')).toEqual({ ok: false, label: '联系电话', message: '“12345”不是有效电话号码（11位手机号或带区号的固定电话）' });
  });

  it('requires a name and keeps an empty duty as null', () => {
    expect(checkEdit(CADRE_FIELDS, 'name', '  ')).toEqual({ ok: false, label: '姓名', message: '不能为空' });
    expect(checkEdit(UNIT_FIELDS, 'name', '')).toEqual({ ok: false, label: '单位', message: '不能为空' });
    expect(checkEdit(CADRE_FIELDS, 'duty', '')).toEqual({ ok: true, label: '职责', value: null });
  });

  it('knows the roles', () => {
    expect(cadreRoleProblem('队员')).toBeNull();
    expect(cadreRoleProblem('组长')).toBe('队内职务“组长”不在可选范围内，可选：第一书记、工作队队长、队员、帮扶责任人');
  });
});

describe('one 第一书记 per team', () => {
  const team = [
    { id: 'a', name: '甲', role: '第一书记', teamId: 't' },
    { id: 'b', name: '乙', role: '队员', teamId: 't' },
  ];
  it('refuses a second one, naming the first and the way to change', () => {
    expect(firstSecretaryProblem({ ...team[1], role: '第一书记' }, team, '某村工作队')).toBe(
      '某村工作队已有第一书记甲：每支工作队只能有一名第一书记。要换人，请在“工作队”中选中乙后点“设为第一书记”',
    );
  });
  it('accepts the same one again, one in a team without, and any other role', () => {
    expect(firstSecretaryProblem(team[0], team, '某村工作队')).toBeNull();
    expect(firstSecretaryProblem({ id: 'c', name: '丙', role: '第一书记', teamId: 'u' }, team, '别队')).toBeNull();
    expect(firstSecretaryProblem({ ...team[1], role: '工作队队长' }, team, '某村工作队')).toBeNull();
  });
  it('refuses a 第一书记 outside any team', () => {
    expect(firstSecretaryProblem({ id: 'c', name: '丙', role: '第一书记', teamId: null }, [], null)).toBe('丙不在任何驻村工作队：第一书记必须属于一支工作队，请先选择工作队');
  });
});

describe('pairing and membership', () => {
  const household = { hhCode: '420115010201001', villageId: 'v1', villageName: '光华村' };
  it('accepts a helper of the village team; refuses another village and no team', () => {
    expect(pairingProblem({ name: '甲' }, { name: '光华村工作队', villageId: 'v1', villageName: '光华村' }, household)).toBeNull();
    expect(pairingProblem({ name: '甲' }, { name: '群星村工作队', villageId: 'v2', villageName: '群星村' }, household)).toBe(
      '甲所在的群星村工作队驻群星村，户编号 420115010201001 在光华村：帮扶责任人只能帮扶本工作队所驻村的户',
    );
    expect(pairingProblem({ name: '甲' }, null, household)).toBe('甲不属于任何驻村工作队，不能结对帮扶：请先为其选择工作队');
  });
  it('puts a cadre only in the team of their unit', () => {
    const unit = { name: '区某局', teamId: 't1', teamName: '光华村工作队' };
    expect(cadreTeamProblem('甲', unit, 't1')).toBeNull();
    expect(cadreTeamProblem('甲', unit, null)).toBeNull();
    expect(cadreTeamProblem('甲', unit, 't2')).toBe('甲的单位区某局派驻光华村工作队：干部只能进本单位所在的工作队');
    expect(cadreTeamProblem('甲', { name: '区某局', teamId: null, teamName: null }, 't2')).toBe('区某局还不是任何工作队的成员单位，甲不能进工作队：请先在“工作队”中把该单位加为成员单位');
  });
});

describe('removals', () => {
  const none = { teamsLed: [], teamMember: null, cadres: 0, pledges: 0, projects: 0, ledgerEntries: 0 };
  it('names everything that still refers to a unit', () => {
    expect(unitRemovalProblem('区某局', none)).toBeNull();
    expect(unitRemovalProblem('区某局', { ...none, teamMember: '光华村工作队', cadres: 2, pledges: 1, ledgerEntries: 3 })).toBe(
      '不能删除区某局：该单位是光华村工作队的成员单位，有 2 名帮扶干部，有 1 条资金承诺，有 3 笔资金台账记录。请先调整这些记录（资金台账只能冲销、不能删除，有台账记录的单位不能删除）',
    );
  });
  it('refuses a team with cadres and a paired cadre unless unpairing is chosen', () => {
    expect(teamRemovalProblem('光华村工作队', 0)).toBeNull();
    expect(teamRemovalProblem('光华村工作队', 3)).toBe('不能删除光华村工作队：还有 3 名干部在该工作队，请先把他们调到其他工作队或删除');
    expect(cadreRemovalProblem('甲', 2, false)).toBe('不能删除甲：其仍结对帮扶 2 户。请先把这些户改由其他干部帮扶，或选择“解除结对并删除”');
    expect(cadreRemovalProblem('甲', 2, true)).toBeNull();
    expect(cadreRemovalProblem('甲', 0, false)).toBeNull();
  });
});
