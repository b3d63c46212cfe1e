// The registry of poor households and their members: listing for the grids, and every change a
// clerk makes, each checked against the rules and audited in one transaction. The SQL is in
// main/db/queries/registry.ts.
import { AppError, type ErrorCode } from '../../shared/errors';
import type { ApplyEditsResult, CellEdit, CellEditProblem, HouseholdRow, JsonRows, MemberRow, ParsedInputOf, Stats } from '../../shared/contract';
import { checkEdit, type StoredValue } from '../../shared/validation';
import { HOUSEHOLD_FIELDS, MEMBER_FIELDS, type FieldDef } from '../../shared/fields';
import { toErrorData } from '../errors';
import type { GridName, GridPage, GridQuery, GridValueCount } from '../../shared/gridQuery';
import { checkIdNumber } from '../../shared/domain/idNumber';
import { HEAD_RELATION, headProblem, isHeadRelation, householdCodeInVillage, sequenceInVillage, VILLAGE_SEQUENCE_DIGITS } from '../../shared/domain/household';
import { REGISTERED_EXIT_STATUS } from '../../shared/domain/exitStatus';
import { todayIso } from '../../shared/domain/dates';
import type { Store } from '../db/store';
import { queriesFor } from '../db/queries';
import { findIdNumberHolder } from './registryRules';
import { deleteRow, getById, insertRow, updateRow, type Writer } from '../db/write';

/** The households grid's rows as one JSON array string (what 'households.list' sends). */
export function householdsJson(store: Store, filter: { villageId?: string } = {}): JsonRows {
  return queriesFor(store).registry.householdRows(filter);
}

/** Some households in the grid's row form (a window refreshing the rows a change touched). */
export function householdsJsonByIds(store: Store, ids: readonly string[]): JsonRows {
  return queriesFor(store).registry.householdRowsByIds(ids);
}

/** A block of a SQL-backed grid's rows, with the totals when it is the first block. */
export function gridPage(store: Store, grid: GridName, query: GridQuery, startRow: number, endRow: number): GridPage {
  return queriesFor(store).grid.page(grid, query, startRow, endRow);
}

export function gridValues(store: Store, grid: GridName, query: GridQuery, colId: string): GridValueCount[] {
  return queriesFor(store).grid.values(grid, query, colId);
}

export function gridPosition(store: Store, grid: GridName, query: GridQuery, id: string): { index: number | null } {
  return { index: queriesFor(store).grid.position(grid, query, id) };
}

/** Every id a grid's query keeps, in its order: what an export of that grid writes. */
export function gridIds(store: Store, grid: GridName, query: GridQuery): string[] {
  return queriesFor(store).grid.ids(grid, query);
}

export function listHouseholds(store: Store, filter: { villageId?: string } = {}): HouseholdRow[] {
  return JSON.parse(householdsJson(store, filter).json) as HouseholdRow[];
}

export function getHouseholdRow(store: Store, id: string): HouseholdRow {
  const text = queriesFor(store).registry.householdRow(id);
  if (!text) throw new AppError('NOT_FOUND', '找不到该贫困户，可能已被删除');
  return JSON.parse(text) as HouseholdRow;
}

/** The members grid's rows as one JSON array string (what 'members.list' sends). */
export function membersJson(store: Store, filter: { householdId?: string } = {}): JsonRows {
  return queriesFor(store).registry.memberRows(filter);
}

/** Some members in the grid's row form. */
export function membersJsonByIds(store: Store, ids: readonly string[]): JsonRows {
  return queriesFor(store).registry.memberRowsByIds(ids);
}

export function listMembers(store: Store, filter: { householdId?: string } = {}): MemberRow[] {
  return JSON.parse(membersJson(store, filter).json) as MemberRow[];
}

export function getMemberRow(store: Store, id: string): MemberRow {
  const text = queriesFor(store).registry.memberRow(id);
  if (!text) throw new AppError('NOT_FOUND', '找不到该成员，可能已被删除');
  return JSON.parse(text) as MemberRow;
}

function toColumn(value: StoredValue): string | number | null {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

function validIdNumber(store: Store, raw: string, exceptMemberId?: string) {
  const check = checkIdNumber(raw);
  if (!check.ok) throw new AppError('VALIDATION', `证件号码“${raw}”无效：${check.reason}`, { field: 'idNumber' });
  const holder = findIdNumberHolder(store, check.value);
  if (holder && holder.id !== exceptMemberId) {
    throw new AppError(
      'CONFLICT',
      `证件号码 ${check.value} 已登记在${holder.villageName}户编号 ${holder.hhCode} 的成员“${holder.name}”名下：一个人只能属于一户`,
      { field: 'idNumber', householdCode: holder.hhCode, memberId: holder.id },
    );
  }
  return check;
}

function nextHouseholdCode(store: Store, villageId: string): string {
  const v = getById({ store }, 'villages', villageId, '行政村');
  const maxCode = queriesFor(store).registry.lastHouseholdCodeInVillage(v.code, VILLAGE_SEQUENCE_DIGITS);
  const last = maxCode ? sequenceInVillage(v.code, maxCode) : undefined;
  const code = householdCodeInVillage(v.code, (last ?? 0) + 1);
  if (!code) throw new AppError('RULE', `${v.name}的户编号已用完，请手工填写户编号`);
  return code;
}

export interface HouseholdCreate {
  villageId: string;
  hhCode?: string;
  category: string;
  headName: string;
  headIdNumber: string;
}

export function createHousehold(w: Writer, input: HouseholdCreate): HouseholdRow {
  const id = w.store.tx(() => {
    getById(w, 'villages', input.villageId, '行政村');
    const check = validIdNumber(w.store, input.headIdNumber);
    const hhCode = input.hhCode ?? nextHouseholdCode(w.store, input.villageId);
    if (queriesFor(w.store).registry.householdIdByCode(hhCode)) {
      throw new AppError('CONFLICT', `户编号 ${hhCode} 已被使用`, { field: 'hhCode' });
    }
    const household = insertRow(w, 'households', {
      hhCode,
      villageId: input.villageId,
      category: input.category,
      standard: 'national',
      exitStatus: REGISTERED_EXIT_STATUS,
      identifiedOn: todayIso(), // the local date: in Beijing UTC is still yesterday before 08:00
    });
    insertRow(w, 'members', {
      householdId: household.id,
      name: input.headName,
      idNumber: check.value,
      sex: check.sex,
      birthDate: check.birthDate,
      relation: HEAD_RELATION,
      dibao: input.category === 'dibao' ? 1 : 0,
    });
    return household.id;
  });
  return getHouseholdRow(w.store, id);
}

interface StoredEdit {
  id: string;
  field: string;
  value: StoredValue;
}

export function updateHousehold(w: Writer, edit: StoredEdit): HouseholdRow {
  writeHouseholdEdit(w, edit);
  return getHouseholdRow(w.store, edit.id);
}

function writeHouseholdEdit(w: Writer, edit: StoredEdit): void {
  w.store.tx(() => {
    updateRow(w, 'households', edit.id, { [edit.field]: toColumn(edit.value) }, '贫困户');
  });
}

export function removeHousehold(w: Writer, id: string): void {
  w.store.tx(() => {
    getById(w, 'households', id, '贫困户');
    // The ledger is append-only: a household its money or a project names stays.
    const use = queriesFor(w.store).ledger.householdLedgerUse(id);
    if (use.entries > 0 || use.projects > 0) throw new AppError('RULE', `该户已有资金记录（${use.entries} 条）或项目受益记录，不能删除`);
    const child = (table: 'pairings' | 'incomes' | 'members' | 'exitEvents') => queriesFor(w.store).registry.rowsOfHousehold(table, id);
    // Its 销号 records go with it, each delete audited (the audit log keeps them).
    for (const eid of child('exitEvents')) deleteRow(w, 'exitEvents', eid, '销号记录');
    for (const pid of child('pairings')) deleteRow(w, 'pairings', pid, '结对');
    for (const iid of child('incomes')) deleteRow(w, 'incomes', iid, '收入记录');
    for (const mid of child('members')) deleteRow(w, 'members', mid, '成员');
    deleteRow(w, 'households', id, '贫困户');
  });
}

function headOf(store: Store, householdId: string) {
  return queriesFor(store).registry.headOf(householdId);
}

export interface MemberCreate {
  householdId: string;
  name: string;
  idNumber: string;
  relation: string;
}

export function createMember(w: Writer, input: MemberCreate): MemberRow {
  const id = w.store.tx(() => {
    getById(w, 'households', input.householdId, '贫困户');
    const check = validIdNumber(w.store, input.idNumber);
    const head = headOf(w.store, input.householdId);
    if (headProblem([head ? HEAD_RELATION : null, input.relation]) === 'many_heads') {
      throw new AppError('RULE', `该户已有户主“${head!.name}”，每户只能有一名户主`, { field: 'relation' });
    }
    return insertRow(w, 'members', {
      householdId: input.householdId,
      name: input.name,
      idNumber: check.value,
      sex: check.sex,
      birthDate: check.birthDate,
      relation: input.relation,
    }).id;
  });
  return getMemberRow(w.store, id);
}

export function updateMember(w: Writer, edit: StoredEdit): MemberRow {
  writeMemberEdit(w, edit);
  return getMemberRow(w.store, edit.id);
}

function writeMemberEdit(w: Writer, edit: StoredEdit): void {
  w.store.tx(() => {
    const member = getById(w, 'members', edit.id, '成员');
    const patch: Record<string, string | number | null> = { [edit.field]: toColumn(edit.value) };
    if (edit.field === 'idNumber') {
      const check = validIdNumber(w.store, String(edit.value), edit.id);
      Object.assign(patch, { idNumber: check.value, sex: check.sex, birthDate: check.birthDate });
    }
    if (edit.field === 'relation' && member.relation !== edit.value) {
      // The household's heads once the change is made: the member's new relation and any other head.
      const head = headOf(w.store, member.householdId);
      const otherHead = head && head.id !== member.id ? head : undefined;
      const problem = headProblem([otherHead ? HEAD_RELATION : null, edit.value]);
      if (problem === 'no_head' && head?.id === member.id) {
        throw new AppError('RULE', `“${member.name}”是户主，每户必须有一名户主：请使用“设为户主”更换户主`, { field: 'relation' });
      }
      if (problem === 'many_heads') {
        throw new AppError('RULE', `该户已有户主“${otherHead!.name}”，每户只能有一名户主：请使用“设为户主”更换户主`, { field: 'relation' });
      }
    }
    updateRow(w, 'members', edit.id, patch, '成员');
  });
}

// ---- a batch of cell edits (a pasted block, an undo) ----

type EditedGrid = ParsedInputOf<'grid.applyEdits'>['grid'];

/** Each grid's columns and the write of one checked edit: the same as its single in-place edit. */
const GRID_EDITS: Record<EditedGrid, { fields: readonly FieldDef[]; write: (w: Writer, edit: StoredEdit) => void }> = {
  households: { fields: HOUSEHOLD_FIELDS, write: writeHouseholdEdit },
  members: { fields: MEMBER_FIELDS, write: writeMemberEdit },
};

/** The refusals that concern a cell and are listed with it; anything else (a bug, a full disk) stops the batch. */
const CELL_REFUSALS: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['VALIDATION', 'RULE', 'CONFLICT', 'NOT_FOUND']);

/** Thrown out of the batch's transaction to roll all of it back. */
class EditsRefused extends Error {
  constructor(readonly problems: CellEditProblem[]) {
    super('cell edits refused');
  }
}

/** Runs fn as one write transaction (the session's write path, as the requester). */
export type WriteRunner = <T>(fn: (w: Writer) => T) => T;

/**
 * Applies a batch of edits to one grid in one transaction, each checked and written exactly as
 * its single in-place edit is (checkEdit, then updateHousehold's or updateMember's rules), in
 * order, so a rule sees the batch's earlier edits. Every edit is tried; if any is refused the
 * transaction is rolled back (no row, no audit entry, no change event) and all refusals are
 * returned.
 */
export function applyCellEdits(write: WriteRunner, input: { grid: EditedGrid; edits: readonly CellEdit[] }): ApplyEditsResult {
  try {
    const applied = write((w) => {
      const problems = writeCellEdits(w, input.grid, input.edits);
      if (problems.length > 0) throw new EditsRefused(problems);
      return input.edits.length;
    });
    return { ok: true, applied };
  } catch (e) {
    if (e instanceof EditsRefused) return { ok: false, problems: e.problems };
    throw e;
  }
}

function writeCellEdits(w: Writer, grid: EditedGrid, edits: readonly CellEdit[]): CellEditProblem[] {
  const { fields, write } = GRID_EDITS[grid];
  const problems: CellEditProblem[] = [];
  edits.forEach((edit, index) => {
    const refuse = (label: string, message: string) => problems.push({ index, id: edit.id, field: edit.field, label, message });
    const checked = checkEdit(fields, edit.field, edit.value);
    if (!checked.ok) return refuse(checked.label, checked.message);
    try {
      // Its own savepoint (store.tx nests): a refused edit leaves nothing behind for the next one.
      write(w, { id: edit.id, field: edit.field, value: checked.value });
    } catch (e) {
      const refusal = toErrorData(e);
      if (!CELL_REFUSALS.has(refusal.code)) throw e;
      refuse(checked.label, refusal.message);
    }
  });
  return problems;
}

/** Makes a member the 户主; the former head takes the relation the clerk chose for them. */
export function makeHead(w: Writer, input: { id: string; formerHeadRelation: string }): MemberRow {
  w.store.tx(() => {
    const member = getById(w, 'members', input.id, '成员');
    if (isHeadRelation(member.relation)) return;
    if (isHeadRelation(input.formerHeadRelation)) throw new AppError('VALIDATION', '原户主的新关系不能仍是“户主”');
    const head = headOf(w.store, member.householdId);
    if (head) updateRow(w, 'members', head.id, { relation: input.formerHeadRelation }, '成员');
    updateRow(w, 'members', member.id, { relation: HEAD_RELATION }, '成员');
  });
  return getMemberRow(w.store, input.id);
}

export function removeMember(w: Writer, id: string): void {
  w.store.tx(() => {
    const member = getById(w, 'members', id, '成员');
    if (isHeadRelation(member.relation)) {
      throw new AppError('RULE', `“${member.name}”是户主，不能单独删除：请先更换户主，或删除整户`);
    }
    deleteRow(w, 'members', id, '成员');
  });
}

export function getStats(store: Store): Stats {
  return queriesFor(store).registry.stats();
}
