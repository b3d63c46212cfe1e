// verify: is the database what the app's own writes made it? Four checks, each catching what the
// others cannot:
//   1. SQLite's integrity_check: the file itself.
//   2. The audit chain (db/audit.ts): every row linked to the previous one, keyed rows under the
//      HMAC key, so an edited, removed, inserted or re-hashed audit row shows.
//   3. The anchor (db/auditAnchor.ts): the chain's head as last committed, outside the table, so a
//      cut tail shows; an anchor behind the table is a crash between COMMIT and its write.
//   4. Replay: the registry rebuilt from the audit log, compared row by row and field by field
//      with the tables, so a direct UPDATE, INSERT or DELETE (which leaves the chain intact) shows.
// The replay is a merge join per table: the audit rows of one table in (rowId, seq) order (the
// auditLog_row index gives that order) against the table's rows in primary-key order, one row in
// memory at a time, so a 300k-person registry needs no more memory than a small one.
//
// Rows an import inserted have no entry of their own: their origin is their import batch's one
// entry (db/audit.ts, "Import batches"). Each such row is rebuilt as its batch left it — from its
// current values, or from its delete entry if a clerk removed it since, with the update entries
// after the batch undone newest first (they hold the values before) — and hashed into its batch's
// content as the merge join passes it, in key order; the rows the batch updated are hashed as the
// forward replay passes the batch's update entry. At the end every batch's content is compared
// with what its entry recorded. So every batch stays checkable whatever was edited in the app
// since; a direct change to a row is named by table and row where an entry covers the field, and
// by batch and table where only the batch's hash does.
import type { Store } from '../db/store';
import type { AuditedTable } from '../db/schema';
import { BATCHED_TABLES, canonicalJson, contentSha256, isBatchedTable, RowHasher, tableColumns, verifyAuditChain, type BatchContent, type TableColumns } from '../db/audit';
import { auditHeadPath, hashAt, readAnchor } from '../db/auditAnchor';

/** Replay order does not matter (each table on its own); listed to name every audited table once. */
export const AUDITED_TABLES: readonly AuditedTable[] = ['villages', 'units', 'teams', 'teamUnits', 'cadres', 'households', 'members', 'incomes', 'pairings', 'villageYears', 'exitEvents', 'pledges', 'projects', 'projectHouseholds', 'ledgerEntries', 'importBatches', 'settings'];

export interface VerifyReport {
  ok: boolean;
  auditRows: number;
  /** What is wrong, first found first; at most MAX_LISTED, see problemCount for all. */
  problems: string[];
  problemCount: number;
  /** What the clerk should know though nothing is wrong (unkeyed older rows, an anchor behind). */
  notes: string[];
}

const MAX_LISTED = 20;

class Findings {
  readonly problems: string[] = [];
  count = 0;
  readonly notes: string[] = [];

  problem(text: string): void {
    this.count++;
    if (this.problems.length < MAX_LISTED) this.problems.push(text);
  }
}

export function verifyDatabase(store: Store): VerifyReport {
  const f = new Findings();
  const integrity = store.sqlite.pragma('integrity_check', { simple: true }) as string;
  if (integrity !== 'ok') {
    // Nothing else can be trusted to read a damaged file.
    f.problem(`损坏：数据库完整性检查未通过（${integrity}）`);
    return { ok: false, auditRows: 0, problems: f.problems, problemCount: f.count, notes: f.notes };
  }
  const auditRows = checkAnchorAndChain(store, f);
  const batches = new Batches(store, f);
  for (const table of AUDITED_TABLES) replayTable(store, table, batches, f);
  batches.compare(f);
  return { ok: f.count === 0, auditRows, problems: f.problems, problemCount: f.count, notes: f.notes };
}

/** Returns the number of audit rows. */
function checkAnchorAndChain(store: Store, f: Findings): number {
  const key = store.auditKey;
  const anchor = key ? readAnchor(store.path, key) : ({ state: 'missing' } as const);
  const chain = verifyAuditChain(store, anchor.state === 'ok' ? anchor.head.keyedFromSeq : undefined);
  if (!chain.ok) f.problem(`审计链断裂：${chain.reason}（第一处断点：第 ${chain.brokenAt} 条）`);
  const tableHead = store.sqlite.prepare('SELECT max(seq) AS seq FROM auditLog').get() as { seq: number | null };
  const lastSeq = tableHead.seq ?? 0;
  const where = auditHeadPath(store.path);

  if (anchor.state === 'missing') {
    // Every database of schema 2 is anchored when created or upgraded; only an empty log may lack it.
    if (lastSeq > 0) f.problem(`审计锚点文件缺失（${where}）：无法确认审计记录的末尾没有被删除（复制数据库时漏掉该文件也会如此）`);
    return chain.rows;
  }
  if (anchor.state === 'invalid') {
    f.problem(`审计锚点无效（${where}）：${anchor.reason}`);
    return chain.rows;
  }
  const a = anchor.head;
  if (lastSeq < a.seq) {
    f.problem(`审计记录的末尾被删除：锚点记到第 ${a.seq} 条，表中只到第 ${lastSeq} 条（少了 ${a.seq - lastSeq} 条）`);
  } else if (hashAt(store.sqlite, a.seq) !== a.hash) {
    f.problem(`第 ${a.seq} 条审计记录与锚点不符：该条及之前的审计记录在本软件之外被改写`);
  } else if (lastSeq > a.seq) {
    // Only a crash (or a failed sidecar write) between COMMIT and the anchor gets here through the
    // app; the rows after the anchor were still checked one by one under the key above.
    f.notes.push(`锚点落后于审计表 ${lastSeq - a.seq} 条（可能是提交后、写锚点前断电或程序退出）；这些记录已逐条核对密钥签名`);
  }
  if (a.keyedFromSeq > 1) {
    f.notes.push(`第 1–${a.keyedFromSeq - 1} 条审计记录是旧版本写的（未加密钥签名）：能发现对它们的改动，但不能排除有人在软件之外重新计算了这部分`);
  }
  return chain.rows;
}

type Row = Record<string, unknown>;

interface AuditEvent {
  seq: number;
  at: string;
  action: 'insert' | 'update' | 'delete';
  rowId: string;
  beforeJson: string | null;
  afterJson: string | null;
}

/** SQLite's BINARY order (bytes of UTF-8), which the merge must follow; JS's < agrees on ASCII. */
function compareKeys(a: string, b: string): number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(a) && /^[\x00-\x7f]*$/.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function keyColumn(table: AuditedTable): string {
  return table === 'settings' ? 'key' : 'id';
}

type BatchKind = 'inserted' | 'updated';

/** One import batch: what its entry recorded, and its content as the replay finds it. */
interface Batch {
  id: string;
  seq: number;
  fileName: string;
  firstAuditSeq: number | null;
  recorded: BatchContent;
  found: Map<string, RowHasher>;
}

/** The import batches of the log, read from their entries (a handful, however many rows they hold). */
class Batches {
  private readonly byId = new Map<string, Batch>();
  /** Batches with update entries of their own, in seq order. */
  private readonly withUpdates: Batch[] = [];

  constructor(store: Store, f: Findings) {
    const entries = store.sqlite
      .prepare("SELECT seq, rowId, afterJson FROM auditLog WHERE tableName = 'importBatches' AND action = 'insert' ORDER BY seq")
      .iterate() as IterableIterator<{ seq: number; rowId: string; afterJson: string | null }>;
    for (const e of entries) {
      let after: { fileName?: unknown; content?: unknown; contentSha256?: unknown; firstAuditSeq?: unknown };
      let recorded: BatchContent;
      try {
        after = JSON.parse(e.afterJson ?? 'null') as typeof after;
        recorded = JSON.parse(String(after.content)) as BatchContent;
      } catch {
        f.problem(`第 ${e.seq} 条审计记录（导入批次）的内容无法读取`);
        continue;
      }
      if (contentSha256(String(after.content)) !== after.contentSha256) f.problem(`第 ${e.seq} 条审计记录（导入批次）的内容与其哈希不符`);
      const firstAuditSeq = typeof after.firstAuditSeq === 'number' ? after.firstAuditSeq : null;
      const batch: Batch = { id: e.rowId, seq: e.seq, fileName: String(after.fileName ?? ''), firstAuditSeq, recorded, found: new Map() };
      this.byId.set(batch.id, batch);
      if (firstAuditSeq !== null) this.withUpdates.push(batch);
    }
  }

  get(id: unknown): Batch | undefined {
    return typeof id === 'string' ? this.byId.get(id) : undefined;
  }

  /** The batch whose update entries include this seq: firstAuditSeq ≤ seq < the batch entry's seq. */
  ofUpdate(seq: number): Batch | undefined {
    let lo = 0;
    let hi = this.withUpdates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.withUpdates[mid].seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    const b = this.withUpdates[lo];
    return b && b.firstAuditSeq! <= seq ? b : undefined;
  }

  /** Adds a row, as the batch left it, to the batch's content; rows come in key order. */
  add(batch: Batch, ctx: ReplayContext, kind: BatchKind, id: string, row: Row): void {
    const { table, f } = ctx;
    const key = `${table}.${kind}`;
    let hasher = batch.found.get(key);
    if (!hasher) batch.found.set(key, (hasher = new RowHasher(ctx.columns)));
    if (!hasher.accepts(id)) {
      f.problem(`${table} 表第 ${id} 行的编号不是本软件生成的格式`);
      return;
    }
    hasher.add(id, row);
  }

  /** Each batch's content as found against what its entry recorded, by table. */
  compare(f: Findings): void {
    for (const b of this.byId.values()) {
      const where = `导入批次“${b.fileName}”（第 ${b.seq} 条审计记录）`;
      for (const table of BATCHED_TABLES) {
        for (const kind of ['inserted', 'updated'] as const) {
          const recorded = b.recorded[table]?.[kind];
          const found = b.found.get(`${table}.${kind}`);
          const recordedRows = recorded?.rows ?? 0;
          const foundRows = found?.rows ?? 0;
          if (recordedRows === 0 && foundRows === 0) continue;
          const what = kind === 'inserted' ? '新增' : '修改';
          if (recordedRows !== foundRows) {
            f.problem(`${where}${what}的 ${table} 表行数与审计记录不符：记录 ${recordedRows} 行，现有 ${foundRows} 行（在本软件之外删除或插入）`);
          } else if (recorded!.sha256 !== found!.digest(false).sha256) {
            f.problem(`${where}${what}的 ${table} 表 ${recordedRows} 行中有内容与审计记录不符（在本软件之外修改）`);
          }
        }
      }
    }
  }
}

function replayTable(store: Store, table: AuditedTable, batches: Batches, f: Findings): void {
  const pk = keyColumn(table);
  const batched = isBatchedTable(table);
  const ctx: ReplayContext = { table, batched, columns: tableColumns(store, table), batches, f };
  // Identifiers come from the fixed list above, never from input.
  const current = store.sqlite.prepare(`SELECT * FROM "${table}" ORDER BY "${pk}"`).iterate() as IterableIterator<Row>;
  const events = store.sqlite
    .prepare('SELECT seq, at, action, rowId, beforeJson, afterJson FROM auditLog WHERE tableName = ? ORDER BY rowId, seq')
    .iterate(table) as IterableIterator<AuditEvent>;

  let row = current.next();
  let ev = events.next();
  while (!row.done || !ev.done) {
    const rowKey = row.done ? null : String(row.value[pk]);
    const evKey = ev.done ? null : ev.value.rowId;
    const c = rowKey === null ? 1 : evKey === null ? -1 : compareKeys(rowKey, evKey);
    if (c < 0) {
      // No entry names this row: an import batch's row never edited since, or one inserted outside the app.
      const batch = batched ? batches.get(row.value.importBatchId) : undefined;
      if (batch) batches.add(batch, ctx, 'inserted', rowKey!, row.value);
      else if (batched && row.value.importBatchId != null) f.problem(`${table} 表的第 ${rowKey} 行属于一个审计记录中没有的导入批次（在本软件之外插入）`);
      else f.problem(`${table} 表的第 ${rowKey} 行没有任何审计记录（在本软件之外插入）`);
      row = current.next();
      continue;
    }
    // Every event of this row id, in seq order: usually one insert and a few updates.
    const id = evKey!;
    const rowEvents: AuditEvent[] = [];
    while (!ev.done && ev.value.rowId === id) {
      rowEvents.push(ev.value);
      ev = events.next();
    }
    const actual = c === 0 ? row.value : null;
    if (batched && rowEvents[0].action !== 'insert') replayBatchRow(ctx, id, actual, rowEvents);
    else replayLoggedRow(ctx, id, actual, rowEvents);
    if (c === 0) row = current.next();
  }
}

interface ReplayContext {
  table: AuditedTable;
  batched: boolean;
  columns: TableColumns;
  batches: Batches;
  f: Findings;
}

/** A row with an insert entry of its own: replayed forward from it. */
function replayLoggedRow(ctx: ReplayContext, id: string, actual: Row | null, rowEvents: AuditEvent[]): void {
  const { table, f } = ctx;
  if (actual) {
    // Fast path, most rows of a big registry: inserted once with every column and never changed.
    // The audit text is canonical JSON of the row, so equal text means equal fields. (A row written
    // one by one has no importBatchId in its entry: the column's null is left out of the text.)
    const only = rowEvents.length === 1 ? rowEvents[0] : null;
    if (only?.action === 'insert' && only.afterJson === canonicalJson(withoutNullBatch(ctx, actual))) return;
    const state = fold(ctx, id, rowEvents);
    if (state === null) f.problem(`${table} 表的第 ${id} 行按审计记录已删除，表中却还在（在本软件之外插入或恢复）`);
    else compareRow(table, id, state, actual, ctx.columns.names, f);
  } else if (fold(ctx, id, rowEvents) !== null) {
    f.problem(`${table} 表的第 ${id} 行按审计记录应存在，表中却没有（在本软件之外删除）`);
  }
}

function withoutNullBatch(ctx: ReplayContext, row: Row): Row {
  if (!ctx.batched || row.importBatchId !== null) return row;
  const { importBatchId: _none, ...rest } = row;
  return rest;
}

/**
 * A row whose entries begin with an update or a delete: an import batch inserted it. Rebuilt as
 * the batch left it from where it ends (the table, or its delete entry) with the updates undone,
 * newest first, each checked against the values it left; then hashed into its batch.
 */
function replayBatchRow(ctx: ReplayContext, id: string, actual: Row | null, rowEvents: AuditEvent[]): void {
  const { table, f } = ctx;
  const last = rowEvents[rowEvents.length - 1];
  let end: Row;
  let updates: AuditEvent[];
  if (last.action === 'delete') {
    if (actual) f.problem(`${table} 表的第 ${id} 行按审计记录已删除，表中却还在（在本软件之外插入或恢复）`);
    end = parse(last.beforeJson) ?? {};
    updates = rowEvents.slice(0, -1);
  } else {
    if (!actual) {
      f.problem(`${table} 表的第 ${id} 行按审计记录应存在，表中却没有（在本软件之外删除）`);
      return;
    }
    end = actual;
    updates = rowEvents;
  }
  const odd = updates.find((e) => e.action !== 'update');
  if (odd) {
    f.problem(`第 ${odd.seq} 条审计记录（${table} 表第 ${id} 行）与该行的其他审计记录矛盾`);
    return;
  }
  const state: Row = { ...end };
  if (updates.length > 0 && !same(state.updatedAt, updates[updates.length - 1].at)) {
    f.problem(`${table} 表第 ${id} 行的字段 updatedAt 与审计记录不符（在本软件之外修改）`);
  }
  /** The entry that set each field's value now in `state`, while undoing. */
  const setBy = new Map<string, number>();
  for (let i = updates.length - 1; i >= 0; i--) {
    const e = updates[i];
    for (const [k, v] of Object.entries(parse(e.afterJson) ?? {})) {
      if (!(k in state) || same(state[k], v)) continue;
      const later = setBy.get(k);
      if (later === undefined) f.problem(`${table} 表第 ${id} 行的字段 ${k} 与审计记录不符（在本软件之外修改）`);
      else f.problem(`第 ${later} 条审计记录（${table} 表第 ${id} 行）之前，字段 ${k} 已在本软件之外被改动`);
    }
    for (const [k, v] of Object.entries(parse(e.beforeJson) ?? {})) {
      state[k] = v;
      setBy.set(k, e.seq);
    }
  }
  // Undone to before the first update: insertRow gives a new row one time for both.
  if (updates.length > 0 && 'createdAt' in state) state.updatedAt = state.createdAt;
  const batch = ctx.batches.get(state.importBatchId);
  if (!batch) {
    f.problem(`${table} 表第 ${id} 行只有修改或删除的审计记录，没有新增记录，也不属于任何导入批次`);
    return;
  }
  if (updates.length > 0 && updates[0].seq < batch.seq) {
    f.problem(`第 ${updates[0].seq} 条审计记录（${table} 表第 ${id} 行）早于新增该行的导入批次（第 ${batch.seq} 条）`);
    return;
  }
  ctx.batches.add(batch, ctx, 'inserted', id, state);
  // Forward again, for the batches whose update entries changed the row.
  let next: Row = state;
  for (let i = 0; i < updates.length; i++) {
    const e = updates[i];
    const after = parse(e.afterJson) ?? {};
    next = { ...next, ...after };
    if (!('updatedAt' in after)) next.updatedAt = e.at;
    noteBatchUpdate(ctx, id, e, updates[i + 1], next);
  }
}

/** The row's state after an update entry of an import batch, once the batch is done with the row. */
function noteBatchUpdate(ctx: ReplayContext, id: string, e: AuditEvent, following: AuditEvent | undefined, state: Row): void {
  if (!ctx.batched || e.action !== 'update') return;
  const batch = ctx.batches.ofUpdate(e.seq);
  if (batch && !(following && ctx.batches.ofUpdate(following.seq) === batch)) ctx.batches.add(batch, ctx, 'updated', id, state);
}

function fold(ctx: ReplayContext, id: string, rowEvents: AuditEvent[]): Row | null {
  let state: Row | null = null;
  for (let i = 0; i < rowEvents.length; i++) {
    state = applyEvent(ctx.table, state, rowEvents[i], ctx.columns.defaults, ctx.columns.names, ctx.f);
    if (state) noteBatchUpdate(ctx, id, rowEvents[i], rowEvents[i + 1], state);
  }
  return state;
}

function parse(json: string | null): Row | null {
  return json === null ? null : (JSON.parse(json) as Row);
}

/** One audit event applied to the replayed row; where the log contradicts itself, says so. */
function applyEvent(table: AuditedTable, state: Row | null, e: AuditEvent, defaults: Readonly<Row>, columns: readonly string[], f: Findings): Row | null {
  const before = parse(e.beforeJson);
  const after = parse(e.afterJson);
  const where = `第 ${e.seq} 条审计记录（${table} 表第 ${e.rowId} 行）`;
  switch (e.action) {
    case 'insert': {
      if (state !== null) f.problem(`${where}插入了一行已存在的记录`);
      const row: Row = {};
      for (const col of columns) row[col] = after && col in after ? after[col] : defaults[col];
      return row;
    }
    case 'update': {
      if (state === null) {
        f.problem(`${where}修改了一行不存在的记录`);
        return null;
      }
      // The fields' values before this change must be what the log last left: otherwise someone
      // changed them outside the app in between (and an in-app edit then covered it up).
      for (const [k, v] of Object.entries(before ?? {})) {
        if (k in state && !same(state[k], v)) f.problem(`${where}之前，字段 ${k} 已在本软件之外被改动`);
      }
      // updateRow audits the changed fields only; updatedAt takes the audit row's time.
      const next: Row = { ...state, ...(after ?? {}) };
      if (table !== 'settings' && 'updatedAt' in next && !(after && 'updatedAt' in after)) next.updatedAt = e.at;
      return next;
    }
    case 'delete': {
      if (state === null) f.problem(`${where}删除了一行不存在的记录`);
      else for (const [k, v] of Object.entries(before ?? {})) if (k in state && !same(state[k], v)) f.problem(`${where}之前，字段 ${k} 已在本软件之外被改动`);
      return null;
    }
    default:
      f.problem(`${where}的操作类型不明`);
      return state;
  }
}

function same(a: unknown, b: unknown): boolean {
  return a === b || (a === undefined && b === null) || (a === null && b === undefined);
}

function compareRow(table: AuditedTable, id: string, replayed: Row, actual: Row, columns: readonly string[], f: Findings): void {
  // Field names only, never values: the output may be pasted into a ticket, and values are personal data.
  for (const col of columns) {
    if (!same(replayed[col], actual[col])) f.problem(`${table} 表第 ${id} 行的字段 ${col} 与审计记录不符（在本软件之外修改）`);
  }
}
