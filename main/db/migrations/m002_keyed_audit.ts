// Schema 2: no stored table changes. The version marks the point from which the audit chain is
// keyed (HMAC under a key derived from the data key) and anchored in the `<db>.audit-head`
// sidecar (db/auditAnchor.ts). Rows written before it keep their plain SHA-256 hashes and stay
// valid; the anchor, written by the open that runs this migration, records from which seq the
// chain is keyed. The only statement is a TEMP marker table: it lives in this connection only
// (never in the file, so Kysely's schema is unchanged) and tells open.ts to write that first
// anchor, also for a brand-new database. Rolled back with the migration if it fails.
import type { Migration } from './migration';

export const m002KeyedAudit: Migration = {
  version: 2,
  name: 'keyed, anchored audit chain',
  sql: 'CREATE TEMP TABLE auditKeyingStarts (x INTEGER);',
};
