/**
 * Money is integer fen (分) everywhere; yuan exist only on screen and in files. Parsing is done on
 * the decimal digits, never by multiplying floats (0.29 * 100 = 28.999999999999996).
 */
import { compactHalfWidth } from './text';

export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyError';
  }
}

/**
 * Accepts '1,234.5', '１２３.４５', ' 12 ', '¥12', '12元', '-3.5'. Thousands separators must be in
 * the right places (a misplaced comma is more likely a typo than grouping). Zeros past the second
 * decimal are accepted ('12.300' from spreadsheet exports); any other third decimal is refused
 * rather than rounded, because rounding would silently change an amount.
 */
export function yuanToFen(input: string | number): number {
  const text = typeof input === 'number' ? numberToPlainString(input) : cleanMoneyText(input);
  if (text === '') throw new MoneyError('金额不能为空');
  const m = /^([+-])?(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) {
    if (/^[+-]?[\d,]*(\.\d*)?$/.test(text) && text.includes(',')) {
      throw new MoneyError(`金额“${String(input).trim()}”的千分位逗号位置不对`);
    }
    throw new MoneyError(`金额“${String(input).trim()}”不是有效的数字`);
  }
  const sign = m[1] === '-' ? -1 : 1;
  const integer = m[2].replace(/,/g, '') || '0';
  const decimals = (m[3] ?? '').replace(/0+$/, '');
  if (decimals.length > 2) {
    throw new MoneyError(`金额“${String(input).trim()}”最多保留两位小数（到分）`);
  }
  const fen = Number(integer + decimals.padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) throw new MoneyError(`金额“${String(input).trim()}”过大`);
  // Avoid -0, which prints as '0' but compares oddly in sorting and JSON round trips.
  return fen === 0 ? 0 : sign * fen;
}

/** Same as yuanToFen, for import code that collects every error instead of stopping at the first. */
export function parseYuan(input: string | number): { ok: true; fen: number } | { ok: false; message: string } {
  try {
    return { ok: true, fen: yuanToFen(input) };
  } catch (error) {
    if (error instanceof MoneyError) return { ok: false, message: error.message };
    throw error;
  }
}

function cleanMoneyText(raw: string): string {
  return compactHalfWidth(raw)
    .replace(/^([+-]?)[¥￥]/, '$1')
    .replace(/元$/, '');
}

/**
 * A spreadsheet's number cell is a binary fraction: a sum of 0.1 and 0.2 is 0.30000000000000004.
 * Within that noise of a whole fen (a few units in the last place) it is that fen; any real further
 * decimal (1234.567) is left as it is, and refused below like a typed one.
 */
function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new MoneyError(`金额“${value}”不是有效的数字`);
  const fen = Math.round(value * 100);
  if (Number.isSafeInteger(fen) && Math.abs(value * 100 - fen) <= 64 * Number.EPSILON * Math.max(1, Math.abs(fen))) {
    return fenToYuan(fen);
  }
  const text = String(value);
  // String(1e-7) is '1e-7' and String(1e21) is '1e+21': either too precise or too large.
  if (/e/i.test(text)) {
    throw new MoneyError(Math.abs(value) >= 1 ? `金额“${text}”过大` : `金额“${text}”最多保留两位小数（到分）`);
  }
  return text;
}

function assertFen(fen: number): void {
  if (!Number.isSafeInteger(fen)) throw new MoneyError(`金额（分）应为整数：${fen}`);
}

/** '1234.50', '-0.05': plain digits for files and inputs, no grouping, always two decimals. */
export function fenToYuan(fen: number): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * For display: thousands grouped with commas, two decimals, and ' 元' after the number
 * ('1,234.50 元', '-0.05 元'). Pass `{ unit: false }` in grid cells whose header already says 元.
 */
export function formatYuan(fen: number, options: { unit?: boolean } = {}): string {
  const plain = fenToYuan(fen);
  const [whole, decimals] = plain.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${grouped}.${decimals}${options.unit === false ? '' : ' 元'}`;
}
