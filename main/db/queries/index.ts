// The data boundary: services reach the database through these per-area interfaces, never through
// SQL of their own, so that a second engine is one more implementation plugged in here.
//
// SQLite-only constructs that remain, where, and what a PostgreSQL implementation would do instead:
// - json_object / json(…) — queries/registry.ts: grid rows built as JSON text by SQLite;
//   PostgreSQL: json_build_object(…) and ::json, joined with json_agg.
// - json_each(?) — queries/registry.ts (IN_IDS) and queries/auditReads.ts (householdsOwning):
//   a list of ids bound as one JSON array parameter; PostgreSQL: `= ANY($1::text[])`.
// - json_extract(…, '$.householdId') — queries/auditReads.ts (householdHistory): reads a key of the
//   audit row's JSON text; PostgreSQL: (coalesce(afterJson, beforeJson)::jsonb ->> 'householdId').
// - group_concat(x, '、') — queries/organisation.ts (teams): joins names in SQL; PostgreSQL: string_agg.
// - `(a = b) AS isLead` — queries/organisation.ts (units): SQLite returns 1/0/null, mapped to boolean
//   there; PostgreSQL returns a boolean already (null still means no team).
// - VACUUM INTO — main/db/snapshot.ts: the consistent, encrypted copy behind backups; PostgreSQL:
//   pg_dump (or a base backup), outside SQL.
// - PRAGMA user_version / application_id — main/db/open.ts (migrations, refusing a foreign or newer
//   file) and main/services/backup.ts (a backup's schema version); PostgreSQL: a schema_version table.
// - PRAGMA cipher / legacy / key, journal_mode, synchronous, foreign_keys, busy_timeout, temp_store,
//   cache_size — main/db/open.ts, main/services/backup.ts, queries/importing.ts (cache_size
//   during an import): file encryption and tuning; PostgreSQL: server configuration and TLS, none in SQL.
// - PRAGMA quick_check / integrity_check — main/db/open.ts, main/services/backup.ts, main/cli/safety.ts:
//   file integrity; PostgreSQL: amcheck / pg_amcheck, or nothing (the server owns its files).
// - CREATE TRIGGER … RAISE(ABORT) — main/db/migrations/m001_initial.ts: the audit log is
//   append-only; PostgreSQL: a plpgsql trigger function raising an exception (or REVOKE UPDATE, DELETE).
// - INTEGER PRIMARY KEY AUTOINCREMENT — m001_initial.ts (auditLog.seq); PostgreSQL: GENERATED ALWAYS AS IDENTITY.
// - Booleans as INTEGER 0/1 — m001_initial.ts columns, read as 1/0 by queries/registry.ts (json(CASE … WHEN 1))
//   and services/history.ts; PostgreSQL: boolean columns, or cast to integer in its queries.
// - INSERT … ON CONFLICT DO UPDATE — main/db/write.ts (setSetting), built by Kysely's onConflict:
//   PostgreSQL has the same syntax, so Kysely's PostgresDialect compiles it unchanged.
// - Synchronous statements (better-sqlite3) inside store.tx — main/db/store.ts and every caller: a
//   PostgreSQL driver is asynchronous, so its interfaces would return promises.
// - queries/gridSql.ts (the SQL-backed grids): a JS function registered on the connection
//   (sqlite.function fupin_codes_label: several codes shown as their labels; PostgreSQL: a SQL
//   function over a code table), INDEXED BY on three joins and CROSS JOIN to fix the join order
//   (PostgreSQL's planner needs neither; it has no such hints), instr() (PostgreSQL: strpos),
//   json_each(?) for a page's ids, and key ranges up to U+10FFFF for prefix search (PostgreSQL:
//   text_pattern_ops indexes and LIKE 'q%').
// - Expression and partial indexes, WITHOUT ROWID — m004_name_search.ts: PostgreSQL has both kinds
//   of index; WITHOUT ROWID is simply dropped.
// - INDEXED BY — queries/battle.ts: the battle map's GROUP BYs read their covering index of
//   householdFacts (m008_battle_facts.ts); PostgreSQL: nothing (an index-only scan by itself).
// No strftime or `||` concatenation is used in SQL today.
import type { Store } from '../store';
import { sqliteImportQueries, type ImportQueries } from './importing';
import { sqliteExportQueries, type ExportQueries } from './exporting';
import { sqliteSettingsQueries, type SettingsQueries } from './settings';
import { sqliteAuditReadQueries, type AuditReadQueries } from './auditReads';
import { sqliteOrganisationQueries, type OrganisationQueries } from './organisation';
import { sqliteQualityQueries, type QualityQueries } from './quality';
import { sqliteGridQueries, type GridQueries } from './gridSql';
import { sqlitePlanningQueries, type PlanningQueries } from './planning';
import { sqliteExitQueries, type ExitQueries } from './exits';
import { sqliteLedgerQueries, type LedgerQueries } from './ledger';
import { sqliteIncomeQueries, type IncomeQueries } from './incomes';
import { sqliteBattleQueries, type BattleQueries } from './battle';
import { sqliteLetterQueries, type LetterQueries } from './letters';
import { sqliteRegistryQueries, sqliteRegistryRuleQueries, type RegistryQueries, type RegistryRuleQueries } from './registry';

export interface Queries {
  registry: RegistryQueries;
  grid: GridQueries;
  organisation: OrganisationQueries;
  auditReads: AuditReadQueries;
  quality: QualityQueries;
  registryRules: RegistryRuleQueries;
  importing: ImportQueries;
  settings: SettingsQueries;
  exporting: ExportQueries;
  planning: PlanningQueries;
  exits: ExitQueries;
  ledger: LedgerQueries;
  incomes: IncomeQueries;
  battle: BattleQueries;
  letters: LetterQueries;
}

/** The queries of the engine behind this store (SQLite, the only one today). */
export function queriesFor(store: Store): Queries {
  return {
    registry: sqliteRegistryQueries(store),
    grid: sqliteGridQueries(store),
    organisation: sqliteOrganisationQueries(store),
    auditReads: sqliteAuditReadQueries(store),
    quality: sqliteQualityQueries(store),
    registryRules: sqliteRegistryRuleQueries(store),
    importing: sqliteImportQueries(store),
    settings: sqliteSettingsQueries(store),
    exporting: sqliteExportQueries(store),
    planning: sqlitePlanningQueries(store),
    exits: sqliteExitQueries(store),
    ledger: sqliteLedgerQueries(store),
    incomes: sqliteIncomeQueries(store),
    battle: sqliteBattleQueries(store),
    letters: sqliteLetterQueries(store),
  };
}
