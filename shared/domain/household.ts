/** Consistency rules for a household and its members, as the national registry's audits check them. */
import { codeFromLabel } from './codes';
import { checkIdNumber, normalizeIdNumber } from './idNumber';

export interface MemberLike {
  id?: string;
  name: string;
  idNumber: string;
  relation: string;
}

export interface Problem {
  code: string;
  message: string;
  memberIds?: string[];
}

function memberIdsOf(members: readonly MemberLike[]): string[] | undefined {
  const ids = members.flatMap((m) => (m.id === undefined ? [] : [m.id]));
  return ids.length > 0 ? ids : undefined;
}

function withMemberIds(problem: Omit<Problem, 'memberIds'>, members: readonly MemberLike[]): Problem {
  const memberIds = memberIdsOf(members);
  return memberIds ? { ...problem, memberIds } : problem;
}

function displayName(member: MemberLike): string {
  return member.name.trim() || '（未填姓名）';
}

/**
 * The key under which an ID number is compared: a 15-digit number and its 18-digit upgrade are
 * the same person, so valid numbers compare in their 18-digit form.
 */
export function idNumberKey(raw: string): string {
  const check = checkIdNumber(raw);
  return check.ok ? check.value : normalizeIdNumber(raw);
}

function isHead(relation: string): boolean {
  return relation === 'head' || codeFromLabel('relation', relation) === 'head';
}

export function checkHouseholdMembers(members: readonly MemberLike[], declaredSize?: number | null): Problem[] {
  const problems: Problem[] = [];

  const heads = members.filter((m) => isHead(m.relation));
  if (heads.length === 0) {
    problems.push({ code: 'no_head', message: '本户没有登记户主，请将一名成员的“与户主关系”设为“户主”' });
  } else if (heads.length > 1) {
    problems.push(
      withMemberIds(
        {
          code: 'many_heads',
          message: `本户登记了${heads.length}名户主（${heads.map(displayName).join('、')}），每户只能有一名户主`,
        },
        heads,
      ),
    );
  }

  if (declaredSize != null && declaredSize !== members.length) {
    problems.push({
      code: 'size_mismatch',
      message: `家庭人口数填的是${declaredSize}人，但登记了${members.length}名成员`,
    });
  }

  const byId = new Map<string, MemberLike[]>();
  for (const member of members) {
    if (normalizeIdNumber(member.idNumber) === '') {
      problems.push(withMemberIds({ code: 'bad_id', message: `${displayName(member)}未填写证件号码` }, [member]));
      continue;
    }
    const check = checkIdNumber(member.idNumber);
    if (!check.ok) {
      problems.push(
        withMemberIds(
          { code: 'bad_id', message: `${displayName(member)}的证件号码“${check.value}”有误：${check.reason}` },
          [member],
        ),
      );
    }
    const key = idNumberKey(member.idNumber);
    byId.set(key, [...(byId.get(key) ?? []), member]);
  }
  for (const [idNumber, same] of byId) {
    if (same.length > 1) {
      problems.push(
        withMemberIds(
          {
            code: 'duplicate_id',
            message: `证件号码${idNumber}在本户出现了${same.length}次（${same.map(displayName).join('、')}）`,
          },
          same,
        ),
      );
    }
  }
  return problems;
}

export interface PlacedPerson {
  idNumber: string;
  name: string;
  householdCode: string;
  where?: string;
}

/**
 * One person belongs to one household only. Returns every ID number found in two or more
 * households (a repeat inside one household is checkHouseholdMembers' duplicate_id), in order of
 * first appearance, with all of its places.
 */
export function findPeopleInTwoHouseholds(people: readonly PlacedPerson[]): { idNumber: string; places: PlacedPerson[] }[] {
  const byId = new Map<string, PlacedPerson[]>();
  for (const person of people) {
    const key = idNumberKey(person.idNumber);
    if (key === '') continue;
    byId.set(key, [...(byId.get(key) ?? []), person]);
  }
  const found: { idNumber: string; places: PlacedPerson[] }[] = [];
  for (const [idNumber, places] of byId) {
    if (new Set(places.map((p) => p.householdCode)).size > 1) found.push({ idNumber, places });
  }
  return found;
}

export interface IncomeFen {
  wage: number;
  business: number;
  propertyDividend: number;
  propertyOther: number;
  transferFamilyPlanning: number;
  transferDibao: number;
  transferWubao: number;
  transferPension: number;
  transferEco: number;
  transferOther: number;
  businessCost: number;
}

export function propertyIncomeFen(income: IncomeFen): number {
  return income.propertyDividend + income.propertyOther;
}

export function transferIncomeFen(income: IncomeFen): number {
  return (
    income.transferFamilyPlanning +
    income.transferDibao +
    income.transferWubao +
    income.transferPension +
    income.transferEco +
    income.transferOther
  );
}

/** 家庭纯收入: wage + business + property + transfer − business costs. */
export function netIncomeFen(income: IncomeFen): number {
  return income.wage + income.business + propertyIncomeFen(income) + transferIncomeFen(income) - income.businessCost;
}

/**
 * 年人均纯收入 in fen. Halves round away from zero, so a loss-making household's figure mirrors
 * a gaining one's. An empty household has no per-capita income: 0 rather than a division error.
 */
export function perCapitaNetIncomeFen(income: IncomeFen, size: number): number {
  if (!(size > 0)) return 0;
  const perHead = netIncomeFen(income) / size;
  const rounded = Math.sign(perHead) * Math.round(Math.abs(perHead));
  return rounded === 0 ? 0 : rounded;
}
