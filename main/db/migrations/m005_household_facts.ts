// Schema 5: what the households grid shows of a household that is not its own row — its 户主's
// name and ID number, its size, its 帮扶责任人 — and its 贫困户属性, kept in one narrow row per
// household, so that the grid can sort by them from an index (a walk in order, not 100k joins and
// a sort) and the per-category counts are one scan of a small index (db/queries/registry.ts).
//
// householdFacts is derived data, like an index: SQLite's triggers below keep it, in the same
// statement as the write it comes from, so no write path can forget it and a rolled-back write
// rolls it back too. It is not audited: it is recomputed from audited rows, never edited.
// The triggers are the one home of "which member is the head, how many people, which helper" for
// the grids; the head is the one member with relation 'head' (members_one_head makes it unique).
import { HEAD_RELATION } from '../../../shared/domain/household';
import type { Migration } from './migration';

const HEAD = `'${HEAD_RELATION}'`;

/** The head's name and ID number of the household `f` (NULLs when it has none). */
const HEAD_OF = (f: string) => `(SELECT name, idNumber FROM members WHERE householdId = ${f} AND relation = ${HEAD})`;
/** The helper's name of the household `f` (NULL when it has none). */
const HELPER_OF = (f: string) => `(SELECT c.name FROM pairings p JOIN cadres c ON c.id = p.cadreId WHERE p.householdId = ${f})`;

export const m005HouseholdFacts: Migration = {
  version: 5,
  name: 'household facts',
  sql: `
CREATE TABLE householdFacts (
  householdId TEXT PRIMARY KEY,
  category TEXT,
  size INTEGER NOT NULL DEFAULT 0,
  headName TEXT,
  headIdNumber TEXT,
  helperName TEXT
) WITHOUT ROWID;

INSERT INTO householdFacts (householdId, category, size, headName, headIdNumber, helperName)
SELECT h.id, h.category,
  (SELECT count(*) FROM members m WHERE m.householdId = h.id),
  (SELECT name FROM members m WHERE m.householdId = h.id AND m.relation = ${HEAD}),
  (SELECT idNumber FROM members m WHERE m.householdId = h.id AND m.relation = ${HEAD}),
  ${HELPER_OF('h.id')}
FROM households h;

-- The grid's sorts on these columns walk these indexes (db/queries/gridSql.ts).
CREATE INDEX householdFacts_headName ON householdFacts(headName);
CREATE INDEX householdFacts_headIdNumber ON householdFacts(headIdNumber);
CREATE INDEX householdFacts_size ON householdFacts(size);
CREATE INDEX householdFacts_helperName ON householdFacts(helperName);
-- The per-category counts, from the index alone.
CREATE INDEX householdFacts_category ON householdFacts(category, size);

CREATE TRIGGER householdFacts_household_insert AFTER INSERT ON households BEGIN
  INSERT INTO householdFacts (householdId, category) VALUES (NEW.id, NEW.category);
END;
CREATE TRIGGER householdFacts_household_category AFTER UPDATE OF category ON households BEGIN
  UPDATE householdFacts SET category = NEW.category WHERE householdId = NEW.id;
END;
CREATE TRIGGER householdFacts_household_delete AFTER DELETE ON households BEGIN
  DELETE FROM householdFacts WHERE householdId = OLD.id;
END;

-- An insert takes the new member's own values (no lookup: an import inserts 300k of them).
CREATE TRIGGER householdFacts_member_insert AFTER INSERT ON members BEGIN
  UPDATE householdFacts SET size = size + 1,
    headName = CASE WHEN NEW.relation = ${HEAD} THEN NEW.name ELSE headName END,
    headIdNumber = CASE WHEN NEW.relation = ${HEAD} THEN NEW.idNumber ELSE headIdNumber END
  WHERE householdId = NEW.householdId;
END;
CREATE TRIGGER householdFacts_member_update AFTER UPDATE OF householdId, relation, name, idNumber ON members BEGIN
  UPDATE householdFacts SET size = size - 1 WHERE householdId = OLD.householdId AND NEW.householdId <> OLD.householdId;
  UPDATE householdFacts SET size = size + 1 WHERE householdId = NEW.householdId AND NEW.householdId <> OLD.householdId;
  UPDATE householdFacts SET (headName, headIdNumber) = ${HEAD_OF('householdFacts.householdId')}
  WHERE householdId IN (OLD.householdId, NEW.householdId) AND (OLD.relation = ${HEAD} OR NEW.relation = ${HEAD});
END;
CREATE TRIGGER householdFacts_member_delete AFTER DELETE ON members BEGIN
  UPDATE householdFacts SET size = size - 1 WHERE householdId = OLD.householdId;
  UPDATE householdFacts SET (headName, headIdNumber) = ${HEAD_OF('householdFacts.householdId')}
  WHERE householdId = OLD.householdId AND OLD.relation = ${HEAD};
END;

CREATE TRIGGER householdFacts_pairing_insert AFTER INSERT ON pairings BEGIN
  UPDATE householdFacts SET helperName = ${HELPER_OF('householdFacts.householdId')} WHERE householdId = NEW.householdId;
END;
CREATE TRIGGER householdFacts_pairing_update AFTER UPDATE OF householdId, cadreId ON pairings BEGIN
  UPDATE householdFacts SET helperName = ${HELPER_OF('householdFacts.householdId')} WHERE householdId IN (OLD.householdId, NEW.householdId);
END;
CREATE TRIGGER householdFacts_pairing_delete AFTER DELETE ON pairings BEGIN
  UPDATE householdFacts SET helperName = ${HELPER_OF('householdFacts.householdId')} WHERE householdId = OLD.householdId;
END;
CREATE TRIGGER householdFacts_cadre_name AFTER UPDATE OF name ON cadres BEGIN
  UPDATE householdFacts SET helperName = NEW.name WHERE householdId IN (SELECT householdId FROM pairings WHERE cadreId = NEW.id);
END;
`,
};
