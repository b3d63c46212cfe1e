// The one write path. write(scope, fn) opens the transaction, hands fn a Writer whose helpers
// change rows and audit each change in that transaction (with the structured actor), notes which
// tables the writes touched and the audit sequence numbers they took, and after the commit — and
// only then — publishes one data.changed event from the store. Handlers never announce changes.
import { randomUUID } from 'node:crypto';
import type { Insertable, Updateable } from 'kysely';
import { AppError } from '../../shared/errors';
import type { Store } from './store';
import type { AuditedTable, DB } from './schema';
import { actorText, recordAudit, type Actor, type AuditEntry } from './audit';
import { anchorAfterCommit } from './auditAnchor';

type WithId = { id: string };
type IdTable = Exclude<AuditedTable, 'settings'>;

export interface WriteScope {
  readonly store: Store;
  readonly actor: Actor;
}

/** What one transaction changed, gathered as it writes. Made only by write() and beginWrite(). */
export class Writer {
  private readonly actorColumn: string;
  private readonly tables = new Set<AuditedTable>();
  private fromSeq = 0;
  private toSeq = 0;

  constructor(
    readonly store: Store,
    readonly actor: Actor,
  ) {
    this.actorColumn = actorText(actor);
  }

  /** Appends the audit row of one change and remembers what it touched. */
  audit(entry: AuditEntry, at?: string): void {
    const seq = recordAudit(this.store, this.actorColumn, entry, at);
    this.tables.add(entry.table);
    if (this.fromSeq === 0) this.fromSeq = seq;
    this.toSeq = seq;
  }

  /** After COMMIT: tells the store's listeners (every window, through main) what changed. */
  publish(): void {
    if (this.tables.size === 0) return;
    this.store.publishChange({ tables: [...this.tables].sort(), fromSeq: this.fromSeq, toSeq: this.toSeq });
  }
}

/** Runs fn in one transaction through a fresh Writer; publishes the change after the commit. */
export function write<T>(scope: WriteScope, fn: (w: Writer) => T): T {
  // A write inside another would publish before its outer transaction committed.
  if (scope.store.sqlite.inTransaction) throw new AppError('INTERNAL', '内部错误：写入不能嵌套在另一次写入的事务中');
  const w = new Writer(scope.store, scope.actor);
  const result = scope.store.tx(() => fn(w));
  // The chain's head, outside the table, so that a cut tail shows (db/auditAnchor.ts).
  anchorAfterCommit(scope.store);
  w.publish();
  return result;
}

/**
 * The same path for a transaction that spans asynchronous work (an import reading its file):
 * BEGIN IMMEDIATE takes the write lock at once; commit() publishes like write() does.
 */
export class WriteTransaction {
  private current: Writer | null = null;

  constructor(private readonly scope: WriteScope) {}

  get writer(): Writer {
    if (!this.current) throw new AppError('INTERNAL', '内部错误：写入事务尚未开始');
    return this.current;
  }

  begin(): Writer {
    if (this.scope.store.sqlite.inTransaction) throw new AppError('INTERNAL', '内部错误：写入不能嵌套在另一次写入的事务中');
    this.scope.store.sqlite.exec('BEGIN IMMEDIATE');
    this.current = new Writer(this.scope.store, this.scope.actor);
    return this.current;
  }

  commit(): void {
    const w = this.writer;
    this.scope.store.sqlite.exec('COMMIT');
    this.current = null;
    anchorAfterCommit(this.scope.store);
    w.publish();
  }

  rollback(): void {
    this.current = null;
    if (this.scope.store.sqlite.inTransaction) this.scope.store.sqlite.exec('ROLLBACK');
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}

export function newId(): string {
  return randomUUID();
}

function findById<T extends IdTable>(w: { readonly store: Store }, table: T, id: string): (DB[T] & WithId) | undefined {
  // Prepared once per table: an import that changes many rows reads each one before its update.
  return w.store.preparedFor(`byId:${table}`, () => w.store.kysely.selectFrom(table as 'households').selectAll().where('id', '=', id)).get(id) as (DB[T] & WithId) | undefined;
}

export function getById<T extends IdTable>(w: { readonly store: Store }, table: T, id: string, what: string): DB[T] & WithId {
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
  w.store.preparedFor(`insert:${table}:${columns.join(',')}`, () => w.store.kysely.insertInto(table).values(row as never)).run(...params);
  w.audit({ action: 'insert', table, rowId: row.id, before: null, after: row }, at);
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
    .preparedFor(`update:${table}:${columns.join(',')}`, () => w.store.kysely.updateTable(table as 'households').set(Object.fromEntries(columns.map((c) => [c, (set as Record<string, unknown>)[c]]))).where('id', '=', id))
    .run(...columns.map((c) => (set as Record<string, unknown>)[c]), id);
  w.audit(
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
  w.store.run(w.store.kysely.deleteFrom(table as 'households').where('id', '=', id));
  w.audit({ action: 'delete', table, rowId: id, before, after: null });
}

/** Settings rows have a text key instead of a UUID; they are audited like every other write. */
export function setSetting(w: Writer, key: string, value: unknown): void {
  const at = nowIso();
  const json = JSON.stringify(value);
  const before = w.store.first(w.store.kysely.selectFrom('settings').selectAll().where('key', '=', key));
  if (before?.value === json) return;
  w.store.run(
    w.store.kysely
      .insertInto('settings')
      .values({ key, value: json, updatedAt: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updatedAt: at })),
  );
  w.audit({ action: before ? 'update' : 'insert', table: 'settings', rowId: key, before: before ?? null, after: { key, value: json, updatedAt: at } }, at);
}
