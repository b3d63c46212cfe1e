// The one write path. write(scope, fn) opens the transaction, hands fn a Writer whose helpers
// change rows and audit each change in that transaction (with the structured actor), notes which
// tables the writes touched and the audit sequence numbers they took, and after the commit — and
// only then — publishes one data.changed event from the store. Handlers never announce changes.
// An import runs its Writer in batch mode (startImportBatch): its inserts are summed up in one
// audit entry instead of one each (db/audit.ts, "Import batches").
import type { Insertable, Selectable, Updateable } from 'kysely';
import { AppError } from '../../shared/errors';
import { uuidv7 } from '../../shared/domain/uuid';
import type { Store } from './store';
import type { AuditedTable, DB, ImportBatchesTable } from './schema';
import {
  actorText,
  BATCHED_TABLES,
  canonicalJson,
  contentSha256,
  isBatchedTable,
  recordAudit,
  RowHasher,
  tableColumns,
  withDefaults,
  type Actor,
  type AuditEntry,
  type BatchContent,
  type BatchedTable,
} from './audit';
import { anchorAfterCommit } from './auditAnchor';
import { fillNamesOfBatch, forgetName, NAME_SEARCH_TABLES, noteName } from './nameSearch';

type WithId = { id: string };
type IdTable = Exclude<AuditedTable, 'settings'>;
/**
 * Tables whose rows are never changed or removed once written: a mistake in the ledger is undone
 * by a reversal entry (m009_ledger.ts, whose triggers refuse it in the database too).
 */
export type AppendOnlyTable = 'ledgerEntries';
/** The tables updateRow and deleteRow take: an append-only table is not one of them. */
type ChangeableTable = Exclude<IdTable, AppendOnlyTable>;

export interface WriteScope {
  readonly store: Store;
  readonly actor: Actor;
}

/** The file an import batch came from, as its audit entry records it. */
export interface BatchSource {
  fileName: string;
  fileBytes: number;
  fileSha256: string;
}

/**
 * The rows one import batch writes, summed up as they are written: the inserted rows of each
 * table hashed as they come (UUIDv7 keys arrive in key order; a table whose keys do not, such as
 * villages whose keys were made while reconciling, is hashed from the database at the end), the
 * keys of updated rows kept to hash their final state at the end.
 */
export class ImportBatch {
  private readonly inserted = new Map<BatchedTable, RowHasher | 'unordered'>();
  private readonly updated = new Map<BatchedTable, Set<string>>();

  constructor(readonly id: string) {}

  /** A row just inserted, with every column (insertRow fills in the defaults in batch mode). */
  noteInsert(store: Store, table: BatchedTable, row: Record<string, unknown>): void {
    let hasher = this.inserted.get(table);
    if (hasher === 'unordered') return;
    if (!hasher) this.inserted.set(table, (hasher = new RowHasher(tableColumns(store, table))));
    const id = row.id as string;
    if (hasher.accepts(id)) hasher.add(id, row);
    else this.inserted.set(table, 'unordered');
  }

  noteUpdate(table: BatchedTable, id: string): void {
    let ids = this.updated.get(table);
    if (!ids) this.updated.set(table, (ids = new Set()));
    ids.add(id);
  }

  /** The content as the batch leaves it; read inside the batch's transaction. */
  content(store: Store): { content: BatchContent; rowsInserted: number; rowsUpdated: number } {
    const content: BatchContent = {};
    let rowsInserted = 0;
    let rowsUpdated = 0;
    for (const table of BATCHED_TABLES) {
      let inserted = this.inserted.get(table);
      if (inserted === 'unordered') inserted = hashInsertedFromDatabase(store, table, this.id);
      const ids = [...(this.updated.get(table) ?? [])].sort();
      const updated = new RowHasher(tableColumns(store, table));
      for (const id of ids) updated.add(id, findById({ store }, table, id) as unknown as Record<string, unknown>);
      const entry: NonNullable<BatchContent[BatchedTable]> = {};
      if (inserted && inserted.rows > 0) {
        rowsInserted += inserted.rows;
        entry.inserted = inserted.digest(true);
      }
      if (updated.rows > 0) {
        rowsUpdated += updated.rows;
        entry.updated = updated.digest(false);
      }
      if (entry.inserted || entry.updated) content[table] = entry;
    }
    return { content, rowsInserted, rowsUpdated };
  }
}

function hashInsertedFromDatabase(store: Store, table: BatchedTable, batchId: string): RowHasher {
  const hasher = new RowHasher(tableColumns(store, table));
  // Identifiers from the fixed list; the rows as stored, in the key order verify reads them in.
  const rows = store.sqlite.prepare(`SELECT * FROM "${table}" WHERE importBatchId = ? ORDER BY id`).iterate(batchId) as IterableIterator<Record<string, unknown>>;
  for (const row of rows) hasher.add(row.id as string, row);
  return hasher;
}

/** What one transaction changed, gathered as it writes. Made only by write() and beginWrite(). */
export class Writer {
  private readonly actorColumn: string;
  private readonly tables = new Set<AuditedTable>();
  private fromSeq = 0;
  private toSeq = 0;
  private batch: ImportBatch | null = null;

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

  /** A table written without an audit row of its own (a batch's inserts): still announced. */
  touched(table: AuditedTable): void {
    this.tables.add(table);
  }

  /**
   * From here to finishImportBatch, rows inserted into the batched tables carry the batch's id and
   * are audited by its one entry; updates stay audited one by one. Before any other write.
   */
  startImportBatch(id: string = newId()): string {
    if (this.batch || this.fromSeq !== 0 || this.tables.size > 0) throw new AppError('INTERNAL', '内部错误：导入批次必须在本次写入的开头开始');
    this.batch = new ImportBatch(id);
    return id;
  }

  /** The open batch, if any (write helpers only). */
  get importBatch(): ImportBatch | null {
    return this.batch;
  }

  /**
   * Writes the batch's row and its one audit entry, last in the transaction (before COMMIT). An
   * import that changed nothing writes nothing: returns null. The design: db/audit.ts.
   */
  finishImportBatch(source: BatchSource): Selectable<ImportBatchesTable> | null {
    const batch = this.batch;
    if (!batch) throw new AppError('INTERNAL', '内部错误：没有进行中的导入批次');
    this.batch = null;
    fillNamesOfBatch(this.store.sqlite, batch.id);
    const { content, rowsInserted, rowsUpdated } = batch.content(this.store);
    if (rowsInserted === 0 && rowsUpdated === 0) return null;
    const at = nowIso();
    const contentText = canonicalJson(content);
    const row: Selectable<ImportBatchesTable> = {
      id: batch.id,
      fileName: source.fileName,
      fileBytes: source.fileBytes,
      fileSha256: source.fileSha256,
      rowsInserted,
      rowsUpdated,
      content: contentText,
      contentSha256: contentSha256(contentText),
      // The batch's update entries: every entry this transaction wrote so far.
      firstAuditSeq: this.fromSeq === 0 ? null : this.fromSeq,
      createdAt: at,
      updatedAt: at,
    };
    this.store.run(this.store.kysely.insertInto('importBatches').values(row));
    this.audit({ action: 'insert', table: 'importBatches', rowId: row.id, before: null, after: row }, at);
    return row;
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

let isoMs = -1;
let isoText = '';

/** The time as stored (ISO, UTC, ms); an import asks for it per row, so the text is kept per millisecond. */
export function nowIso(): string {
  const ms = Date.now();
  if (ms !== isoMs) {
    isoMs = ms;
    isoText = new Date(ms).toISOString();
  }
  return isoText;
}

/** A new record key: UUIDv7, time-ordered (shared/domain/uuid.ts), so index inserts append. */
export function newId(): string {
  return uuidv7();
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

/**
 * Inserts a row with a fresh UUIDv7 and timestamps (unless given) and audits it: with an entry of
 * its own, or, in an import batch, through the batch's one entry (the row then names its batch).
 */
export function insertRow<T extends IdTable>(
  w: Writer,
  table: T,
  values: Omit<Insertable<DB[T]>, 'id' | 'createdAt' | 'updatedAt'> & { id?: string; createdAt?: string; updatedAt?: string },
): DB[T] & WithId {
  const at = nowIso();
  const batch = isBatchedTable(table) ? w.importBatch : null;
  // In a batch every column is bound, defaults too: the row is then the stored row the batch hashes.
  const row = (
    batch ? withDefaults(tableColumns(w.store, table), { id: newId(), createdAt: at, updatedAt: at, ...values, importBatchId: batch.id }) : { id: newId(), createdAt: at, updatedAt: at, ...values }
  ) as unknown as DB[T] & WithId;
  // Compiled once per table and column set: imports insert hundreds of thousands of rows.
  const columns = Object.keys(row);
  const params = columns.map((c) => (row as unknown as Record<string, unknown>)[c]);
  w.store.preparedFor(`insert:${table}:${columns.join(',')}`, () => w.store.kysely.insertInto(table).values(row as never)).run(...params);
  // Derived, in the same transaction: the pinyin the quick search looks names up by (an import
  // batch's members all at once, when the batch finishes).
  if (NAME_SEARCH_TABLES.has(table) && !batch) noteName(w.store.sqlite, row.id, (row as unknown as { name: string }).name);
  if (batch) {
    batch.noteInsert(w.store, table as BatchedTable, row as unknown as Record<string, unknown>);
    w.touched(table);
  } else {
    w.audit({ action: 'insert', table, rowId: row.id, before: null, after: row }, at);
  }
  return row;
}

/** Updates the given columns; audits only the fields that really changed. Returns the new row. */
export function updateRow<T extends ChangeableTable>(w: Writer, table: T, id: string, patch: Updateable<DB[T]>, what: string): DB[T] & WithId {
  const before = getById(w, table, id, what) as unknown as Record<string, unknown>;
  const changed = Object.entries(patch as Record<string, unknown>).filter(([k, v]) => before[k] !== v);
  if (changed.length === 0) return before as unknown as DB[T] & WithId;
  const batch = isBatchedTable(table) ? w.importBatch : null;
  // The batch hashed the row as inserted; a change now would have to be hashed instead.
  if (batch && before.importBatchId === batch.id) throw new AppError('INTERNAL', '内部错误：导入批次不能修改它自己新增的行');
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
  if (NAME_SEARCH_TABLES.has(table) && typeof (set as Record<string, unknown>).name === 'string') noteName(w.store.sqlite, id, (set as Record<string, unknown>).name as string);
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
  batch?.noteUpdate(table as BatchedTable, id);
  return { ...before, ...set } as unknown as DB[T] & WithId;
}

export function deleteRow<T extends ChangeableTable>(w: Writer, table: T, id: string, what: string): void {
  if (isBatchedTable(table) && w.importBatch) throw new AppError('INTERNAL', '内部错误：导入批次不删除记录');
  const before = getById(w, table, id, what);
  w.store.run(w.store.kysely.deleteFrom(table as 'households').where('id', '=', id));
  if (NAME_SEARCH_TABLES.has(table)) forgetName(w.store.sqlite, id);
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
