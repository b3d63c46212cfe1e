// A static, ordered list: bundlers cannot scan a folder, and the order is the schema's history.
import { m001Initial } from './m001_initial';
import { m002KeyedAudit } from './m002_keyed_audit';
import { m003ImportBatches } from './m003_import_batches';
import { m004NameSearch } from './m004_name_search';
import type { Migration } from './migration';

export type { Migration };

export const MIGRATIONS: readonly Migration[] = [m001Initial, m002KeyedAudit, m003ImportBatches, m004NameSearch];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
