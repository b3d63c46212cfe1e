// Every IPC channel, declared once: its zod input schema and its output type. The router in main
// and the typed client in the renderer are both derived from this object.
import { z } from 'zod';
import type { FieldDef, FieldType } from './fields';
import { HOUSEHOLD_FIELDS, MEMBER_FIELDS } from './fields';
import { editSchema } from './validation';
import { codeValues } from './domain/codes';

type ValueOfType = {
  text: string | null;
  code: string | null;
  codes: string | null;
  int: number | null;
  decimal: number | null;
  bool: boolean;
  date: string | null;
  year: number | null;
  idNumber: string | null;
  phone: string | null;
  bankAccount: string | null;
};
type RowOf<F extends readonly FieldDef[]> = { [D in F[number] as D['key']]: ValueOfType[D['type'] & FieldType] };

export type HouseholdRow = { id: string; villageId: string; updatedAt: string } & RowOf<typeof HOUSEHOLD_FIELDS>;
export type MemberRow = { id: string; householdId: string; villageId: string; updatedAt: string } & RowOf<typeof MEMBER_FIELDS>;

export interface CategoryCount {
  households: number;
  people: number;
}
export interface Stats {
  villages: number;
  units: number;
  teams: number;
  cadres: number;
  households: number;
  people: number;
  byCategory: { general: CategoryCount; dibao: CategoryCount; wubao: CategoryCount };
}

export interface DbInfo {
  path: string;
  demo: boolean;
  schemaVersion: number;
}

export interface AppInfo {
  version: string;
  db: DbInfo | null;
  demoPath: string;
  demoPassword: string;
  demoExists: boolean;
  recent: string[];
  canPickFiles: boolean;
}

export interface VillageRow {
  id: string;
  code: string;
  name: string;
  town: string;
  teamName: string | null;
  leadUnitName: string | null;
  households: number;
  people: number;
  exitedHouseholds: number;
  plannedExitYear: number | null;
}

export interface UnitRow {
  id: string;
  name: string;
  kind: string | null;
  headName: string | null;
  teamName: string | null;
  villageName: string | null;
  isLead: boolean;
  cadres: number;
}

export interface TeamRow {
  id: string;
  name: string;
  villageName: string;
  leadUnitName: string;
  unitNames: string;
  unitCount: number;
  firstSecretary: string | null;
  cadres: number;
  households: number;
}

export interface CadreRow {
  id: string;
  name: string;
  role: string;
  unitName: string;
  teamName: string | null;
  phone: string | null;
  households: number;
}

/** A grid's rows cross IPC as one JSON string: far faster than structured-cloning many objects. */
export interface JsonRows {
  json: string;
  count: number;
}

export interface Progress {
  job: string;
  done: number;
  total: number;
  message: string;
}

const empty = z.object({}).strict();
const uuid = z.uuid({ error: '记录编号无效' });
const path = z.string({ error: '请填写文件路径' }).trim().min(1, { error: '请填写文件路径' }).max(1024, { error: '文件路径过长' });
const password = z.string({ error: '请输入密码' }).min(1, { error: '请输入密码' }).max(256, { error: '密码过长' });
const personName = z.string({ error: '请填写姓名' }).trim().min(1, { error: '请填写姓名' }).max(50, { error: '姓名不能超过50个字' });

/** Declares a channel: returns(output type)(input schema); the output is a phantom for the client. */
function returns<O>() {
  return <I extends z.ZodType>(input: I): { input: I; output?: O } => ({ input });
}

export const contract = {
  'app.info': returns<AppInfo>()(empty),
  'db.create': returns<DbInfo>()(z.object({ path, password }).strict()),
  'db.open': returns<DbInfo>()(z.object({ path, password }).strict()),
  /** Creates the fictitious demo database at its fixed place if it is not there yet. */
  'db.prepareDemo': returns<{ path: string; created: boolean }>()(empty),
  'db.close': returns<null>()(empty),
  'db.pickPath': returns<string | null>()(z.object({ mode: z.enum(['open', 'save']) }).strict()),
  'stats.get': returns<Stats>()(empty),
  'villages.list': returns<VillageRow[]>()(empty),
  'units.list': returns<UnitRow[]>()(empty),
  'teams.list': returns<TeamRow[]>()(empty),
  'cadres.list': returns<CadreRow[]>()(empty),
  'households.list': returns<JsonRows>()(householdsListInput()),
  'households.create': returns<HouseholdRow>()(householdCreateInput()),
  'households.update': returns<HouseholdRow>()(editSchema(HOUSEHOLD_FIELDS)),
  'households.remove': returns<null>()(z.object({ id: uuid }).strict()),
  'members.list': returns<JsonRows>()(membersListInput()),
  'members.create': returns<MemberRow>()(memberCreateInput()),
  'members.update': returns<MemberRow>()(editSchema(MEMBER_FIELDS)),
  'members.remove': returns<null>()(z.object({ id: uuid }).strict()),
  'members.makeHead': returns<MemberRow>()(
    z.object({ id: uuid, formerHeadRelation: z.enum(codeValues('relation'), { error: '请选择原户主的新关系' }) }).strict(),
  ),
};

// Declared as functions (hoisted) so the contract object above reads as a table of channels.
function householdsListInput() {
  return z.object({ villageId: uuid.optional() }).strict();
}
function householdCreateInput() {
  return z
    .object({
      villageId: uuid,
      hhCode: z.string().trim().regex(/^\d{6,30}$/, { error: '户编号应为6至30位数字' }).optional(),
      category: z.enum(codeValues('householdCategory'), { error: '请选择贫困户属性' }),
      headName: personName,
      headIdNumber: z.string({ error: '请填写户主证件号码' }).max(40),
    })
    .strict();
}
function membersListInput() {
  return z.object({ householdId: uuid.optional() }).strict();
}
function memberCreateInput() {
  return z
    .object({
      householdId: uuid,
      name: personName,
      idNumber: z.string({ error: '请填写证件号码' }).max(40),
      relation: z.enum(codeValues('relation'), { error: '请选择与户主关系' }),
    })
    .strict();
}

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>;
export type OutputOf<C extends Channel> = Exclude<Contract[C]['output'], undefined>;

/** Events main sends to the renderer. */
export interface Events {
  'job.progress': Progress;
  'data.changed': { tables: string[] };
}
export type EventName = keyof Events;

export const CHANNELS = Object.keys(contract) as Channel[];

/** The shape the preload exposes as window.api (and the Chromium bridge defines identically). */
export interface PreloadApi {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
