// Schema 10: the battle map's counts kept by triggers. m008 made the board a GROUP BY over a
// covering index of householdFacts — still about 80 ms on 100,000 households, every time a write
// changed the figures. Two small tables now hold the counts the battle map reads, kept by triggers
// on householdFacts in the same statement as the write:
// - battleBoard: households and people per village, planned year, exited or not, and the year
//   struck off (a few thousand rows for a county);
// - battleMonths: households and people out of poverty per month struck off (one row a month).
// NULLs are stored as '' / 0 because SQLite's keys treat NULLs as distinct; queries/battle.ts
// turns them back.
//
// A bulk import drops these triggers with its deferred indexes and counts both tables again from
// householdFacts before COMMIT (db/bulkIndexes.ts, REBUILD_BATTLE_BOARD): counting per member row
// would cost the import four statements per person.
import type { Migration } from './migration';

/** The year struck off, 'YYYY' ('' when none), from householdFacts.exitMonth. */
const EXIT_YEAR = (f: string) => `substr(coalesce(${f}.exitMonth, ''), 1, 4)`;

const BOARD_KEY = (f: string) => `coalesce(${f}.villageId, ''), coalesce(${f}.plannedExitYear, 0), ${f}.exited, ${EXIT_YEAR(f)}`;
const BOARD_MATCH = (f: string) =>
  `villageId = coalesce(${f}.villageId, '') AND plannedExitYear = coalesce(${f}.plannedExitYear, 0) AND exited = ${f}.exited AND exitYear = ${EXIT_YEAR(f)}`;

/** Adds a householdFacts row (NEW or OLD) to both tables; months only for one out with a month. */
const ADD = (f: string) => `
  INSERT INTO battleBoard (villageId, plannedExitYear, exited, exitYear, households, people)
  VALUES (${BOARD_KEY(f)}, 1, ${f}.size)
  ON CONFLICT (villageId, plannedExitYear, exited, exitYear) DO UPDATE SET households = households + 1, people = people + excluded.people;
  INSERT INTO battleMonths (exitMonth, households, people)
  SELECT ${f}.exitMonth, 1, ${f}.size WHERE ${f}.exited = 1 AND ${f}.exitMonth IS NOT NULL
  ON CONFLICT (exitMonth) DO UPDATE SET households = households + 1, people = people + excluded.people;`;
const SUBTRACT = (f: string) => `
  UPDATE battleBoard SET households = households - 1, people = people - ${f}.size WHERE ${BOARD_MATCH(f)};
  DELETE FROM battleBoard WHERE ${BOARD_MATCH(f)} AND households = 0;
  UPDATE battleMonths SET households = households - 1, people = people - ${f}.size WHERE ${f}.exited = 1 AND exitMonth = ${f}.exitMonth;
  DELETE FROM battleMonths WHERE ${f}.exited = 1 AND exitMonth = ${f}.exitMonth AND households = 0;`;

/** The counting triggers, by name: a bulk import drops them (db/bulkIndexes.ts). */
export const BATTLE_BOARD_TRIGGERS = ['battleBoard_facts_insert', 'battleBoard_facts_update', 'battleBoard_facts_delete'] as const;

/** Counts both tables again from householdFacts (after a bulk import). */
export const REBUILD_BATTLE_BOARD = `
DELETE FROM battleBoard;
INSERT INTO battleBoard (villageId, plannedExitYear, exited, exitYear, households, people)
SELECT ${BOARD_KEY('f')}, count(*), coalesce(sum(f.size), 0)
FROM householdFacts f
GROUP BY 1, 2, 3, 4;
DELETE FROM battleMonths;
INSERT INTO battleMonths (exitMonth, households, people)
SELECT f.exitMonth, count(*), coalesce(sum(f.size), 0)
FROM householdFacts f WHERE f.exited = 1 AND f.exitMonth IS NOT NULL
GROUP BY f.exitMonth;`;

export const m010BattleBoard: Migration = {
  version: 10,
  name: 'battle board',
  sql: `
CREATE TABLE battleBoard (
  villageId TEXT NOT NULL,
  plannedExitYear INTEGER NOT NULL,
  exited INTEGER NOT NULL,
  exitYear TEXT NOT NULL,
  households INTEGER NOT NULL,
  people INTEGER NOT NULL,
  PRIMARY KEY (villageId, plannedExitYear, exited, exitYear)
) WITHOUT ROWID;
CREATE TABLE battleMonths (
  exitMonth TEXT PRIMARY KEY,
  households INTEGER NOT NULL,
  people INTEGER NOT NULL
) WITHOUT ROWID;
${REBUILD_BATTLE_BOARD}

-- The board was its one reader.
DROP INDEX householdFacts_board;

CREATE TRIGGER battleBoard_facts_insert AFTER INSERT ON householdFacts BEGIN${ADD('NEW')}
END;
CREATE TRIGGER battleBoard_facts_update AFTER UPDATE OF size, villageId, plannedExitYear, exited, exitMonth ON householdFacts
WHEN OLD.size IS NOT NEW.size OR OLD.villageId IS NOT NEW.villageId OR OLD.plannedExitYear IS NOT NEW.plannedExitYear
  OR OLD.exited IS NOT NEW.exited OR OLD.exitMonth IS NOT NEW.exitMonth
BEGIN${SUBTRACT('OLD')}${ADD('NEW')}
END;
CREATE TRIGGER battleBoard_facts_delete AFTER DELETE ON householdFacts BEGIN${SUBTRACT('OLD')}
END;
`,
};
