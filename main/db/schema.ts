// Kysely's view of the schema (migrations/m001_initial.ts, m003_import_batches.ts, m004_name_search.ts). Booleans are 0/1
// integers; Generated<> marks columns the database fills by default.
import type { Generated } from 'kysely';

export interface VillagesTable {
  id: string;
  code: string;
  name: string;
  town: string;
  countyCode: string;
  plannedExitYear: number | null;
  exitedYear: number | null;
  /** Schema 7: the day the village went out (出列); null while it has not. */
  exitedOn: string | null;
  hasLeadingIndustry: Generated<number>;
  hasCollectiveIncome: Generated<number>;
  hasServiceCentre: Generated<number>;
  hasClinicAndCulture: Generated<number>;
  hasHardenedRoad: Generated<number>;
  hasPipedWater: Generated<number>;
  hasPowerGrid: Generated<number>;
  hasBroadband: Generated<number>;
  hasCleanEnergy: Generated<number>;
  /** The import batch that inserted the row (importBatches.id); null for rows written one by one. */
  importBatchId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UnitsTable {
  id: string;
  name: string;
  kind: string | null;
  headName: string | null;
  phone: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TeamsTable {
  id: string;
  name: string;
  villageId: string;
  leadUnitId: string;
  createdAt: string;
  updatedAt: string;
}

export interface TeamUnitsTable {
  id: string;
  teamId: string;
  unitId: string;
  createdAt: string;
  updatedAt: string;
}

export interface CadresTable {
  id: string;
  name: string;
  unitId: string;
  teamId: string | null;
  role: string;
  title: string | null;
  phone: string | null;
  /** Schema 11: the cadre's duty in the work team (职责); null until filled in. */
  duty: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface HouseholdsTable {
  id: string;
  hhCode: string;
  villageId: string;
  phone: string | null;
  bankName: string | null;
  bankAccount: string | null;
  category: string;
  standard: string | null;
  mainCause: string | null;
  otherCauses: string | null;
  identifiedOn: string | null;
  exitStatus: string;
  plannedExitYear: number | null;
  /** Schema 7: the day the household was struck off (销号); null while it is poor. */
  exitedOn: string | null;
  militaryFamily: Generated<number>;
  onlyChild: Generated<number>;
  twoDaughters: Generated<number>;
  arableLand: number | null;
  irrigatedLand: number | null;
  forestLand: number | null;
  returnedForest: number | null;
  orchardLand: number | null;
  pastureLand: number | null;
  waterSurface: number | null;
  productionPower: Generated<number>;
  livingPower: Generated<number>;
  drinkingDifficulty: Generated<number>;
  drinkingSafe: Generated<number>;
  broadcastTv: Generated<number>;
  distanceToRoad: number | null;
  roadType: string | null;
  housingArea: number | null;
  dangerousHouse: Generated<number>;
  dangerLevel: string | null;
  sanitaryToilet: Generated<number>;
  fuelType: string | null;
  cooperative: Generated<number>;
  leadingEnterprise: Generated<number>;
  richLeader: Generated<number>;
  note: string | null;
  /** The import batch that inserted the row (importBatches.id); null for rows written one by one. */
  importBatchId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MembersTable {
  id: string;
  householdId: string;
  name: string;
  sex: string;
  idNumber: string;
  birthDate: string;
  relation: string;
  ethnicity: string | null;
  politicalStatus: string | null;
  education: string | null;
  schoolStatus: string | null;
  health: string | null;
  laborSkill: string | null;
  workStatus: string | null;
  workMonths: number | null;
  medicalInsurance: Generated<number>;
  seriousIllnessInsurance: Generated<number>;
  pensionInsurance: Generated<number>;
  dibao: Generated<number>;
  /** The import batch that inserted the row (importBatches.id); null for rows written one by one. */
  importBatchId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface IncomesTable {
  id: string;
  householdId: string;
  year: number;
  wage: Generated<number>;
  business: Generated<number>;
  propertyDividend: Generated<number>;
  propertyOther: Generated<number>;
  transferFamilyPlanning: Generated<number>;
  transferDibao: Generated<number>;
  transferWubao: Generated<number>;
  transferPension: Generated<number>;
  transferEco: Generated<number>;
  transferOther: Generated<number>;
  businessCost: Generated<number>;
  /** Schema 6: the declared 年人均纯收入 in fen (as imported or typed); null: none declared. */
  declaredPerCapita: number | null;
  /** The import batch that inserted the row (importBatches.id); null for rows written one by one. */
  importBatchId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Schema 7: a village's incomes of one year (fen). */
export interface VillageYearsTable {
  id: string;
  villageId: string;
  year: number;
  perCapitaIncome: number | null;
  collectiveIncome: number | null;
  createdAt: string;
  updatedAt: string;
}

/** Schema 7: one 销号/出列, its undoing or a 返贫; append-only (a trigger refuses UPDATE). */
export interface ExitEventsTable {
  id: string;
  householdId: string | null;
  villageId: string | null;
  kind: 'exit' | 'undo' | 'returned';
  happenedOn: string;
  reviewer: string | null;
  evidence: string | null;
  reason: string | null;
  overrideReason: string | null;
  /** JSON array of the criteria keys that did not pass at an overridden exit. */
  unmetCriteria: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Schema 9: a yearly pledge of the district or of a unit (fen); no row: the plan's default (shared/domain/ledger.ts). */
export interface PledgesTable {
  id: string;
  year: number;
  sourceKind: 'district' | 'unit';
  /** The pledging unit; null for the district's own budget. */
  unitId: string | null;
  amount: number;
  createdAt: string;
  updatedAt: string;
}

/** Schema 9: a project of a village (type, pathway and status are codes; budget in fen). */
export interface ProjectsTable {
  id: string;
  villageId: string;
  year: number;
  name: string;
  type: string;
  pathway: string;
  budget: number;
  status: string;
  /** The responsible unit. */
  unitId: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Schema 9: a household a project benefits. */
export interface ProjectHouseholdsTable {
  id: string;
  projectId: string;
  householdId: string;
  createdAt: string;
  updatedAt: string;
}

/** Schema 9: one ledger entry (amount in fen, accounts as keys); append-only (triggers refuse UPDATE and DELETE). */
export interface LedgerEntriesTable {
  id: string;
  date: string;
  /** The date's year (a CHECK keeps them equal): voucher numbers are unique per year. */
  year: number;
  voucherNo: string;
  kind: 'receive' | 'allocate' | 'spend' | 'refund' | 'reversal';
  amount: number;
  /** Account keys ('district', 'unit:<id>', …); null: outside the ledger. */
  fromAccount: string | null;
  toAccount: string | null;
  projectId: string | null;
  householdId: string | null;
  memo: string | null;
  attachmentRef: string | null;
  /** The entry a 冲销 reverses; null for every other kind. */
  reversesId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PairingsTable {
  id: string;
  householdId: string;
  cadreId: string;
  since: string;
  createdAt: string;
  updatedAt: string;
}

/** One import that wrote: the file, the counts and the content hash of what it wrote (db/audit.ts). */
export interface ImportBatchesTable {
  id: string;
  fileName: string;
  fileBytes: number;
  fileSha256: string;
  rowsInserted: number;
  rowsUpdated: number;
  /** JSON text, see BatchContent in db/audit.ts. */
  content: string;
  contentSha256: string;
  /** The batch's per-field update entries run from this seq to just before the batch entry; null: none. */
  firstAuditSeq: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updatedAt: string;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: string;
  actor: string;
  action: 'insert' | 'update' | 'delete';
  tableName: string;
  rowId: string;
  beforeJson: string | null;
  afterJson: string | null;
  prevHash: string;
  hash: string;
}

/**
 * Schema 4: the pinyin of a person's name (members, cadres; id is theirs), for the quick search.
 * Derived data the write path keeps beside the name (db/nameSearch.ts): not audited.
 */
export interface NameSearchTable {
  id: string;
  initials: string;
  pinyin: string;
}

/**
 * Schema 5: a household's head, size, helper and category for the grids' sorts and the counts
 * (householdFacts). Derived data SQLite's triggers keep (m005_household_facts.ts): not audited.
 */
export interface HouseholdFactsTable {
  householdId: string;
  category: string | null;
  size: number;
  headName: string | null;
  headIdNumber: string | null;
  helperName: string | null;
  /** Schema 8: for the battle map's counts (m008_battle_facts.ts). */
  villageId: string | null;
  plannedExitYear: number | null;
  /** 1 when the 脱贫状态 is an exited one. */
  exited: number;
  /** YYYY-MM of exitedOn while exited. */
  exitMonth: string | null;
  mainCause: string | null;
}

/**
 * Schema 10: the battle map's counts per village, planned year, exited or not and year struck off
 * ('' and 0 stand for none), and per month struck off, kept by triggers on householdFacts
 * (m010_battle_board.ts). Derived data: not audited.
 */
export interface BattleBoardTable {
  villageId: string;
  plannedExitYear: number;
  exited: number;
  exitYear: string;
  households: number;
  people: number;
}

export interface BattleMonthsTable {
  exitMonth: string;
  households: number;
  people: number;
}

export interface DB {
  villages: VillagesTable;
  units: UnitsTable;
  teams: TeamsTable;
  teamUnits: TeamUnitsTable;
  cadres: CadresTable;
  households: HouseholdsTable;
  members: MembersTable;
  incomes: IncomesTable;
  pairings: PairingsTable;
  villageYears: VillageYearsTable;
  exitEvents: ExitEventsTable;
  pledges: PledgesTable;
  projects: ProjectsTable;
  projectHouseholds: ProjectHouseholdsTable;
  ledgerEntries: LedgerEntriesTable;
  importBatches: ImportBatchesTable;
  settings: SettingsTable;
  auditLog: AuditLogTable;
  nameSearch: NameSearchTable;
  householdFacts: HouseholdFactsTable;
  battleBoard: BattleBoardTable;
  battleMonths: BattleMonthsTable;
}

/** Tables whose rows are audited, by the name the audit log records. */
export type AuditedTable = Exclude<keyof DB, 'auditLog' | 'nameSearch' | 'householdFacts' | 'battleBoard' | 'battleMonths'>;
