// The audit log: one row per write, in the write's own transaction, each hash covering the
// previous one so that editing or removing any row is detectable from that row on. Since schema 2
// the hash is an HMAC under a key derived from the data key (db/auditAnchor.ts), so the chain
// cannot be recomputed with plain SHA-256 after an edit; older rows keep their plain hashes.
//
// Import batches (schema 3). An audit row per inserted row made a 300k-person import spend most of
// its write time hashing and appending audit rows (42 s with random keys, 24.5 s with UUIDv7 keys,
// against 6.9 s with one entry per batch; issue 9). So an import that writes is ONE entry for all
// the rows it inserts, written last in the import's own transaction (so it commits with its rows
// or not at all):
//   - the entry is an 'insert' of a row of importBatches (rowId = the batch id, a UUIDv7), whose
//     fields the entry holds whole: the file's name, size and SHA-256; rowsInserted and
//     rowsUpdated; firstAuditSeq; and `content`, per table (villages, households, members,
//     incomes) and per kind (inserted, updated), the number of rows and the SHA-256 of their
//     canonical JSON (canonicalJson of the full stored row, every column, one line each, in key
//     order), the inserted kind also with its first and last key; contentSha256 is the SHA-256 of
//     that content text. Being an ordinary row under an ordinary entry, the batch row is replayed
//     by verify like any other.
//   - each inserted row carries importBatchId = the batch id: its origin, for verify, the history
//     ("由导入新建：文件名，时间，操作员") and the grids' live refresh (services/changes.ts).
//   - rows that already existed and that the import changes keep one entry each with the changed
//     fields before and after (updateRow), as every other edit; they are the few. They are the
//     entries from firstAuditSeq up to the batch entry (the import holds the write lock from
//     BEGIN IMMEDIATE to COMMIT, so nothing else lands in between), and the batch's `content`
//     also hashes those rows as the batch left them.
//   - an import that changes nothing writes no entry at all.
// verify (services/verify.ts) rebuilds each batch row as the batch left it (its current values, or
// its delete entry's, with the later update entries undone) and recomputes the batch's content,
// so a direct UPDATE, INSERT or DELETE of a batch's rows shows, by table, even after later edits.
import { createHash, createHmac } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { Store } from './store';
import type { Selectable } from 'kysely';
import type { AuditLogTable, AuditedTable, DB } from './schema';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Who made a change. Stored in the audit row's actor column as canonical JSON, so the history can
 * name the person and the window; rows written before this form hold plain text ("user@host").
 */
export interface Actor {
  /** clerk: a person in an app window; cli: the command line; system: the app itself (demo, migrations). */
  kind: 'clerk' | 'cli' | 'system';
  name: string;
  /** The app window the request came from, for a clerk. */
  windowId?: number;
  /** The 操作员 the clerk chose at unlock (services/operators.ts), with their office then. */
  operatorId?: string;
  office?: string;
}

export function actorText(actor: Actor): string {
  return canonicalJson(actor);
}

/** A person as the history names them: 张三（扶贫办）, or the name alone without an office. */
export function personLabel(name: string, office: string | undefined): string {
  return office ? `${name}（${office}）` : name;
}

/** The name to show for a stored actor column, old plain-text rows included. */
export function actorName(stored: string): string {
  if (!stored.startsWith('{')) return stored;
  try {
    const a = JSON.parse(stored) as Partial<Actor>;
    return typeof a.name === 'string' ? personLabel(a.name, typeof a.office === 'string' ? a.office : undefined) : stored;
  } catch {
    return stored;
  }
}

export interface AuditEntry {
  action: AuditLogTable['action'];
  table: AuditedTable;
  rowId: string;
  before: object | null;
  after: object | null;
}

const INDEX_KEY = /^(0|[1-9]\d*)$/;

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Key lists seen (an import repeats a few shapes), sorted; null: a key JSON would reorder. */
const sortedKeysOf = new Map<string, string[] | null>();

function sortedKeys(keys: string[]): string[] | null {
  const signature = keys.join('\u0000');
  let sorted = sortedKeysOf.get(signature);
  if (sorted === undefined) {
    // Index-like keys are listed first by JSON.stringify whatever their order: leave them to it.
    // The default sort compares UTF-16 code units, as the general path's comparator does.
    sorted = keys.some((k) => INDEX_KEY.test(k)) ? null : [...keys].sort();
    if (sortedKeysOf.size > 1000) sortedKeysOf.clear();
    sortedKeysOf.set(signature, sorted);
  }
  return sorted;
}

/**
 * The audited rows and the hashed field lists are flat: copied once in sorted key order and
 * handed to JSON.stringify whole they cost a fraction of the general path (which copies and sorts
 * through a replacer). The text is identical either way.
 */
function flatJson(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.every(isPrimitive) ? JSON.stringify(value) : undefined;
  if (!value || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  const sorted = sortedKeys(keys);
  // A key containing the separator could make two key lists look alike: the count and the own-key
  // checks below then fail and the general path answers.
  if (!sorted || sorted.length !== keys.length) return undefined;
  const copy: Record<string, unknown> = {};
  for (const k of sorted) {
    if (!Object.prototype.hasOwnProperty.call(source, k)) return undefined;
    const v = source[k];
    if (v !== undefined && !isPrimitive(v)) return undefined;
    copy[k] = v;
  }
  return JSON.stringify(copy);
}

/** JSON with keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return flatJson(value) ?? generalJson(value);
}

function generalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

type HashedFields = Pick<AuditLogTable, 'at' | 'actor' | 'action' | 'tableName' | 'rowId' | 'beforeJson' | 'afterJson' | 'prevHash'>;

/** The row's hash: HMAC-SHA256 under the audit key, or plain SHA-256 (rows before schema 2; key null). */
export function auditHash(row: HashedFields, key: Buffer | null = null): string {
  const text = canonicalJson([row.prevHash, row.at, row.actor, row.action, row.tableName, row.rowId, row.beforeJson, row.afterJson]);
  return (key ? createHmac('sha256', key) : createHash('sha256')).update(text).digest('hex');
}

export function lastAuditHash(store: Store): string {
  const row = store.preparedFor('audit:last', () => store.kysely.selectFrom('auditLog').select('hash').orderBy('seq', 'desc').limit(1)).get(1) as { hash: string } | undefined;
  return row?.hash ?? GENESIS_HASH;
}

/**
 * The chain's last link, kept in memory while one long transaction appends many rows (an import):
 * it saves a query per row. Valid only inside that transaction: cacheAuditTip right after BEGIN,
 * dropAuditTip before COMMIT or ROLLBACK. A row that does not land right after the cached one
 * (a savepoint rolled back in between) aborts the write instead of linking to a stale hash.
 */
const tips = new WeakMap<Store, { seq: number; hash: string }>();

export function cacheAuditTip(store: Store): void {
  if (!store.sqlite.inTransaction) throw new AppError('INTERNAL', '审计链缓存只能在事务中使用');
  tips.set(store, { seq: 0, hash: '' });
}

export function dropAuditTip(store: Store): void {
  tips.delete(store);
}

/** Appends one audit row in the caller's transaction; returns its sequence number. */
export function recordAudit(store: Store, actor: string, e: AuditEntry, at = new Date().toISOString()): number {
  const fields: HashedFields = {
    at,
    actor,
    action: e.action,
    tableName: e.table,
    rowId: e.rowId,
    beforeJson: e.before ? canonicalJson(e.before) : null,
    afterJson: e.after ? canonicalJson(e.after) : null,
    prevHash: '',
  };
  const tip = store.sqlite.inTransaction ? tips.get(store) : undefined;
  fields.prevHash = tip && tip.seq > 0 ? tip.hash : lastAuditHash(store);
  const row = { ...fields, hash: auditHash(fields, store.auditKey) };
  const seq = Number(
    store.preparedFor('audit:insert', () => store.kysely.insertInto('auditLog').values(row)).run(row.at, row.actor, row.action, row.tableName, row.rowId, row.beforeJson, row.afterJson, row.prevHash, row.hash)
      .lastInsertRowid,
  );
  if (!tip) return seq;
  if (tip.seq > 0 && seq !== tip.seq + 1) {
    tips.delete(store);
    throw new AppError('INTERNAL', `审计链缓存失效（第 ${seq} 条不接在第 ${tip.seq} 条之后），本次写入已撤销`);
  }
  tip.seq = seq;
  tip.hash = row.hash;
  return seq;
}

export type ChainCheck = { ok: true; rows: number } | { ok: false; rows: number; brokenAt: number; reason: string };

/**
 * Walks the whole chain; reports the first row whose link or content does not match. Rows before
 * keyedFromSeq must carry a plain hash, rows from it on the keyed one. Without keyedFromSeq (no
 * anchor to say) the boundary is taken from the chain: keying starts at the first keyed row and
 * never stops.
 */
export function verifyAuditChain(store: Store, keyedFromSeq?: number): ChainCheck {
  const key = store.auditKey;
  let prev = GENESIS_HASH;
  let rows = 0;
  let lastSeq = 0;
  let keyedSeen = false;
  const stmt = store.sqlite.prepare('SELECT * FROM auditLog ORDER BY seq');
  for (const raw of stmt.iterate()) {
    const row = raw as Selectable<AuditLogTable>;
    rows++;
    if (row.seq !== lastSeq + 1) return { ok: false, rows, brokenAt: row.seq, reason: `第 ${lastSeq + 1} 条审计记录缺失` };
    if (row.prevHash !== prev) return { ok: false, rows, brokenAt: row.seq, reason: `第 ${row.seq} 条审计记录与上一条不相连` };
    const mayBeKeyed = keyedFromSeq === undefined || row.seq >= keyedFromSeq;
    const mustBeKeyed = keyedFromSeq === undefined ? keyedSeen : mayBeKeyed;
    if (mayBeKeyed && key !== null && auditHash(row, key) === row.hash) {
      keyedSeen = true;
    } else if (auditHash(row) !== row.hash) {
      return { ok: false, rows, brokenAt: row.seq, reason: `第 ${row.seq} 条审计记录的内容被改动` };
    } else if (mustBeKeyed) {
      // A plain hash that matches where a keyed one belongs: recomputed outside the app.
      return { ok: false, rows, brokenAt: row.seq, reason: `第 ${row.seq} 条审计记录没有密钥签名（审计链在本软件之外被重新计算）` };
    }
    prev = row.hash;
    lastSeq = row.seq;
  }
  return { ok: true, rows };
}

/** The tables whose rows an import inserts under its batch (they have the importBatchId column). */
export const BATCHED_TABLES = ['villages', 'households', 'members', 'incomes'] as const satisfies readonly (keyof DB)[];
export type BatchedTable = (typeof BATCHED_TABLES)[number];

export function isBatchedTable(table: string): table is BatchedTable {
  return (BATCHED_TABLES as readonly string[]).includes(table);
}

/** The rows of one table and one kind in a batch: how many, their hash, and (inserted) the key range. */
export interface RowsDigest {
  rows: number;
  sha256: string;
  firstId?: string;
  lastId?: string;
}

/** A batch's `content`: per table, what it inserted and what it updated. Tables and kinds without rows are left out. */
export type BatchContent = Partial<Record<BatchedTable, { inserted?: RowsDigest; updated?: RowsDigest }>>;

/**
 * SHA-256 over rows fed in key order: each row's canonical JSON and a newline (JSON text holds no
 * raw newline, so the lines cannot run into each other). The rows are full stored rows: every
 * column, primitive values. For those, JSON.stringify with the sorted column names as its key list
 * writes exactly canonicalJson's text without copying or sorting each row (an import hashes 300k
 * rows and more; measured about 1.5× faster than canonicalJson on a household row).
 * Throws if a key comes out of order.
 */
export class RowHasher {
  private readonly hash = createHash('sha256');
  private count = 0;
  private first: string | undefined;
  private last: string | undefined;

  constructor(private readonly columns: TableColumns) {}

  /** Whether a row with this key may come next. */
  accepts(id: string): boolean {
    return this.last === undefined || this.last < id;
  }

  add(id: string, row: Record<string, unknown>): void {
    if (!this.accepts(id)) throw new AppError('INTERNAL', `内部错误：导入批次的行未按编号顺序计算（${id}）`);
    this.hash.update(JSON.stringify(row, this.columns.sorted as string[]) + '\n');
    this.count++;
    this.first ??= id;
    this.last = id;
  }

  get rows(): number {
    return this.count;
  }

  /** The digest; with keys: the first and last key too (the inserted kind records them). */
  digest(withKeys: boolean): RowsDigest {
    const d: RowsDigest = { rows: this.count, sha256: this.hash.digest('hex') };
    if (withKeys && this.first !== undefined) {
      d.firstId = this.first;
      d.lastId = this.last;
    }
    return d;
  }
}

/** The hash of a batch's content text, as stored in importBatches.contentSha256. */
export function contentSha256(contentText: string): string {
  return createHash('sha256').update(contentText).digest('hex');
}

export interface TableColumns {
  names: readonly string[];
  /** The names in canonicalJson's key order. */
  sorted: readonly string[];
  /** Each column's DEFAULT as SQLite applies it to an insert that leaves the column out. */
  defaults: Readonly<Record<string, unknown>>;
}

const columnsOf = new WeakMap<Store, Map<string, TableColumns>>();

/** The table's columns and their defaults, read once per connection. */
export function tableColumns(store: Store, table: string): TableColumns {
  let perStore = columnsOf.get(store);
  if (!perStore) columnsOf.set(store, (perStore = new Map()));
  let cols = perStore.get(table);
  if (!cols) {
    const info = store.sqlite.prepare('SELECT name, dflt_value AS d FROM pragma_table_info(?)').all(table) as { name: string; d: string | null }[];
    const defaults: Record<string, unknown> = {};
    for (const c of info) defaults[c.name] = defaultValue(c.d);
    const names = info.map((c) => c.name);
    cols = { names, sorted: [...names].sort(), defaults };
    perStore.set(table, cols);
  }
  return cols;
}

function defaultValue(d: string | null): unknown {
  if (d === null || /^null$/i.test(d)) return null;
  if (/^-?\d+(\.\d+)?$/.test(d)) return Number(d);
  if (/^'.*'$/s.test(d)) return d.slice(1, -1).replace(/''/g, "'");
  return d;
}

/** Puts each column the row leaves out in it at its default, as SQLite would store it (the defaults here are all constants). Returns the row. */
export function withDefaults<R extends Record<string, unknown>>(columns: TableColumns, row: R): R {
  for (const name of columns.names) if ((row as Record<string, unknown>)[name] === undefined) (row as Record<string, unknown>)[name] = columns.defaults[name];
  return row;
}
