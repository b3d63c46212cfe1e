// Schema 1: the registry (villages, units, teams, cadres, households, members, incomes, pairing),
// settings and the hash-chained audit log. Never edit a released migration: add the next one.
import type { Migration } from './migration';

export const m001Initial: Migration = {
  version: 1,
  name: 'initial registry',
  sql: `
CREATE TABLE villages (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  town TEXT NOT NULL,
  countyCode TEXT NOT NULL,
  plannedExitYear INTEGER,
  exitedYear INTEGER,
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL
);

CREATE TABLE units (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT,
  headName TEXT,
  phone TEXT,
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL
);

CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  villageId TEXT NOT NULL UNIQUE REFERENCES villages(id),
  leadUnitId TEXT NOT NULL REFERENCES units(id),
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL
);

-- A unit dispatches to one team; the lead unit is also listed here.
CREATE TABLE teamUnits (
  id TEXT PRIMARY KEY,
  teamId TEXT NOT NULL REFERENCES teams(id),
  unitId TEXT NOT NULL UNIQUE REFERENCES units(id),
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL
);
CREATE INDEX teamUnits_team ON teamUnits(teamId);

CREATE TABLE cadres (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  unitId TEXT NOT NULL REFERENCES units(id),
  teamId TEXT REFERENCES teams(id),
  role TEXT NOT NULL,
  title TEXT,
  phone TEXT,
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL
);
CREATE INDEX cadres_team ON cadres(teamId);
CREATE INDEX cadres_unit ON cadres(unitId);

CREATE TABLE households (
  id TEXT PRIMARY KEY,
  hhCode TEXT NOT NULL UNIQUE,
  villageId TEXT NOT NULL REFERENCES villages(id),
  phone TEXT,
  bankName TEXT,
  bankAccount TEXT,
  category TEXT NOT NULL,
  standard TEXT,
  mainCause TEXT,
  otherCauses TEXT,
  identifiedOn TEXT,
  exitStatus TEXT NOT NULL,
  plannedExitYear INTEGER,
  militaryFamily INTEGER NOT NULL DEFAULT 0,
  onlyChild INTEGER NOT NULL DEFAULT 0,
  twoDaughters INTEGER NOT NULL DEFAULT 0,
  arableLand REAL,
  irrigatedLand REAL,
  forestLand REAL,
  returnedForest REAL,
  orchardLand REAL,
  pastureLand REAL,
  waterSurface REAL,
  productionPower INTEGER NOT NULL DEFAULT 1,
  livingPower INTEGER NOT NULL DEFAULT 1,
  drinkingDifficulty INTEGER NOT NULL DEFAULT 0,
  drinkingSafe INTEGER NOT NULL DEFAULT 1,
  broadcastTv INTEGER NOT NULL DEFAULT 1,
  distanceToRoad REAL,
  roadType TEXT,
  housingArea REAL,
  dangerousHouse INTEGER NOT NULL DEFAULT 0,
  dangerLevel TEXT,
  sanitaryToilet INTEGER NOT NULL DEFAULT 0,
  fuelType TEXT,
  cooperative INTEGER NOT NULL DEFAULT 0,
  leadingEnterprise INTEGER NOT NULL DEFAULT 0,
  richLeader INTEGER NOT NULL DEFAULT 0,
  note TEXT,
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL
);
CREATE INDEX households_village ON households(villageId);
CREATE INDEX households_category ON households(category);

CREATE TABLE members (
  id TEXT PRIMARY KEY,
  householdId TEXT NOT NULL REFERENCES households(id),
  name TEXT NOT NULL,
  sex TEXT NOT NULL,
  idNumber TEXT NOT NULL UNIQUE,
  birthDate TEXT NOT NULL,
  relation TEXT NOT NULL,
  ethnicity TEXT,
  politicalStatus TEXT,
  education TEXT,
  schoolStatus TEXT,
  health TEXT,
  laborSkill TEXT,
  workStatus TEXT,
  workMonths INTEGER,
  medicalInsurance INTEGER NOT NULL DEFAULT 0,
  seriousIllnessInsurance INTEGER NOT NULL DEFAULT 0,
  pensionInsurance INTEGER NOT NULL DEFAULT 0,
  dibao INTEGER NOT NULL DEFAULT 0,
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL
);
CREATE INDEX members_household ON members(householdId);
-- The database itself refuses a second 户主 in one household.
CREATE UNIQUE INDEX members_one_head ON members(householdId) WHERE relation = 'head';

-- Money in integer fen.
CREATE TABLE incomes (
  id TEXT PRIMARY KEY,
  householdId TEXT NOT NULL REFERENCES households(id),
  year INTEGER NOT NULL,
  wage INTEGER NOT NULL DEFAULT 0,
  business INTEGER NOT NULL DEFAULT 0,
  propertyDividend INTEGER NOT NULL DEFAULT 0,
  propertyOther INTEGER NOT NULL DEFAULT 0,
  transferFamilyPlanning INTEGER NOT NULL DEFAULT 0,
  transferDibao INTEGER NOT NULL DEFAULT 0,
  transferWubao INTEGER NOT NULL DEFAULT 0,
  transferPension INTEGER NOT NULL DEFAULT 0,
  transferEco INTEGER NOT NULL DEFAULT 0,
  transferOther INTEGER NOT NULL DEFAULT 0,
  businessCost INTEGER NOT NULL DEFAULT 0,
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL,
  UNIQUE (householdId, year)
);

-- Every household has one named helper (帮扶责任人); a cadre may help several.
CREATE TABLE pairings (
  id TEXT PRIMARY KEY,
  householdId TEXT NOT NULL UNIQUE REFERENCES households(id),
  cadreId TEXT NOT NULL REFERENCES cadres(id),
  since TEXT NOT NULL,
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL
);
CREATE INDEX pairings_cadre ON pairings(cadreId);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updatedAt TEXT NOT NULL
);

-- Append-only; each row's hash covers the previous row's hash, so an edited or removed row breaks
-- the chain from that point on.
CREATE TABLE auditLog (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  tableName TEXT NOT NULL,
  rowId TEXT NOT NULL,
  beforeJson TEXT,
  afterJson TEXT,
  prevHash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX auditLog_row ON auditLog(tableName, rowId);
CREATE TRIGGER auditLog_no_update BEFORE UPDATE ON auditLog BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER auditLog_no_delete BEFORE DELETE ON auditLog BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
`,
};
