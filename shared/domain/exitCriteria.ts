/**
 * The exit standards (DOMAIN.md, "Exit standards"), each criterion with what is still missing.
 *
 * A household (户脱贫) exits when
 *   - its per-capita net income is above the poverty line of the exit year (市定扶贫标准);
 *   - it has at least one stable income source (STABLE_SOURCES);
 *   - 两不愁三保障, from what the registry holds: safe drinking water, a house that is not 危房,
 *     basic medical insurance for every member, compulsory education for every school-age child.
 * A village (村出列) exits when every poor household exited, its per-capita income is at least
 * 70 % of the province's, its collective income is at least 100,000 yuan, and it has the nine
 * haves (九有).
 * Money is integer fen; the comparisons are on integers.
 */
import { formatYuan } from './money';
import { householdPerCapitaFen, type IncomeComponentKey, type IncomeComponents } from './income';
import { missesCompulsorySchool } from './schooling';

export interface Criterion<K extends string = string> {
  key: K;
  label: string;
  passed: boolean;
  /** What was found when it passes, what is missing when it does not. */
  detail: string;
}

export type HouseholdCriterionKey = 'income' | 'incomeSource' | 'water' | 'housing' | 'medical' | 'education';

/** Incomes that recur and can be counted on: work, farming or business, dividends, pensions and the two floors. */
export const STABLE_SOURCES: readonly { key: IncomeComponentKey; label: string }[] = [
  { key: 'wage', label: '工资性收入' },
  { key: 'business', label: '生产经营性收入' },
  { key: 'propertyDividend', label: '资产收益分红' },
  { key: 'transferPension', label: '养老金' },
  { key: 'transferDibao', label: '低保金' },
  { key: 'transferWubao', label: '特困供养金' },
];

export interface HouseholdExitFacts {
  /** The year the exit is judged for (the exit day's year). */
  year: number;
  /** That year's line, in fen; null while it is not set. */
  povertyLineFen: number | null;
  /** The incomes row used (the exit year's, else the latest before it), or null when there is none. */
  incomeYear: number | null;
  income: IncomeComponents | null;
  declaredPerCapita: number | null;
  size: number;
  drinkingSafe: boolean;
  drinkingDifficulty: boolean;
  dangerousHouse: boolean;
  members: readonly { name: string; age: number; schoolStatus: string | null; medicalInsurance: boolean }[];
}

export function householdExitCriteria(f: HouseholdExitFacts): Criterion<HouseholdCriterionKey>[] {
  const perCapita = householdPerCapitaFen(f.income, f.declaredPerCapita, f.size);
  const incomeWhich = f.incomeYear !== null && f.incomeYear !== f.year ? `（按 ${f.incomeYear} 年收入）` : '';
  let income: Criterion<HouseholdCriterionKey>;
  if (f.povertyLineFen === null) {
    income = { key: 'income', label: '人均纯收入超过扶贫标准', passed: false, detail: `${f.year}年扶贫标准尚未设置（在“脱贫计划”页的年度标准中添加该年并填写）` };
  } else if (perCapita === null) {
    income = { key: 'income', label: '人均纯收入超过扶贫标准', passed: false, detail: `没有 ${f.year} 年或此前的收入记录` };
  } else {
    const passed = perCapita > f.povertyLineFen;
    income = {
      key: 'income',
      label: '人均纯收入超过扶贫标准',
      passed,
      detail: `人均纯收入 ${formatYuan(perCapita)}${incomeWhich}，${f.year}年扶贫标准 ${formatYuan(f.povertyLineFen)}${passed ? '' : `，还差 ${formatYuan(f.povertyLineFen - perCapita + 1)}`}`,
    };
  }

  const sources = f.income ? STABLE_SOURCES.filter((s) => f.income![s.key] > 0).map((s) => s.label) : [];
  const incomeSource: Criterion<HouseholdCriterionKey> = {
    key: 'incomeSource',
    label: '有稳定收入来源',
    passed: sources.length > 0,
    detail: sources.length > 0 ? sources.join('、') : `没有${STABLE_SOURCES.map((s) => s.label).join('、')}中的任何一项`,
  };

  const waterOk = f.drinkingSafe && !f.drinkingDifficulty;
  const water: Criterion<HouseholdCriterionKey> = {
    key: 'water',
    label: '饮水安全有保障',
    passed: waterOk,
    detail: waterOk ? '饮水安全' : [!f.drinkingSafe && '饮水不安全', f.drinkingDifficulty && '饮水困难'].filter(Boolean).join('、'),
  };
  const housing: Criterion<HouseholdCriterionKey> = {
    key: 'housing',
    label: '住房安全有保障',
    passed: !f.dangerousHouse,
    detail: f.dangerousHouse ? '住房为危房' : '住房不是危房',
  };
  const uninsured = f.members.filter((m) => !m.medicalInsurance).map((m) => m.name);
  const medical: Criterion<HouseholdCriterionKey> = {
    key: 'medical',
    label: '基本医疗有保障',
    passed: uninsured.length === 0,
    detail: uninsured.length === 0 ? '成员均参加新农合/居民医保' : `未参加新农合/居民医保：${uninsured.join('、')}`,
  };
  const outOfSchool = f.members.filter((m) => missesCompulsorySchool(m.age, m.schoolStatus)).map((m) => `${m.name}（${m.age}岁）`);
  const education: Criterion<HouseholdCriterionKey> = {
    key: 'education',
    label: '义务教育有保障',
    passed: outOfSchool.length === 0,
    detail: outOfSchool.length === 0 ? '义务教育年龄的成员均在校（或没有）' : `义务教育年龄未在校：${outOfSchool.join('、')}`,
  };
  return [income, incomeSource, water, housing, medical, education];
}

export type VillageCriterionKey = 'households' | 'income' | 'collective' | 'haves';

/** The nine haves (九有), as the villages table holds them. */
export const NINE_HAVES = [
  { key: 'hasLeadingIndustry', label: '有主导产业' },
  { key: 'hasCollectiveIncome', label: '有集体经济收入' },
  { key: 'hasServiceCentre', label: '有村级综合服务中心' },
  { key: 'hasClinicAndCulture', label: '有小学、卫生室和文化室' },
  { key: 'hasHardenedRoad', label: '有通村硬化路' },
  { key: 'hasPipedWater', label: '有安全饮水入户' },
  { key: 'hasPowerGrid', label: '有安全的农村电网' },
  { key: 'hasBroadband', label: '有广播电视和宽带入户' },
  { key: 'hasCleanEnergy', label: '有清洁能源入户' },
] as const;
export type NineHaveKey = (typeof NINE_HAVES)[number]['key'];

/** 村集体经济收入 at least 100,000 yuan a year. */
export const COLLECTIVE_INCOME_MIN_FEN = 10_000_000;
/** 村人均可支配收入 at least 70 % of the province's. */
export const VILLAGE_INCOME_PERCENT_OF_PROVINCE = 70;

export interface VillageExitFacts {
  year: number;
  households: number;
  exitedHouseholds: number;
  perCapitaIncomeFen: number | null;
  provincialIncomeFen: number | null;
  collectiveIncomeFen: number | null;
  haves: Readonly<Record<NineHaveKey, boolean>>;
}

export function villageExitCriteria(f: VillageExitFacts): Criterion<VillageCriterionKey>[] {
  const left = f.households - f.exitedHouseholds;
  const households: Criterion<VillageCriterionKey> = {
    key: 'households',
    label: '贫困户全部脱贫',
    passed: left === 0,
    detail: left === 0 ? `${f.households} 户均已脱贫` : `还有 ${left} 户未脱贫（共 ${f.households} 户）`,
  };
  let income: Criterion<VillageCriterionKey>;
  const incomeLabel = `村人均可支配收入达到全省的${VILLAGE_INCOME_PERCENT_OF_PROVINCE}%`;
  if (f.provincialIncomeFen === null) {
    income = { key: 'income', label: incomeLabel, passed: false, detail: `${f.year}年全省农村居民人均收入尚未设置（在“脱贫计划”页的年度标准中添加该年并填写）` };
  } else if (f.perCapitaIncomeFen === null) {
    income = { key: 'income', label: incomeLabel, passed: false, detail: `尚未填写本村 ${f.year} 年人均可支配收入` };
  } else {
    // perCapita ≥ 70 % × provincial, compared as 100 × perCapita ≥ 70 × provincial: no rounding.
    const passed = 100 * f.perCapitaIncomeFen >= VILLAGE_INCOME_PERCENT_OF_PROVINCE * f.provincialIncomeFen;
    const needed = Math.ceil((VILLAGE_INCOME_PERCENT_OF_PROVINCE * f.provincialIncomeFen) / 100);
    income = { key: 'income', label: incomeLabel, passed, detail: `本村 ${formatYuan(f.perCapitaIncomeFen)}，需达到 ${formatYuan(needed)}` };
  }
  const collective: Criterion<VillageCriterionKey> =
    f.collectiveIncomeFen === null
      ? { key: 'collective', label: '村集体经济收入达到10万元', passed: false, detail: `尚未填写本村 ${f.year} 年集体经济收入` }
      : {
          key: 'collective',
          label: '村集体经济收入达到10万元',
          passed: f.collectiveIncomeFen >= COLLECTIVE_INCOME_MIN_FEN,
          detail: `${f.year}年集体经济收入 ${formatYuan(f.collectiveIncomeFen)}`,
        };
  const missing = NINE_HAVES.filter((h) => !f.haves[h.key]).map((h) => h.label.replace(/^有/, ''));
  const haves: Criterion<VillageCriterionKey> = {
    key: 'haves',
    label: '九有',
    passed: missing.length === 0,
    detail: missing.length === 0 ? '九项均已具备' : `还缺：${missing.join('、')}`,
  };
  return [households, income, collective, haves];
}

/** The criteria that did not pass. */
export function unmet<K extends string>(criteria: readonly Criterion<K>[]): Criterion<K>[] {
  return criteria.filter((c) => !c.passed);
}
