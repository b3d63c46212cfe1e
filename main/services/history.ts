// A household's or a member's change history from the audit log, with values as the clerk sees
// them (code names, 是/否, yuan) rather than as they are stored.
import type { HistoryEntry } from '../../shared/contract';
import { codeLabel } from '../../shared/domain/codes';
import { fenToYuan } from '../../shared/domain/money';
import { HOUSEHOLD_FIELDS, INCOME_FIELDS, MEMBER_FIELDS, type FieldDef } from '../../shared/fields';
import { actorName } from '../db/audit';
import { queriesFor } from '../db/queries';
import type { Store } from '../db/store';

type Table = 'households' | 'members';

const BOOKKEEPING = new Set(['id', 'createdAt', 'updatedAt', 'householdId']);
const MONEY_LABELS = new Map<string, string>(INCOME_FIELDS.map((f) => [f.key, f.label]));

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
  return '';
}

const WHAT: Record<string, string> = { households: '贫困户', members: '成员', incomes: '收入', pairings: '帮扶结对' };

export function historyOf(store: Store, table: Table, id: string): HistoryEntry[] {
  const queries = queriesFor(store);
  const villages = new Map(queries.organisation.villageNames().map((v) => [v.id, v.name]));
  // A household's history includes people joining and leaving it, and its incomes.
  const rows = table === 'households' ? queries.auditReads.householdHistory(id) : queries.auditReads.memberHistory(id);
  const entries: HistoryEntry[] = [];
  for (const r of rows) {
    const before = r.beforeJson ? (JSON.parse(r.beforeJson) as Record<string, unknown>) : null;
    const after = r.afterJson ? (JSON.parse(r.afterJson) as Record<string, unknown>) : null;
    const base = { seq: r.seq, at: r.at, actor: actorName(r.actor), action: r.action };
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
  return entries;
}
