// Schema 3: one audit entry per import batch (see db/audit.ts, "Import batches"). The batch is a row
// of importBatches, written last in the import's transaction together with its audit entry (an
// 'insert' of that row, so the chain covers it and verify replays it like any other row), and each
// row the import inserts points to it through importBatchId. The reference is checked at COMMIT
// (DEFERRABLE INITIALLY DEFERRED): the rows come before the batch row that sums them up. Rows
// written one by one, and all rows of older databases, keep importBatchId NULL.
import type { Migration } from './migration';

export const m003ImportBatches: Migration = {
  version: 3,
  name: 'import batches',
  sql: `
CREATE TABLE importBatches (
  id TEXT PRIMARY KEY,
  fileName TEXT NOT NULL,
  fileBytes INTEGER NOT NULL,
  fileSha256 TEXT NOT NULL,
  rowsInserted INTEGER NOT NULL,
  rowsUpdated INTEGER NOT NULL,
  -- JSON: per table, the inserted and the updated rows: count, SHA-256 of their canonical form in key order
  content TEXT NOT NULL,
  contentSha256 TEXT NOT NULL,
  -- The batch's per-field update entries are the audit rows from this seq to the batch entry's; NULL: none
  firstAuditSeq INTEGER,
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL
);

ALTER TABLE villages ADD COLUMN importBatchId TEXT REFERENCES importBatches(id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE households ADD COLUMN importBatchId TEXT REFERENCES importBatches(id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE members ADD COLUMN importBatchId TEXT REFERENCES importBatches(id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE incomes ADD COLUMN importBatchId TEXT REFERENCES importBatches(id) DEFERRABLE INITIALLY DEFERRED;
`,
};
