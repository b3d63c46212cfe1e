import { describe, it, expect } from 'vitest';
import { MoneyError, fenToYuan, formatYuan, parseYuan, yuanToFen } from '../../../shared/domain/money';

describe('yuanToFen', () => {
  it.each<[string | number, number]>([
    ['1,234.5', 123450],
    ['１２３.４５', 12345],
    [' 12 ', 1200],
    ['0.29', 29],
    ['1.1', 110],
    ['.5', 50],
    ['5.', 500],
    ['-3.05', -305],
    ['+7', 700],
    ['¥1,000,000', 100000000],
    ['￥12.30元', 1230],
    ['12.300', 1230],
    ['1 234.56', 123456],
    ['-0', 0],
    [0.29, 29],
    [1.15, 115],
    [19.99, 1999],
    [-2.5, -250],
    [3000000, 300000000],
  ])('%s → %i fen', (input, fen) => {
    expect(yuanToFen(input)).toBe(fen);
  });

  it('does not produce -0', () => {
    expect(Object.is(yuanToFen('-0.00'), 0)).toBe(true);
  });

  it.each(['', '   ', 'abc', '12元5角', '1.2.3', '1e3', '--1', '-', '.', '1,23', '12,3456'])('refuses %j', (input) => {
    expect(() => yuanToFen(input)).toThrow(MoneyError);
  });

  it('refuses more than two decimals with a Chinese message', () => {
    expect(() => yuanToFen('1.234')).toThrow('最多保留两位小数');
    expect(() => yuanToFen(0.001)).toThrow(MoneyError);
    expect(() => yuanToFen(1e-7)).toThrow(MoneyError);
  });

  it('takes a spreadsheet number to the fen through its binary noise, and refuses a real third decimal', () => {
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(yuanToFen(1234.57)).toBe(123457);
    expect(yuanToFen(1.1 * 3)).toBe(330); // 3.3000000000000003
    expect(yuanToFen(-(0.7 + 0.1))).toBe(-80); // -0.7999999999999999
    expect(() => yuanToFen(1.005 * 3)).toThrow(MoneyError); // 3.015: a third decimal, not noise
    expect(() => yuanToFen(1234.567)).toThrow('最多保留两位小数');
    expect(() => yuanToFen(3000.001)).toThrow('最多保留两位小数');
  });

  it('refuses non-finite and huge numbers', () => {
    expect(() => yuanToFen(Number.NaN)).toThrow(MoneyError);
    expect(() => yuanToFen(Number.POSITIVE_INFINITY)).toThrow(MoneyError);
    expect(() => yuanToFen(1e21)).toThrow('过大');
    expect(() => yuanToFen('99999999999999999')).toThrow('过大');
  });

  it('names misplaced thousands separators', () => {
    expect(() => yuanToFen('1,23')).toThrow('千分位');
  });

  it('MoneyError is an Error with a name', () => {
    try {
      yuanToFen('x');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toBe('MoneyError');
      expect((error as Error).message).toContain('不是有效的数字');
    }
  });
});

describe('parseYuan', () => {
  it('returns a result instead of throwing', () => {
    expect(parseYuan('12.5')).toEqual({ ok: true, fen: 1250 });
    expect(parseYuan('abc')).toMatchObject({ ok: false });
  });
});

describe('fenToYuan', () => {
  it.each([
    [123450, '1234.50'],
    [0, '0.00'],
    [5, '0.05'],
    [-5, '-0.05'],
    [-123456, '-1234.56'],
    [100000000, '1000000.00'],
  ])('%i → %s', (fen, yuan) => {
    expect(fenToYuan(fen)).toBe(yuan);
  });

  it('round-trips with yuanToFen', () => {
    for (const fen of [0, 1, 99, 100, 12345, -7, 987654321]) expect(yuanToFen(fenToYuan(fen))).toBe(fen);
  });

  it('refuses fractional fen', () => {
    expect(() => fenToYuan(1.5)).toThrow(MoneyError);
  });
});

describe('formatYuan', () => {
  it('groups thousands and appends 元', () => {
    expect(formatYuan(123450)).toBe('1,234.50 元');
    expect(formatYuan(300000000)).toBe('3,000,000.00 元');
    expect(formatYuan(-123456789)).toBe('-1,234,567.89 元');
    expect(formatYuan(99)).toBe('0.99 元');
    expect(formatYuan(3000000, { unit: false })).toBe('30,000.00');
  });
});
