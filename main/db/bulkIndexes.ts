// Indexes that serve reading — the grids' orders, sorts and quick search (m004_name_search.ts,
// m005_household_facts.ts) — and that
// an import of many rows would otherwise update row by row, in random key order, for every row it
// inserts. A bulk import drops them inside its transaction and builds them again from scratch just
// before its COMMIT: on 300k people, building them took about 1.6 s, keeping them up to date row
// by row during the import about 25 s more (tests/bench/import-bench.ts). SQLite's DDL is
// transactional, so a cancelled or failed import's ROLLBACK (or a crash before COMMIT) brings
// them back as they were. Their definitions are read back from the database itself, so the
// migrations stay their one home.
import { BATTLE_BOARD_TRIGGERS, REBUILD_BATTLE_BOARD } from './migrations/m010_battle_board';
import type { SqliteHandle } from './store';

export const BULK_DEFERRED_INDEXES = [
  'members_booklet',
  'members_search',
  'members_head_search',
  'nameSearch_initials',
  'nameSearch_pinyin',
  'householdFacts_headName',
  'householdFacts_headIdNumber',
  'householdFacts_size',
  'householdFacts_helperName',
  'householdFacts_category',
  'householdFacts_remaining',
] as const;

/**
 * Triggers that keep counts (the battle board, m010_battle_board.ts) and that a bulk import
 * drops beside the indexes: the table is counted again from scratch before COMMIT.
 */
const BULK_DEFERRED_TRIGGERS: readonly string[] = BATTLE_BOARD_TRIGGERS;

export interface DroppedIndex {
  name: string;
  sql: string;
}

/** Drops the deferred indexes and triggers (inside the caller's transaction); returns what rebuildIndexes needs. */
export function dropIndexesForBulk(sqlite: SqliteHandle): DroppedIndex[] {
  const names = [...BULK_DEFERRED_INDEXES, ...BULK_DEFERRED_TRIGGERS];
  const placeholders = names.map(() => '?').join(', ');
  const found = sqlite
    .prepare(`SELECT type, name, sql FROM sqlite_schema WHERE type IN ('index', 'trigger') AND name IN (${placeholders})`)
    .all(...names) as (DroppedIndex & { type: 'index' | 'trigger' })[];
  for (const object of found) sqlite.exec(`DROP ${object.type === 'index' ? 'INDEX' : 'TRIGGER'} "${object.name}"`);
  return found.map(({ name, sql }) => ({ name, sql }));
}

/** Builds the dropped indexes and triggers again, and counts what the triggers keep, before the transaction commits. */
export function rebuildIndexes(sqlite: SqliteHandle, dropped: readonly DroppedIndex[]): void {
  for (const object of dropped) sqlite.exec(object.sql);
  if (dropped.some((object) => BULK_DEFERRED_TRIGGERS.includes(object.name))) sqlite.exec(REBUILD_BATTLE_BOARD);
}

/**
 * Whether an import is large enough, against what the database holds, for dropping and rebuilding
 * to win: at least 10,000 people and a quarter of the people already there (rebuilding reads all
 * of them). The file's size stands for its rows (a person's row is about 130 bytes in an .xlsx).
 */
export function worthDeferring(fileBytes: number, peopleInDatabase: number): boolean {
  const rows = fileBytes / 130;
  return rows >= 10_000 && rows >= peopleInDatabase / 4;
}
