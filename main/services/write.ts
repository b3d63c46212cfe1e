// The only way services change rows: each helper writes and audits in the caller's transaction.
import { randomUUID } from 'node:crypto';
import type { Insertable, Updateable } from 'kysely';
import { AppError } from '../../shared/errors';
import type { Store } from '../db/store';
import type { AuditedTable, DB } from '../db/schema';
import { recordAudit } from './audit';

type WithId = { id: string };
type IdTable = Exclude<AuditedTable, 'settings'>;

export interface Writer {
  readonly store: Store;
  readonly actor: string;
}

export function nowIso(): string {
  return new Date().toISOString();
}

export function newId(): string {
  return randomUUID();
}

function findById<T extends IdTable>(w: Writer, table: T, id: string): (DB[T] & WithId) | undefined {
  // Prepared once per table: an import that changes many rows reads each one before its update.
  return w.store.shaped(`byId:${table}`, () => w.store.q.selectFrom(table as 'households').selectAll().where('id', '=', id)).get(id) as (DB[T] & WithId) | undefined;
}

export function getById<T extends IdTable>(w: Writer, table: T, id: string, what: string): DB[T] & WithId {
  const row = findById(w, table, id);
  if (!row) throw new AppError('NOT_FOUND', `找不到该${what}，可能已被删除`);
  return row;
}

/** Inserts a row with a fresh UUID and timestamps (unless given) and audits it. */
export function insertRow<T extends IdTable>(
  w: Writer,
  table: T,
  values: Omit<Insertable<DB[T]>, 'id' | 'createdAt' | 'updatedAt'> & { id?: string; createdAt?: string; updatedAt?: string },
): DB[T] & WithId {
  const at = nowIso();
  const row = { id: newId(), createdAt: at, updatedAt: at, ...values } as unknown as DB[T] & WithId;
  // Compiled once per table and column set: imports insert hundreds of thousands of rows.
  const columns = Object.keys(row);
  const params = columns.map((c) => (row as unknown as Record<string, unknown>)[c]);
  w.store.shaped(`insert:${table}:${columns.join(',')}`, () => w.store.q.insertInto(table).values(row as never)).run(...params);
  recordAudit(w.store, w.actor, { action: 'insert', table, rowId: row.id, before: null, after: row }, at);
  return row;
}

/** Updates the given columns; audits only the fields that really changed. Returns the new row. */
export function updateRow<T extends IdTable>(w: Writer, table: T, id: string, patch: Updateable<DB[T]>, what: string): DB[T] & WithId {
  const before = getById(w, table, id, what) as unknown as Record<string, unknown>;
  const changed = Object.entries(patch as Record<string, unknown>).filter(([k, v]) => before[k] !== v);
  if (changed.length === 0) return before as unknown as DB[T] & WithId;
  const at = nowIso();
  const set = { ...Object.fromEntries(changed), updatedAt: at };
  // Compiled once per table and set of changed columns; the values bind in the order Kysely
  // lists them: the SET columns as given, then the id. Every table here has an id column; Kysely
  // cannot type a query over a union of tables, so name one.
  // Kysely leaves out undefined values; so must the bound parameters.
  const columns = Object.keys(set).filter((c) => (set as Record<string, unknown>)[c] !== undefined);
  w.store
    .shaped(`update:${table}:${columns.join(',')}`, () => w.store.q.updateTable(table as 'households').set(Object.fromEntries(columns.map((c) => [c, (set as Record<string, unknown>)[c]]))).where('id', '=', id))
    .run(...columns.map((c) => (set as Record<string, unknown>)[c]), id);
  recordAudit(
    w.store,
    w.actor,
    {
      action: 'update',
      table,
      rowId: id,
      before: Object.fromEntries(changed.map(([k]) => [k, before[k]])),
      after: Object.fromEntries(changed),
    },
    at,
  );
  return { ...before, ...set } as unknown as DB[T] & WithId;
}

export function deleteRow<T extends IdTable>(w: Writer, table: T, id: string, what: string): void {
  const before = getById(w, table, id, what);
  w.store.run(w.store.q.deleteFrom(table as 'households').where('id', '=', id));
  recordAudit(w.store, w.actor, { action: 'delete', table, rowId: id, before, after: null });
}

/** Settings rows have a text key instead of a UUID; they are audited like every other write. */
export function setSetting(w: Writer, key: string, value: unknown): void {
  const at = nowIso();
  const json = JSON.stringify(value);
  const before = w.store.first(w.store.q.selectFrom('settings').selectAll().where('key', '=', key));
  if (before?.value === json) return;
  w.store.run(
    w.store.q
      .insertInto('settings')
      .values({ key, value: json, updatedAt: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updatedAt: at })),
  );
  recordAudit(w.store, w.actor, { action: before ? 'update' : 'insert', table: 'settings', rowId: key, before: before ?? null, after: { key, value: json, updatedAt: at } }, at);
}

export function getSetting(store: Store, key: string): unknown {
  const row = store.first(store.q.selectFrom('settings').select('value').where('key', '=', key));
  return row ? (JSON.parse(row.value) as unknown) : undefined;
}
