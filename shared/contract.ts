// Every IPC channel, declared once: its zod input schema and its output type. The router in main
// and the typed client in the renderer are both derived from this object.
import { z } from 'zod';
import type { FieldDef, FieldType } from './fields';
import { HOUSEHOLD_FIELDS, INCOME_FIELDS, MEMBER_FIELDS } from './fields';
import { checkEdit, editSchema, editValueSchema, householdCodeSchema, type StoredValue } from './validation';
import { VILLAGE_FIELDS } from './domain/village';
import { CADRE_FIELDS, TEAM_FIELDS, UNIT_FIELDS } from './domain/org';
import type { PlanCheck, PlanQuotas } from './domain/plan';
import { NINE_HAVES, type NineHaveKey } from './domain/exitCriteria';
import { codeValues } from './domain/codes';
import { INCOME_COMPONENT_KEYS, type IncomeComponentKey } from './domain/income';
import { YEAR_MAX, YEAR_MIN, yearRangeMessage } from './domain/dataYear';
import { LETTER_LEVELS, TEMPLATE_MAX_CHARS, type LetterBlock, type LetterLevel, type PlaceholderDef, type TemplateProblem } from './domain/letters';
import { POSTING_KINDS, VOUCHER_NO_MAX, VOUCHER_NO_TOO_LONG, type AccountKind, type LedgerKind, type PostingKind } from './domain/ledger';
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


/** The kinds of file the native dialogs pick (main/shell/dialogs.ts): their type filters; a folder for per-file exports. */
export const PICK_KINDS = ['database', 'spreadsheet', 'image', 'pdf', 'docx', 'folder'] as const;
export type PickKind = (typeof PICK_KINDS)[number];
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
  /** The day the village went out (出列), null while it has not. */
  exitedOn: string | null;
}

/** One year's figures for the exit plan and its criteria; money in integer fen, null while not set. */
export interface CampaignYear {
  year: number;
  /** 市定扶贫标准: yuan per person per year, in fen. */
  povertyLineFen: number | null;
  /** The district's rural per-capita income (全区农村居民人均可支配收入). */
  districtIncomeFen: number | null;
  /** The province's rural per-capita income (全省农村居民人均可支配收入). */
  provincialIncomeFen: number | null;
}

/** The plan's settings: figures per year and the exit quotas (percent per plan year). */
export interface CampaignSettings {
  years: CampaignYear[];
  planYears: number[];
  peoplePercents: number[];
  villagePercents: number[];
}

/** The plan as it stands: the quotas from the settings, checked against the planned years. */
export interface PlanOverview {
  campaign: CampaignSettings;
  totals: { households: number; people: number; villages: number };
  quotas: PlanQuotas;
  roundingRule: string;
  check: PlanCheck;
  /** Names of the villages the check mentions, by id. */
  villageNames: Record<string, string>;
}

/** One household the auto-planner moves to another year. */
export interface PlanHouseholdChange {
  id: string;
  hhCode: string;
  villageName: string;
  headName: string | null;
  people: number;
  difficulty: number;
  from: number | null;
  to: number;
}

/**
 * The auto-planner's proposal, as a difference from the current plan. ok false: the quotas cannot
 * be met, message says which constraint blocks it, and there is no plan. token: what 'plan.apply'
 * applies, refused if the registry changed meanwhile.
 */
export interface PlanProposal {
  ok: boolean;
  message: string | null;
  constraint: string | null;
  token: string | null;
  /** The income year the scores use and that year's poverty line (null: not set). */
  baseYear: number;
  povertyLineFen: number | null;
  /** The proposed plan checked against the quotas (null when infeasible). */
  after: PlanCheck | null;
  householdsChanged: number;
  peopleChanged: number;
  /** Moves summed up: from year → to year. */
  moves: { from: number | null; to: number; households: number; people: number }[];
  /** The changed households, easiest first (at most PLAN_CHANGES_SHOWN). */
  householdChanges: PlanHouseholdChange[];
  villageChanges: { id: string; code: string; name: string; from: number | null; to: number }[];
  difficultyRules: readonly { part: string; text: string }[];
}

/** How many changed households a proposal lists (the counts cover them all). */
export const PLAN_CHANGES_SHOWN = 2000;

// ---- 挂图作战: the battle map and the wall display (aggregates only, no personal data) ----

/** A count of households and of the people in them. */
export interface HouseholdsPeople {
  households: number;
  people: number;
}

/** A village on the battle board: 已出列 / 按计划 / 滞后 (its planned year passed without 出列) / 未安排 (no planned year). */
export type BattleVillageStatus = 'exited' | 'onPlan' | 'behind' | 'unplanned';

export interface BattleVillage {
  id: string;
  code: string;
  name: string;
  teamName: string | null;
  plannedExitYear: number | null;
  /** The day it went out (出列); null while it has not. */
  exitedOn: string | null;
  status: BattleVillageStatus;
  /** All its poor households and people, and those exited (脱贫状态 exited, whatever the date). */
  total: HouseholdsPeople;
  exited: HouseholdsPeople;
  /** Per plan year (in BattleOverview.planYears' order): planned (计划年度 that year) and achieved (销号 that year). */
  years: { year: number; planned: HouseholdsPeople; achieved: HouseholdsPeople }[];
}

/** One plan year: its quotas (people, villages), what is planned for it and what was achieved in it. */
export interface BattleYear {
  year: number;
  quotaPeople: number;
  quotaVillages: number;
  planned: HouseholdsPeople;
  plannedVillages: number;
  achieved: HouseholdsPeople;
  achievedVillages: number;
}

/**
 * The countdown to the end of the current plan year (距离完成年度脱贫任务还剩 N 天):
 * running: today is in a plan year (daysLeft to its 12-31); before: the campaign has not started
 * (daysLeft to the end of its first year); ended: today is after its last year.
 */
export interface BattleCountdown {
  state: 'before' | 'running' | 'ended';
  year: number;
  daysLeft: number | null;
  text: string;
}

export interface BattleOverview {
  /** The local date the figures and the statuses are for. */
  asOf: string;
  planYears: number[];
  figures: {
    total: HouseholdsPeople;
    exited: HouseholdsPeople;
    remaining: HouseholdsPeople;
    villages: number;
    exitedVillages: number;
    /** exited people ÷ all people, in percent with one decimal; null without people. */
    exitRate: number | null;
  };
  countdown: BattleCountdown;
  /** 扶贫资金 per campaign year (the ledger's aggregates, fen): pledged, received, allocated, spent. */
  funds: FundsYear[];
  years: BattleYear[];
  villages: BattleVillage[];
  /**
   * People struck off (销号) by month (YYYY-MM), from January of the first plan year to December of
   * the last (or a later month with exits, up to today's), with the running total (null after today).
   */
  months: { month: string; people: number; cumulative: number | null }[];
  /** The cumulative people quota at each plan year's end (planQuotas), for the curve's 计划 line. */
  quotaLine: { month: string; cumulative: number }[];
  /** Per work team (one per village): people planned in the plan years, exited people, their ratio (percent, null without planned people). */
  teams: { name: string; villageName: string; plannedPeople: number; exitedPeople: number; rate: number | null }[];
  /** Households and people not exited, by 主要致贫原因 (code and label; null code: not recorded), largest first. */
  causes: { cause: string | null; label: string; households: number; people: number }[];
  /** How long the wall shows each view (the wall cannot read the settings). */
  wallRotateSeconds: number;
}

/** The largest PNG data URL 'image.save' takes (characters; ≈ 18 MB of image). */
export const MAX_IMAGE_DATA_URL_CHARS = 24_000_000;

/** One 销号/出列, its undoing or a 返贫, as recorded. */
export interface ExitEvent {
  id: string;
  kind: 'exit' | 'undo' | 'returned';
  happenedOn: string;
  reviewer: string | null;
  evidence: string | null;
  reason: string | null;
  /** Why the exit was made although some criteria did not pass (null: all passed). */
  overrideReason: string | null;
  /** The criteria that did not pass then. */
  unmet: string[];
  recordedAt: string;
}

/** One exit criterion and what it found or still misses (shared/domain/exitCriteria.ts). */
export interface ExitCriterion {
  key: string;
  label: string;
  passed: boolean;
  detail: string;
}

/** A household's 销号 state: its criteria as on a day, and its history. */
export interface HouseholdExitView {
  id: string;
  hhCode: string;
  headName: string | null;
  villageName: string;
  exitStatus: string;
  exitedOn: string | null;
  villageExitedOn: string | null;
  /** The day the criteria are judged for. */
  on: string;
  criteria: ExitCriterion[];
  events: ExitEvent[];
}

/** A village's 出列 state: its facts of the judged year, its criteria and its history. */
export interface VillageExitView {
  id: string;
  code: string;
  name: string;
  plannedExitYear: number | null;
  exitedOn: string | null;
  on: string;
  facts: { year: number; perCapitaIncomeFen: number | null; collectiveIncomeFen: number | null; haves: Record<NineHaveKey, boolean> };
  criteria: ExitCriterion[];
  events: ExitEvent[];
}

/** What 出列 is judged on, entered for the year of the day `on`. */
export interface VillageExitFacts {
  villageId: string;
  on: string;
  perCapitaIncomeFen: number | null;
  collectiveIncomeFen: number | null;
  haves: Record<NineHaveKey, boolean>;
}

export interface UnitRow {
  id: string;
  name: string;
  kind: string | null;
  headName: string | null;
  phone: string | null;
  /** The team the unit dispatches to (one at most), null while none. */
  teamId: string | null;
  teamName: string | null;
  villageName: string | null;
  isLead: boolean;
  cadres: number;
}

export interface TeamRow {
  id: string;
  name: string;
  villageId: string;
  villageName: string;
  leadUnitId: string;
  leadUnitName: string;
  unitNames: string;
  unitCount: number;
  firstSecretaryId: string | null;
  firstSecretary: string | null;
  cadres: number;
  households: number;
}

export interface CadreRow {
  id: string;
  name: string;
  role: string;
  title: string | null;
  unitId: string;
  unitName: string;
  teamId: string | null;
  teamName: string | null;
  /** The village the cadre's team is stationed in. */
  villageName: string | null;
  phone: string | null;
  duty: string | null;
  households: number;
}

/** New records of the 组织 page, each field already turned into its stored value (shared/domain/org.ts). */
export interface NewUnit {
  name: string;
  kind: string | null;
  headName: string | null;
  phone: string | null;
}
export interface NewTeam {
  name: string;
  villageId: string;
  leadUnitId: string;
}
export interface NewCadre {
  name: string;
  role: string;
  title: string | null;
  phone: string | null;
  duty: string | null;
  unitId: string;
  teamId: string | null;
}

/** A household of a team's village with its helper (帮扶责任人), as the pairing grid shows it. */
export interface PairingRow {
  /** The household's id. */
  id: string;
  hhCode: string;
  headName: string | null;
  size: number;
  category: string;
  exitStatus: string;
  /** Not exited (shared/domain/exitStatus.ts): a household that must have a helper. */
  poor: boolean;
  cadreId: string | null;
  cadreName: string | null;
  /** The helper's team; another team's or null while the pairing breaks the village rule. */
  cadreTeamId: string | null;
}

/** One household's incomes of one year, as the 收入 grid shows them; money in integer fen. */
export type IncomeGridRow = {
  householdId: string;
  hhCode: string;
  villageName: string;
  headName: string | null;
  size: number;
  year: number;
  /** null: the household has no incomes row for the year yet (its components are null then). */
  incomeId: string | null;
  /** 申报的年人均纯收入; null when none was declared. */
  declaredPerCapita: number | null;
  /** perCapitaNetFen of the components; null without components (or without people). */
  computedPerCapita: number | null;
  /** declared − computed when it exceeds DECLARED_INCOME_TOLERANCE_FEN (a data-quality finding); else null. */
  gapFen: number | null;
} & { [K in IncomeComponentKey]: number | null };

/** The years with incomes rows (oldest first) and the year the 收入 page opens on: the registry's data year. */
export interface IncomeYears {
  years: number[];
  defaultYear: number;
}

/** What the 收入 grid edits: the eleven components and the declared per-capita figure. */
export const INCOME_EDIT_FIELDS = [...INCOME_COMPONENT_KEYS, 'declaredPerCapita'] as const;
export type IncomeEditField = (typeof INCOME_EDIT_FIELDS)[number];
/** The largest figure an incomes field takes: 10亿元, in fen. */
export const MAX_INCOME_FEN = 100_000_000_000;

/** An incomes field's name in a clerk's sentence (工资性收入, 申报年人均纯收入). */
export function incomeFieldLabel(field: IncomeEditField): string {
  if (field === 'declaredPerCapita') return '申报年人均纯收入';
  return INCOME_FIELDS.find((f) => f.key === field)!.label.replace(/（元）$/, '');
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
  /** the wall display (大屏) shows each of its views this many seconds */
  wallRotateSeconds: number;
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
  incomeYear: ImportIncomeYear;
}

/**
 * Where an import's income year came from: the file's 收入年度 column ('file', which wins for its
 * rows), the import page's year field or the CLI's --year ('chosen'), or neither: the year before
 * the current one ('default').
 */
export type IncomeYearSource = 'file' | 'chosen' | 'default';

export interface ImportIncomeYear {
  /** The year for incomes the file gives no 收入年度 for, and where it came from. */
  year: number;
  source: Exclude<IncomeYearSource, 'file'>;
  /** The file's households with income figures, by the year they go to and where it came from. */
  used: { year: number; source: IncomeYearSource; households: number }[];
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
  /** cadres: a 帮扶干部, shown in the 单位与工作队 tab. */
  table: 'households' | 'members' | 'cadres';
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
  key: 'sameIdNumber' | 'sameNameBirth' | 'ageSchool' | 'ageRelation' | 'noHelper' | 'helperElsewhere' | 'missingRequired' | 'missingRequiredMembers' | 'declaredIncome';
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

// ---- the funding ledger (shared/domain/ledger.ts; money in fen) ----
/** One ledger entry as the grid shows it; accounts as keys and as the clerk reads them. */
export interface LedgerEntryRow {
  id: string;
  date: string;
  year: number;
  voucherNo: string;
  kind: LedgerKind;
  amountFen: number;
  fromAccount: string | null;
  fromLabel: string;
  toAccount: string | null;
  toLabel: string;
  projectId: string | null;
  projectName: string | null;
  householdId: string | null;
  memo: string | null;
  attachmentRef: string | null;
  /** A 冲销's original. */
  reversesId: string | null;
  /** The 冲销 that undid this entry (the grid strikes it through). */
  reversedById: string | null;
  createdAt: string;
}
/** An account a clerk may choose in an entry. */
export interface LedgerAccountOption {
  key: string;
  label: string;
  kind: AccountKind;
  /** The village a village, project or household account belongs to. */
  villageId: string | null;
}
export interface PledgeRow {
  year: number;
  sourceKind: 'district' | 'unit';
  unitId: string | null;
  name: string;
  amountFen: number;
  /** No pledge recorded: the plan's figure. */
  isDefault: boolean;
  minimumFen: number;
}
export interface ProjectRow {
  id: string;
  villageId: string;
  villageName: string;
  year: number;
  name: string;
  type: string;
  pathway: string;
  budgetFen: number;
  status: string;
  unitId: string | null;
  unitName: string | null;
  note: string | null;
  householdIds: string[];
  /** Every year: 拨付 in (less 退回), 支出 out, and what the project still holds. */
  allocatedFen: number;
  spentFen: number;
  balanceFen: number;
}
export type BalanceView = 'account' | 'source' | 'unit' | 'village' | 'project' | 'household';
/** An account or a group of accounts: money before the year, in and out in it, after it (fen). */
export interface BalanceRow {
  id: string;
  label: string;
  kind: string;
  openingFen: number;
  inFen: number;
  outFen: number;
  closingFen: number;
}
export interface ComplianceRow {
  sourceKind: 'district' | 'unit';
  unitId: string | null;
  name: string;
  pledgedFen: number;
  receivedFen: number;
  minimumFen: number;
  short: boolean;
  belowMinimum: boolean;
  missingFen: number;
}
export interface ComplianceReport {
  year: number;
  district: ComplianceRow;
  units: ComplianceRow[];
  unitsShort: number;
  unitsBelowMinimum: number;
}
/** A campaign year's money, aggregates only (the battle map, the wall, stats --json). */
export interface FundsYear {
  year: number;
  pledged: number;
  received: number;
  allocated: number;
  spent: number;
}
/** A voucher list checked or imported: all its rows written, or none and each refused row listed. */
export interface VoucherImportReport {
  dryRun: boolean;
  rows: number;
  written: number;
  problems: { sheet: string; row: number; message: string }[];
}
/** 公告公示: a village's money of a year as the village notice shows it (no personal data). */
export interface VillageNotice {
  villageName: string;
  villageCode: string;
  town: string;
  year: number;
  sources: { label: string; amountFen: number }[];
  receivedFen: number;
  spentFen: number;
  balanceFen: number;
  projects: { name: string; type: string; pathway: string; status: string; unitName: string | null; budgetFen: number; allocatedFen: number; spentFen: number; households: number }[];
  /** 到户资金: how many households were paid, and how much in all. */
  householdsPaid: number;
  householdPaymentsFen: number;
}

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

/** Fen per person per year; up to 10 million yuan. */
const yearlyFen = (what: string) =>
  z.number({ error: `${what}应为金额` }).int({ error: `${what}应为整数分` }).min(0, { error: `${what}不能为负` }).max(1_000_000_000, { error: `${what}过大` }).nullable();
const quotaPercents = (what: string) =>
  z
    .array(z.number({ error: `${what}比例应为数字` }).min(0, { error: `${what}比例不能为负` }).max(100, { error: `${what}比例不能超过100%` }), { error: `${what}比例应为各年度的百分数` })
    .min(1, { error: `${what}比例至少要有一个年度` })
    .max(10, { error: `${what}比例最多10个年度` })
    .refine((p) => Math.abs(p.reduce((a, b) => a + b, 0) - 100) < 1e-9, { error: `${what}各年度比例之和应为100%` });

function campaignPatchInput() {
  return z
    .object({
      years: z
        .array(
          z
            .object({
              year: yearSchema('年度'),
              povertyLineFen: yearlyFen('扶贫标准'),
              districtIncomeFen: yearlyFen('全区农村居民人均收入'),
              provincialIncomeFen: yearlyFen('全省农村居民人均收入'),
            })
            .strict(),
        )
        .max(20, { error: '最多20个年度' })
        .optional(),
      peoplePercents: quotaPercents('脱贫人口').optional(),
      villagePercents: quotaPercents('出列村').optional(),
    })
    .strict();
}

const isoDay = z
  .string({ error: '日期应为文字' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期应为“年-月-日”，如 2016-12-20' });
const noteText = (what: string, max: number) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(1, { error: `请填写${what}` })
    .max(max, { error: `${what}不能超过${max}个字` });

function exitInput<S extends z.ZodRawShape>(target: S) {
  return z
    .object({
      ...target,
      on: isoDay,
      reviewer: noteText('审核人', 40),
      evidence: noteText('佐证材料或说明', 500),
      overrideReason: z.string({ error: '理由应为文字' }).trim().max(500, { error: '理由不能超过500个字' }).nullable().optional(),
    })
    .strict();
}

function undoInput<S extends z.ZodRawShape>(target: S, what: string) {
  return z.object({ ...target, on: isoDay, reason: noteText(what, 500) }).strict();
}

function villageFactsInput() {
  const fen = (what: string) =>
    z.number({ error: `${what}应为金额` }).int({ error: `${what}应为整数分` }).min(0, { error: `${what}不能为负` }).max(100_000_000_000, { error: `${what}过大` }).nullable();
  return z
    .object({
      villageId: uuid,
      on: isoDay,
      perCapitaIncomeFen: fen('村人均可支配收入'),
      collectiveIncomeFen: fen('村集体经济收入'),
      haves: z.object(Object.fromEntries(NINE_HAVES.map((h) => [h.key, z.boolean({ error: `“${h.label}”应为是或否` })])) as Record<NineHaveKey, z.ZodBoolean>).strict(),
    })
    .strict();
}

// ---- responsibility letters (责任状) and the 公示 roster ----

/** The letters' settings: each level's template (saved or default), the date, the phone, the duties. */
export interface LetterSettingsView {
  templates: Record<LetterLevel, string>;
  /** The level's template differs from the default (恢复默认 then makes sense). */
  customised: Record<LetterLevel, boolean>;
  /** The signing date (ISO); letters print it as 2016年3月8日. */
  signedOn: string;
  supervisionPhone: string;
  /** The work team's duties, one a line ({工作队职责}, the roster). */
  teamDuties: string;
  placeholders: Record<LetterLevel, readonly PlaceholderDef[]>;
}

/** One letter's other party (乙方) as the page lists them. */
export interface LetterParty {
  id: string;
  name: string;
  /** Where it works: 村, 工作队. */
  detail: string;
}

/** A letter ready to lay out: its party and its blocks (shared/domain/letters.ts). */
export interface LetterDoc {
  id: string;
  party: string;
  blocks: LetterBlock[];
}

export type LetterPreview = { ok: true; letter: LetterDoc } | { ok: false; problems: TemplateProblem[] };

/** The 公示 notice of one work team. */
export interface RosterDoc {
  teamId: string;
  title: string;
  intro: string;
  members: { name: string; unitName: string; role: string; title: string | null; phone: string | null; duty: string }[];
  duties: string[];
  prohibitions: string[];
  supervisionPhone: string;
  /** The notice's date as printed (2016年3月8日). */
  date: string;
}

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
        wallRotateSeconds: z.number({ error: '大屏轮换间隔应为秒数' }).int({ error: '大屏轮换间隔应为整数秒' }).min(5, { error: '大屏轮换间隔不能少于5秒' }).max(600, { error: '大屏轮换间隔不能超过600秒' }).optional(),
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
  'db.pickPath': returns<string | null>()(z.object({ mode: z.enum(['open', 'save']), kind: z.enum(PICK_KINDS).optional() }).strict(), SESSION),
  'stats.get': returns<Stats>()(empty, WALL),
  'villages.list': returns<VillageRow[]>()(empty, WALL),
  /** A new 行政村; its code is checked in main (12 digits, in the registry's county, unused). */
  'villages.create': returns<VillageRow>()(villageCreateInput(), WRITE),
  /** An in-place edit of one of a village's fields (VILLAGE_FIELDS), checked as a new village is. */
  'villages.update': returns<VillageRow>()(editSchema(VILLAGE_FIELDS), WRITE),
  /** The county the registry covers (its villages' county code); null while it has no village. */
  'villages.county': returns<{ countyCode: string | null }>()(empty, READ),
  // ---- the exit plan ----
  /** The plan's settings, quotas and the live check of the planned years against them (no personal data). */
  'plan.overview': returns<PlanOverview>()(empty, READ),
  /** Changes the figures of some years and/or the quota percents; the rest stays as it was. */
  'plan.setCampaign': returns<CampaignSettings>()(campaignPatchInput(), WRITE),
  /** The auto-planner's proposal against the current plan; nothing is written. */
  'plan.propose': returns<PlanProposal>()(empty, READ_PERSONAL),
  /** Applies a proposal in one audited transaction; refused when the registry changed since it was proposed. */
  'plan.apply': returns<{ households: number; villages: number }>()(z.object({ token: z.string({ error: '请先生成编排方案' }).regex(/^[0-9a-f]{64}$/, { error: '编排方案标识无效，请重新生成' }) }).strict(), WRITE),
  // ---- 挂图作战 and the wall display ----
  /** The battle map's aggregates (key figures, village × year board, monthly curve, teams, causes); null while no database is open (the wall waits). */
  'battle.overview': returns<BattleOverview | null>()(empty, WALL),
  /** Opens the wall display (大屏): full screen on a second display when there is one; message says where, in Chinese. */
  'wall.open': returns<{ message: string }>()(empty, SESSION),
  /** Saves a chart as a PNG file: dataUrl is the chart's PNG as a data URL; main checks it is a PNG before writing. */
  'image.save': returns<{ path: string; bytes: number }>()(
    z
      .object({
        path,
        dataUrl: z
          .string({ error: '图片数据无效' })
          .max(MAX_IMAGE_DATA_URL_CHARS, { error: '图片过大，无法保存' })
          .startsWith('data:image/png;base64,', { error: '只能保存 PNG 图片' }),
        overwrite,
      })
      .strict(),
    WRITE,
  ),
  // ---- 销号 and 出列 ----
  /** A household's exit criteria as on a day (default today) and its 销号 history. */
  'exits.household': returns<HouseholdExitView>()(z.object({ householdId: uuid, on: isoDay.optional() }).strict(), READ_PERSONAL),
  /** 销号: only when the criteria pass, or with overrideReason. */
  'exits.exitHousehold': returns<HouseholdExitView>()(exitInput({ householdId: uuid }), WRITE_PERSONAL),
  /** 撤销销号, with a reason. */
  'exits.undoHousehold': returns<HouseholdExitView>()(undoInput({ householdId: uuid }, '撤销原因'), WRITE_PERSONAL),
  /** 返贫: a struck-off household is poor again, with a reason. */
  'exits.returnHousehold': returns<HouseholdExitView>()(undoInput({ householdId: uuid }, '返贫原因'), WRITE_PERSONAL),
  'exits.village': returns<VillageExitView>()(z.object({ villageId: uuid, on: isoDay.optional() }).strict(), READ),
  'exits.exitVillage': returns<VillageExitView>()(exitInput({ villageId: uuid }), WRITE),
  'exits.undoVillage': returns<VillageExitView>()(undoInput({ villageId: uuid }, '撤销原因'), WRITE),
  /** A village's incomes of the year of `on` and its nine haves. */
  'exits.setVillageFacts': returns<VillageExitView>()(villageFactsInput(), WRITE),
  // ---- the funding ledger ----
  /** Entries oldest first, each 冲销 right after its original; of a year, of an account. */
  'ledger.entries': returns<JsonRows>()(z.object({ year: ledgerYear().optional(), account: ledgerAccount().optional() }).strict(), READ_PERSONAL),
  /** 新增记账: refused whole (nothing written) by any rule, the message naming the field. */
  'ledger.add': returns<LedgerEntryRow>()(ledgerEntryInput(), WRITE_PERSONAL),
  /** 冲销: a new entry that moves the original's money back; the original is never changed. */
  'ledger.reverse': returns<LedgerEntryRow>()(ledgerReverseInput(), WRITE_PERSONAL),
  'ledger.accounts': returns<LedgerAccountOption[]>()(empty, READ_PERSONAL),
  /** The district's and every unit's pledge of each campaign year (or of one year). */
  'ledger.pledges': returns<PledgeRow[]>()(z.object({ year: ledgerYear().optional() }).strict(), READ),
  'ledger.setPledge': returns<PledgeRow>()(pledgeInput(), WRITE),
  'ledger.projects': returns<ProjectRow[]>()(z.object({ villageId: uuid.optional(), year: ledgerYear().optional() }).strict(), READ),
  'ledger.createProject': returns<ProjectRow>()(z.object(projectFields()).strict(), WRITE),
  'ledger.updateProject': returns<ProjectRow>()(z.object({ id: uuid, ...projectFields() }).strict(), WRITE),
  /** Balances by account or group, over all years or as of one year (opening, in, out, closing). */
  'ledger.balances': returns<BalanceRow[]>()(
    z.object({ view: z.enum(['account', 'source', 'unit', 'village', 'project', 'household'], { error: '请选择汇总方式' }), year: ledgerYear().optional() }).strict(),
    READ_PERSONAL,
  ),
  /** Received against pledged, the district and each unit, with the flags. */
  'ledger.compliance': returns<ComplianceReport>()(z.object({ year: ledgerYear() }).strict(), READ),
  /** Pledged, received, allocated, spent per campaign year: aggregates the wall may show. */
  'ledger.funds': returns<FundsYear[]>()(empty, WALL),
  /** 公告公示 of a village and year. */
  'ledger.notice': returns<VillageNotice>()(z.object({ villageId: uuid, year: ledgerYear() }).strict(), READ),
  /** Entries from a voucher list (.xlsx, .xls, .csv): checked (dryRun) or written, all rows or none. */
  'ledger.importVouchers': returns<VoucherImportReport>()(z.object({ path, dryRun: z.boolean({ error: '请说明是否仅检查（dryRun）' }) }).strict(), WRITE_PERSONAL),
  'units.list': returns<UnitRow[]>()(empty, READ_PERSONAL),
  'teams.list': returns<TeamRow[]>()(empty, READ_PERSONAL),
  'cadres.list': returns<CadreRow[]>()(empty, READ_PERSONAL),
  // 组织: units, teams, cadres and pairings, each write checked by shared/domain/org.ts and audited.
  // Personal: the answers carry names and phones; a removal answers no one's data.
  'units.create': returns<UnitRow>()(orgCreateInput<NewUnit>(UNIT_FIELDS, {}), WRITE_PERSONAL),
  'units.update': returns<UnitRow>()(editSchema(UNIT_FIELDS), WRITE_PERSONAL),
  /** Refused, naming them, while teams, cadres, pledges, projects or ledger rows refer to the unit. */
  'units.remove': returns<null>()(z.object({ id: uuid }).strict(), WRITE),
  'teams.create': returns<TeamRow>()(orgCreateInput<NewTeam>(TEAM_FIELDS, { villageId: chosen('行政村'), leadUnitId: chosen('牵头单位') }), WRITE_PERSONAL),
  /** The name in place, or the village or lead unit chosen from the stored ones. */
  'teams.update': returns<TeamRow>()(z.union([editSchema(TEAM_FIELDS), orgRefEdit(['villageId', 'leadUnitId'], false)]), WRITE_PERSONAL),
  /** The team's member units, all at once (the lead unit is always one). */
  'teams.setUnits': returns<TeamRow>()(z.object({ teamId: uuid, unitIds: z.array(uuid).max(200, { error: '成员单位过多' }) }).strict(), WRITE_PERSONAL),
  /** Makes the cadre the team's 第一书记; the one before becomes a 队员 in the same transaction. */
  'teams.setFirstSecretary': returns<TeamRow>()(z.object({ teamId: uuid, cadreId: uuid }).strict(), WRITE_PERSONAL),
  'teams.remove': returns<null>()(z.object({ id: uuid }).strict(), WRITE),
  'cadres.create': returns<CadreRow>()(orgCreateInput<NewCadre>(CADRE_FIELDS, { unitId: chosen('单位'), teamId: chosen('工作队').nullable() }), WRITE_PERSONAL),
  'cadres.update': returns<CadreRow>()(z.union([editSchema(CADRE_FIELDS), orgRefEdit(['unitId', 'teamId'], true)]), WRITE_PERSONAL),
  /** Refused while the cadre helps households, unless unpair: those pairings are removed first. */
  'cadres.remove': returns<{ unpaired: number }>()(z.object({ id: uuid, unpair: z.boolean({ error: '请说明是否解除结对' }).optional() }).strict(), WRITE),
  /** The households of the team's village with their helpers. */
  'pairings.list': returns<PairingRow[]>()(z.object({ teamId: uuid }).strict(), READ_PERSONAL),
  /** The households (new pairings or a change of helper) to the cadre, all or none. */
  'pairings.assign': returns<{ assigned: number }>()(z.object({ householdIds: householdIdList(), cadreId: uuid }).strict(), WRITE_PERSONAL),
  'pairings.remove': returns<{ removed: number }>()(z.object({ householdIds: householdIdList() }).strict(), WRITE),
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
  // ---- incomes (收入) ----
  /** Every household in scope with its incomes of the year (rows without one included), by village code and 户编号, as one JSON string of IncomeGridRow. */
  'incomes.list': returns<JsonRows>()(incomesListInput(), READ_PERSONAL),
  /** The years with incomes rows, and the registry's data year to open on. */
  'incomes.years': returns<IncomeYears>()(empty, READ),
  /** One figure of a household's incomes of a year, in fen; the year's row is created when missing. */
  'incomes.update': returns<IncomeGridRow>()(incomeUpdateInput(), WRITE_PERSONAL),
  // ---- import / export / history / data quality ----
  /**
   * Starts reading a file in the background; progress comes as 'job.progress' with this jobId.
   * backup: where the automatic backup taken before an import that writes went (null for a dry run);
   * if that backup fails, the import is refused and nothing is written.
   */
  'import.start': returns<{ jobId: string; backup: string | null }>()(
    z
      .object({
        path,
        dryRun: z.boolean({ error: '请说明是否仅检查（dryRun）' }),
        onlyValid: z.boolean({ error: '请说明是否只导入无错误的户（onlyValid）' }),
        /** The year of incomes the file gives no 收入年度 for; omitted: the year before the current one. */
        incomeYear: yearSchema('收入年度').optional(),
      })
      .strict(),
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
  // ---- responsibility letters (责任状) and the 公示 roster ----
  'letters.settings': returns<LetterSettingsView>()(empty, READ),
  /** Saves a level's template; one with an unknown placeholder is refused, naming it and its line. */
  'letters.saveTemplate': returns<LetterSettingsView>()(z.object({ level: letterLevel(), template: letterTemplate() }).strict(), WRITE),
  'letters.resetTemplate': returns<LetterSettingsView>()(z.object({ level: letterLevel() }).strict(), WRITE),
  'letters.saveOptions': returns<LetterSettingsView>()(letterOptionsInput(), WRITE),
  /** The other party of each letter of a level (units, teams or cadres). */
  'letters.parties': returns<LetterParty[]>()(z.object({ level: letterLevel() }).strict(), READ_PERSONAL),
  /** One letter with the saved template, or with `template` as typed (the live preview). */
  'letters.preview': returns<LetterPreview>()(z.object({ level: letterLevel(), id: uuid, template: letterTemplate().optional() }).strict(), READ_PERSONAL),
  /** The letters the print route lays out: all of a level, or those of `ids`. */
  'letters.documents': returns<LetterDoc[]>()(letterSelection(), READ_PERSONAL),
  'letters.roster': returns<RosterDoc[]>()(z.object({ ids: z.array(uuid).max(1000).optional() }).strict(), READ_PERSONAL),
  /**
   * Letters to .docx (any runner) or .pdf (the app's print window): one file at `path`, or with
   * `each` one file per letter in the folder `path`. Progress as job.progress events ('letters').
   */
  'letters.export': returns<{ paths: string[]; letters: number }>()(letterExportInput(), WRITE_PERSONAL),
  /** Letters or a roster to the system's print dialog (the app only). */
  'letters.print': returns<{ message: string }>()(z.object({ doc: z.enum(['letters', 'roster'], { error: '打印内容应为责任状或公示' }), level: letterLevel(), ids: z.array(uuid).max(1000).optional() }).strict(), WRITE_PERSONAL),
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
/** A record chosen from a list (a village, a unit, a team), by its id. */
function chosen(what: string) {
  return z.uuid({ error: `请选择${what}` });
}
/**
 * A new record of the 组织 page: each field as an in-place edit of it would be taken
 * (validation.ts checkEdit), plus the records it is tied to, chosen by id.
 */
function orgCreateInput<T>(fields: readonly FieldDef[], refs: Record<string, z.ZodType>) {
  const texts = Object.fromEntries(fields.map((f) => [f.key, z.union([z.string().max(2000, { error: `${f.label}过长` }), z.null()]).optional()]));
  return z
    .object({ ...texts, ...refs })
    .strict()
    .transform((input, ctx): T => {
      const values: Record<string, unknown> = {};
      let refused = false;
      for (const { key } of fields) {
        const r = checkEdit(fields, key, (input as Record<string, unknown>)[key] ?? null);
        if (r.ok) values[key] = r.value;
        else {
          refused = true;
          ctx.addIssue({ code: 'custom', path: [key], message: `${r.label}：${r.message}` });
        }
      }
      for (const key of Object.keys(refs)) values[key] = (input as Record<string, unknown>)[key] ?? null;
      return refused ? z.NEVER : (values as T);
    });
}
/** An edit that ties a record to another one (a team's village, a cadre's unit), by id. */
function orgRefEdit<K extends string>(fields: [K, ...K[]], nullable: boolean) {
  return z
    .object({ id: uuid, field: z.enum(fields, { error: '该列不能修改' }), value: nullable ? uuid.nullable() : uuid })
    .strict();
}
function householdIdList() {
  return z.array(uuid).min(1, { error: '请先选中要结对的户' }).max(5000, { error: '一次最多处理5000户' });
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
function incomeYearSchema() {
  return yearSchema('收入年度');
}
function incomesListInput() {
  return z.object({ year: incomeYearSchema(), villageId: uuid.optional() }).strict();
}
function incomeUpdateInput() {
  return z
    .object({
      householdId: uuid,
      year: incomeYearSchema(),
      field: z.enum(INCOME_EDIT_FIELDS, { error: '请指明要修改的收入项' }),
      value: z.number({ error: '金额应为数字（以分计）' }).nullable(),
    })
    .strict()
    .superRefine(({ field, value }, ctx) => {
      const label = incomeFieldLabel(field);
      const refuse = (message: string) => ctx.addIssue({ code: 'custom', path: ['value'], message });
      // A component is a figure, 0 when there is none; only the declared figure may be left empty.
      if (value === null) {
        if (field !== 'declaredPerCapita') refuse(`${label}不能为空：没有这项收入请填 0`);
      } else if (!Number.isInteger(value)) refuse(`${label}最多保留两位小数（到分）`);
      else if (value < 0) refuse(`${label}不能为负数`);
      else if (value > MAX_INCOME_FEN) refuse(`${label}过大：不能超过10亿元`);
    });
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

/** A year the app takes (shared/domain/dataYear.ts: YEAR_MIN to YEAR_MAX), named in its messages. */
function yearSchema(what: string) {
  return z
    .number({ error: `${what}应为数字` })
    .int({ error: `${what}应为整数年份` })
    .min(YEAR_MIN, { error: yearRangeMessage(what) })
    .max(YEAR_MAX, { error: yearRangeMessage(what) });
}

// The ledger's inputs: shapes only; every rule is checked in main (services/ledger, one home each).
function ledgerYear() {
  return yearSchema('年度');
}
function optionalText(what: string, max: number) {
  return z.string({ error: `${what}应为文字` }).trim().max(max, { error: `${what}不能超过${max}个字` }).nullable().optional();
}
/** As typed; the stored form (normalizeVoucherNo) is never longer, so its limit holds for both. */
function voucherNo() {
  return z.string({ error: '请填写凭证号' }).trim().max(VOUCHER_NO_MAX, { error: VOUCHER_NO_TOO_LONG });
}
function ledgerAccount() {
  return z.string({ error: '账户应为文字' }).min(1, { error: '请选择账户' }).max(80, { error: '账户无效' });
}
function ledgerEntryInput() {
  return z
    .object({
      date: z.string({ error: '请填写日期' }).max(20, { error: '日期无效' }),
      voucherNo: voucherNo(),
      kind: z.enum(POSTING_KINDS as [PostingKind, ...PostingKind[]], { error: '记账类型：请选择拨入、拨付、支出或退回' }),
      amountFen: z.number({ error: '金额：应为数字' }),
      fromAccount: ledgerAccount().nullable(),
      toAccount: ledgerAccount().nullable(),
      projectId: uuid.nullable().optional(),
      householdId: uuid.nullable().optional(),
      memo: optionalText('摘要', 200),
      attachmentRef: optionalText('附件', 200),
    })
    .strict();
}
function ledgerReverseInput() {
  return z
    .object({
      id: uuid,
      date: z.string({ error: '请填写日期' }).max(20, { error: '日期无效' }),
      voucherNo: voucherNo(),
      memo: optionalText('摘要', 200),
    })
    .strict();
}
function pledgeInput() {
  return z
    .object({
      year: ledgerYear(),
      sourceKind: z.enum(['district', 'unit'], { error: '请选择区级财政或帮扶单位' }),
      unitId: uuid.nullable(),
      amountFen: z.number({ error: '承诺金额：应为数字' }),
    })
    .strict();
}
function projectFields() {
  return {
    villageId: uuid,
    year: ledgerYear(),
    name: z.string({ error: '请填写项目名称' }).trim().min(1, { error: '项目名称：请填写' }).max(60, { error: '项目名称：不能超过60个字' }),
    type: z.enum(codeValues('projectType'), { error: '项目类型：请从列表中选择' }),
    pathway: z.enum(codeValues('pathway'), { error: '五个一批：请从列表中选择' }),
    budgetFen: z.number({ error: '预算：应为数字' }),
    status: z.enum(codeValues('projectStatus'), { error: '项目状态：请从列表中选择' }),
    unitId: uuid.nullable(),
    note: optionalText('备注', 500),
    householdIds: z.array(uuid).max(2000, { error: '受益户：一个项目最多2000户' }),
  };
}

function letterLevel() {
  return z.enum(LETTER_LEVELS as [LetterLevel, ...LetterLevel[]], { error: '责任状层级应为单位、工作队或干部' });
}
function letterTemplate() {
  return z.string({ error: '模板应为文字' }).max(TEMPLATE_MAX_CHARS, { error: `模板过长：不能超过${TEMPLATE_MAX_CHARS}个字` });
}
function letterSelection() {
  return z.object({ level: letterLevel(), ids: z.array(uuid).max(1000, { error: '一次最多1000份责任状' }).optional() }).strict();
}
function letterOptionsInput() {
  return z
    .object({
      signedOn: isoDay.optional(),
      supervisionPhone: z.string({ error: '监督电话应为文字' }).trim().max(40, { error: '监督电话不能超过40个字' }).optional(),
      teamDuties: z.string({ error: '工作队职责应为文字' }).max(2000, { error: '工作队职责不能超过2000个字' }).optional(),
    })
    .strict();
}
function letterExportInput() {
  return z
    .object({
      level: letterLevel(),
      ids: z.array(uuid).max(1000, { error: '一次最多导出1000份责任状' }).optional(),
      format: z.enum(['docx', 'pdf'], { error: '格式应为 Word（docx）或 PDF' }),
      each: z.boolean({ error: '请说明是否每份一个文件' }),
      path,
      overwrite,
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
