// The pinyin of people's names (members and cadres) in nameSearch, kept by the write path: the
// quick search finds 张三 by 'zs' or 'zhangs' with an index range (db/queries/gridSql.ts). The
// pinyin rule itself is shared/domain/pinyin.ts (namePinyin); this only stores what it says.
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { namePinyin } from '../../shared/domain/pinyin';

/** Tables whose `name` column is searched by pinyin. */
export const NAME_SEARCH_TABLES = new Set(['members', 'cadres']);

// Names repeat (王伟, 李秀英): the pinyin of a recent name is not worked out again. Kept small:
// a county's import meets ~200k distinct names, and holding them all cost ~30 MB of its peak.
const cache = new Map<string, { initials: string; full: string } | null>();
function pinyinOf(name: string): { initials: string; full: string } | null {
  let py = cache.get(name);
  if (py === undefined) {
    if (cache.size >= 20_000) cache.clear();
    py = namePinyin(name);
    cache.set(name, py);
  }
  return py;
}

/** Sets (or, for a name without Chinese, removes) the row of one person's name. */
export function noteName(sqlite: BetterSqlite3.Database, id: string, name: string): void {
  const py = pinyinOf(name);
  if (py) statement(sqlite, 'upsert').run(id, py.initials, py.full);
  else statement(sqlite, 'delete').run(id);
}

export function forgetName(sqlite: BetterSqlite3.Database, id: string): void {
  statement(sqlite, 'delete').run(id);
}

const SQL = {
  upsert: 'INSERT INTO nameSearch (id, initials, pinyin) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET initials = excluded.initials, pinyin = excluded.pinyin',
  delete: 'DELETE FROM nameSearch WHERE id = ?',
} as const;
const prepared = new WeakMap<BetterSqlite3.Database, Map<keyof typeof SQL, BetterSqlite3.Statement>>();
function statement(sqlite: BetterSqlite3.Database, which: keyof typeof SQL): BetterSqlite3.Statement {
  let mine = prepared.get(sqlite);
  if (!mine) prepared.set(sqlite, (mine = new Map()));
  let st = mine.get(which);
  if (!st) mine.set(which, (st = sqlite.prepare(SQL[which])));
  return st;
}

/** The names of the members an import batch inserted (their pinyin is worked out at its end, in one pass). */
export function fillNamesOfBatch(sqlite: BetterSqlite3.Database, batchId: string): number {
  const rows = sqlite.prepare('SELECT id, name FROM members WHERE importBatchId = ?').all(batchId) as { id: string; name: string }[];
  for (const r of rows) noteName(sqlite, r.id, r.name);
  return rows.length;
}

/** Fills in every name not yet in nameSearch (the migration that adds it). */
export function fillNameSearch(sqlite: BetterSqlite3.Database): number {
  let n = 0;
  for (const table of NAME_SEARCH_TABLES) {
    const rows = sqlite.prepare(`SELECT t.id AS id, t.name AS name FROM "${table}" t LEFT JOIN nameSearch s ON s.id = t.id WHERE s.id IS NULL`).all() as { id: string; name: string }[];
    for (const r of rows) {
      noteName(sqlite, r.id, r.name);
      n++;
    }
  }
  return n;
}
