/**
 * 单位、驻村工作队、帮扶干部与结对帮扶: the fields a clerk gives each and the rules they follow.
 * Field values (a name required, a phone's format) are parsed by the one field parser
 * (shared/validation.ts parseFieldValue) from the descriptions below; the rules that compare
 * records (one 第一书记 per team, a helper from the household's own village, what still refers to a
 * unit) are the pure functions here. main/services/org.ts feeds them what it reads from the
 * database; the 组织 page calls them for its hints. main's answer is the one that counts.
 */
import type { FieldDef } from '../fields';

/** What a clerk gives a unit (帮扶单位); labels as the grid's headers. */
export const UNIT_FIELDS = [
  { key: 'name', label: '单位', type: 'text', required: true, editable: true, max: 60 },
  { key: 'kind', label: '类别', type: 'text', editable: true, max: 30 },
  { key: 'headName', label: '负责人', type: 'text', editable: true, max: 20 },
  { key: 'phone', label: '联系电话', type: 'phone', editable: true },
] as const satisfies readonly FieldDef[];

/** A team's own text; its village, lead unit and member units are chosen from the stored ones. */
export const TEAM_FIELDS = [{ key: 'name', label: '工作队', type: 'text', required: true, editable: true, max: 60 }] as const satisfies readonly FieldDef[];

/** What a clerk gives a cadre (帮扶干部) besides the unit and team chosen for them. */
export const CADRE_FIELDS = [
  { key: 'name', label: '姓名', type: 'text', required: true, editable: true, max: 20 },
  { key: 'role', label: '队内职务', type: 'text', required: true, editable: true, max: 20 },
  { key: 'title', label: '职级', type: 'text', editable: true, max: 30 },
  { key: 'phone', label: '联系电话', type: 'phone', editable: true },
  { key: 'duty', label: '职责', type: 'text', editable: true, max: 200 },
] as const satisfies readonly FieldDef[];

export type UnitFieldKey = (typeof UNIT_FIELDS)[number]['key'];
export type TeamFieldKey = (typeof TEAM_FIELDS)[number]['key'];
export type CadreFieldKey = (typeof CADRE_FIELDS)[number]['key'];

/** The head of a work team (第一书记): a role value, so a cadre is one by what their role says. */
export const FIRST_SECRETARY = '第一书记';

/** A cadre's role in the campaign; 帮扶责任人: a helper who is not one of the team's own members. */
export const CADRE_ROLES = [FIRST_SECRETARY, '工作队队长', '队员', '帮扶责任人'] as const;

/** What a 第一书记 becomes when another is made the team's: an ordinary member. */
export const DEMOTED_ROLE = '队员';

/** Why a role is not one of CADRE_ROLES, or null. */
export function cadreRoleProblem(role: string): string | null {
  return (CADRE_ROLES as readonly string[]).includes(role) ? null : `队内职务“${role}”不在可选范围内，可选：${CADRE_ROLES.join('、')}`;
}

/** A cadre as the first-secretary rule sees them. */
export interface CadreInTeam {
  id: string;
  name: string;
  role: string;
  teamId: string | null;
}

/**
 * At most one 第一书记 per team, and a 第一书记 serves in a team. cadre: the cadre as they would
 * be after the change; teamCadres: the cadres stored in that team (cadre among them or not).
 */
export function firstSecretaryProblem(cadre: CadreInTeam, teamCadres: readonly CadreInTeam[], teamName: string | null): string | null {
  if (cadre.role !== FIRST_SECRETARY) return null;
  if (cadre.teamId === null) return `${cadre.name}不在任何驻村工作队：第一书记必须属于一支工作队，请先选择工作队`;
  const other = teamCadres.find((c) => c.id !== cadre.id && c.teamId === cadre.teamId && c.role === FIRST_SECRETARY);
  if (!other) return null;
  return `${teamName ?? '该工作队'}已有第一书记${other.name}：每支工作队只能有一名第一书记。要换人，请在“工作队”中选中${cadre.name}后点“设为第一书记”`;
}

/** A team as the pairing rule sees it: the village it is stationed in. */
export interface TeamPlace {
  name: string;
  villageId: string;
  villageName: string;
}

/**
 * A helper (帮扶责任人) is a cadre of the team stationed in the household's own village. team: the
 * cadre's team (null: none); returns why the pairing is wrong, or null.
 */
export function pairingProblem(cadre: { name: string }, team: TeamPlace | null, household: { hhCode: string; villageId: string; villageName: string }): string | null {
  if (team === null) return `${cadre.name}不属于任何驻村工作队，不能结对帮扶：请先为其选择工作队`;
  if (team.villageId === household.villageId) return null;
  return `${cadre.name}所在的${team.name}驻${team.villageName}，户编号 ${household.hhCode} 在${household.villageName}：帮扶责任人只能帮扶本工作队所驻村的户`;
}

/** What still refers to a unit, counted; a unit is removed only when every count is 0. */
export interface UnitReferences {
  teamsLed: string[];
  teamMember: string | null;
  cadres: number;
  pledges: number;
  projects: number;
  ledgerEntries: number;
}

/** Why a unit cannot be removed (naming everything still referring to it), or null. */
export function unitRemovalProblem(unitName: string, refs: UnitReferences): string | null {
  const parts: string[] = [];
  if (refs.teamsLed.length > 0) parts.push(`是${refs.teamsLed.join('、')}的牵头单位`);
  if (refs.teamMember !== null) parts.push(`是${refs.teamMember}的成员单位`);
  if (refs.cadres > 0) parts.push(`有 ${refs.cadres} 名帮扶干部`);
  if (refs.pledges > 0) parts.push(`有 ${refs.pledges} 条资金承诺`);
  if (refs.projects > 0) parts.push(`有 ${refs.projects} 个帮扶项目`);
  if (refs.ledgerEntries > 0) parts.push(`有 ${refs.ledgerEntries} 笔资金台账记录`);
  if (parts.length === 0) return null;
  return `不能删除${unitName}：该单位${parts.join('，')}。请先调整这些记录${refs.ledgerEntries > 0 ? '（资金台账只能冲销、不能删除，有台账记录的单位不能删除）' : ''}`;
}

/** Why a team cannot be removed, or null: its cadres must first go elsewhere (their pairings with them). */
export function teamRemovalProblem(teamName: string, cadres: number): string | null {
  return cadres > 0 ? `不能删除${teamName}：还有 ${cadres} 名干部在该工作队，请先把他们调到其他工作队或删除` : null;
}

/** Why a cadre cannot be removed as asked, or null: a helper's households are unpaired first, by choice. */
export function cadreRemovalProblem(cadreName: string, pairedHouseholds: number, unpair: boolean): string | null {
  if (pairedHouseholds === 0 || unpair) return null;
  return `不能删除${cadreName}：其仍结对帮扶 ${pairedHouseholds} 户。请先把这些户改由其他干部帮扶，或选择“解除结对并删除”`;
}

/**
 * A cadre serves in the team their unit dispatches to (a unit sends people to one team only), or
 * in none. unitTeam: the team the unit belongs to (null: none).
 */
export function cadreTeamProblem(cadreName: string, unit: { name: string; teamId: string | null; teamName: string | null }, teamId: string | null): string | null {
  if (teamId === null || teamId === unit.teamId) return null;
  if (unit.teamId === null) return `${unit.name}还不是任何工作队的成员单位，${cadreName}不能进工作队：请先在“工作队”中把该单位加为成员单位`;
  return `${cadreName}的单位${unit.name}派驻${unit.teamName}：干部只能进本单位所在的工作队`;
}
