// One normalisation of what clerks type, and the named normalisers built on it: each is
// idempotent, and each reads full-width letters and digits and U+3000 as their ASCII twins.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeLabel } from '../../../shared/domain/codes';
import { normalizeIdNumber } from '../../../shared/domain/idNumber';
import { parseYuan } from '../../../shared/domain/money';
import { normalizeSearchQuery } from '../../../shared/domain/pinyin';
import { compactHalfWidth, toHalfWidth } from '../../../shared/domain/text';
import { HOUSEHOLD_FIELDS, type FieldDef } from '../../../shared/fields';
import { parseFieldValue } from '../../../shared/validation';

/** What a Chinese input method types for ASCII: full-width forms, and U+3000 for a space. */
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');

/** Printable ASCII and a little of everything else clerks paste: Chinese, tabs, zero-width spaces. */
const typed = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    fc.constantFrom('\u3000', '\t', '\n', '\u200B', '\uFEFF', '户', '（', '）', 'Ａ', '５', '￥'),
  ),
  maxLength: 30,
});
const ascii = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 30 });

const NORMALISERS: [string, (s: string) => string][] = [
  ['toHalfWidth', toHalfWidth],
  ['compactHalfWidth', compactHalfWidth],
  ['normalizeIdNumber', normalizeIdNumber],
  ['normalizeLabel', normalizeLabel],
  ['normalizeSearchQuery', normalizeSearchQuery],
];

describe('normalisation of typed text', () => {
  it.each(NORMALISERS)('%s is idempotent', (_name, normalise) => {
    fc.assert(
      fc.property(typed, (s) => {
        expect(normalise(normalise(s))).toBe(normalise(s));
      }),
    );
  });

  it.each(NORMALISERS)('%s reads full-width ASCII and U+3000 as their ASCII twins', (_name, normalise) => {
    fc.assert(
      fc.property(ascii, (s) => {
        expect(normalise(fullWidth(s))).toBe(normalise(s));
      }),
    );
  });

  it('toHalfWidth changes nothing but full-width forms and U+3000', () => {
    fc.assert(
      fc.property(ascii, (s) => {
        expect(toHalfWidth(fullWidth(s))).toBe(s);
        expect(toHalfWidth(s)).toBe(s);
      }),
    );
    expect(toHalfWidth('户　主（１）')).toBe('户 主(1)');
  });

  it('compactHalfWidth is toHalfWidth without any space, line break or zero-width character', () => {
    fc.assert(
      fc.property(typed, (s) => {
        expect(compactHalfWidth(s)).toBe(toHalfWidth(s).replace(/[\s\u200B-\u200D\uFEFF]/g, ''));
        expect(compactHalfWidth(s)).not.toMatch(/[\s\u200B-\u200D\uFEFF\uFF01-\uFF5E]/);
      }),
    );
  });

  it('the named normalisers differ only as named: case, brackets', () => {
    fc.assert(
      fc.property(typed, (s) => {
        expect(normalizeIdNumber(s)).toBe(compactHalfWidth(s).toUpperCase());
        expect(normalizeSearchQuery(s)).toBe(compactHalfWidth(s).toLowerCase());
        expect(normalizeLabel(s)).toBe(compactHalfWidth(s).replace(/[()[\]【】〔〕]/g, '').toLowerCase());
      }),
    );
  });

  it('normalizeIdNumber behaves as it did before it shared the primitive', () => {
    const before = (raw: string) =>
      raw
        .replace(/[\s\u200B-\u200D\uFEFF]/g, '')
        .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
        .toUpperCase();
    fc.assert(
      fc.property(typed, (s) => {
        expect(normalizeIdNumber(s)).toBe(before(s));
      }),
    );
  });

  it('money and field values read full-width digits and U+3000 the same way', () => {
    const field = (key: string) => (HOUSEHOLD_FIELDS as readonly FieldDef[]).find((f) => f.key === key)!;
    const amount = fc.tuple(fc.integer({ min: -99999, max: 99999 }), fc.nat(99)).map(([y, f]) => `${y}.${String(f).padStart(2, '0')}`);
    fc.assert(
      fc.property(amount, (s) => {
        expect(parseYuan(fullWidth(s))).toEqual(parseYuan(s));
        expect(parseYuan(`\u3000${s} `)).toEqual(parseYuan(s));
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), fc.stringMatching(/^\d{12,25}$/), (phone, account) => {
        expect(parseFieldValue(field('phone'), fullWidth(`${phone.slice(0, 3)} ${phone.slice(3)}`))).toEqual({ ok: true, value: phone });
        expect(parseFieldValue(field('bankAccount'), fullWidth(`${account.slice(0, 4)} ${account.slice(4)}`))).toEqual({ ok: true, value: account });
      }),
    );
  });
});
