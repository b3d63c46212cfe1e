/**
 * 行政村: the fields a clerk gives a village, and the rules its code and name follow. A village
 * code is the 12-digit statistical area code (统计用区划代码): 6 digits of the county, 3 of the
 * town, 3 of the village. A registry covers one county: its villages' codes all start with that
 * county's code. Main checks every new or changed village with these (main/services/org.ts).
 */
import { HOUSEHOLD_FIELDS, type FieldDef } from '../fields';
import { compactHalfWidth } from './text';

export const VILLAGE_CODE_DIGITS = 12;
export const COUNTY_CODE_DIGITS = 6;

// The campaign's years, as a household's 计划脱贫年度 has them.
const PLANNED_EXIT_YEAR = HOUSEHOLD_FIELDS.find((f) => f.key === 'plannedExitYear')!;

/** What a clerk gives a village, added or edited in place; labels as the 行政村 grid's headers. */
export const VILLAGE_FIELDS = [
  { key: 'code', label: '村代码', type: 'text', required: true, editable: true, max: 40 },
  { key: 'name', label: '行政村', type: 'text', required: true, editable: true, max: 50 },
  { key: 'town', label: '乡(镇)', type: 'text', required: true, editable: true, max: 50 },
  { key: 'plannedExitYear', label: '计划出列年度', type: 'year', editable: true, min: PLANNED_EXIT_YEAR.min, max: PLANNED_EXIT_YEAR.max },
] as const satisfies readonly FieldDef[];

export type VillageFieldKey = (typeof VILLAGE_FIELDS)[number]['key'];

/** A village as stored, as far as these rules compare it with the others. */
export interface VillagePlace {
  id: string;
  code: string;
  name: string;
  town: string;
  countyCode: string;
}

/** The county part of a village code. */
export function countyOfVillageCode(code: string): string {
  return code.slice(0, COUNTY_CODE_DIGITS);
}

/**
 * The county a registry covers: the county code its villages carry (the most common one, should an
 * import have brought in another; on a tie the smaller code). null while it has no village.
 */
export function registryCounty(villages: Iterable<Pick<VillagePlace, 'countyCode'>>): string | null {
  const counts = new Map<string, number>();
  for (const v of villages) counts.set(v.countyCode, (counts.get(v.countyCode) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return ranked[0]?.[0] ?? null;
}

/** The town most villages are in (on a tie the first seen): what a new village is proposed or given. '' with none. */
export function usualTown(villages: Iterable<{ town: string }>): string {
  const counts = new Map<string, number>();
  for (const v of villages) counts.set(v.town, (counts.get(v.town) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

/**
 * Six digits that can name a county-level area (GB/T 2260): a province 11–82, then a city and a
 * county part, neither 00 (420100 is a city, 420000 a province, 420115 a district).
 */
export function isCountyCode(code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  const province = Number(code.slice(0, 2));
  return province >= 11 && province <= 82 && code.slice(2, 4) !== '00' && code.slice(4, 6) !== '00';
}

export type VillageCodeCheck =
  | { ok: true; value: string; countyCode: string }
  | { ok: false; value: string; message: string; /** the village already holding the code */ takenBy?: VillagePlace };

/**
 * A village code a clerk typed (full-width digits and spaces are normalised): 12 digits, in the
 * registry's county, used by no other village. villages: every stored village; selfId: the
 * village being edited, which is compared with the others only. While the registry has no other
 * village, the first one sets its county: its first 6 digits must then be a county code.
 */
export function checkVillageCode(raw: string, villages: readonly VillagePlace[], selfId?: string): VillageCodeCheck {
  const value = compactHalfWidth(raw);
  const refuse = (message: string, takenBy?: VillagePlace): VillageCodeCheck => ({ ok: false, value, message, ...(takenBy ? { takenBy } : {}) });
  if (value === '') return refuse(`请填写村代码（${VILLAGE_CODE_DIGITS}位数字）`);
  if (!/^\d+$/.test(value)) return refuse(`村代码“${value}”只能由数字组成：应为${VILLAGE_CODE_DIGITS}位数字`);
  if (value.length !== VILLAGE_CODE_DIGITS) return refuse(`村代码“${value}”应为${VILLAGE_CODE_DIGITS}位数字，现为${value.length}位`);
  const others = villages.filter((v) => v.id !== selfId);
  const county = registryCounty(others);
  const countyCode = countyOfVillageCode(value);
  if (county !== null && countyCode !== county) {
    return refuse(`村代码“${value}”不在本区县：本库的行政村属于区县代码 ${county}，村代码的前${COUNTY_CODE_DIGITS}位应为 ${county}，现为 ${countyCode}`);
  }
  if (county === null && !isCountyCode(countyCode)) {
    return refuse(`村代码“${value}”的前${COUNTY_CODE_DIGITS}位 ${countyCode} 不是区县代码：村代码应以所在区县的${COUNTY_CODE_DIGITS}位代码开头`);
  }
  const taken = others.find((v) => v.code === value);
  if (taken) return refuse(`村代码 ${value} 已被${taken.town}${taken.name}使用：每个行政村的代码不能重复`, taken);
  return { ok: true, value, countyCode };
}

/**
 * A village's name is its only name in the registry's grids and in imported files (which find
 * villages by name), so two villages may not share one. name: already trimmed (parseFieldValue).
 */
export function villageNameProblem(name: string, villages: readonly VillagePlace[], selfId?: string): string | null {
  const key = compactHalfWidth(name);
  const taken = villages.find((v) => v.id !== selfId && compactHalfWidth(v.name) === key);
  return taken ? `已有名为“${taken.name}”的行政村（${taken.town}，村代码 ${taken.code}）：村名不能重复` : null;
}
