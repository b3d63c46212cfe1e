// A static, ordered list: bundlers cannot scan a folder, and the order is the schema's history.
import { m001Initial } from './m001_initial';
import { m002KeyedAudit } from './m002_keyed_audit';
import type { Migration } from './migration';

export type { Migration };

export const MIGRATIONS: readonly Migration[] = [m001Initial, m002KeyedAudit];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
