// Villages, units, work teams, cadres and their pairings with households as the grids show them:
// aggregated by the database (see main/db/queries/organisation.ts). Each is also added, edited and
// removed here, checked by the rules of shared/domain/village.ts and shared/domain/org.ts (fed with
// what the database holds) and audited through the write path.
import type { CadreRow, NewCadre, NewTeam, NewUnit, NewVillage, PairingRow, TeamRow, UnitRow, VillageRow } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { StoredValue } from '../../shared/validation';
import { checkVillageCode, registryCounty, villageNameProblem, type VillageFieldKey, type VillagePlace } from '../../shared/domain/village';
import {
  DEMOTED_ROLE,
  FIRST_SECRETARY,
  cadreRemovalProblem,
  cadreRoleProblem,
  cadreTeamProblem,
  firstSecretaryProblem,
  pairingProblem,
  teamRemovalProblem,
  unitRemovalProblem,
  type CadreFieldKey,
  type UnitFieldKey,
} from '../../shared/domain/org';
import { todayIso } from '../../shared/domain/dates';
import { queriesFor } from '../db/queries';
import type { Store } from '../db/store';
import { deleteRow, getById, insertRow, updateRow, type Writer } from '../db/write';

export function listVillages(store: Store): VillageRow[] {
  return queriesFor(store).organisation.villages();
}

export function listUnits(store: Store): UnitRow[] {
  return queriesFor(store).organisation.units();
}

export function listTeams(store: Store): TeamRow[] {
  return queriesFor(store).organisation.teams();
}

export function listCadres(store: Store): CadreRow[] {
  return queriesFor(store).organisation.cadres();
}

/**
 * Every village as stored (with its county code), for the rules that compare a village with the
 * others. The one query that reads them so is the import's lookup; a county holds a few hundred.
 */
function storedVillages(store: Store): VillagePlace[] {
  return queriesFor(store).importing.lookups().villages();
}

/** The county the registry covers: its villages' county code; null while it has none. */
export function villageCounty(store: Store): { countyCode: string | null } {
  return { countyCode: registryCounty(storedVillages(store)) };
}

function villageRow(store: Store, id: string): VillageRow {
  const row = listVillages(store).find((v) => v.id === id);
  if (!row) throw new AppError('NOT_FOUND', '找不到该行政村，可能已被删除');
  return row;
}

function validCode(raw: string, villages: readonly VillagePlace[], selfId?: string): { code: string; countyCode: string } {
  const check = checkVillageCode(raw, villages, selfId);
  if (!check.ok) throw new AppError(check.takenBy ? 'CONFLICT' : 'VALIDATION', check.message, { field: 'code' });
  return { code: check.value, countyCode: check.countyCode };
}

function validName(name: string, villages: readonly VillagePlace[], selfId?: string): string {
  const problem = villageNameProblem(name, villages, selfId);
  if (problem) throw new AppError('CONFLICT', problem, { field: 'name' });
  return name;
}

export function createVillage(w: Writer, input: NewVillage): VillageRow {
  const id = w.store.tx(() => {
    const villages = storedVillages(w.store);
    const { code, countyCode } = validCode(input.code, villages);
    const name = validName(input.name, villages);
    return insertRow(w, 'villages', { code, countyCode, name, town: input.town, plannedExitYear: input.plannedExitYear, exitedYear: null }).id;
  });
  return villageRow(w.store, id);
}

/** One field of a village, its value already parsed by the field's rule (VILLAGE_FIELDS). */
export function updateVillage(w: Writer, edit: { id: string; field: string; value: StoredValue }): VillageRow {
  w.store.tx(() => {
    const village = getById(w, 'villages', edit.id, '行政村');
    const field = edit.field as VillageFieldKey;
    const text = String(edit.value ?? '');
    let patch: { code?: string; countyCode?: string; name?: string; town?: string; plannedExitYear?: number | null };
    switch (field) {
      case 'code':
        // Unchanged: nothing to check (an imported code need not follow today's rule).
        patch = text === village.code ? {} : validCode(text, storedVillages(w.store), village.id);
        break;
      case 'name':
        patch = { name: validName(text, storedVillages(w.store), village.id) };
        break;
      case 'town':
        patch = { town: text };
        break;
      case 'plannedExitYear':
        patch = { plannedExitYear: typeof edit.value === 'number' ? edit.value : null };
        break;
      default:
        throw new AppError('VALIDATION', '该列不能修改', { field: edit.field });
    }
    updateRow(w, 'villages', village.id, patch, '行政村');
  });
  return villageRow(w.store, edit.id);
}

// ---------------------------------------------------------------------------------------------
// Units (帮扶单位)

function unitRow(store: Store, id: string): UnitRow {
  const row = listUnits(store).find((u) => u.id === id);
  if (!row) throw new AppError('NOT_FOUND', '找不到该单位，可能已被删除');
  return row;
}

/** A unit's name is how letters, teams and the ledger name it: no two alike. */
function checkUnitName(store: Store, name: string, selfId?: string): void {
  const taken = store.first(store.kysely.selectFrom('units').select('id').where('name', '=', name).where('id', '!=', selfId ?? ''));
  if (taken) throw new AppError('CONFLICT', `已有名为“${name}”的单位：单位名称不能重复`, { field: 'name' });
}

export function createUnit(w: Writer, input: NewUnit): UnitRow {
  const id = w.store.tx(() => {
    checkUnitName(w.store, input.name);
    return insertRow(w, 'units', { name: input.name, kind: input.kind, headName: input.headName, phone: input.phone }).id;
  });
  return unitRow(w.store, id);
}

/** One field of a unit, its value already parsed by the field's rule (UNIT_FIELDS). */
export function updateUnit(w: Writer, edit: { id: string; field: string; value: StoredValue }): UnitRow {
  w.store.tx(() => {
    const unit = getById(w, 'units', edit.id, '单位');
    const field = edit.field as UnitFieldKey;
    const value = edit.value === null ? null : String(edit.value);
    if (field === 'name') checkUnitName(w.store, String(value), unit.id);
    updateRow(w, 'units', unit.id, { [field]: value }, '单位');
  });
  return unitRow(w.store, edit.id);
}

export function removeUnit(w: Writer, id: string): void {
  w.store.tx(() => {
    const unit = getById(w, 'units', id, '单位');
    const problem = unitRemovalProblem(unit.name, queriesFor(w.store).organisation.unitReferences(id));
    if (problem) throw new AppError('RULE', problem);
    deleteRow(w, 'units', id, '单位');
  });
}

// ---------------------------------------------------------------------------------------------
// Work teams (驻村工作队)

function teamRow(store: Store, id: string): TeamRow {
  const row = listTeams(store).find((t) => t.id === id);
  if (!row) throw new AppError('NOT_FOUND', '找不到该工作队，可能已被删除');
  return row;
}

function checkTeamName(store: Store, name: string, selfId?: string): void {
  const taken = store.first(store.kysely.selectFrom('teams').select('id').where('name', '=', name).where('id', '!=', selfId ?? ''));
  if (taken) throw new AppError('CONFLICT', `已有名为“${name}”的工作队：工作队名称不能重复`, { field: 'name' });
}

/** One team per village: the village must have none but this one. */
function checkTeamVillage(w: Writer, villageId: string, selfId?: string): void {
  const village = getById(w, 'villages', villageId, '行政村');
  const other = queriesFor(w.store).organisation.teamOfVillage(villageId);
  if (other && other.id !== selfId) throw new AppError('CONFLICT', `${village.name}已有${other.name}：每个村只驻一支工作队`, { field: 'villageId' });
}

/** Makes the unit one of the team's: a unit dispatches to one team only. */
function joinTeam(w: Writer, teamId: string, unitId: string): void {
  const unit = getById(w, 'units', unitId, '单位');
  const current = queriesFor(w.store).organisation.unitTeam(unitId);
  if (current?.teamId === teamId) return;
  if (current) throw new AppError('CONFLICT', `${unit.name}已是${current.teamName}的成员单位：一个单位只派驻一支工作队，请先把它从${current.teamName}中移出`, { field: 'unitIds' });
  insertRow(w, 'teamUnits', { teamId, unitId });
}

export function createTeam(w: Writer, input: NewTeam): TeamRow {
  const id = w.store.tx(() => {
    checkTeamName(w.store, input.name);
    checkTeamVillage(w, input.villageId);
    getById(w, 'units', input.leadUnitId, '单位');
    const team = insertRow(w, 'teams', { name: input.name, villageId: input.villageId, leadUnitId: input.leadUnitId });
    joinTeam(w, team.id, input.leadUnitId);
    return team.id;
  });
  return teamRow(w.store, id);
}

/** The name (parsed by TEAM_FIELDS' rule), or the id of the village or lead unit chosen. */
export interface TeamEdit {
  id: string;
  field: string;
  value: StoredValue;
}

export function updateTeam(w: Writer, edit: TeamEdit): TeamRow {
  w.store.tx(() => {
    const team = getById(w, 'teams', edit.id, '工作队');
    const chosen = (what: string) => {
      if (typeof edit.value !== 'string') throw new AppError('VALIDATION', `请选择${what}`, { field: edit.field });
      return edit.value;
    };
    switch (edit.field) {
      case 'name':
        checkTeamName(w.store, String(edit.value), team.id);
        updateRow(w, 'teams', team.id, { name: String(edit.value) }, '工作队');
        break;
      case 'villageId': {
        const villageId = chosen('行政村');
        if (villageId === team.villageId) return;
        checkTeamVillage(w, villageId, team.id);
        // The team's helpers were paired with the old village's households: they would all break the rule.
        const paired = w.store.sqlite.prepare('SELECT count(*) FROM pairings p JOIN cadres c ON c.id = p.cadreId WHERE c.teamId = ?').pluck().get(team.id) as number;
        if (paired > 0) throw new AppError('RULE', `${team.name}的干部仍结对帮扶 ${paired} 户：请先解除或调整这些结对，再更换驻村`, { field: 'villageId' });
        updateRow(w, 'teams', team.id, { villageId }, '工作队');
        break;
      }
      case 'leadUnitId': {
        const leadUnitId = chosen('牵头单位');
        if (leadUnitId === team.leadUnitId) return;
        joinTeam(w, team.id, leadUnitId);
        updateRow(w, 'teams', team.id, { leadUnitId }, '工作队');
        break;
      }
      default:
        throw new AppError('VALIDATION', '该列不能修改', { field: edit.field });
    }
  });
  return teamRow(w.store, edit.id);
}

/** The team's member units become exactly unitIds (and the lead unit, always one of them). */
export function setTeamUnits(w: Writer, input: { teamId: string; unitIds: readonly string[] }): TeamRow {
  w.store.tx(() => {
    const team = getById(w, 'teams', input.teamId, '工作队');
    const wanted = new Set([team.leadUnitId, ...input.unitIds]);
    const stored = w.store.all(w.store.kysely.selectFrom('teamUnits').select(['id', 'unitId']).where('teamId', '=', team.id));
    const org = queriesFor(w.store).organisation;
    for (const tu of stored) {
      if (wanted.has(tu.unitId)) continue;
      const serving = org.unitCadresInTeam(tu.unitId, team.id);
      if (serving > 0) {
        const unit = getById(w, 'units', tu.unitId, '单位');
        throw new AppError('RULE', `${unit.name}还有 ${serving} 名干部在${team.name}：请先把他们调出或删除，再移出该单位`, { field: 'unitIds' });
      }
      deleteRow(w, 'teamUnits', tu.id, '成员单位');
    }
    for (const unitId of wanted) joinTeam(w, team.id, unitId);
  });
  return teamRow(w.store, input.teamId);
}

/** The cadre becomes the team's 第一书记; the one before, if any, a 队员 (one per team). */
export function setFirstSecretary(w: Writer, input: { teamId: string; cadreId: string }): TeamRow {
  w.store.tx(() => {
    const team = getById(w, 'teams', input.teamId, '工作队');
    const cadre = getById(w, 'cadres', input.cadreId, '干部');
    if (cadre.teamId !== team.id) throw new AppError('RULE', `${cadre.name}不是${team.name}的干部：第一书记须从本队干部中选定`);
    for (const other of queriesFor(w.store).organisation.teamCadres(team.id)) {
      if (other.id !== cadre.id && other.role === FIRST_SECRETARY) updateRow(w, 'cadres', other.id, { role: DEMOTED_ROLE }, '干部');
    }
    updateRow(w, 'cadres', cadre.id, { role: FIRST_SECRETARY }, '干部');
  });
  return teamRow(w.store, input.teamId);
}

export function removeTeam(w: Writer, id: string): void {
  w.store.tx(() => {
    const team = getById(w, 'teams', id, '工作队');
    const problem = teamRemovalProblem(team.name, queriesFor(w.store).organisation.teamCadres(id).length);
    if (problem) throw new AppError('RULE', problem);
    for (const tu of w.store.all(w.store.kysely.selectFrom('teamUnits').select('id').where('teamId', '=', id))) deleteRow(w, 'teamUnits', tu.id, '成员单位');
    deleteRow(w, 'teams', id, '工作队');
  });
}

// ---------------------------------------------------------------------------------------------
// Cadres (帮扶干部)

function cadreRow(store: Store, id: string): CadreRow {
  const row = listCadres(store).find((c) => c.id === id);
  if (!row) throw new AppError('NOT_FOUND', '找不到该干部，可能已被删除');
  return row;
}

/** The rules a cadre as it would be stored must meet: role, unit ↔ team, one 第一书记, pairings in the team's village. */
function checkCadre(w: Writer, cadre: { id: string; name: string; role: string; unitId: string; teamId: string | null }, field?: string): void {
  const roleProblem = cadreRoleProblem(cadre.role);
  if (roleProblem) throw new AppError('VALIDATION', roleProblem, { field: 'role' });
  const org = queriesFor(w.store).organisation;
  const unit = getById(w, 'units', cadre.unitId, '单位');
  const unitTeam = org.unitTeam(cadre.unitId);
  const teamProblem = cadreTeamProblem(cadre.name, { name: unit.name, teamId: unitTeam?.teamId ?? null, teamName: unitTeam?.teamName ?? null }, cadre.teamId);
  if (teamProblem) throw new AppError('RULE', teamProblem, { field: field ?? 'teamId' });
  const team = cadre.teamId ? org.teamPlace(cadre.teamId) : undefined;
  if (cadre.teamId && !team) throw new AppError('NOT_FOUND', '找不到该工作队，可能已被删除');
  const secretaryProblem = firstSecretaryProblem(cadre, cadre.teamId ? org.teamCadres(cadre.teamId) : [], team?.name ?? null);
  if (secretaryProblem) throw new AppError('RULE', secretaryProblem, { field: field ?? 'role' });
}

export function createCadre(w: Writer, input: NewCadre): CadreRow {
  const id = w.store.tx(() => {
    checkCadre(w, { id: '', ...input });
    return insertRow(w, 'cadres', { name: input.name, role: input.role, title: input.title, phone: input.phone, duty: input.duty, unitId: input.unitId, teamId: input.teamId }).id;
  });
  return cadreRow(w.store, id);
}

export type CadreEdit = { id: string; field: string; value: StoredValue } | { id: string; field: 'unitId' | 'teamId'; value: string | null };

export function updateCadre(w: Writer, edit: CadreEdit): CadreRow {
  w.store.tx(() => {
    const cadre = getById(w, 'cadres', edit.id, '干部');
    let patch: Partial<Pick<NewCadre, CadreFieldKey | 'unitId' | 'teamId'>>;
    if (edit.field === 'unitId') {
      if (typeof edit.value !== 'string') throw new AppError('VALIDATION', '请选择单位', { field: 'unitId' });
      // A cadre moves with their unit: into the unit's team when they were in a team.
      const unitTeam = queriesFor(w.store).organisation.unitTeam(edit.value);
      patch = { unitId: edit.value, teamId: cadre.teamId === null ? null : (unitTeam?.teamId ?? null) };
    } else if (edit.field === 'teamId') {
      patch = { teamId: edit.value === null ? null : String(edit.value) };
    } else {
      patch = { [edit.field as CadreFieldKey]: edit.value === null ? null : String(edit.value) };
    }
    const after = { ...cadre, ...patch };
    // Their households are in the team's village: a move would leave them with a helper from elsewhere.
    if (after.teamId !== cadre.teamId) {
      const paired = queriesFor(w.store).organisation.pairingIdsOfCadre(cadre.id).length;
      if (paired > 0) throw new AppError('RULE', `${cadre.name}仍结对帮扶 ${paired} 户：调到其他工作队前，请先在“结对帮扶”中把这些户改由本村干部帮扶`, { field: edit.field });
    }
    checkCadre(w, after, edit.field);
    updateRow(w, 'cadres', cadre.id, patch, '干部');
  });
  return cadreRow(w.store, edit.id);
}

/** Removes a cadre; their pairings too when unpair is chosen, otherwise a paired cadre is refused. */
export function removeCadre(w: Writer, input: { id: string; unpair?: boolean }): { unpaired: number } {
  return w.store.tx(() => {
    const cadre = getById(w, 'cadres', input.id, '干部');
    const pairings = queriesFor(w.store).organisation.pairingIdsOfCadre(cadre.id);
    const problem = cadreRemovalProblem(cadre.name, pairings.length, input.unpair === true);
    if (problem) throw new AppError('RULE', problem);
    for (const id of pairings) deleteRow(w, 'pairings', id, '结对');
    deleteRow(w, 'cadres', cadre.id, '干部');
    return { unpaired: pairings.length };
  });
}

// ---------------------------------------------------------------------------------------------
// Pairings (结对帮扶): one helper per household, a cadre of the team in the household's village

export function listPairings(store: Store, teamId: string): PairingRow[] {
  const team = queriesFor(store).organisation.teamPlace(teamId);
  if (!team) throw new AppError('NOT_FOUND', '找不到该工作队，可能已被删除');
  return queriesFor(store).organisation.pairingsOfVillage(team.villageId);
}

/** The households to the cadre: new pairings, or a change of helper; all checked before any is written. */
export function assignPairings(w: Writer, input: { householdIds: readonly string[]; cadreId: string }): { assigned: number } {
  return w.store.tx(() => {
    const org = queriesFor(w.store).organisation;
    const cadre = getById(w, 'cadres', input.cadreId, '干部');
    const team = cadre.teamId ? (org.teamPlace(cadre.teamId) ?? null) : null;
    const ids = [...new Set(input.householdIds)];
    const households = org.householdsForPairing(ids);
    if (households.length !== ids.length) throw new AppError('NOT_FOUND', `有 ${ids.length - households.length} 户找不到，可能已被删除：请刷新后重试`);
    for (const h of households) {
      const problem = pairingProblem(cadre, team, h);
      if (problem) throw new AppError('RULE', problem, { field: 'householdIds' });
    }
    let assigned = 0;
    const since = todayIso();
    for (const h of households) {
      if (h.cadreId === cadre.id) continue;
      if (h.pairingId) updateRow(w, 'pairings', h.pairingId, { cadreId: cadre.id, since }, '结对');
      else insertRow(w, 'pairings', { householdId: h.id, cadreId: cadre.id, since });
      assigned++;
    }
    return { assigned };
  });
}

export function removePairings(w: Writer, input: { householdIds: readonly string[] }): { removed: number } {
  return w.store.tx(() => {
    let removed = 0;
    for (const h of queriesFor(w.store).organisation.householdsForPairing([...new Set(input.householdIds)])) {
      if (!h.pairingId) continue;
      deleteRow(w, 'pairings', h.pairingId, '结对');
      removed++;
    }
    return { removed };
  });
}
