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
import type { Store } from '../db/store';
import type { AuditedTable } from '../db/schema';
import { canonicalJson, verifyAuditChain } from '../db/audit';
import { auditHeadPath, hashAt, readAnchor } from '../db/auditAnchor';

/** Replay order does not matter (each table on its own); listed to name every audited table once. */
export const AUDITED_TABLES: readonly AuditedTable[] = ['villages', 'units', 'teams', 'teamUnits', 'cadres', 'households', 'members', 'incomes', 'pairings', 'settings'];

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
  for (const table of AUDITED_TABLES) replayTable(store, table, f);
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

/** A column's DEFAULT as SQLite applies it to an insert that leaves it out. */
function columnDefaults(store: Store, table: string): Row {
  const cols = store.sqlite.prepare('SELECT name, dflt_value AS d FROM pragma_table_info(?)').all(table) as { name: string; d: string | null }[];
  const out: Row = {};
  for (const c of cols) {
    const d = c.d;
    out[c.name] = d === null || /^null$/i.test(d) ? null : /^-?\d+(\.\d+)?$/.test(d) ? Number(d) : /^'.*'$/s.test(d) ? d.slice(1, -1).replace(/''/g, "'") : d;
  }
  return out;
}

function keyColumn(table: AuditedTable): string {
  return table === 'settings' ? 'key' : 'id';
}

function replayTable(store: Store, table: AuditedTable, f: Findings): void {
  const pk = keyColumn(table);
  const defaults = columnDefaults(store, table);
  const columns = Object.keys(defaults);
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
      f.problem(`${table} 表的第 ${rowKey} 行没有任何审计记录（在本软件之外插入）`);
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
    if (c === 0) {
      // Fast path, most rows of a big registry: inserted once with every column and never changed.
      // The audit text is canonical JSON of the row, so equal text means equal fields.
      const only = rowEvents.length === 1 ? rowEvents[0] : null;
      if (!(only?.action === 'insert' && only.afterJson === canonicalJson(row.value))) {
        const state = fold(table, rowEvents, defaults, columns, f);
        if (state === null) f.problem(`${table} 表的第 ${id} 行按审计记录已删除，表中却还在（在本软件之外插入或恢复）`);
        else compareRow(table, id, state, row.value as Row, columns, f);
      }
      row = current.next();
    } else if (fold(table, rowEvents, defaults, columns, f) !== null) {
      f.problem(`${table} 表的第 ${id} 行按审计记录应存在，表中却没有（在本软件之外删除）`);
    }
  }
}

function fold(table: AuditedTable, rowEvents: AuditEvent[], defaults: Row, columns: string[], f: Findings): Row | null {
  let state: Row | null = null;
  for (const e of rowEvents) state = applyEvent(table, state, e, defaults, columns, f);
  return state;
}

function parse(json: string | null): Row | null {
  return json === null ? null : (JSON.parse(json) as Row);
}

/** One audit event applied to the replayed row; where the log contradicts itself, says so. */
function applyEvent(table: AuditedTable, state: Row | null, e: AuditEvent, defaults: Row, columns: string[], f: Findings): Row | null {
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

function compareRow(table: AuditedTable, id: string, replayed: Row, actual: Row, columns: string[], f: Findings): void {
  // Field names only, never values: the output may be pasted into a ticket, and values are personal data.
  for (const col of columns) {
    if (!same(replayed[col], actual[col])) f.problem(`${table} 表第 ${id} 行的字段 ${col} 与审计记录不符（在本软件之外修改）`);
  }
}
