/**
 * Resident ID numbers, GB 11643-1999. An ID number identifies one person in the whole database,
 * so every number is normalised (and old 15-digit numbers upgraded to 18) before it is stored or
 * compared.
 */
import { formatIsoDate, isValidYMD, parseIsoDate, todayIso } from './dates';
import { compactHalfWidth } from './text';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
/** The registry holds people born in the 1880s (see DOMAIN.md); earlier years are typing errors. */
const MIN_BIRTH_YEAR = 1800;

export type IdNumberErrorCode = 'length' | 'chars' | 'date' | 'future' | 'check';

export type IdNumberCheck =
  | {
      ok: true;
      value: string;
      sex: 'male' | 'female';
      birthDate: string;
      regionCode: string;
      upgradedFrom15: boolean;
    }
  | { ok: false; value: string; reason: string; error: IdNumberErrorCode };

/** Clerks paste from Word and Excel and type with a Chinese IME: spaces, full-width digits, 'x'. */
export function normalizeIdNumber(raw: string): string {
  return compactHalfWidth(raw).toUpperCase();
}

export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new Error(`计算校验位需要17位数字，实际为“${first17}”`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export function checkIdNumber(raw: string, today: string = todayIso()): IdNumberCheck {
  const value = normalizeIdNumber(raw);
  const fail = (error: IdNumberErrorCode, reason: string): IdNumberCheck => ({ ok: false, value, reason, error });

  const length = [...value].length;
  if (length !== 18 && length !== 15) {
    return fail('length', `长度应为18位（或15位旧号），实际为${length}位`);
  }
  const pattern = length === 18 ? /^\d{17}[\dX]$/ : /^\d{15}$/;
  if (!pattern.test(value)) {
    return fail('chars', `含非法字符${describeBadChar(value, length)}`);
  }

  const upgradedFrom15 = length === 15;
  const first17 = upgradedFrom15 ? `${value.slice(0, 6)}19${value.slice(6)}` : value.slice(0, 17);
  const year = Number(first17.slice(6, 10));
  const month = Number(first17.slice(10, 12));
  const day = Number(first17.slice(12, 14));
  if (year < MIN_BIRTH_YEAR || !isValidYMD(year, month, day)) {
    return fail('date', `出生日期无效：${first17.slice(6, 10)}年${first17.slice(10, 12)}月${first17.slice(12, 14)}日`);
  }
  const birthDate = formatIsoDate({ year, month, day });
  if (birthDate > today) {
    return fail('future', `出生日期晚于今天：${birthDate}`);
  }

  const expected = idCheckChar(first17);
  if (!upgradedFrom15 && value[17] !== expected) {
    return fail('check', `校验位错误：应为${expected}，实际为${value[17]}`);
  }
  return {
    ok: true,
    value: first17 + expected,
    sex: Number(first17[16]) % 2 === 1 ? 'male' : 'female',
    birthDate,
    regionCode: first17.slice(0, 6),
    upgradedFrom15,
  };
}

function describeBadChar(value: string, length: number): string {
  const chars = [...value];
  const index = chars.findIndex((ch, i) => !(/\d/.test(ch) || (length === 18 && i === 17 && ch === 'X')));
  return index < 0 ? '' : `：第${index + 1}位“${chars[index]}”`;
}

/** For demo data and tests: a number that passes every check above. */
export function makeIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  if (!/^\d{6}$/.test(regionCode)) throw new Error(`行政区划代码应为6位数字：“${regionCode}”`);
  const date = parseIsoDate(birthDate);
  if (!date) throw new Error(`出生日期无效：“${birthDate}”`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new Error(`顺序码应为0至999的整数：${sequence}`);
  }
  const first17 = `${regionCode}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/**
 * Age in completed years (周岁). Someone born on 29 February turns a year older on 1 March in
 * common years, the usual reading for 周岁 and the one the registry's tallies assume.
 */
export function ageOn(birthDate: string, onDate: string): number {
  const birth = parseIsoDate(birthDate);
  const on = parseIsoDate(onDate);
  if (!birth) throw new Error(`出生日期无效：“${birthDate}”`);
  if (!on) throw new Error(`日期无效：“${onDate}”`);
  const hadBirthday = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return on.year - birth.year - (hadBirthday ? 0 : 1);
}
