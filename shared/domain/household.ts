/**
 * The rules that hold a household together, as the national registry's audits check them: one
 * 户主 per household, one household per person, the declared size against the member rows, and
 * the form of the 户编号. The registry, the import and the data-quality lists all call these.
 */
import { checkIdNumber, normalizeIdNumber } from './idNumber';
import { compactHalfWidth } from './text';

// ---- one 户主 per household ----

/** The relation code of the 户主 (the members table keeps one row with it per household). */
export const HEAD_RELATION = 'head';

export function isHeadRelation(relation: unknown): boolean {
  return relation === HEAD_RELATION;
}

export type HeadProblem = 'no_head' | 'many_heads';

/** One 户主 per household: what is wrong with a household whose members have these relations. */
export function headProblem(relations: Iterable<unknown>): HeadProblem | null {
  let heads = 0;
  for (const relation of relations) if (isHeadRelation(relation)) heads++;
  return heads === 0 ? 'no_head' : heads > 1 ? 'many_heads' : null;
}

// ---- 家庭人口数 ----

/** The declared household size (家庭人口数), when there is one, must be the number of member rows. */
export function declaredSizeDiffers(declared: number | null | undefined, memberCount: number): boolean {
  return declared != null && declared !== memberCount;
}

// ---- one person, one household ----

/**
 * The key under which an ID number is compared: a 15-digit number and its 18-digit upgrade are
 * the same person, so valid numbers compare in their 18-digit form.
 */
export function idNumberKey(raw: string): string {
  // Already in its 18-character form, valid or not, a number is its own key: the import's 300,000
  // people skip the full check here.
  if (/^\d{17}[\dX]$/.test(raw)) return raw;
  const check = checkIdNumber(raw);
  return check.ok ? check.value : normalizeIdNumber(raw);
}

/**
 * One person belongs to one household only. People are added one at a time, so a file of
 * 300,000 people can stream past: each key is kept once with the number of its first sighting,
 * and only keys seen again keep all their sightings. Callers keep where each sighting was in
 * their own arrays, indexed by its number, rather than in an object per person.
 */
export class PersonSightings {
  private readonly firstSighting = new Map<string, number>();
  private readonly householdCodes: string[] = [];
  private readonly repeated = new Map<string, number[]>();

  /** keyOf: the person a text names; by default an ID number, compared by idNumberKey. */
  constructor(private readonly keyOf: (person: string) => string = idNumberKey) {}

  /** Records a person seen in a household; its sighting number, or null for an empty one (nobody). */
  add(person: string, householdCode: string): number | null {
    const key = this.keyOf(person);
    if (key === '') return null;
    const sighting = this.householdCodes.length;
    this.householdCodes.push(householdCode);
    const first = this.firstSighting.get(key);
    if (first === undefined) this.firstSighting.set(key, sighting);
    else {
      const all = this.repeated.get(key);
      if (all) all.push(sighting);
      else this.repeated.set(key, [first, sighting]);
    }
    return sighting;
  }

  householdOf(sighting: number): string {
    return this.householdCodes[sighting];
  }

  /** Every sighting of a person seen more than once; undefined for one seen once or never. */
  repeatsOf(person: string): readonly number[] | undefined {
    return this.repeated.get(this.keyOf(person));
  }

  /** The people seen more than once, by key, with all their sightings (in one household or several). */
  repeats(): ReadonlyMap<string, readonly number[]> {
    return this.repeated;
  }

  /** One person, one household: true when these sightings name two or more households. */
  inTwoHouseholds(sightings: readonly number[]): boolean {
    const first = this.householdCodes[sightings[0]];
    return sightings.some((s) => this.householdCodes[s] !== first);
  }
}

export interface PersonInHousehold {
  idNumber: string;
  hhCode: string;
}

/**
 * Every person found in two or more households, in order of first appearance, with all their
 * places. By default people are their ID numbers (a repeat inside one household is no finding
 * here); personOf may name them otherwise, e.g. by name and birth date.
 */
export function findPeopleInTwoHouseholds<P extends PersonInHousehold>(
  people: readonly P[],
  personOf?: (person: P) => string,
): { key: string; places: P[] }[] {
  const sightings = personOf ? new PersonSightings((key) => key) : new PersonSightings();
  const bySighting: P[] = [];
  for (const p of people) {
    if (sightings.add(personOf ? personOf(p) : p.idNumber, p.hhCode) !== null) bySighting.push(p);
  }
  return [...sightings.repeats()]
    .filter(([, seen]) => sightings.inTwoHouseholds(seen))
    .sort((a, b) => a[1][0] - b[1][0])
    .map(([key, seen]) => ({ key, places: seen.map((s) => bySighting[s]) }));
}

// ---- 户编号 ----

const HOUSEHOLD_CODE = /^\d{6,30}$/;

export type HouseholdCodeCheck = { ok: true; value: string } | { ok: false; value: string; message: string };

/** 户编号: 6 to 30 digits, once full-width digits and spaces are normalised. */
export function checkHouseholdCode(raw: string): HouseholdCodeCheck {
  const value = compactHalfWidth(raw);
  if (value === '') return { ok: false, value, message: '户编号不能为空' };
  if (!HOUSEHOLD_CODE.test(value)) return { ok: false, value, message: `户编号“${value}”应为6至30位数字` };
  return { ok: true, value };
}

/** A household numbered by the app: its village's code, then a sequence number of this many digits. */
export const VILLAGE_SEQUENCE_DIGITS = 4;
const LAST_SEQUENCE = 10 ** VILLAGE_SEQUENCE_DIGITS - 1;

/** The 户编号 of a village's household number `sequence` (1…9999); undefined past the last. */
export function householdCodeInVillage(villageCode: string, sequence: number): string | undefined {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > LAST_SEQUENCE) return undefined;
  return `${villageCode}${String(sequence).padStart(VILLAGE_SEQUENCE_DIGITS, '0')}`;
}

/** The sequence number of a 户编号 made by householdCodeInVillage; undefined for any other code. */
export function sequenceInVillage(villageCode: string, hhCode: string): number | undefined {
  if (hhCode.length !== villageCode.length + VILLAGE_SEQUENCE_DIGITS || !hhCode.startsWith(villageCode)) return undefined;
  const tail = hhCode.slice(villageCode.length);
  return /^\d+$/.test(tail) ? Number(tail) : undefined;
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
