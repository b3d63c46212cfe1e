/**
 * Quick search by pinyin: clerks type 'zs' or 'zhangsan' to find 张三 in a list of thousands.
 * searchText() may be stored beside a record and matched with SQL LIKE '%query%'; matchesQuery()
 * does the same in memory.
 */
import { pinyin } from 'pinyin-pro';
import { compactHalfWidth } from './text';

const HAN = /\p{Script=Han}/u;

/** Query and index are compared in the same shape: half-width, lower case, no spaces. */
export function normalizeSearchQuery(query: string): string {
  return compactHalfWidth(query).toLowerCase();
}

/**
 * The text itself, its pinyin initials and its full toneless pinyin, space-separated and lower
 * case, each part without inner spaces: '张三' → '张三 zs zhangsan'. Surname readings apply at
 * the start of the text (单 → shan, 曾 → zeng), which is where a name's surname is. ü is written
 * both 'v' (what an IME takes) and 'u' (what people guess), so 吕 is found by 'lv' and 'lu'.
 */
/** A name's pinyin initials and full toneless pinyin (ü as 'v'), lower case, no spaces; null when it has no Chinese. */
export function namePinyin(text: string): { initials: string; full: string } | null {
  const plain = normalizeSearchQuery(text);
  if (plain === '' || !HAN.test(plain)) return null;
  const tokens = pinyin(plain, {
    toneType: 'none',
    type: 'all',
    mode: 'surname',
    surname: 'head',
    nonZh: 'consecutive',
    v: true,
  });
  // Non-Chinese runs (digits, Latin letters) stay whole in both forms, so '3组' → '3z' and '3zu'.
  const initials = tokens.map((t) => (t.isZh ? t.first : t.origin)).join('').toLowerCase();
  const full = tokens.map((t) => (t.isZh ? t.pinyin : t.origin)).join('').toLowerCase();
  return { initials, full };
}

/**
 * The text itself, its pinyin initials and its full toneless pinyin, space-separated and lower
 * case, each part without inner spaces: '张三' → '张三 zs zhangsan'. Surname readings apply at
 * the start of the text (单 → shan, 曾 → zeng), which is where a name's surname is. ü is written
 * both 'v' (what an IME takes) and 'u' (what people guess), so 吕 is found by 'lv' and 'lu'.
 */
export function searchText(text: string): string {
  const plain = normalizeSearchQuery(text);
  if (plain === '') return '';
  const py = namePinyin(plain);
  if (!py) return plain;
  const parts = [plain, py.initials, py.full];
  if (py.full.includes('v')) parts.push(py.full.replace(/v/g, 'u'));
  return [...new Set(parts.filter((p) => p !== ''))].join(' ');
}

/**
 * The forms of a typed word to look for at the start of a stored pinyin (namePinyin's 'v' form):
 * the word itself and, where it has a 'u', the same with 'v' (a clerk types 'lu' for 吕 too).
 */
export function pinyinQueryForms(word: string): string[] {
  const q = normalizeSearchQuery(word);
  if (q === '') return [];
  return q.includes('u') ? [q, q.replace(/u/g, 'v')] : [q];
}

export function matchesQuery(text: string, query: string): boolean {
  const q = normalizeSearchQuery(query);
  if (q === '') return true;
  return searchText(text)
    .split(' ')
    .some((part) => part.includes(q));
}
