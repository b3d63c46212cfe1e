// Every IPC channel, declared once: its zod input schema and its output type. The router in main
// and the typed client in the renderer are both derived from this object.
import { z } from 'zod';
import type { FieldDef, FieldType } from './fields';
import { HOUSEHOLD_FIELDS, MEMBER_FIELDS } from './fields';
import { checkEdit, editSchema, editValueSchema, householdCodeSchema, type StoredValue } from './validation';
import { VILLAGE_FIELDS } from './domain/village';
import { codeValues } from './domain/codes';
import { gridPageSchema, gridPositionSchema, gridQuerySchema, gridValuesSchema, type GridPage, type GridValueCount } from './gridQuery';

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

/** A new village as main receives it: each field already turned into its stored value. */
export interface NewVillage {
  code: string;
  name: string;
  town: string;
  plannedExitYear: number | null;
}

/** One cell of a batch of edits ('grid.applyEdits'): text a clerk pasted, or a stored value (undo). */
export interface CellEdit {
  id: string;
  field: string;
  value: string | number | boolean | null;
}

/** A refused cell of a batch of edits: where it is and why, in Chinese. */
export interface CellEditProblem {
  /** The edit's place in the batch, from 0. */
  index: number;
  /** The record (household or member) the edit was for. */
  id: string;
  field: string;
  /** The column's Chinese name (the field itself when the grid has no such column). */
  label: string;
  message: string;
}

/** All the edits were applied in one transaction, or none was and every refused one is listed. */
export type ApplyEditsResult = { ok: true; applied: number } | { ok: false; problems: CellEditProblem[] };

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
  /** The window was locked (idle or by the clerk); only unlocking or closing is answered. */
  locked: boolean;
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

/** What one committed write changed: the tables, and its audit entries' sequence numbers. */
export interface DataChange {
  tables: string[];
  fromSeq: number;
  toSeq: number;
}

/** The rows a range of audit entries touched, so that a view refetches only those. */
export interface ChangedRows {
  /** More changes than are worth listing (an import): refetch the whole view instead. */
  truncated: boolean;
  /** Households written, and households whose members changed (their size or 户主 did). */
  households: { changed: string[]; removed: string[] };
  members: { changed: string[]; removed: string[] };
}

/** A grid's rows cross IPC as one JSON string: far faster than structured-cloning many objects. */
export interface JsonRows {
  json: string;
  count: number;
}

export type BackupReason = 'auto' | 'close' | 'manual' | 'before-restore' | 'before-migration';

export interface BackupEntry {
  file: string;
  createdAt: string;
  reason: BackupReason;
  /** null when the file cannot be reached (see unavailable) */
  size: number | null;
  households: number | null;
  people: number | null;
  /** why the backup cannot be restored (damaged, another database's), or null */
  problem: string | null;
  /** automatic: in the database's automatic-backup folder; chosen: a manual backup to a file the clerk chose */
  place: 'automatic' | 'chosen';
  /** a chosen file that cannot be reached now (removed, or its USB stick not plugged in): why; null when it is there */
  unavailable: string | null;
}

/** A backup file chosen to restore from, as main checked it: ours, complete, opened with this database's key. */
export interface BackupFileCheck {
  file: string;
  keyFile: string;
  size: number;
  modifiedAt: string;
  households: number;
  people: number;
}

export interface AppSettings {
  /** lock the window after this many idle minutes; 0 = never */
  autoLockMinutes: number;
  /** back up every this many minutes while there are changes; 0 = only on close */
  autoBackupMinutes: number;
}

/**
 * A 操作员: a person of the office who works on this database, named in the history of every
 * change made while they are the window's operator. Not an account (no password): the clerk picks
 * a name at unlock. Retired ones stay in old history but are not offered any more.
 */
export interface Operator {
  id: string;
  name: string;
  /** 科室; may be empty. */
  office: string;
  /** As the history shows the person: 张三（扶贫办）. */
  label: string;
  retired: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Progress {
  job: string;
  done: number;
  total: number;
  message: string;
  /** Set when the work runs as a background job (see 'import.start'). */
  jobId?: string;
}

/** One problem found in an imported file, placed as Excel shows it. */
export interface ImportIssue {
  sheet: string;
  /** 1-based, as Excel numbers the row (title rows included). */
  row: number;
  /** The column's header text as written in the file. */
  column: string;
  message: string;
}

export interface ImportStats {
  rowsRead: number;
  householdsInFile: number;
  membersInFile: number;
  householdsCreated: number;
  householdsUpdated: number;
  householdsUnchanged: number;
  membersCreated: number;
  membersUpdated: number;
  membersUnchanged: number;
  incomesWritten: number;
  villagesCreated: number;
  /** Households left out because they have errors (only with onlyValid). */
  householdsSkipped: number;
}

export interface ImportReport {
  /** true: nothing stands in the way (dry run) or the import was written. */
  ok: boolean;
  dryRun: boolean;
  onlyValid: boolean;
  /** Something was written to the database. */
  committed: boolean;
  /** Households (people) imported, or that would be imported by this dry run. */
  households: number;
  members: number;
  errors: ImportIssue[];
  warnings: ImportIssue[];
  /** Over IPC the lists are capped; these are the full counts. */
  errorCount: number;
  warningCount: number;
  stats: ImportStats;
  file: { path: string; format: 'xlsx' | 'xls' | 'csv'; encoding?: string; bytes: number };
}

export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface ImportJobState {
  jobId: string;
  status: JobStatus;
  progress: Progress | null;
  report: ImportReport | null;
  error: { code: string; message: string } | null;
}

export type ExportWhat = 'households' | 'members' | 'villages';

export interface HistoryEntry {
  seq: number;
  at: string;
  actor: string;
  action: 'insert' | 'update' | 'delete';
  field: string;
  fieldLabel: string;
  /** As the clerk sees the value: code labels, 是/否, yuan. */
  before: string;
  after: string;
  /**
   * For a record an import created: the file's name. Such a line stands for the import batch's one
   * audit entry (at, actor: the batch's) and reads 由导入新建：<文件名>，<时间>，<操作员>.
   */
  importedFrom?: string;
}

export interface QualityTarget {
  table: 'households' | 'members';
  id: string;
  hhCode: string;
  /** e.g. '张三（户主）' or '户编号 420115010201001' */
  label: string;
}

export interface QualityItem {
  message: string;
  targets: QualityTarget[];
}

export interface QualityCheck {
  /** missingRequired: households' required fields; missingRequiredMembers: people's (capped apart). */
  key: 'sameIdNumber' | 'sameNameBirth' | 'ageSchool' | 'ageRelation' | 'noHelper' | 'missingRequired' | 'missingRequiredMembers';
  title: string;
  items: QualityItem[];
  /** Items beyond the cap are counted, not listed. */
  total: number;
}

export interface QualityReport {
  at: string;
  /** Ages are computed on this date: the end of the registry's latest data year. */
  asOf: string;
  checks: QualityCheck[];
}

/**
 * SQLite's check of the open database, run in the background after opening (a quick_check, or the
 * weekly full integrity_check); shown in the status bar.
 * - idle: nothing running now (a check before opening may have passed: see lastPassedAt);
 * - checking: running now; passed: the last check found nothing;
 * - damaged: it found damage: every write is refused until a backup is restored;
 * - failed: the check could not run (problem says why); the database stays editable.
 */
export interface IntegrityStatus {
  state: 'idle' | 'checking' | 'passed' | 'damaged' | 'failed';
  /** The check running now or last run: quick (every open) or full (weekly). */
  kind: 'quick' | 'full' | null;
  /** When a check of this file last passed, ISO; null if none is recorded. */
  lastPassedAt: string | null;
  /** When the last full check passed, ISO. */
  lastFullPassedAt: string | null;
  problem: string | null;
}

// zod's own messages (for shapes no field rule covers) in Chinese, for the clerk who reads them.
z.config(z.locales.zhCN());

const empty = z.object({}).strict();
/** The most cells one 'grid.applyEdits' changes: a pasted block larger than this is refused whole. */
export const MAX_CELL_EDITS = 5000;
const uuid = z.uuid({ error: '记录编号无效' });
// Paths from the renderer must be absolute: a relative one would land wherever main happens to run.
const path = z
  .string({ error: '请填写文件路径' })
  .trim()
  .min(1, { error: '请填写文件路径' })
  .max(1024, { error: '文件路径过长' })
  // A NUL ends a path in C (SQLite, the OS would act on a shorter name than the one checked) and
  // no control character belongs in a file name: refused here, before main touches anything.
  .regex(/^[^\u0000-\u001f\u007f]*$/, { error: '文件路径中含有不允许的控制字符（如 NUL、换行），请重新填写或选择文件' })
  .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, { error: '请填写完整的文件路径（如 D:\\台账\\数据.fupin 或 /home/用户/数据.fupin）' });
/** Replace an existing file: only after the clerk confirmed it (the save dialog asks on FILE_EXISTS). */
const overwrite = z.boolean({ error: '覆盖选项应为是或否' }).optional();
const password = z.string({ error: '请输入密码' }).min(1, { error: '请输入密码' }).max(256, { error: '密码过长' });
const personName = z.string({ error: '请填写姓名' }).trim().min(1, { error: '请填写姓名' }).max(50, { error: '姓名不能超过50个字' });

// A 操作员's name and office: the history shows them, so no control characters (a newline would
// break the line they are shown on).
const operatorName = z
  .string({ error: '请填写操作员姓名' })
  .trim()
  .min(1, { error: '请填写操作员姓名' })
  .max(20, { error: '操作员姓名不能超过20个字' })
  .regex(/^[^\u0000-\u001f\u007f]*$/, { error: '操作员姓名中不能有换行等控制字符' });
const operatorOffice = z
  .string({ error: '科室应为文字' })
  .trim()
  .max(30, { error: '科室名称不能超过30个字' })
  .regex(/^[^\u0000-\u001f\u007f]*$/, { error: '科室名称中不能有换行等控制字符' });

/** The kinds of window the app opens; every request says which one it came from. */
export type WindowKind = 'main' | 'wall' | 'print';

/**
 * Who may call a channel, declared once per channel and applied by one wrapper in main
 * (main/ipc/access.ts).
 * - read: looks at data; write: changes data or writes files; session: opens, closes, locks.
 *   Only the clerk's main window may write or change the session; a print window may read.
 * - whileLocked: still answered while the clerk's window is locked (unlocking, closing).
 * - personal: the answer holds personal data (names, ID numbers, phones, bank accounts).
 * - wall: an aggregate with no personal data that the wall display may show; it keeps answering
 *   while the clerk's window is locked. A wall window may call nothing else.
 */
export interface ChannelAccess {
  kind: 'read' | 'write' | 'session';
  whileLocked?: boolean;
  personal?: boolean;
  wall?: boolean;
}

const READ: ChannelAccess = { kind: 'read' };
const READ_PERSONAL: ChannelAccess = { kind: 'read', personal: true };
const WALL: ChannelAccess = { kind: 'read', wall: true };
const WRITE: ChannelAccess = { kind: 'write' };
const WRITE_PERSONAL: ChannelAccess = { kind: 'write', personal: true };
const SESSION: ChannelAccess = { kind: 'session' };
const SESSION_WHILE_LOCKED: ChannelAccess = { kind: 'session', whileLocked: true };

/** Declares a channel: returns(output type)(input schema, access); the output is a phantom for the client. */
function returns<O>() {
  return <I extends z.ZodType>(input: I, access: ChannelAccess): { input: I; access: ChannelAccess; output?: O } => ({ input, access });
}

export const contract = {
  'app.info': returns<AppInfo>()(empty, { kind: 'read', whileLocked: true }),
  /** The recovery code is returned once, here, and never again. */
  'db.create': returns<DbInfo & { recoveryCode: string }>()(z.object({ path, password }).strict(), SESSION),
  /** Forgotten password: the recovery code unlocks the key, the new password replaces the old. */
  'db.recover': returns<DbInfo>()(z.object({ path, recoveryCode: z.string({ error: '请输入恢复码' }).trim().min(1, { error: '请输入恢复码' }).max(100), newPassword: password }).strict(), SESSION),
  'security.changePassword': returns<null>()(z.object({ oldPassword: password, newPassword: password }).strict(), WRITE),
  /** Locks the session: main refuses every data channel until security.verifyPassword succeeds. */
  'security.lock': returns<null>()(empty, SESSION_WHILE_LOCKED),
  /** Unlocks the window after the idle lock; the database itself stays open. */
  'security.verifyPassword': returns<null>()(z.object({ password }).strict(), SESSION_WHILE_LOCKED),
  'settings.get': returns<AppSettings>()(empty, READ),
  'settings.set': returns<AppSettings>()(
    z
      .object({
        autoLockMinutes: z.number({ error: '自动锁定时间应为分钟数' }).int({ error: '自动锁定时间应为整数分钟' }).min(0, { error: '自动锁定时间不能为负' }).max(240, { error: '自动锁定时间不能超过240分钟' }).optional(),
        autoBackupMinutes: z.number({ error: '自动备份间隔应为分钟数' }).int({ error: '自动备份间隔应为整数分钟' }).min(0, { error: '自动备份间隔不能为负' }).max(1440, { error: '自动备份间隔不能超过1440分钟' }).optional(),
      })
      .strict(),
    WRITE,
  ),
  /** Every 操作员 of the open database, retired ones included (they are marked), in the order added. */
  'operators.list': returns<Operator[]>()(empty, READ),
  'operators.add': returns<Operator>()(z.object({ name: operatorName, office: operatorOffice }).strict(), WRITE),
  /** A new name or office; the history keeps the one each change was made under. */
  'operators.rename': returns<Operator>()(z.object({ id: uuid, name: operatorName, office: operatorOffice }).strict(), WRITE),
  /** Not offered any more at unlock; stays named in old history. */
  'operators.retire': returns<Operator>()(z.object({ id: uuid }).strict(), WRITE),
  /** The window's operator from now on: the actor of every write it makes (chosen at unlock). */
  'operators.choose': returns<Operator>()(z.object({ id: uuid }).strict(), SESSION),
  /** The operator this window chose, or null (then writes are recorded under this PC's login). */
  'operators.current': returns<Operator | null>()(empty, READ),
  /** For a database that will not open (damaged): its backups, and restoring one of them. */
  'db.backupsOf': returns<BackupEntry[]>()(z.object({ path, password }).strict(), SESSION),
  'db.restoreClosed': returns<DbInfo & { safetyBackup: string }>()(z.object({ path, password, file: path }).strict(), SESSION),
  'backup.list': returns<BackupEntry[]>()(empty, READ),
  /** A manual backup to a chosen file (a USB stick); its key file is written beside it. */
  /** overwrite: the clerk confirmed replacing an existing file (main answers FILE_EXISTS otherwise). */
  'backup.create': returns<{ path: string }>()(z.object({ path, overwrite }).strict(), WRITE),
  /** Restores a listed backup; the current state is backed up first so the restore can be undone. */
  'backup.restore': returns<{ restoredFrom: string; safetyBackup: string }>()(z.object({ file: path }).strict(), WRITE),
  /** 从文件恢复…: checks a backup file from any folder (its key file beside it) before it is restored with 'backup.restore'. */
  'backup.check': returns<BackupFileCheck>()(z.object({ file: path }).strict(), READ),
  /** Takes a manual backup that is no longer wanted (or whose USB stick is gone for good) off the list; the file is not touched. */
  'backup.forget': returns<null>()(z.object({ file: path }).strict(), WRITE),
  'db.open': returns<DbInfo>()(z.object({ path, password }).strict(), SESSION),
  /** Creates the fictitious demo database at its fixed place if it is not there yet. */
  'db.prepareDemo': returns<{ path: string; created: boolean }>()(empty, SESSION),
  'db.close': returns<null>()(empty, SESSION_WHILE_LOCKED),
  /** A native file dialog (Electron only); kind chooses the file-type filter. */
  'db.pickPath': returns<string | null>()(z.object({ mode: z.enum(['open', 'save']), kind: z.enum(['database', 'spreadsheet']).optional() }).strict(), SESSION),
  'stats.get': returns<Stats>()(empty, WALL),
  'villages.list': returns<VillageRow[]>()(empty, WALL),
  /** A new 行政村; its code is checked in main (12 digits, in the registry's county, unused). */
  'villages.create': returns<VillageRow>()(villageCreateInput(), WRITE),
  /** An in-place edit of one of a village's fields (VILLAGE_FIELDS), checked as a new village is. */
  'villages.update': returns<VillageRow>()(editSchema(VILLAGE_FIELDS), WRITE),
  /** The county the registry covers (its villages' county code); null while it has no village. */
  'villages.county': returns<{ countyCode: string | null }>()(empty, READ),
  'units.list': returns<UnitRow[]>()(empty, READ_PERSONAL),
  'teams.list': returns<TeamRow[]>()(empty, READ_PERSONAL),
  'cadres.list': returns<CadreRow[]>()(empty, READ_PERSONAL),
  'households.list': returns<JsonRows>()(householdsListInput(), READ_PERSONAL),
  'households.create': returns<HouseholdRow>()(householdCreateInput(), WRITE_PERSONAL),
  'households.update': returns<HouseholdRow>()(editSchema(HOUSEHOLD_FIELDS), WRITE_PERSONAL),
  'households.remove': returns<null>()(z.object({ id: uuid }).strict(), WRITE),
  'members.list': returns<JsonRows>()(membersListInput(), READ_PERSONAL),
  'members.create': returns<MemberRow>()(memberCreateInput(), WRITE_PERSONAL),
  'members.update': returns<MemberRow>()(editSchema(MEMBER_FIELDS), WRITE_PERSONAL),
  'members.remove': returns<null>()(z.object({ id: uuid }).strict(), WRITE),
  'members.makeHead': returns<MemberRow>()(
    z.object({ id: uuid, formerHeadRelation: z.enum(codeValues('relation'), { error: '请选择原户主的新关系' }) }).strict(),
    WRITE_PERSONAL,
  ),
  /**
   * Several cells of one grid in one audited transaction (a block pasted from Excel/WPS, an undo).
   * Each is checked as 'households.update' / 'members.update' checks one; if any is refused nothing
   * is applied and the answer lists every refused cell (an answer, not an error).
   */
  'grid.applyEdits': returns<ApplyEditsResult>()(applyEditsInput(), WRITE_PERSONAL),
  /** Households by id, in the grid's row form: a grid refreshes just the rows a change touched. */
  'households.get': returns<JsonRows>()(z.object({ ids: z.array(uuid).max(5000, { error: '一次最多读取5000户' }) }).strict(), READ_PERSONAL),
  'members.get': returns<JsonRows>()(z.object({ ids: z.array(uuid).max(5000, { error: '一次最多读取5000人' }) }).strict(), READ_PERSONAL),
  /** A block of a SQL-backed grid's rows (Infinite Row Model), filtered, searched and sorted in SQL; totals with the first block. */
  'grid.page': returns<GridPage>()(gridPageSchema, READ_PERSONAL),
  /** A code or 是/否 column's labels with their row counts under the rest of the grid's query (the set filter's list). */
  'grid.values': returns<GridValueCount[]>()(gridValuesSchema, READ_PERSONAL),
  /** A row's index in a grid's query, or null when the query leaves it out. */
  'grid.position': returns<{ index: number | null }>()(gridPositionSchema, READ),
  /** Which households and members the audit entries fromSeq…toSeq touched (ids only). */
  'changes.list': returns<ChangedRows>()(
    z.object({ fromSeq: z.number().int().min(1), toSeq: z.number().int().min(1) }).strict().refine((r) => r.toSeq >= r.fromSeq, { error: '变更序号范围无效' }),
    READ,
  ),
  // ---- import / export / history / data quality ----
  /**
   * Starts reading a file in the background; progress comes as 'job.progress' with this jobId.
   * backup: where the automatic backup taken before an import that writes went (null for a dry run);
   * if that backup fails, the import is refused and nothing is written.
   */
  'import.start': returns<{ jobId: string; backup: string | null }>()(
    z.object({ path, dryRun: z.boolean({ error: '请说明是否仅检查（dryRun）' }), onlyValid: z.boolean({ error: '请说明是否只导入无错误的户（onlyValid）' }) }).strict(),
    WRITE,
  ),
  /** Stops a running import; nothing is written. false when the job had already finished. */
  'import.cancel': returns<{ cancelled: boolean }>()(z.object({ jobId: z.uuid({ error: '任务编号无效' }) }).strict(), WRITE),
  /** The state of an import job: running (with progress), or its report (dry run or import), or its error. */
  'import.result': returns<ImportJobState>()(z.object({ jobId: z.uuid({ error: '任务编号无效' }) }).strict(), READ_PERSONAL),
  /** Writes the blank import template (sheets 贫困户 and 家庭成员) to the chosen path. */
  'import.template': returns<{ path: string }>()(z.object({ path, overwrite }).strict(), WRITE),
  /** Exports what a grid shows: its rows in its order (rowIds) and its visible columns (field keys). */
  'export.grid': returns<{ path: string; rows: number }>()(
    z
      .object({
        what: z.enum(['households', 'members', 'villages'], { error: '导出内容应为 households、members 或 villages' }),
        path,
        rowIds: z.array(z.uuid({ error: '记录编号无效' })).max(1_000_000).optional(),
        /** households, members: the grid's query instead of its rows (a SQL-backed grid never holds them all). */
        query: gridQuerySchema.optional(),
        columns: z.array(z.string().min(1).max(64)).max(200).optional(),
        overwrite,
      })
      .strict(),
    WRITE,
  ),
  /**
   * A list the clerk sees as a file (.xlsx or .csv as typed): an import's error list, a data-quality
   * list, the units, teams or cadres. The rows are the list's cells as shown.
   */
  'export.table': returns<{ path: string; rows: number }>()(
    z
      .object({
        title: z.string().min(1).max(60, { error: '标题过长' }),
        path,
        columns: z
          .array(z.object({ label: z.string().min(1).max(60), digits: z.boolean().optional() }).strict())
          .min(1)
          .max(60, { error: '一次最多导出60列' }),
        rows: z.array(z.array(z.union([z.string().max(2000), z.number().finite(), z.null()])).max(60)).max(100_000, { error: '一次最多导出10万行' }),
        overwrite,
      })
      .strict(),
    WRITE,
  ),
  /** A household's or member's change history, oldest first, values as the clerk sees them. */
  'history.get': returns<HistoryEntry[]>()(z.object({ table: z.enum(['households', 'members'], { error: '只能查看贫困户或成员的修改记录' }), id: uuid }).strict(), READ_PERSONAL),
  /** The data-quality lists, each item with the records it concerns. */
  'quality.run': returns<QualityReport>()(empty, READ_PERSONAL),
  /** The background integrity check of the open database: running, passed (when), or damage found. */
  'integrity.status': returns<IntegrityStatus>()(empty, READ),
};

// Declared as functions (hoisted) so the contract object above reads as a table of channels.
function householdsListInput() {
  return z.object({ villageId: uuid.optional() }).strict();
}
function householdCreateInput() {
  return z
    .object({
      villageId: uuid,
      hhCode: householdCodeSchema.optional(),
      category: z.enum(codeValues('householdCategory'), { error: '请选择贫困户属性' }),
      headName: personName,
      headIdNumber: z.string({ error: '请填写户主证件号码' }).max(40),
    })
    .strict();
}
function villageCreateInput() {
  const label = (key: string) => VILLAGE_FIELDS.find((f) => f.key === key)!.label;
  const text = (key: string) => z.string({ error: `请填写${label(key)}` }).max(200, { error: `${label(key)}不能超过200个字` });
  return z
    .object({
      code: text('code'),
      name: text('name'),
      town: text('town'),
      plannedExitYear: z.union([z.number(), text('plannedExitYear'), z.null()], { error: `${label('plannedExitYear')}应为年份` }).optional(),
    })
    .strict()
    .transform((input, ctx): NewVillage => {
      // Each field as an in-place edit of it would be taken (validation.ts checkEdit).
      const values: Record<string, StoredValue> = {};
      let refused = false;
      for (const { key } of VILLAGE_FIELDS) {
        const r = checkEdit(VILLAGE_FIELDS, key, input[key]);
        if (r.ok) values[key] = r.value;
        else {
          refused = true;
          ctx.addIssue({ code: 'custom', path: [key], message: `${r.label}：${r.message}` });
        }
      }
      return refused ? z.NEVER : (values as unknown as NewVillage);
    });
}
function applyEditsInput() {
  const edit = z
    .object({
      id: uuid,
      field: z.string({ error: '请指明要修改的列' }).min(1, { error: '请指明要修改的列' }).max(64, { error: '列名过长' }),
      // Checked per edit by the field's rule, so that every refused cell can be listed.
      value: editValueSchema,
    })
    .strict();
  return z
    .object({
      grid: z.enum(['households', 'members'], { error: '表格应为 households 或 members' }),
      edits: z
        .array(edit, { error: '请提供要修改的单元格' })
        .min(1, { error: '没有要修改的单元格' })
        .max(MAX_CELL_EDITS, { error: `一次最多修改${MAX_CELL_EDITS}个单元格` }),
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
  /** Published by the write path after each commit, to every window. */
  'data.changed': DataChange;
  /** The database was opened, closed, restored, or the clerk's window locked or unlocked. */
  'session.changed': { reason: 'opened' | 'closed' | 'restored' | 'locked' | 'unlocked'; db: DbInfo | null; locked: boolean };
  /** A background job ended; fetch its outcome with 'import.result'. */
  'job.finished': { jobId: string; job: string; status: JobStatus };
  /** The background integrity check started, passed, failed or found damage (then writes are refused). */
  'integrity.changed': IntegrityStatus;
}
export type EventName = keyof Events;
/** Something that delivers events: main broadcasts them to every window. */
export type EventSink = <E extends EventName>(event: E, payload: Events[E]) => void;

export const CHANNELS = Object.keys(contract) as Channel[];

/** The shape the preload exposes as window.api (and the Chromium bridge defines identically). */
export interface PreloadApi {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
