// Schema 4: the pinyin of people's names (members, cadres), for the grids' quick search in SQL, and
// the indexes the SQL-backed grids page through.
// nameSearch is derived data, like an index: the write path keeps it (db/nameSearch.ts) in the
// same transaction as the name it comes from, and it is not audited — it is recomputed from the
// audited name, never edited. Existing names are filled in here, once.
import type { Migration } from './migration';
import { fillNameSearch } from '../nameSearch';

export const m004NameSearch: Migration = {
  version: 4,
  name: 'name search',
  sql: `
CREATE TABLE nameSearch (
  id TEXT PRIMARY KEY,
  -- pinyin initials and full toneless pinyin (ü as v), lower case, no spaces: 张三 → zs, zhangsan
  initials TEXT NOT NULL,
  pinyin TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX nameSearch_initials ON nameSearch(initials);
CREATE INDEX nameSearch_pinyin ON nameSearch(pinyin);
-- The grids' own orders, read from an index instead of sorted for every block (db/queries/gridSql.ts).
CREATE INDEX households_village_code ON households(villageId, hhCode);
CREATE INDEX members_booklet ON members(householdId, relation <> 'head', birthDate, id);
-- The quick search's text tests, each read from a covering index instead of the wide rows.
CREATE INDEX members_search ON members(name, idNumber, id);
CREATE INDEX members_head_search ON members(householdId, name, idNumber) WHERE relation = 'head';
-- A household's 帮扶责任人 for sorting and filtering, from the index alone.
CREATE INDEX pairings_household_cadre ON pairings(householdId, cadreId);
CREATE INDEX cadres_id_name ON cadres(id, name);
`,
  run: (sqlite) => fillNameSearch(sqlite),
};
