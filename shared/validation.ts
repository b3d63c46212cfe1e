// zod schemas built from the field descriptions: one place turns what a clerk typed into a stored
// value or a Chinese reason. Main validates every edit with these; the renderer may reuse them
// for hints, but main's answer is the one that counts.
import { z } from 'zod';
import { CODE_LISTS, codeFromLabel, type CodeListName } from './domain/codes';
import { checkHouseholdCode } from './domain/household';
import { checkIdNumber } from './domain/idNumber';
import { compactHalfWidth, toHalfWidth } from './domain/text';
import type { FieldDef } from './fields';

export type StoredValue = string | number | boolean | null;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

type Parse = { ok: true; value: StoredValue } | { ok: false; message: string };

function parseCode(list: CodeListName, text: string): Parse {
  const code = codeFromLabel(list, text);
  if (code !== undefined) return { ok: true, value: code };
  const allowed = CODE_LISTS[list].map((c) => c.label).join('、');
  return { ok: false, message: `“${text}”不在代码表中，可选：${allowed}` };
}

function parseNumber(def: FieldDef, text: string, integer: boolean): Parse {
  const n = Number(toHalfWidth(text).replace(/,/g, ''));
  if (!Number.isFinite(n)) return { ok: false, message: `“${text}”不是数字` };
  if (integer && !Number.isInteger(n)) return { ok: false, message: `应为整数，实际为 ${text}` };
  if (def.min !== undefined && n < def.min) return { ok: false, message: `不能小于 ${def.min}` };
  if (def.max !== undefined && n > def.max) return { ok: false, message: `不能大于 ${def.max}` };
  return { ok: true, value: n };
}

const TRUE_WORDS = new Set(['是', 'true', '1', 'y', 'yes', '√']);
const FALSE_WORDS = new Set(['否', 'false', '0', 'n', 'no', '×', '']);

/** Turns one raw value into the stored value of a field, or a Chinese reason it cannot be. */
export function parseFieldValue(def: FieldDef, raw: unknown): Parse {
  if (def.type === 'bool') {
    if (typeof raw === 'boolean') return { ok: true, value: raw };
    const t = (toText(raw) ?? '').toLowerCase();
    if (TRUE_WORDS.has(t)) return { ok: true, value: true };
    if (FALSE_WORDS.has(t)) return { ok: true, value: false };
    return { ok: false, message: `应为“是”或“否”，实际为“${t}”` };
  }
  const text = toText(raw);
  if (text === null) return def.required ? { ok: false, message: '不能为空' } : { ok: true, value: null };
  switch (def.type) {
    case 'text':
      if (def.max !== undefined && text.length > def.max) return { ok: false, message: `不能超过 ${def.max} 个字` };
      return { ok: true, value: text };
    case 'code':
      return parseCode(def.list!, text);
    case 'codes': {
      const parts = text.split(/[,，、;；\s]+/).filter(Boolean);
      const codes: string[] = [];
      for (const p of parts) {
        const r = parseCode(def.list!, p);
        if (!r.ok) return r;
        if (!codes.includes(String(r.value))) codes.push(String(r.value));
      }
      return { ok: true, value: codes.join(',') };
    }
    case 'int':
    case 'year':
      return parseNumber(def, text, true);
    case 'decimal':
      return parseNumber(def, text, false);
    case 'date': {
      const t = toHalfWidth(text).replace(/[./年月]/g, '-').replace(/日$/, '');
      const parts = t.split('-');
      const iso = parts.length === 3 ? `${parts[0]}-${parts[1].padStart(2, '0')}-${parts[2].padStart(2, '0')}` : t;
      return isIsoDate(iso) ? { ok: true, value: iso } : { ok: false, message: `“${text}”不是有效日期（格式如 2015-10-24）` };
    }
    case 'idNumber': {
      const r = checkIdNumber(text);
      return r.ok ? { ok: true, value: r.value } : { ok: false, message: `证件号码“${text}”无效：${r.reason}` };
    }
    case 'phone': {
      const t = compactHalfWidth(text).replace(/-/g, '');
      if (/^1[3-9]\d{9}$/.test(t) || /^0\d{9,11}$/.test(t)) return { ok: true, value: t };
      return { ok: false, message: `“${text}”不是有效电话号码（11位手机号或带区号的固定电话）` };
    }
    case 'bankAccount': {
      const t = compactHalfWidth(text);
      if (/^\d{12,25}$/.test(t)) return { ok: true, value: t };
      return { ok: false, message: `“${text}”不是有效银行卡号（应为12至25位数字）` };
    }
  }
}

/** A 户编号 a clerk typed, normalised (full-width digits, spaces) and checked by the one rule. */
export const householdCodeSchema = z.string().transform((raw, ctx): string => {
  const r = checkHouseholdCode(raw);
  if (r.ok) return r.value;
  ctx.addIssue({ code: 'custom', message: r.message });
  return z.NEVER;
});

export type EditCheck = { ok: true; label: string; value: StoredValue } | { ok: false; label: string; message: string };

/**
 * One in-place edit of a record's field, as a clerk typed or pasted it: the field must be one of
 * the editable ones, and the value is turned into the stored one (parseFieldValue). label is the
 * column's Chinese name (the field's key when there is no such column).
 */
export function checkEdit(fields: readonly FieldDef[], field: string, raw: unknown): EditCheck {
  const def = fields.find((f) => f.key === field);
  if (!def) return { ok: false, label: field, message: `没有“${field}”这一列` };
  if (!def.editable) return { ok: false, label: def.label, message: `“${def.label}”是只读列，不能修改` };
  if (def.workflow) return { ok: false, label: def.label, message: def.workflow };
  const r = parseFieldValue(def, raw);
  return r.ok ? { ok: true, label: def.label, value: r.value } : { ok: false, label: def.label, message: r.message };
}

/** What an edit may send as a field's value, before the field's own rule (checkEdit) reads it. */
export const editValueSchema = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()], { error: '值的类型不对' });

/** The schema of an in-place edit: one editable field of one record. */
export function editSchema(fields: readonly FieldDef[]) {
  const editable = fields.filter((f) => f.editable);
  const keys = editable.map((f) => f.key) as [string, ...string[]];
  return z
    .object({
      id: z.uuid({ error: '记录编号无效' }),
      field: z.enum(keys, { error: '该列不能修改' }),
      value: editValueSchema,
    })
    .strict()
    .transform((input, ctx) => {
      const r = checkEdit(editable, input.field, input.value);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: `${r.label}：${r.message}` });
        return z.NEVER;
      }
      return { id: input.id, field: input.field, value: r.value };
    });
}
