/**
 * A household's income for a year, as the national registry records it (DOMAIN.md, "Exit
 * standards"): wage + production/business + property (dividends and other) + transfer (six kinds)
 * − production/business costs, divided by the household size for 年人均纯收入. Every figure is
 * integer fen (money.ts).
 *
 * The net-income formula itself lives in household.ts (netIncomeFen there, over the same eleven
 * fields); this module re-exports it rather than keep a second copy, and adds what the registry,
 * the data-quality lists and the planner need around it: the per-capita figure with exact
 * rounding, whether a row has components at all, and the declared-against-computed check.
 */
import { netIncomeFen, type IncomeFen } from './household';

export { netIncomeFen };

/** The eleven component columns, in the order of the national 建档立卡 form. */
export const INCOME_COMPONENT_KEYS = [
  'wage',
  'business',
  'propertyDividend',
  'propertyOther',
  'transferFamilyPlanning',
  'transferDibao',
  'transferWubao',
  'transferPension',
  'transferEco',
  'transferOther',
  'businessCost',
] as const;

export type IncomeComponentKey = (typeof INCOME_COMPONENT_KEYS)[number];

/** All integer fen, ≥ 0. */
export type IncomeComponents = Record<IncomeComponentKey, number>;

// The components and household.ts's IncomeFen must stay the same eleven fields: if either side
// gains or loses one, this line stops compiling.
const sameFields: [IncomeComponents, IncomeFen] extends [IncomeFen, IncomeComponents] ? true : never = true;
void sameFields;

const COMPONENT_LABELS: Record<IncomeComponentKey, string> = {
  wage: '工资性收入',
  business: '生产经营性收入',
  propertyDividend: '资产收益分红收入',
  propertyOther: '其他财产性收入',
  transferFamilyPlanning: '计划生育金',
  transferDibao: '低保金',
  transferWubao: '特困供养金',
  transferPension: '养老保险金',
  transferEco: '生态补偿金',
  transferOther: '其他转移性收入',
  businessCost: '生产经营性支出',
};

function assertComponents(c: IncomeComponents): void {
  for (const key of INCOME_COMPONENT_KEYS) {
    const value = c[key];
    if (!Number.isSafeInteger(value)) {
      throw new Error(`${COMPONENT_LABELS[key]}应为整数（分）：${String(value)}`);
    }
  }
}

/**
 * 年人均纯收入 in fen: net income ÷ household size, rounded to the nearest fen, halves away from
 * zero (a loss-making household's figure mirrors a gaining one's). Exact: the division is done on
 * integers, never through a float quotient. null when the size is below 1 (no one to divide by).
 */
export function perCapitaNetFen(c: IncomeComponents, size: number): number | null {
  assertComponents(c);
  if (!Number.isFinite(size)) throw new Error(`家庭人口数应为整数：${String(size)}`);
  if (size < 1) return null;
  if (!Number.isSafeInteger(size)) throw new Error(`家庭人口数应为整数：${String(size)}`);
  const net = netIncomeFen(c);
  if (!Number.isSafeInteger(net)) throw new Error(`家庭纯收入超出可计算的范围：${String(net)}`);
  return roundedQuotient(net, size);
}

/** n ÷ d (d ≥ 1) rounded half away from zero, on integers: % and the exact division stay exact. */
function roundedQuotient(n: number, d: number): number {
  const remainder = n % d; // same sign as n, |remainder| < d
  let quotient = (n - remainder) / d; // exact: n − remainder is a multiple of d
  // 2·|remainder| ≥ d means at least half way to the next fen away from zero.
  if (Math.abs(remainder) >= d - Math.abs(remainder)) quotient += Math.sign(n);
  return quotient === 0 ? 0 : quotient; // no -0
}

/** True when any component is non-zero (a row with only a declared figure has no components). */
export function hasIncomeComponents(c: IncomeComponents): boolean {
  assertComponents(c);
  return INCOME_COMPONENT_KEYS.some((key) => c[key] !== 0);
}

/**
 * A household's per-capita net income for a year, as the rules judge it (the exit criteria, the
 * planner's score): computed from its components when it has any, else the figure it declared;
 * null when it has neither (or no one to divide by).
 */
export function householdPerCapitaFen(income: IncomeComponents | null, declaredFen: number | null, size: number): number | null {
  if (income && hasIncomeComponents(income)) return perCapitaNetFen(income, size);
  return declaredFen;
}

/**
 * The tolerance between declared and computed per-capita income before it is a data-quality
 * finding: 100 fen (1 yuan; the national system rounds to yuan).
 */
export const DECLARED_INCOME_TOLERANCE_FEN = 100;

/**
 * A finding when the household declared a per-capita figure, has components and a size, and the
 * declared figure differs from the computed one by more than the tolerance; else null. gapFen is
 * declared − computed (positive: declared higher).
 */
export function declaredIncomeGap(
  declaredFen: number | null,
  c: IncomeComponents,
  size: number,
): { declaredFen: number; computedFen: number; gapFen: number } | null {
  if (declaredFen === null) return null;
  if (!Number.isSafeInteger(declaredFen)) throw new Error(`申报的年人均纯收入应为整数（分）：${String(declaredFen)}`);
  if (!hasIncomeComponents(c)) return null;
  const computedFen = perCapitaNetFen(c, size);
  if (computedFen === null) return null;
  const gapFen = declaredFen - computedFen;
  return Math.abs(gapFen) > DECLARED_INCOME_TOLERANCE_FEN ? { declaredFen, computedFen, gapFen } : null;
}
