// Schema 7: 销号 and 出列. The day a household was struck off or a village went out; the village
// facts its 出列 is judged on (its incomes per year, the nine haves 九有); and every 销号, 出列,
// their undoing and each 返贫 with who reviewed it, the evidence and the reason (exitEvents).
// households.exitStatus stays the 脱贫状态 code; exitedOn is set with it and cleared on undo.
import type { Migration } from './migration';

export const m007ExitWorkflow: Migration = {
  version: 7,
  name: 'exit workflow',
  sql: `
ALTER TABLE households ADD COLUMN exitedOn TEXT;
ALTER TABLE villages ADD COLUMN exitedOn TEXT;
-- 九有 (DOMAIN.md), 0/1: what a village has that 出列 asks for.
ALTER TABLE villages ADD COLUMN hasLeadingIndustry INTEGER NOT NULL DEFAULT 0;
ALTER TABLE villages ADD COLUMN hasCollectiveIncome INTEGER NOT NULL DEFAULT 0;
ALTER TABLE villages ADD COLUMN hasServiceCentre INTEGER NOT NULL DEFAULT 0;
ALTER TABLE villages ADD COLUMN hasClinicAndCulture INTEGER NOT NULL DEFAULT 0;
ALTER TABLE villages ADD COLUMN hasHardenedRoad INTEGER NOT NULL DEFAULT 0;
ALTER TABLE villages ADD COLUMN hasPipedWater INTEGER NOT NULL DEFAULT 0;
ALTER TABLE villages ADD COLUMN hasPowerGrid INTEGER NOT NULL DEFAULT 0;
ALTER TABLE villages ADD COLUMN hasBroadband INTEGER NOT NULL DEFAULT 0;
ALTER TABLE villages ADD COLUMN hasCleanEnergy INTEGER NOT NULL DEFAULT 0;

-- A village's incomes of one year, in fen: per-capita disposable income of its rural residents and
-- the village collective's income.
CREATE TABLE villageYears (
  id TEXT PRIMARY KEY,
  villageId TEXT NOT NULL REFERENCES villages(id),
  year INTEGER NOT NULL,
  perCapitaIncome INTEGER,
  collectiveIncome INTEGER,
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL,
  UNIQUE (villageId, year)
);

-- 销号 / 出列 (exit), their undoing (undo) and 返贫 (returned), one row each, never changed.
CREATE TABLE exitEvents (
  id TEXT PRIMARY KEY,
  householdId TEXT REFERENCES households(id),
  villageId TEXT REFERENCES villages(id),
  kind TEXT NOT NULL CHECK (kind IN ('exit', 'undo', 'returned')),
  happenedOn TEXT NOT NULL,
  reviewer TEXT,
  evidence TEXT,
  reason TEXT,
  -- The criteria that did not pass when the exit was made anyway, and why (null: all passed).
  overrideReason TEXT,
  unmetCriteria TEXT,
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL,
  CHECK ((householdId IS NULL) <> (villageId IS NULL))
);
CREATE INDEX exitEvents_household ON exitEvents(householdId) WHERE householdId IS NOT NULL;
CREATE INDEX exitEvents_village ON exitEvents(villageId) WHERE villageId IS NOT NULL;
CREATE TRIGGER exitEvents_no_update BEFORE UPDATE ON exitEvents BEGIN SELECT RAISE(ABORT, 'exit events are append-only'); END;
-- Households exited by day, for the battle map's monthly curve.
CREATE INDEX households_exitedOn ON households(exitedOn) WHERE exitedOn IS NOT NULL;
`,
};
