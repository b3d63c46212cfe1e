// A household's or a member's change history from the audit log, with values as the clerk sees
// them (code names, 是/否, yuan) rather than as they are stored. A record an import created has no
// insert entry of its own: its line comes from the import batch it names (db/audit.ts), with the
// batch's time, clerk and file (由导入新建：文件名，时间，操作员).
import type { HistoryEntry } from '../../shared/contract';
import { codeLabel } from '../../shared/domain/codes';
import { fenToYuan } from '../../shared/domain/money';
import { HOUSEHOLD_FIELDS, INCOME_FIELDS, MEMBER_FIELDS, NET_INCOME_PER_CAPITA_LABEL, type FieldDef } from '../../shared/fields';
import { actorName } from '../db/audit';
import { queriesFor, type Queries } from '../db/queries';
import type { BatchOriginRow } from '../db/queries/auditReads';
import type { Store } from '../db/store';

type Table = 'households' | 'members';

const BOOKKEEPING = new Set(['id', 'createdAt', 'updatedAt', 'householdId', 'importBatchId']);
const MONEY_LABELS = new Map<string, string>([...INCOME_FIELDS.map((f): [string, string] => [f.key, f.label]), ['declaredPerCapita', NET_INCOME_PER_CAPITA_LABEL]]);

function fieldsOf(table: string): readonly FieldDef[] {
  return table === 'households' ? HOUSEHOLD_FIELDS : table === 'members' ? MEMBER_FIELDS : [];
}

function labelOf(table: string, key: string): string {
  if (key === 'villageId') return '行政村';
  if (key === 'year') return '收入年度';
  return fieldsOf(table).find((f) => f.key === key)?.label ?? MONEY_LABELS.get(key) ?? key;
}

function shown(table: string, key: string, value: unknown, villages: Map<string, string>): string {
  if (value === null || value === undefined || value === '') return '';
  if (key === 'villageId') return villages.get(String(value)) ?? String(value);
  if (table === 'incomes' && MONEY_LABELS.has(key) && typeof value === 'number') return `${fenToYuan(value)} 元`;
  const def = fieldsOf(table).find((f) => f.key === key);
  if (!def) return String(value);
  switch (def.type) {
    case 'bool':
      return value === 1 || value === true ? '是' : '否';
    case 'code':
      return codeLabel(def.list!, String(value)) || String(value);
    case 'codes':
      return String(value)
        .split(',')
        .map((c) => codeLabel(def.list!, c) || c)
        .join('、');
    default:
      return String(value);
  }
}

function summary(table: string, row: Record<string, unknown> | null): string {
  if (!row) return '';
  if (table === 'members') return `${String(row.name ?? '')}（${codeLabel('relation', String(row.relation ?? ''))}，${String(row.idNumber ?? '')}）`;
  if (table === 'incomes') return `${String(row.year ?? '')}年收入`;
  if (table === 'households') return `户编号 ${String(row.hhCode ?? '')}`;
  if (table === 'exitEvents') {
    const what = { exit: '销号', undo: '撤销销号', returned: '返贫' }[String(row.kind)] ?? String(row.kind);
    const why = row.reason ?? row.overrideReason ?? row.evidence;
    return `${what}（${String(row.happenedOn ?? '')}${typeof why === 'string' ? `：${why}` : ''}）`;
  }
  return '';
}

const WHAT: Record<string, string> = { households: '贫困户', members: '成员', incomes: '收入', pairings: '帮扶结对', exitEvents: '销号记录' };

interface BatchLine {
  seq: number;
  at: string;
  actor: string;
  fileName: string;
}

/** The batches' entries, each read once. */
function batchLines(queries: Queries): (batchId: string) => BatchLine | undefined {
  const seen = new Map<string, BatchLine | undefined>();
  return (batchId) => {
    if (!seen.has(batchId)) {
      const e = queries.auditReads.batchEntry(batchId);
      seen.set(batchId, e && { seq: e.seq, at: e.at, actor: actorName(e.actor), fileName: String((JSON.parse(e.afterJson) as { fileName?: unknown }).fileName ?? '') });
    }
    return seen.get(batchId);
  };
}

/** The insert line of a row an import batch created: the batch's time and clerk, the row's summary. */
function importedEntry(batch: BatchLine, table: string, row: Record<string, unknown>): HistoryEntry {
  return {
    seq: batch.seq,
    at: batch.at,
    actor: batch.actor,
    action: 'insert',
    field: '*',
    fieldLabel: `新增${WHAT[table] ?? table}`,
    before: '',
    after: summary(table, row),
    importedFrom: batch.fileName,
  };
}

const TABLE_ORDER: Record<string, number> = { households: 0, members: 1, incomes: 2 };

export function historyOf(store: Store, table: Table, id: string): HistoryEntry[] {
  const queries = queriesFor(store);
  const villages = new Map(queries.organisation.villageNames().map((v) => [v.id, v.name]));
  const batchOf = batchLines(queries);
  // A household's history includes people joining and leaving it, and its incomes.
  const rows = table === 'households' ? queries.auditReads.householdHistory(id) : queries.auditReads.memberHistory(id);
  const entries: HistoryEntry[] = [];
  /** Lines of rows imported in a batch, with the table they belong to (the household's first). */
  const imported: { entry: HistoryEntry; order: number }[] = [];
  const addImported = (tableName: string, row: Record<string, unknown>) => {
    const batch = typeof row.importBatchId === 'string' ? batchOf(row.importBatchId) : undefined;
    if (batch) imported.push({ entry: importedEntry(batch, tableName, row), order: TABLE_ORDER[tableName] ?? 3 });
  };
  const origins: BatchOriginRow[] = table === 'households' ? queries.auditReads.batchOriginsOfHousehold(id) : [queries.auditReads.batchOriginOfMember(id)].filter((r) => r !== undefined);
  for (const o of origins) addImported(o.tableName, o as unknown as Record<string, unknown>);
  for (const r of rows) {
    const before = r.beforeJson ? (JSON.parse(r.beforeJson) as Record<string, unknown>) : null;
    const after = r.afterJson ? (JSON.parse(r.afterJson) as Record<string, unknown>) : null;
    const base = { seq: r.seq, at: r.at, actor: actorName(r.actor), action: r.action };
    // A row an import created and a clerk later removed: its insert line from what the delete kept.
    if (r.action === 'delete' && before) addImported(r.tableName, before);
    if (r.action === 'update') {
      for (const key of Object.keys(after ?? {})) {
        if (BOOKKEEPING.has(key)) continue;
        const prefix = r.tableName === table ? '' : `${WHAT[r.tableName] ?? r.tableName}·`;
        entries.push({ ...base, field: key, fieldLabel: prefix + labelOf(r.tableName, key), before: shown(r.tableName, key, before?.[key], villages), after: shown(r.tableName, key, after?.[key], villages) });
      }
    } else {
      const verb = r.action === 'insert' ? '新增' : '删除';
      entries.push({ ...base, field: '*', fieldLabel: `${verb}${WHAT[r.tableName] ?? r.tableName}`, before: summary(r.tableName, before), after: summary(r.tableName, after) });
    }
  }
  if (imported.length === 0) return entries;
  // In seq order, the batch's line where its entry stands; one batch's lines household first.
  imported.sort((a, b) => a.entry.seq - b.entry.seq || a.order - b.order);
  const merged: HistoryEntry[] = [];
  let i = 0;
  for (const e of entries) {
    while (i < imported.length && imported[i].entry.seq < e.seq) merged.push(imported[i++].entry);
    merged.push(e);
  }
  while (i < imported.length) merged.push(imported[i++].entry);
  return merged;
}
