/**
 * What clerks type and paste, made comparable. Chinese input methods produce full-width digits,
 * letters and the ideographic space (U+3000); Word and Excel add spaces, line breaks and
 * zero-width characters. Every normaliser of the app is built from the two steps below, so a
 * full-width 'Ａ１' or a U+3000 means the same wherever it is typed.
 *
 * The named normalisers differ on purpose, each after these steps:
 * - normalizeIdNumber (idNumber.ts): upper case, for the check character X;
 * - normalizeLabel (codes.ts): brackets dropped and lower case, for code-list labels;
 * - normalizeSearchQuery (pinyin.ts): lower case, for quick search;
 * - money (money.ts): a currency sign and a trailing 元 dropped;
 * - field values (validation.ts): width only, spaces kept, since a field's own parser decides
 *   what a space means there (a name keeps inner spaces; a phone number drops them).
 */

const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/g;
const IDEOGRAPHIC_SPACE = /\u3000/g;
/** JavaScript's \s covers U+3000 and U+FEFF; the zero-width space and joiners are added. */
const SPACES = /[\s\u200B-\u200D\uFEFF]/g;

/** Non-global twin of the two above, to test without replacing (most cells hold none). */
const ANY_FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/;

/** Full-width forms of ASCII (U+FF01–U+FF5E) and U+3000 become their ASCII twins; nothing else changes. */
export function toHalfWidth(text: string): string {
  // An import normalises millions of cells: the common case costs one scan and no new string.
  if (!ANY_FULL_WIDTH.test(text)) return text;
  return text.replace(FULL_WIDTH_ASCII, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(IDEOGRAPHIC_SPACE, ' ');
}

/** Half-width, with every space, line break and zero-width character removed: for numbers and codes. */
export function compactHalfWidth(text: string): string {
  return toHalfWidth(text).replace(SPACES, '');
}
