/**
 * Splitting a campaign target across years (DOMAIN.md: 2469 people at 30 / 50 / 20 %, 21 villages
 * at 30 / 40 / 30 %).
 *
 * The rule, largest remainder (Hamilton):
 *   1. each year's exact share is total × percent ÷ (sum of percents);
 *   2. each year first gets the whole part of its share;
 *   3. the units still missing go, one each, to the years with the largest fractional parts;
 *   4. equal fractional parts are served earlier year first ("先易后难": do more sooner).
 * So the shares always add up to the total, and no year differs from its exact share by a unit
 * or more. 21 villages at 30/40/30: exact 6.3 / 8.4 / 6.3 → 6 / 8 / 6, the one left goes to .4 →
 * 6 / 9 / 6.
 *
 * Arithmetic is done on integers (percents scaled to whole numbers) so that ties are real ties,
 * not accidents of floating point.
 */
export function largestRemainder(total: number, percents: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new Error(`分配总数应为非负整数：${total}`);
  if (percents.length === 0) throw new Error('至少需要一个年度比例');
  for (const p of percents) {
    if (!Number.isFinite(p) || p < 0) throw new Error(`比例应为非负数：${p}`);
  }
  const weights = toIntegerWeights(percents);
  const weightSum = weights.reduce((a, b) => a + b, 0n);
  if (weightSum === 0n) {
    if (total === 0) return percents.map(() => 0);
    throw new Error('各年度比例之和不能为0');
  }
  const big = BigInt(total);
  const shares = weights.map((w, index) => ({
    index,
    whole: (big * w) / weightSum,
    remainder: (big * w) % weightSum,
  }));
  let left = big - shares.reduce((a, s) => a + s.whole, 0n);
  const order = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  const result = shares.map((s) => s.whole);
  for (const s of order) {
    if (left === 0n) break;
    result[s.index] += 1n;
    left -= 1n;
  }
  return result.map(Number);
}

/** Scales decimal percents such as 33.3 to integers by their longest decimal part. */
function toIntegerWeights(percents: readonly number[]): bigint[] {
  const decimals = Math.max(...percents.map(decimalPlaces));
  return percents.map((p) => {
    const [whole, frac = ''] = plainDecimal(p).split('.');
    return BigInt(whole + frac.padEnd(decimals, '0'));
  });
}

function decimalPlaces(value: number): number {
  return (plainDecimal(value).split('.')[1] ?? '').length;
}

function plainDecimal(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // Exponent forms only arise for tiny or huge percents; 10 decimals is more than any plan needs.
  return value.toFixed(10).replace(/\.?0+$/, '');
}
