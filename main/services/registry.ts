// The registry of poor households and their members: listing for the grids, and every change a
// clerk makes, each checked against the rules and audited in one transaction.
import { sql } from 'kysely';
import { AppError } from '../../shared/errors';
import type { HouseholdRow, MemberRow, Stats } from '../../shared/contract';
import { HOUSEHOLD_FIELDS, MEMBER_FIELDS, type FieldDef } from '../../shared/fields';
import type { StoredValue } from '../../shared/validation';
import { checkIdNumber } from '../../shared/domain/idNumber';
import { todayIso } from '../../shared/domain/dates';
import type { Store } from '../db/store';
import { deleteRow, getById, insertRow, updateRow, type Writer } from './write';

// The grids' rows are built as JSON by SQLite itself: one json_object per row, joined into one
// array string. Measured on 100k households this is ~3x faster than letting the driver build JS
// objects and stringifying them (tests/bench), and it is the form the rows cross IPC in anyway.
type Expr = readonly [key: string, sql: string];

function jsonObjectSql(entries: readonly Expr[]): string {
  return `json_object(${entries.map(([k, e]) => `'${k}', ${e}`).join(', ')})`;
}

function fieldExprs(fields: readonly FieldDef[], alias: string, derived: Readonly<Record<string, string>>): Expr[] {
  return fields.map((f): Expr => {
    if (derived[f.key]) return [f.key, derived[f.key]];
    // SQLite has no boolean: 0/1 columns become JSON true/false here, once.
    if (f.type === 'bool') return [f.key, `json(CASE ${alias}.${f.key} WHEN 1 THEN 'true' ELSE 'false' END)`];
    return [f.key, `${alias}.${f.key}`];
  });
}

// Head, size and helper are derived, never stored twice.
const HOUSEHOLD_JSON = jsonObjectSql([
  ['id', 'h.id'],
  ['villageId', 'h.villageId'],
  ['updatedAt', 'h.updatedAt'],
  ...fieldExprs(HOUSEHOLD_FIELDS, 'h', {
    villageName: 'v.name',
    headName: 'head.name',
    headIdNumber: 'head.idNumber',
    size: '(SELECT count(*) FROM members m WHERE m.householdId = h.id)',
    helperName: 'c.name',
  }),
]);

const HOUSEHOLD_FROM = `
FROM households h
JOIN villages v ON v.id = h.villageId
LEFT JOIN members head ON head.householdId = h.id AND head.relation = 'head'
LEFT JOIN pairings p ON p.householdId = h.id
LEFT JOIN cadres c ON c.id = p.cadreId`;

const HOUSEHOLD_ORDER = ' ORDER BY v.code, h.hhCode';

function jsonArray(texts: string[]): string {
  return `[${texts.join(',')}]`;
}

/** The households grid's rows as one JSON array string (what 'households.list' sends). */
export function householdsJson(store: Store, filter: { villageId?: string } = {}): { json: string; count: number } {
  const where = filter.villageId ? ' WHERE h.villageId = ?' : '';
  const texts = store.sqlite
    .prepare(`SELECT ${HOUSEHOLD_JSON}${HOUSEHOLD_FROM}${where}${HOUSEHOLD_ORDER}`)
    .pluck()
    .all(...(filter.villageId ? [filter.villageId] : [])) as string[];
  return { json: jsonArray(texts), count: texts.length };
}

export function listHouseholds(store: Store, filter: { villageId?: string } = {}): HouseholdRow[] {
  return JSON.parse(householdsJson(store, filter).json) as HouseholdRow[];
}

export function getHouseholdRow(store: Store, id: string): HouseholdRow {
  const text = store.sqlite.prepare(`SELECT ${HOUSEHOLD_JSON}${HOUSEHOLD_FROM} WHERE h.id = ?`).pluck().get(id) as string | undefined;
  if (!text) throw new AppError('NOT_FOUND', '找不到该贫困户，可能已被删除');
  return JSON.parse(text) as HouseholdRow;
}

const MEMBER_JSON = jsonObjectSql([
  ['id', 'm.id'],
  ['householdId', 'm.householdId'],
  ['villageId', 'h.villageId'],
  ['updatedAt', 'm.updatedAt'],
  ...fieldExprs(MEMBER_FIELDS, 'm', { hhCode: 'h.hhCode', villageName: 'v.name' }),
]);

const MEMBER_FROM = `
FROM members m
JOIN households h ON h.id = m.householdId
JOIN villages v ON v.id = h.villageId`;

// 户主 first, then by birth date: the order of a household's booklet.
const MEMBER_ORDER = " ORDER BY v.code, h.hhCode, m.relation <> 'head', m.birthDate";

/** The members grid's rows as one JSON array string (what 'members.list' sends). */
export function membersJson(store: Store, filter: { householdId?: string } = {}): { json: string; count: number } {
  const where = filter.householdId ? ' WHERE m.householdId = ?' : '';
  const texts = store.sqlite
    .prepare(`SELECT ${MEMBER_JSON}${MEMBER_FROM}${where}${MEMBER_ORDER}`)
    .pluck()
    .all(...(filter.householdId ? [filter.householdId] : [])) as string[];
  return { json: jsonArray(texts), count: texts.length };
}

export function listMembers(store: Store, filter: { householdId?: string } = {}): MemberRow[] {
  return JSON.parse(membersJson(store, filter).json) as MemberRow[];
}

export function getMemberRow(store: Store, id: string): MemberRow {
  const text = store.sqlite.prepare(`SELECT ${MEMBER_JSON}${MEMBER_FROM} WHERE m.id = ?`).pluck().get(id) as string | undefined;
  if (!text) throw new AppError('NOT_FOUND', '找不到该成员，可能已被删除');
  return JSON.parse(text) as MemberRow;
}

function toColumn(value: StoredValue): string | number | null {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

/** The household and person already holding an ID number, if any, for a message naming them. */
function idNumberHolder(store: Store, idNumber: string, exceptMemberId?: string) {
  const q = store.q
    .selectFrom('members as m')
    .innerJoin('households as h', 'h.id', 'm.householdId')
    .innerJoin('villages as v', 'v.id', 'h.villageId')
    .select(['m.id', 'm.name', 'h.hhCode', 'v.name as villageName'])
    .where('m.idNumber', '=', idNumber);
  const holder = store.first(exceptMemberId ? q.where('m.id', '<>', exceptMemberId) : q);
  return holder;
}

function validIdNumber(store: Store, raw: string, exceptMemberId?: string) {
  const check = checkIdNumber(raw);
  if (!check.ok) throw new AppError('VALIDATION', `证件号码“${raw}”无效：${check.reason}`, { field: 'idNumber' });
  const holder = idNumberHolder(store, check.value, exceptMemberId);
  if (holder) {
    throw new AppError(
      'CONFLICT',
      `证件号码 ${check.value} 已登记在${holder.villageName}户编号 ${holder.hhCode} 的成员“${holder.name}”名下：一个人只能属于一户`,
      { field: 'idNumber', householdCode: holder.hhCode, memberId: holder.id },
    );
  }
  return check;
}

function nextHouseholdCode(store: Store, villageId: string): string {
  const v = getById({ store, actor: '' }, 'villages', villageId, '行政村');
  const r = store.first(
    store.q
      .selectFrom('households')
      .select(sql<string | null>`max(hhCode)`.as('maxCode'))
      .where('hhCode', 'like', `${v.code}%`)
      .where(sql<number>`length(hhCode)`, '=', v.code.length + 4),
  );
  const next = r?.maxCode ? Number(r.maxCode.slice(v.code.length)) + 1 : 1;
  if (next > 9999) throw new AppError('RULE', `${v.name}的户编号已用完，请手工填写户编号`);
  return `${v.code}${String(next).padStart(4, '0')}`;
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
    if (w.store.first(w.store.q.selectFrom('households').select('id').where('hhCode', '=', hhCode))) {
      throw new AppError('CONFLICT', `户编号 ${hhCode} 已被使用`, { field: 'hhCode' });
    }
    const household = insertRow(w, 'households', {
      hhCode,
      villageId: input.villageId,
      category: input.category,
      standard: 'national',
      exitStatus: 'not_exited',
      identifiedOn: todayIso(), // the local date: in Beijing UTC is still yesterday before 08:00
    });
    insertRow(w, 'members', {
      householdId: household.id,
      name: input.headName,
      idNumber: check.value,
      sex: check.sex,
      birthDate: check.birthDate,
      relation: 'head',
      dibao: input.category === 'dibao' ? 1 : 0,
    });
    return household.id;
  });
  return getHouseholdRow(w.store, id);
}

export function updateHousehold(w: Writer, edit: { id: string; field: string; value: StoredValue }): HouseholdRow {
  w.store.tx(() => {
    updateRow(w, 'households', edit.id, { [edit.field]: toColumn(edit.value) }, '贫困户');
  });
  return getHouseholdRow(w.store, edit.id);
}

export function removeHousehold(w: Writer, id: string): void {
  w.store.tx(() => {
    getById(w, 'households', id, '贫困户');
    const child = (table: 'pairings' | 'incomes' | 'members') =>
      w.store.all(w.store.q.selectFrom(table).select('id').where('householdId', '=', id)).map((r) => r.id);
    for (const pid of child('pairings')) deleteRow(w, 'pairings', pid, '结对');
    for (const iid of child('incomes')) deleteRow(w, 'incomes', iid, '收入记录');
    for (const mid of child('members')) deleteRow(w, 'members', mid, '成员');
    deleteRow(w, 'households', id, '贫困户');
  });
}

function headOf(store: Store, householdId: string) {
  return store.first(store.q.selectFrom('members').select(['id', 'name']).where('householdId', '=', householdId).where('relation', '=', 'head'));
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
    if (input.relation === 'head') {
      const head = headOf(w.store, input.householdId);
      if (head) throw new AppError('RULE', `该户已有户主“${head.name}”，每户只能有一名户主`, { field: 'relation' });
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

export function updateMember(w: Writer, edit: { id: string; field: string; value: StoredValue }): MemberRow {
  w.store.tx(() => {
    const member = getById(w, 'members', edit.id, '成员');
    const patch: Record<string, string | number | null> = { [edit.field]: toColumn(edit.value) };
    if (edit.field === 'idNumber') {
      const check = validIdNumber(w.store, String(edit.value), edit.id);
      Object.assign(patch, { idNumber: check.value, sex: check.sex, birthDate: check.birthDate });
    }
    if (edit.field === 'relation' && member.relation !== edit.value) {
      if (member.relation === 'head') {
        throw new AppError('RULE', `“${member.name}”是户主，每户必须有一名户主：请使用“设为户主”更换户主`, { field: 'relation' });
      }
      if (edit.value === 'head') {
        const head = headOf(w.store, member.householdId)!;
        throw new AppError('RULE', `该户已有户主“${head.name}”，每户只能有一名户主：请使用“设为户主”更换户主`, { field: 'relation' });
      }
    }
    updateRow(w, 'members', edit.id, patch, '成员');
  });
  return getMemberRow(w.store, edit.id);
}

/** Makes a member the 户主; the former head takes the relation the clerk chose for them. */
export function makeHead(w: Writer, input: { id: string; formerHeadRelation: string }): MemberRow {
  w.store.tx(() => {
    const member = getById(w, 'members', input.id, '成员');
    if (member.relation === 'head') return;
    if (input.formerHeadRelation === 'head') throw new AppError('VALIDATION', '原户主的新关系不能仍是“户主”');
    const head = headOf(w.store, member.householdId);
    if (head) updateRow(w, 'members', head.id, { relation: input.formerHeadRelation }, '成员');
    updateRow(w, 'members', member.id, { relation: 'head' }, '成员');
  });
  return getMemberRow(w.store, input.id);
}

export function removeMember(w: Writer, id: string): void {
  w.store.tx(() => {
    const member = getById(w, 'members', id, '成员');
    if (member.relation === 'head') {
      throw new AppError('RULE', `“${member.name}”是户主，不能单独删除：请先更换户主，或删除整户`);
    }
    deleteRow(w, 'members', id, '成员');
  });
}

export function getStats(store: Store): Stats {
  const count = (table: 'villages' | 'units' | 'teams' | 'cadres' | 'households' | 'members') =>
    (store.sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  // Members are counted per household first: joining every member row to its household and
  // counting distinct ids was 3x slower on 100k households (tests/bench).
  const byCat = store.sqlite
    .prepare(
      `SELECT h.category AS category, count(*) AS households, coalesce(sum(n.people), 0) AS people
       FROM households h LEFT JOIN (SELECT householdId, count(*) AS people FROM members GROUP BY householdId) n ON n.householdId = h.id
       GROUP BY h.category`,
    )
    .all() as { category: string; households: number; people: number }[];
  const cat = (c: string) => {
    const r = byCat.find((x) => x.category === c);
    return { households: r?.households ?? 0, people: r?.people ?? 0 };
  };
  return {
    villages: count('villages'),
    units: count('units'),
    teams: count('teams'),
    cadres: count('cadres'),
    households: count('households'),
    people: count('members'),
    byCategory: { general: cat('general'), dibao: cat('dibao'), wubao: cat('wubao') },
  };
}
