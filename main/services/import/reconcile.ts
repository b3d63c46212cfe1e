// Reconciles the households of a file with each other and with the database: checks them, and
// works out exactly what an import would write (which rows are new, which fields changed, which
// are the same). Nothing here writes; the same changes serve the dry run's report and the real
// import.
import type { ImportIncomeYear, ImportStats, IncomeYearSource } from '../../../shared/contract';
import { HOUSEHOLD_FIELDS, INCOME_YEAR_LABEL, MEMBER_FIELDS, type FieldDef, type MemberFieldKey } from '../../../shared/fields';
import { declaredSizeDiffers, headProblem, isHeadRelation, PersonSightings } from '../../../shared/domain/household';
import { codeLabel } from '../../../shared/domain/codes';
import { isExited } from '../../../shared/domain/exitStatus';
import { uuidv7 } from '../../../shared/domain/uuid';
import { countyOfVillageCode, registryCounty, usualTown } from '../../../shared/domain/village';
import type { StoredValue } from '../../../shared/validation';
import type { Store } from '../../db/store';
import type { HouseholdsTable, MembersTable, VillagesTable } from '../../db/schema';
import { idNumberHolderLookup, type IdNumberHolder } from '../registryRules';
import { noteDeclaredDisagreement, noteStatedHelper, type FileHousehold, type FileIncome, type FileMember, type Issues, type Place } from './collect';
import type { SheetColumns } from './columns';
import { ownCopy } from './sources';
import { queriesFor } from '../../db/queries';
import type { ImportLookups } from '../../db/queries/importing';

type Column = string | number | null;
type Patch = Record<string, Column>;

export interface NewVillage {
  id: string;
  code: string;
  name: string;
  town: string;
  countyCode: string;
}

export interface MemberChange {
  file: FileMember;
  existingId: string | null;
  /** Whole row for an insert; only the changed fields for an update; empty when unchanged. */
  patch: Patch;
  leavesHead: boolean;
}

export interface HouseholdChange {
  file: FileHousehold;
  existingId: string | null;
  village: { id: string } | { create: NewVillage };
  patch: Patch;
  members: MemberChange[];
  income: { existingId: string | null; year: number; patch: Patch } | null;
}

const REQUIRED_FOR_NEW_HOUSEHOLD = (HOUSEHOLD_FIELDS as readonly FieldDef[]).filter((f) => f.required && f.editable);
const REQUIRED_FOR_NEW_MEMBER = (MEMBER_FIELDS as readonly FieldDef[]).filter((f) => f.required && f.editable && f.key !== 'idNumber');

function toColumn(v: StoredValue | undefined): Column {
  if (v === undefined) return null;
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

function changed(before: Record<string, unknown> | undefined, values: Record<string, StoredValue | undefined>): Patch {
  const patch: Patch = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    const c = toColumn(v);
    if (!before || before[k] !== c) patch[k] = c;
  }
  return patch;
}

function columnName(h: { columns: SheetColumns }, key: string, fallback: string): string {
  const i = h.columns.index.get(key);
  return i === undefined ? fallback : (h.columns.names.get(i) ?? fallback);
}

function where(p: Place & { hhCode: string }): string {
  return `户编号 ${p.hhCode}（${p.sheet} 第 ${p.row} 行）`;
}

type PersonPlace = Place & { hhCode: string; columns: SheetColumns };

/**
 * The people of the file, so the same person in two households is caught while the file streams
 * past (PersonSightings: one person, one household). Where each was seen is kept here in parallel
 * arrays, by sighting, rather than one object per person: a 300,000-person file is the case this
 * exists for.
 */
export class FileIds {
  private readonly people = new PersonSightings();
  private readonly sheet: string[] = [];
  private readonly row: number[] = [];
  private readonly cols: SheetColumns[] = [];

  /** Records a person; a repeat marks both households bad at once, so neither is written. */
  note(m: FileMember, issues: Issues): void {
    if (!m.idNumber) return;
    // The number is kept to the end: its own copy, not a slice of the sheet (see ownCopy).
    if (this.people.add(ownCopy(m.idNumber), m.hhCode) === null) return;
    this.sheet.push(m.sheet);
    this.row.push(m.row);
    this.cols.push(m.columns);
    const sightings = this.people.repeatsOf(m.idNumber);
    if (sightings) {
      issues.badHouseholds.add(this.people.householdOf(sightings[0]));
      issues.badHouseholds.add(m.hhCode);
    }
  }

  isDuplicate(id: string): boolean {
    return this.people.repeatsOf(id) !== undefined;
  }

  private placeOf(sighting: number): PersonPlace {
    return { hhCode: this.people.householdOf(sighting), sheet: this.sheet[sighting], row: this.row[sighting], columns: this.cols[sighting] };
  }

  /** Same ID number in two households of the file: both households are refused, both places named. */
  report(issues: Issues): void {
    for (const [id, sightings] of this.people.repeats()) {
      const places = sightings.map((s) => this.placeOf(s));
      for (const m of places) {
        const others = places.filter((o) => o !== m);
        const col = columnName(m, 'member.idNumber', '证件号码');
        const inOther = others.filter((o) => o.hhCode !== m.hhCode);
        if (inOther.length > 0) {
          issues.error(m, col, `证件号码 ${id} 同时出现在${where(m)}和${inOther.map(where).join('、')}：一个人只能属于一户`, [m.hhCode, ...inOther.map((o) => o.hhCode)]);
        } else {
          issues.error(m, col, `证件号码 ${id} 在本户重复出现（另见第 ${others.map((o) => o.row).join('、')} 行）`, [m.hhCode]);
        }
      }
    }
  }
}

function checkHeadsAndSize(h: FileHousehold, issues: Issues, isNew: boolean): void {
  if (h.members.length === 0) {
    if (isNew) issues.error(h, columnName(h, 'household.hhCode', '户编号'), `户编号 ${h.hhCode} 是新户，但文件中没有该户的成员行（至少需要户主一行）`, [h.hhCode]);
    return;
  }
  const first = h.members[0];
  const relCol = columnName(first, 'member.relation', '与户主关系');
  const problem = headProblem(h.members.map((m) => m.values.relation));
  if (problem === 'no_head') {
    issues.error(first, relCol, `户编号 ${h.hhCode} 没有户主：请将一名成员的“与户主关系”填为“户主”`, [h.hhCode]);
  } else if (problem === 'many_heads') {
    const heads = h.members.filter((m) => isHeadRelation(m.values.relation));
    issues.error(heads[1], relCol, `户编号 ${h.hhCode} 有 ${heads.length} 名户主（第 ${heads.map((m) => m.row).join('、')} 行）：每户只能有一名户主`, [h.hhCode]);
  }
  if (h.declaredSize && declaredSizeDiffers(h.declaredSize.value, h.members.length)) {
    issues.warn(h.declaredSize, h.declaredSize.column, `家庭人口数填的是 ${h.declaredSize.value} 人，但文件中该户有 ${h.members.length} 行成员`);
  }
}

/** The year for incomes the file gives no 收入年度 for (ImportIncomeYear without its counts). */
export type FallbackIncomeYear = Pick<ImportIncomeYear, 'year' | 'source'>;

/**
 * Books each household's income to a year: the file's 收入年度 where its row has one, else the
 * fallback year. Counts the households by year and source for the report, and says in counted
 * warnings where the year did not come from the file, or where the file overrode a chosen year.
 */
class IncomeYears {
  private readonly counts = new Map<string, { year: number; source: IncomeYearSource; households: number }>();
  private readonly overridden = new Set<number>();

  constructor(
    private readonly fallback: FallbackIncomeYear,
    private readonly issues: Issues,
  ) {}

  yearOf(h: FileHousehold, income: FileIncome): number {
    const source: IncomeYearSource = income.year !== null ? 'file' : this.fallback.source;
    const year = income.year ?? this.fallback.year;
    const key = `${year}|${source}`;
    const c = this.counts.get(key);
    if (c) c.households++;
    else this.counts.set(key, { year, source, households: 1 });
    if (source === 'file') {
      if (this.fallback.source === 'chosen' && year !== this.fallback.year) this.noteOverridden(income, year);
      return year;
    }
    const why = this.fallback.source === 'chosen' ? '导入时指定的年度' : '未指定年度，默认为上一年';
    if (h.columns.index.has('incomeYear')) {
      this.issues.tally('incomeYear|empty', income, INCOME_YEAR_LABEL, (n) => `“${INCOME_YEAR_LABEL}”为空的 ${n} 户，收入按 ${year} 年导入（${why}；首次在第 ${income.row} 行）`);
    } else {
      this.issues.tally('incomeYear|none', income, INCOME_YEAR_LABEL, (n) => `文件中没有“${INCOME_YEAR_LABEL}”列，${n} 户的收入按 ${year} 年导入（${why}）`);
    }
    return year;
  }

  private noteOverridden(income: FileIncome, year: number): void {
    this.overridden.add(year);
    const chosen = this.fallback.year;
    const years = this.overridden;
    this.issues.tally(
      'incomeYear|file',
      income,
      INCOME_YEAR_LABEL,
      (n) => `${n} 户的收入按文件中的“${INCOME_YEAR_LABEL}”（${[...years].sort().map((y) => `${y} 年`).join('、')}）导入，而不是导入时指定的 ${chosen} 年（首次在第 ${income.row} 行）`,
    );
  }

  report(): ImportIncomeYear {
    const used = [...this.counts.values()].sort((a, b) => a.year - b.year || a.source.localeCompare(b.source));
    return { ...this.fallback, used };
  }
}

class VillageResolver {
  private readonly byCode = new Map<string, VillagesTable>();
  private readonly byName = new Map<string, VillagesTable>();
  private readonly created = new Map<string, NewVillage>();
  private readonly usedCodes = new Set<string>();
  private readonly defaultCounty: string;
  private readonly defaultTown: string;
  private seq = 0;

  constructor(lookups: ImportLookups) {
    const rows = lookups.villages();
    for (const v of rows) {
      this.byCode.set(v.code, v);
      this.byName.set(v.name.trim(), v);
      this.usedCodes.add(v.code);
    }
    // The registry's county and its usual town: the rules of shared/domain/village.ts.
    this.defaultCounty = registryCounty(rows) ?? '';
    this.defaultTown = usualTown(rows);
  }

  /** undefined: the file names no village and the household is not in the database. */
  resolve(h: FileHousehold, issues: Issues): { id: string } | { create: NewVillage } | undefined {
    const name = h.village.name?.trim() || null;
    const code = h.village.code && /^\d{6,15}$/.test(h.village.code) ? h.village.code : null;
    if (code && this.byCode.has(code)) return { id: this.byCode.get(code)!.id };
    if (!name) return undefined;
    const existing = this.byName.get(name);
    if (existing) return { id: existing.id };
    const key = code ?? name;
    const made = this.created.get(key) ?? this.created.get(name);
    if (made) return { create: made };
    const village = this.make(h, name, code);
    this.created.set(key, village);
    this.created.set(name, village);
    const col = columnName(h, 'household.villageName', '行政村');
    const how = code ? `村代码 ${village.code} 取自文件` : `文件中没有村代码，已自动生成村代码 ${village.code}，请在“行政村”页面核对`;
    issues.warn(h, col, `行政村“${name}”不在数据库中，导入时将新建该村（${how}${village.town === '' ? '' : `，所属乡镇：${village.town}`}）`);
    return { create: village };
  }

  private make(h: FileHousehold, name: string, code: string | null): NewVillage {
    const countyCode = (code ? countyOfVillageCode(code) : null) ?? (this.defaultCounty || h.members.find((m) => m.idNumber)?.idNumber?.slice(0, 6) || '000000');
    let generated = code;
    while (!generated || this.usedCodes.has(generated)) {
      this.seq++;
      // 999 in the town digits marks a code made up here, never one of the official ones.
      generated = `${countyCode}999${String(this.seq).padStart(3, '0')}`;
    }
    this.usedCodes.add(generated);
    return { id: uuidv7(), code: generated, name, town: h.village.town ?? this.defaultTown, countyCode };
  }
}

/**
 * Reconciles one household at a time, so the import can check, write and forget each household as
 * soon as all its rows have been read. Statements are prepared once for the whole file.
 */
export class Reconciler {
  private readonly villages: VillageResolver;
  private readonly lookups: ImportLookups;
  private readonly idNumberHolder: (idNumber: string) => IdNumberHolder | undefined;
  private readonly incomeYears: IncomeYears;

  constructor(
    store: Store,
    private readonly issues: Issues,
    private readonly ids: FileIds,
    incomeYear: FallbackIncomeYear,
  ) {
    this.lookups = queriesFor(store).importing.lookups();
    this.villages = new VillageResolver(this.lookups);
    this.idNumberHolder = idNumberHolderLookup(store);
    this.incomeYears = new IncomeYears(incomeYear, issues);
  }

  /** The income years the report shows: the fallback, and the households booked to each year. */
  incomeYearReport(): ImportIncomeYear {
    return this.incomeYears.report();
  }

  reconcile(h: FileHousehold): HouseholdChange {
    const issues = this.issues;
    const existing = this.lookups.householdByCode(h.hhCode);
    checkHeadsAndSize(h, issues, !existing);
    // 帮扶责任人 comes from the pairing, never from the file: a file that names someone else is told so.
    noteStatedHelper(h, existing ? this.lookups.helperOf(existing.id) : null, issues);

    const village = this.villages.resolve(h, issues);
    if (!village && !existing) {
      issues.error(h, columnName(h, 'household.villageName', '行政村'), `户编号 ${h.hhCode} 是新户，但没有填写所属行政村`, [h.hhCode]);
    }
    if (!existing) {
      for (const def of REQUIRED_FOR_NEW_HOUSEHOLD) {
        if (!(def.key in h.values)) issues.error(h, def.label, `户编号 ${h.hhCode} 是新户，文件中缺少“${def.label}”列`, [h.hhCode]);
      }
    }

    const members = reconcileMembers(h, existing, issues, this.idNumberHolder, this.lookups, this.ids);
    const villageRef = village ?? (existing ? { id: existing.villageId } : { id: '' });
    const values: Record<string, StoredValue | undefined> = { ...h.values };
    if ('id' in villageRef) values.villageId = villageRef.id;
    else values.villageId = villageRef.create.id;

    let income: HouseholdChange['income'] = null;
    if (h.income) {
      const year = this.incomeYears.yearOf(h, h.income);
      noteDeclaredDisagreement(h, issues);
      const values: Record<string, number | null> = { ...h.income.values };
      // Only a file with the 年人均纯收入 column says what was declared; an empty cell: nothing.
      if (h.income.declared !== undefined) values.declaredPerCapita = h.income.declared?.fen ?? null;
      const before = existing ? (this.lookups.incomeOf(existing.id, year) as unknown as Record<string, unknown> | undefined) : undefined;
      income = { existingId: (before?.id as string | undefined) ?? null, year, patch: changed(before, values) };
    }

    const patch = changed(existing as unknown as Record<string, unknown> | undefined, values);
    if (existing && typeof patch.exitStatus === 'string') noteExitStatusByFile(h, existing, patch, issues);
    return {
      file: h,
      existingId: existing?.id ?? null,
      village: villageRef,
      patch,
      members,
      income,
    };
  }
}

/**
 * 脱贫状态 changed by the file, not through 销号 (the national system's word is imported as it
 * stands): counted and told. A household the file makes poor again loses its 销号 day with it, so
 * the registry never shows a poor household with a 销号 date.
 */
function noteExitStatusByFile(h: FileHousehold, existing: HouseholdsTable, patch: Patch, issues: Issues): void {
  const label = (code: string) => codeLabel('exitStatus', code);
  if (isExited(patch.exitStatus as string) && !isExited(existing.exitStatus)) {
    issues.tally('exitStatus|out', h, '脱贫状态', (n) => `${n} 户的“脱贫状态”按文件改为已脱贫（首次在第 ${h.row} 行，户编号 ${h.hhCode}），未经“销号…”，没有销号日期和审核记录：如需补记，请选中该户办理`);
  } else if (!isExited(patch.exitStatus as string) && isExited(existing.exitStatus)) {
    if (existing.exitedOn) patch.exitedOn = null;
    issues.tally('exitStatus|back', h, '脱贫状态', (n) => `${n} 户的“脱贫状态”按文件由已脱贫改为“${label(patch.exitStatus as string)}”（首次在第 ${h.row} 行，户编号 ${h.hhCode}），其销号日期已清除`);
  }
}

/** What one reconciled household adds to the report's counts: kept per household, the change is not. */
export interface HouseholdTally {
  household: 'created' | 'updated' | 'unchanged';
  members: number;
  membersCreated: number;
  membersUpdated: number;
  membersUnchanged: number;
  incomeWritten: boolean;
  newVillage: NewVillage | null;
}

export function tallyOf(p: HouseholdChange): HouseholdTally {
  const t: HouseholdTally = {
    household: !p.existingId ? 'created' : Object.keys(p.patch).length > 0 ? 'updated' : 'unchanged',
    members: p.members.length,
    membersCreated: 0,
    membersUpdated: 0,
    membersUnchanged: 0,
    incomeWritten: !!p.income && (!p.income.existingId || Object.keys(p.income.patch).length > 0),
    newVillage: 'create' in p.village ? p.village.create : null,
  };
  for (const m of p.members) {
    if (!m.existingId) t.membersCreated++;
    else if (Object.keys(m.patch).length > 0) t.membersUpdated++;
    else t.membersUnchanged++;
  }
  return t;
}

function reconcileMembers(
  h: FileHousehold,
  existing: HouseholdsTable | undefined,
  issues: Issues,
  idNumberHolder: (idNumber: string) => IdNumberHolder | undefined,
  lookups: ImportLookups,
  ids: FileIds,
): MemberChange[] {
  const changes: MemberChange[] = [];
  const matchedIds = new Set<string>();
  for (const m of h.members) {
    if (!m.idNumber) continue;
    const db = idNumberHolder(m.idNumber);
    // A person twice in the file is reported as such; the other household may already be written
    // by this import, and is no conflict with the database.
    if (db && db.hhCode !== h.hhCode && !ids.isDuplicate(m.idNumber)) {
      issues.error(
        m,
        columnName(m, 'member.idNumber', '证件号码'),
        `证件号码 ${m.idNumber} 在数据库中已登记在${db.villageName}户编号 ${db.hhCode}（${db.name}），文件中又在${where(m)}：一个人只能属于一户`,
        [h.hhCode],
      );
      continue;
    }
    if (db && db.hhCode !== h.hhCode) continue;
    if (!db) {
      for (const def of REQUIRED_FOR_NEW_MEMBER) {
        if (m.values[def.key as MemberFieldKey] === undefined && !issues.badHouseholds.has(h.hhCode)) {
          issues.error(m, def.label, `文件中缺少“${def.label}”列，无法新增成员`, [h.hhCode]);
        }
      }
    }
    if (db) matchedIds.add(db.id);
    const values: Record<string, StoredValue | undefined> = { ...m.values };
    if (!db) Object.assign(values, { sex: m.sex, birthDate: m.birthDate });
    const patch = changed(db as unknown as Record<string, unknown> | undefined, values);
    changes.push({ file: m, existingId: db?.id ?? null, patch, leavesHead: isHeadRelation(db?.relation) && patch.relation !== undefined });
  }
  if (existing && h.members.length > 0) {
    const dbMembers = lookups.membersOf(existing.id);
    const fileHead = h.members.find((m) => isHeadRelation(m.values.relation));
    for (const d of dbMembers) {
      if (matchedIds.has(d.id)) continue;
      const col = columnName(h, 'member.idNumber', '证件号码');
      if (isHeadRelation(d.relation) && fileHead) {
        issues.error(fileHead, columnName(fileHead, 'member.relation', '与户主关系'), `户编号 ${h.hhCode} 在数据库中的户主“${d.name}”（${d.idNumber}）不在文件中，而文件另填了户主：请先在台账中更换户主`, [h.hhCode]);
      } else {
        issues.warn(h, col, `数据库中户编号 ${h.hhCode} 的成员“${d.name}”（${d.idNumber}）不在文件中：未删除，如已迁出请在台账中处理`);
      }
    }
  }
  return changes;
}

export interface FileCounts {
  rowsRead: number;
  householdsInFile: number;
  membersInFile: number;
}

/** skipped: households left out for their errors (counted only with onlyValid; see ImportStats). */
export function statsOf(file: FileCounts, good: Iterable<HouseholdTally>, skipped: number): ImportStats {
  const s: ImportStats = {
    ...file,
    householdsCreated: 0,
    householdsUpdated: 0,
    householdsUnchanged: 0,
    membersCreated: 0,
    membersUpdated: 0,
    membersUnchanged: 0,
    incomesWritten: 0,
    villagesCreated: 0,
    householdsSkipped: skipped,
  };
  const villages = new Set<string>();
  for (const t of good) {
    if (t.household === 'created') s.householdsCreated++;
    else if (t.household === 'updated') s.householdsUpdated++;
    else s.householdsUnchanged++;
    s.membersCreated += t.membersCreated;
    s.membersUpdated += t.membersUpdated;
    s.membersUnchanged += t.membersUnchanged;
    if (t.incomeWritten) s.incomesWritten++;
    if (t.newVillage) villages.add(t.newVillage.id);
  }
  s.villagesCreated = villages.size;
  return s;
}
