// Schema 9: the funding ledger (shared/domain/ledger.ts for its rules). Pledges per year and
// source (no row: the plan's default), projects per village with the households they benefit,
// and the ledger itself, append-only: an entry is never changed or removed, a mistake is undone by
// a 冲销 entry that points to it. The triggers refuse UPDATE and DELETE whoever asks; the write
// path's types offer no way to ask (db/write.ts). A 冲销 is checked against its original in the
// database too: never of another 冲销, always the same amount between the same accounts, back.
// Accounts are text keys ('district', 'unit:<id>', …; ledger.ts); year is the date's, kept as a
// column so that voucher numbers can be unique per year in an index.
import type { Migration } from './migration';

export const m009Ledger: Migration = {
  version: 9,
  name: 'ledger',
  sql: `
CREATE TABLE pledges (
  id TEXT PRIMARY KEY,
  year INTEGER NOT NULL,
  sourceKind TEXT NOT NULL CHECK (sourceKind IN ('district', 'unit')),
  unitId TEXT REFERENCES units(id),
  amount INTEGER NOT NULL CHECK (typeof(amount) = 'integer' AND amount >= 0),
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL,
  CHECK ((sourceKind = 'unit') = (unitId IS NOT NULL))
);
CREATE UNIQUE INDEX pledges_district ON pledges(year) WHERE sourceKind = 'district';
CREATE UNIQUE INDEX pledges_unit ON pledges(year, unitId) WHERE unitId IS NOT NULL;

CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  villageId TEXT NOT NULL REFERENCES villages(id),
  year INTEGER NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  pathway TEXT NOT NULL,
  budget INTEGER NOT NULL CHECK (typeof(budget) = 'integer' AND budget >= 0),
  status TEXT NOT NULL,
  unitId TEXT REFERENCES units(id),
  note TEXT,
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL
);
CREATE INDEX projects_village ON projects(villageId, year);

CREATE TABLE projectHouseholds (
  id TEXT PRIMARY KEY,
  projectId TEXT NOT NULL REFERENCES projects(id),
  householdId TEXT NOT NULL REFERENCES households(id),
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL,
  UNIQUE (projectId, householdId)
);
CREATE INDEX projectHouseholds_household ON projectHouseholds(householdId);

CREATE TABLE ledgerEntries (
  id TEXT PRIMARY KEY,
  date TEXT NOT NULL,
  year INTEGER NOT NULL CHECK (year = CAST(substr(date, 1, 4) AS INTEGER)),
  voucherNo TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('receive', 'allocate', 'spend', 'refund', 'reversal')),
  amount INTEGER NOT NULL CHECK (typeof(amount) = 'integer' AND amount > 0),
  fromAccount TEXT,
  toAccount TEXT,
  projectId TEXT REFERENCES projects(id),
  householdId TEXT REFERENCES households(id),
  memo TEXT,
  attachmentRef TEXT,
  reversesId TEXT REFERENCES ledgerEntries(id),
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL,
  CHECK ((kind = 'reversal') = (reversesId IS NOT NULL)),
  CHECK (fromAccount IS NOT NULL OR toAccount IS NOT NULL)
);
CREATE UNIQUE INDEX ledgerEntries_voucher ON ledgerEntries(year, voucherNo);
CREATE UNIQUE INDEX ledgerEntries_reverses ON ledgerEntries(reversesId) WHERE reversesId IS NOT NULL;
CREATE INDEX ledgerEntries_from ON ledgerEntries(fromAccount) WHERE fromAccount IS NOT NULL;
CREATE INDEX ledgerEntries_to ON ledgerEntries(toAccount) WHERE toAccount IS NOT NULL;
CREATE INDEX ledgerEntries_project ON ledgerEntries(projectId) WHERE projectId IS NOT NULL;
CREATE INDEX ledgerEntries_household ON ledgerEntries(householdId) WHERE householdId IS NOT NULL;
CREATE TRIGGER ledgerEntries_no_update BEFORE UPDATE ON ledgerEntries BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: record a reversal instead'); END;
CREATE TRIGGER ledgerEntries_no_delete BEFORE DELETE ON ledgerEntries BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: record a reversal instead'); END;
CREATE TRIGGER ledgerEntries_reversal_matches BEFORE INSERT ON ledgerEntries WHEN NEW.reversesId IS NOT NULL BEGIN
  SELECT RAISE(ABORT, 'a reversal cannot reverse a reversal')
  WHERE EXISTS (SELECT 1 FROM ledgerEntries o WHERE o.id = NEW.reversesId AND o.kind = 'reversal');
  SELECT RAISE(ABORT, 'a reversal moves its original''s amount back between the same accounts')
  WHERE NOT EXISTS (SELECT 1 FROM ledgerEntries o WHERE o.id = NEW.reversesId AND o.amount = NEW.amount AND o.fromAccount IS NEW.toAccount AND o.toAccount IS NEW.fromAccount);
END;
`,
};
