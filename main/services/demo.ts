// The fictitious demo data set (虚构演示数据): the plan's exact figures (DOMAIN.md) filled with
// made-up but plausible households, so the app can be shown and taught without anyone's real data.
// Everything is drawn from one seeded generator, so a seed always yields the same people; only
// UUIDs and timestamps differ between runs.
import fs from 'node:fs';
import type { Progress, Stats } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { CodeOf } from '../../shared/domain/codes';
import { daysInMonth, formatIsoDate } from '../../shared/domain/dates';
import { makeIdNumber } from '../../shared/domain/idNumber';
import { REGISTERED_EXIT_STATUS } from '../../shared/domain/exitStatus';
import { householdCodeInVillage, type IncomeFen } from '../../shared/domain/household';
import { largestRemainder } from '../../shared/domain/quota';
import { householdPerCapitaFen } from '../../shared/domain/income';
import { autoPlan, householdDifficulty, planQuotas } from '../../shared/domain/plan';
import type { CampaignSettings } from '../../shared/contract';
import {
  CADRE_TITLES,
  DEMO_COUNTY_CODE,
  DEMO_TOWN,
  DEMO_UNITS,
  DEMO_VILLAGES,
  GIVEN_CHARS,
  SURNAMES,
  type DemoUnitSeed,
} from '../../resources/demo/seed';
import { keyFilePath } from '../db/keys';
import { createDatabase } from '../db/open';
import type { Store } from '../db/store';
import { getStats } from './registry';
import { insertRow, setSetting, write, type Writer } from '../db/write';
import type { Actor } from '../db/audit';
import { Random } from './random';
import { queriesFor } from '../db/queries';
import { auditHeadPath } from '../db/auditAnchor';
import { DEFAULT_CAMPAIGN, writeCampaign } from './plan';
import { writeDemoLedger } from './ledger/demo';

export const DEMO_PASSWORD = 'demo2015';

export interface DemoOptions {
  seed?: number;
  actor?: Actor;
  onProgress?: (p: Progress) => void;
}

const DEMO_LABEL = '虚构演示数据';
const DEFAULT_SEED = 20151024;
const DEFAULT_ACTOR: Actor = { kind: 'system', name: '演示数据生成' };
const DATA_YEAR = 2015;
/** Ages are as on the last day of the data year, the date the 2015 registry figures describe. */
const AS_OF = '2015-12-31';
const PAIRED_SINCE = '2015-11-01';
/**
 * The demo's figures per year, in fen: a poverty line near the national standard of those years
 * and rural incomes of the right size. Demo values like everything here, to be replaced by the
 * office's own on its real database; the quotas are the plan's (30/50/20 and 30/40/30).
 */
const DEMO_CAMPAIGN: CampaignSettings = {
  ...DEFAULT_CAMPAIGN,
  years: [
    { year: 2015, povertyLineFen: 300_000, districtIncomeFen: 1_600_000, provincialIncomeFen: 1_184_400 },
    { year: 2016, povertyLineFen: 310_000, districtIncomeFen: 1_730_000, provincialIncomeFen: 1_272_500 },
    { year: 2017, povertyLineFen: 330_000, districtIncomeFen: 1_870_000, provincialIncomeFen: 1_381_200 },
    { year: 2018, povertyLineFen: 350_000, districtIncomeFen: 2_020_000, provincialIncomeFen: 1_497_800 },
  ],
};
const MAX_HOUSEHOLDS_PER_HELPER = 6;
const PROGRESS_EVERY = 100;

type Category = CodeOf<'householdCategory'>;
type Relation = CodeOf<'relation'>;
type Sex = CodeOf<'sex'>;
type Cause = CodeOf<'povertyCause'>;
type Health = CodeOf<'health'>;
type LaborSkill = CodeOf<'laborSkill'>;
type Education = CodeOf<'education'>;
type SchoolStatus = CodeOf<'schoolStatus'>;

/** The plan's figures (阳办发〔2015〕26号), which the demo reproduces exactly. */
const PLAN: Readonly<Record<Category, { households: number; people: number }>> = {
  general: { households: 515, people: 1531 },
  dibao: { households: 536, people: 892 },
  wubao: { households: 46, people: 46 },
};

// ---------------------------------------------------------------------------------------------
// Seeded randomness


// ---------------------------------------------------------------------------------------------
// The plan of the data, built in memory first so the write phase is a plain loop

interface PersonPlan {
  name: string;
  sex: Sex;
  age: number;
  birthDate: string;
  idNumber: string;
  relation: Relation;
  ethnicity: CodeOf<'ethnicity'>;
  politicalStatus: CodeOf<'politicalStatus'>;
  education: Education;
  schoolStatus: SchoolStatus;
  health: Health;
  laborSkill: LaborSkill;
  workStatus: CodeOf<'workStatus'> | null;
  workMonths: number | null;
  medicalInsurance: number;
  seriousIllnessInsurance: number;
  pensionInsurance: number;
  dibao: number;
}

interface HouseholdPlan {
  villageIndex: number;
  hhCode: string;
  category: Category;
  members: PersonPlan[];
  mainCause: Cause;
  otherCauses: string | null;
  plannedExitYear: number;
  values: HouseholdValues;
  income: IncomeFen;
}

/** The household columns that are simply drawn, written as they are. */
interface HouseholdValues {
  phone: string | null;
  bankName: CodeOf<'bank'>;
  bankAccount: string;
  standard: CodeOf<'standard'>;
  identifiedOn: string;
  militaryFamily: number;
  onlyChild: number;
  twoDaughters: number;
  arableLand: number;
  irrigatedLand: number;
  forestLand: number;
  returnedForest: number;
  orchardLand: number;
  pastureLand: number;
  waterSurface: number;
  productionPower: number;
  livingPower: number;
  drinkingDifficulty: number;
  drinkingSafe: number;
  broadcastTv: number;
  distanceToRoad: number;
  roadType: CodeOf<'roadType'>;
  housingArea: number;
  dangerousHouse: number;
  dangerLevel: CodeOf<'dangerLevel'> | null;
  sanitaryToilet: number;
  fuelType: CodeOf<'fuelType'>;
  cooperative: number;
  leadingEnterprise: number;
  richLeader: number;
}

interface CadrePlan {
  name: string;
  unitIndex: number;
  role: '第一书记' | '工作队队长' | '队员' | '帮扶责任人';
  title: string;
  phone: string;
}

interface TeamPlan {
  villageIndex: number;
  unitIndexes: number[];
  cadres: CadrePlan[];
  /** households' indexes (into DemoPlan.households) → index into cadres */
  pairing: Map<number, number>;
}

interface UnitPlan extends DemoUnitSeed {
  headName: string;
  phone: string;
}

interface DemoPlan {
  villageExitYears: number[];
  units: UnitPlan[];
  teams: TeamPlan[];
  households: HouseholdPlan[];
}

// ---------------------------------------------------------------------------------------------
// People

/** Remembers every ID number drawn, since one number identifies one person in the database. */
class Identities {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Random) {}

  idNumber(birthDate: string, sex: Sex): string {
    for (;;) {
      // The sequence's last digit carries the sex: odd for men, even for women.
      const sequence = this.rng.int(0, 499) * 2 + (sex === 'male' ? 1 : 0);
      const id = makeIdNumber(DEMO_COUNTY_CODE, birthDate, sequence);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}

function birthDateFor(rng: Random, age: number): string {
  const year = DATA_YEAR - age;
  const month = rng.int(1, 12);
  return formatIsoDate({ year, month, day: rng.int(1, daysInMonth(year, month)) });
}

function givenName(rng: Random, sex: Sex, birthYear: number): string {
  const era = birthYear < 1965 ? 'old' : birthYear < 1990 ? 'mid' : 'young';
  const chars = GIVEN_CHARS[sex][era];
  const first = rng.pick(chars);
  if (rng.chance(era === 'young' ? 0.2 : 0.3)) return first;
  let second = rng.pick(chars);
  while (second === first && rng.chance(0.8)) second = rng.pick(chars);
  return first + second;
}

function otherSurname(rng: Random, not: string): string {
  let s = rng.pick(SURNAMES);
  while (s === not) s = rng.pick(SURNAMES);
  return s;
}

function personName(rng: Random, surname: string, sex: Sex, age: number): string {
  return surname + givenName(rng, sex, DATA_YEAR - age);
}

/** Who lives in a household before names and particulars are drawn. */
interface Sketch {
  relation: Relation;
  sex: Sex;
  age: number;
  surname: string;
}

function opposite(sex: Sex): Sex {
  return sex === 'male' ? 'female' : 'male';
}

function childRelation(sex: Sex): Relation {
  return sex === 'male' ? 'son' : 'daughter';
}

function grandchildRelation(sex: Sex): Relation {
  return sex === 'male' ? 'grandson' : 'granddaughter';
}

/** Ages of `count` siblings, oldest first, none older than `maxAge`. */
function siblingAges(rng: Random, count: number, maxAge: number): number[] {
  const ages: number[] = [];
  let age = rng.int(Math.min(maxAge, 3 * (count - 1)), maxAge);
  for (let i = 0; i < count; i++) {
    ages.push(Math.max(0, age));
    age -= rng.int(1, 4);
  }
  return ages;
}

function spouseAge(rng: Random, headAge: number, headSex: Sex): number {
  const gap = rng.int(0, 5);
  return Math.max(20, headSex === 'male' ? headAge - gap : headAge + gap);
}

/** A head and, when married, a spouse; returns the family surname the children carry. */
function couple(rng: Random, headAge: number, headSex: Sex, married: boolean): { sketch: Sketch[]; childSurname: string } {
  const headSurname = rng.pick(SURNAMES);
  const sketch: Sketch[] = [{ relation: 'head', sex: headSex, age: headAge, surname: headSurname }];
  if (!married) return { sketch, childSurname: headSurname };
  const spouseSurname = otherSurname(rng, headSurname);
  sketch.push({ relation: 'spouse', sex: opposite(headSex), age: spouseAge(rng, headAge, headSex), surname: spouseSurname });
  return { sketch, childSurname: headSex === 'male' ? headSurname : spouseSurname };
}

function addChildren(rng: Random, sketch: Sketch[], count: number, surname: string, relationOf: (sex: Sex) => Relation, maxAge: number): void {
  for (const age of siblingAges(rng, count, maxAge)) {
    const sex: Sex = rng.chance(0.52) ? 'male' : 'female';
    sketch.push({ relation: relationOf(sex), sex, age, surname });
  }
}

function youngestParentAge(sketch: readonly Sketch[]): number {
  return Math.min(...sketch.filter((s) => s.relation === 'head' || s.relation === 'spouse').map((s) => s.age));
}

function sketchSingle(rng: Random, category: Category): Sketch[] {
  const age = category === 'wubao' ? rng.weighted([[rng.int(60, 69), 3], [rng.int(70, 79), 4], [rng.int(80, 92), 2]] as const) : rng.int(45, 88);
  const sex: Sex = rng.chance(category === 'wubao' ? 0.75 : 0.6) ? 'male' : 'female';
  return couple(rng, age, sex, false).sketch;
}

function sketchOfTwo(rng: Random): Sketch[] {
  const kind = rng.weighted([['oldCouple', 5], ['oldParentAdultChild', 3], ['singleParent', 2]] as const);
  if (kind === 'oldCouple') return couple(rng, rng.int(55, 85), rng.chance(0.92) ? 'male' : 'female', true).sketch;
  if (kind === 'oldParentAdultChild') {
    const { sketch, childSurname } = couple(rng, rng.int(58, 86), rng.chance(0.45) ? 'male' : 'female', false);
    const childSex: Sex = rng.chance(0.65) ? 'male' : 'female';
    const age = Math.max(18, sketch[0].age - rng.int(22, 35));
    sketch.push({ relation: childRelation(childSex), sex: childSex, age, surname: childSurname });
    return sketch;
  }
  const { sketch, childSurname } = couple(rng, rng.int(28, 50), rng.chance(0.5) ? 'male' : 'female', false);
  addChildren(rng, sketch, 1, childSurname, childRelation, Math.min(17, sketch[0].age - 20));
  return sketch;
}

function sketchNuclear(rng: Random, size: number, withParents: number): Sketch[] {
  const children = size - 2 - withParents;
  const headAge = withParents > 0 ? rng.int(30, 52) : rng.int(30, 60);
  const headSex: Sex = rng.chance(0.92) ? 'male' : 'female';
  const { sketch, childSurname } = couple(rng, headAge, headSex, true);
  addChildren(rng, sketch, children, childSurname, childRelation, Math.min(30, youngestParentAge(sketch) - 20));
  if (withParents > 0) {
    // Mostly the head's own parents; now and then the wife's, living with her husband's family.
    const inLaws = headSex === 'male' && rng.chance(0.15);
    const fatherSurname = inLaws ? sketch[1].surname : sketch[0].surname;
    const parentAge = () => Math.min(92, headAge + rng.int(22, 34));
    const father = { relation: (inLaws ? 'father_in_law_w' : 'father') as Relation, sex: 'male' as Sex, age: parentAge(), surname: fatherSurname };
    const mother = { relation: (inLaws ? 'mother_in_law_w' : 'mother') as Relation, sex: 'female' as Sex, age: parentAge(), surname: otherSurname(rng, fatherSurname) };
    if (withParents === 2) sketch.push(father, mother);
    else sketch.push(rng.chance(0.65) ? mother : father);
  }
  return sketch;
}

function sketchSingleParent(rng: Random, size: number): Sketch[] {
  const { sketch, childSurname } = couple(rng, rng.int(30, 55), rng.chance(0.5) ? 'male' : 'female', false);
  addChildren(rng, sketch, size - 1, childSurname, childRelation, Math.min(25, sketch[0].age - 20));
  return sketch;
}

function sketchThreeGenerations(rng: Random, size: number): Sketch[] {
  const headAge = rng.int(55, 76);
  const { sketch, childSurname } = couple(rng, headAge, rng.chance(0.9) ? 'male' : 'female', true);
  const sonAge = Math.max(22, youngestParentAge(sketch) - rng.int(22, 30));
  sketch.push({ relation: 'son', sex: 'male', age: sonAge, surname: childSurname });
  const inLawAge = Math.max(20, sonAge - rng.int(-2, 4));
  sketch.push({ relation: 'daughter_in_law', sex: 'female', age: inLawAge, surname: otherSurname(rng, childSurname) });
  addChildren(rng, sketch, size - 4, childSurname, grandchildRelation, Math.min(sonAge, inLawAge) - 20);
  return sketch;
}

function sketchHousehold(rng: Random, size: number, category: Category): Sketch[] {
  if (size === 1) return sketchSingle(rng, category);
  if (size === 2) return sketchOfTwo(rng);
  const options: [string, number][] = [];
  if (size - 2 <= 4) options.push(['nuclear', 50]);
  if (size - 1 <= 3) options.push(['singleParent', 10]);
  options.push(['oneParent', 12]);
  if (size >= 4) options.push(['twoParents', 8], ['threeGenerations', 20]);
  const kind = rng.weighted(options);
  if (kind === 'nuclear') return sketchNuclear(rng, size, 0);
  if (kind === 'singleParent') return sketchSingleParent(rng, size);
  if (kind === 'oneParent') return sketchNuclear(rng, size, 1);
  if (kind === 'twoParents') return sketchNuclear(rng, size, 2);
  return sketchThreeGenerations(rng, size);
}

function drawHealth(rng: Random, age: number): Health {
  if (age < 16) return rng.weighted([['healthy', 95], ['chronic', 2], ['serious', 1], ['disabled', 2]] as const);
  if (age < 60) return rng.weighted([['healthy', 78], ['chronic', 12], ['serious', 4], ['disabled', 6]] as const);
  return rng.weighted([['healthy', 45], ['chronic', 38], ['serious', 7], ['disabled', 10]] as const);
}

/** In-school status by age: no child leaves school for poverty (五个一批: 助学扶智). */
function schooling(rng: Random, age: number): { education: Education; schoolStatus: SchoolStatus } {
  if (age < 3) return { education: 'preschool', schoolStatus: 'none' };
  if (age < 6) return { education: 'preschool', schoolStatus: 'preschool' };
  if (age < 12) return { education: 'primary', schoolStatus: 'primary' };
  if (age < 15) return { education: 'junior', schoolStatus: (['grade7', 'grade8', 'grade9'] as const)[age - 12] };
  if (age < 18) {
    const year = age - 15;
    return rng.chance(0.7)
      ? { education: 'senior', schoolStatus: (['high1', 'high2', 'high3'] as const)[year] }
      : { education: 'senior', schoolStatus: (['voc1', 'voc2', 'voc3'] as const)[year] };
  }
  if (age < 22 && rng.chance(0.4)) {
    return rng.chance(0.5)
      ? { education: 'college', schoolStatus: 'college' }
      : { education: 'college', schoolStatus: (['hvoc1', 'hvoc2', 'hvoc3'] as const)[Math.min(2, age - 18)] };
  }
  return { education: adultEducation(rng, age), schoolStatus: 'none' };
}

function adultEducation(rng: Random, age: number): Education {
  if (age >= 60) return rng.weighted([['illiterate', 35], ['primary', 45], ['junior', 17], ['senior', 3]] as const);
  if (age >= 40) return rng.weighted([['illiterate', 10], ['primary', 35], ['junior', 45], ['senior', 9], ['college', 1]] as const);
  if (age >= 22) return rng.weighted([['primary', 10], ['junior', 55], ['senior', 25], ['college', 10]] as const);
  return rng.weighted([['junior', 60], ['senior', 35], ['college', 5]] as const);
}

function laborSkillOf(rng: Random, p: Pick<PersonPlan, 'age' | 'health' | 'schoolStatus'>, category: Category): LaborSkill {
  if (p.age < 16 || p.schoolStatus !== 'none') return 'none';
  const frail = p.health === 'serious' || p.health === 'disabled';
  if (category === 'wubao') return frail || rng.chance(0.4) ? 'lost' : 'none';
  if (p.age >= 65) return frail ? 'lost' : rng.chance(0.7) ? 'none' : 'ordinary';
  if (p.health === 'serious') return rng.chance(0.7) ? 'lost' : 'ordinary';
  if (p.health === 'disabled') return rng.chance(0.6) ? 'lost' : 'ordinary';
  if (p.health === 'chronic') return rng.chance(0.2) ? 'lost' : 'ordinary';
  return rng.chance(0.15) ? 'skilled' : 'ordinary';
}

function politicalStatusOf(rng: Random, age: number): CodeOf<'politicalStatus'> {
  if (age >= 14 && age <= 28 && rng.chance(0.2)) return 'cyl';
  if (age >= 25 && rng.chance(0.03)) return 'cpc';
  return 'masses';
}

function makePerson(rng: Random, ids: Identities, s: Sketch, category: Category): PersonPlan {
  const birthDate = birthDateFor(rng, s.age);
  const { education, schoolStatus } = schooling(rng, s.age);
  const health = drawHealth(rng, s.age);
  const medical = rng.chance(0.996) ? 1 : 0;
  const student = schoolStatus !== 'none';
  return {
    name: personName(rng, s.surname, s.sex, s.age),
    sex: s.sex,
    age: s.age,
    birthDate,
    idNumber: ids.idNumber(birthDate, s.sex),
    relation: s.relation,
    ethnicity: rng.weighted([['01', 985], ['15', 10], ['03', 5]] as const),
    politicalStatus: politicalStatusOf(rng, s.age),
    education,
    schoolStatus,
    health,
    laborSkill: 'none', // drawn once the household's cause has settled everyone's health
    workStatus: null,
    workMonths: null,
    medicalInsurance: medical,
    seriousIllnessInsurance: medical === 1 && rng.chance(0.98) ? 1 : 0,
    pensionInsurance: s.age >= 16 && !student && rng.chance(s.age >= 60 ? 0.95 : 0.9) ? 1 : 0,
    dibao: category === 'dibao' ? 1 : 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Households

const CAUSE_WEIGHTS: readonly (readonly [Cause, number])[] = [
  ['illness', 40],
  ['disability', 14],
  ['schooling', 8],
  ['labor', 12],
  ['skill', 9],
  ['funds', 9],
  ['disaster', 2],
  ['motivation', 3],
  ['land', 1],
  ['transport', 1],
  ['water', 1],
];
const WUBAO_CAUSE_WEIGHTS: readonly (readonly [Cause, number])[] = [
  ['labor', 50],
  ['illness', 30],
  ['disability', 20],
];

function hasCostlyStudent(members: readonly PersonPlan[]): boolean {
  return members.some((m) => /^(high|voc|hvoc)|college/.test(m.schoolStatus));
}

function drawCauses(rng: Random, category: Category, members: readonly PersonPlan[]): { main: Cause; others: Cause[] } {
  // 因学 only where someone is in high school or beyond, whose fees weigh on the household.
  const table = (category === 'wubao' ? WUBAO_CAUSE_WEIGHTS : CAUSE_WEIGHTS).filter(([c]) => c !== 'schooling' || hasCostlyStudent(members));
  const main = rng.weighted(table);
  const others: Cause[] = [];
  const count = rng.weighted([[0, 50], [1, 35], [2, 15]] as const);
  for (let i = 0; i < count; i++) {
    const rest = table.filter(([c]) => c !== main && !others.includes(c));
    if (rest.length > 0) others.push(rng.weighted(rest));
  }
  return { main, others };
}

/** A household poor 因病 has someone ill in it, one poor 因残 someone disabled. */
function matchHealthToCause(rng: Random, members: PersonPlan[], main: Cause): void {
  const adults = members.filter((m) => m.age >= 16);
  const pool = adults.length > 0 ? adults : members;
  if (main === 'illness' && !members.some((m) => m.health === 'chronic' || m.health === 'serious')) {
    rng.pick(pool).health = rng.chance(0.5) ? 'serious' : 'chronic';
  }
  if (main === 'disability' && !members.some((m) => m.health === 'disabled')) rng.pick(pool).health = 'disabled';
}

function assignWork(rng: Random, members: PersonPlan[], category: Category): void {
  const share = category === 'general' ? 0.45 : 0.25;
  for (const m of members) {
    const able = m.laborSkill === 'ordinary' || m.laborSkill === 'skilled';
    if (!able || m.age < 18 || m.age > 59 || !rng.chance(share)) continue;
    m.workStatus = rng.weighted([['in_township', 25], ['in_county', 30], ['in_province', 30], ['out_of_province', 15]] as const);
    m.workMonths = rng.int(3, 11);
  }
}

function drawHouseholdValues(rng: Random, members: readonly PersonPlan[], phoneSeq: number): HouseholdValues {
  const arable = rng.tenths(0.3, 4.5);
  const forest = rng.chance(0.3) ? rng.tenths(0.5, 3) : 0;
  const dangerous = rng.chance(0.12);
  const drinkingDifficulty = rng.chance(0.05);
  const children = members.filter((m) => m.relation === 'son' || m.relation === 'daughter');
  const daughtersOnly = children.length === 2 && children.every((c) => c.relation === 'daughter');
  return {
    phone: rng.chance(0.9) ? `1380000${String(phoneSeq).padStart(4, '0')}` : null,
    bankName: rng.weighted([['rcb', 55], ['abc', 20], ['psbc', 20], ['ccb', 3], ['icbc', 2]] as const),
    // 19 digits under a prefix no card issuer uses, so a demo account can never be a real one.
    bankAccount: `699999${String(rng.int(0, 9999999)).padStart(7, '0')}${String(phoneSeq).padStart(6, '0')}`,
    standard: rng.weighted([['national', 60], ['municipal', 30], ['provincial', 10]] as const),
    identifiedOn: rng.chance(0.8)
      ? formatIsoDate({ year: 2014, month: rng.int(4, 10), day: rng.int(1, 28) })
      : formatIsoDate({ year: 2015, month: rng.int(3, 10), day: rng.int(1, 28) }),
    militaryFamily: rng.chance(0.01) ? 1 : 0,
    onlyChild: children.length === 1 && rng.chance(0.3) ? 1 : 0,
    twoDaughters: daughtersOnly ? 1 : 0,
    arableLand: arable,
    irrigatedLand: Math.min(arable, rng.tenths(0, arable)),
    forestLand: forest,
    returnedForest: 0,
    orchardLand: rng.chance(0.1) ? rng.tenths(0.2, 1.5) : 0,
    pastureLand: 0,
    waterSurface: rng.chance(0.15) ? rng.tenths(0.5, 3) : 0,
    productionPower: 1,
    livingPower: 1,
    drinkingDifficulty: drinkingDifficulty ? 1 : 0,
    drinkingSafe: drinkingDifficulty ? 0 : 1,
    broadcastTv: rng.chance(0.97) ? 1 : 0,
    distanceToRoad: rng.tenths(0.1, 3),
    roadType: rng.weighted([['cement', 60], ['gravel', 25], ['dirt', 15]] as const),
    housingArea: rng.int(40, 140),
    dangerousHouse: dangerous ? 1 : 0,
    dangerLevel: dangerous ? rng.weighted([['C', 7], ['D', 3]] as const) : null,
    sanitaryToilet: rng.chance(0.4) ? 1 : 0,
    fuelType: rng.weighted([['firewood', 45], ['clean', 40], ['coal', 10], ['other', 5]] as const),
    cooperative: rng.chance(0.15) ? 1 : 0,
    leadingEnterprise: rng.chance(0.08) ? 1 : 0,
    richLeader: rng.chance(0.1) ? 1 : 0,
  };
}

const YUAN = 100;

/** 2015 incomes in fen: modest wages and farming, the allowances each kind of household receives. */
function drawIncome(rng: Random, category: Category, members: readonly PersonPlan[], v: HouseholdValues): IncomeFen {
  const wage = members.reduce((sum, m) => sum + (m.workMonths ?? 0) * rng.int(900, 1800), 0);
  const farming = Math.round(v.arableLand * rng.int(400, 900)) + (rng.chance(0.2) ? rng.int(1000, 4000) : 0);
  const business = category === 'wubao' ? Math.round(farming / 4) : farming;
  const elders = members.filter((m) => m.age >= 60 && m.pensionInsurance === 1).length;
  const head = members[0];
  const plannedBirthAward = (v.onlyChild === 1 || v.twoDaughters === 1) && head.age >= 60;
  const couple = members.filter((m) => m.relation === 'head' || m.relation === 'spouse').length;
  return {
    wage: wage * YUAN,
    business: business * YUAN,
    propertyDividend: rng.chance(0.12) ? rng.int(200, 1000) * YUAN : 0,
    propertyOther: 0,
    transferFamilyPlanning: plannedBirthAward ? 960 * couple * YUAN : 0,
    transferDibao: category === 'dibao' ? members.length * 12 * rng.int(100, 220) * YUAN : 0,
    transferWubao: category === 'wubao' ? rng.int(4000, 5400) * YUAN : 0,
    transferPension: elders * 12 * rng.int(80, 130) * YUAN,
    transferEco: Math.round(v.forestLand * rng.int(10, 20)) * YUAN,
    transferOther: rng.chance(0.3) ? rng.int(100, 800) * YUAN : 0,
    businessCost: Math.round((business * rng.int(30, 55)) / 100) * YUAN,
  };
}

/** Household sizes for one category adding up exactly to the plan's people. */
function householdSizes(rng: Random, category: Category): number[] {
  const { households, people } = PLAN[category];
  if (category === 'wubao') return new Array<number>(households).fill(1);
  const table: readonly (readonly [number, number])[] =
    category === 'dibao'
      ? [[1, 50], [2, 35], [3, 10], [4, 5]]
      : [[1, 8], [2, 30], [3, 27], [4, 20], [5, 10], [6, 5]];
  const max = table[table.length - 1][0];
  const sizes = Array.from({ length: households }, () => rng.weighted(table));
  let sum = sizes.reduce((a, b) => a + b, 0);
  while (sum !== people) {
    const i = rng.int(0, households - 1);
    if (sum > people && sizes[i] > 1) {
      sizes[i]--;
      sum--;
    } else if (sum < people && sizes[i] < max) {
      sizes[i]++;
      sum++;
    }
  }
  return sizes;
}

function planHouseholds(rng: Random): HouseholdPlan[] {
  const totalHouseholds = Object.values(PLAN).reduce((a, c) => a + c.households, 0);
  // Uneven but bounded village sizes: from roughly half to roughly double the average.
  const perVillage = largestRemainder(totalHouseholds, DEMO_VILLAGES.map(() => rng.int(40, 100)));
  const categories = rng.shuffle(
    (Object.keys(PLAN) as Category[]).flatMap((c) => new Array<Category>(PLAN[c].households).fill(c)),
  );
  const sizes: Record<Category, number[]> = {
    general: householdSizes(rng, 'general'),
    dibao: householdSizes(rng, 'dibao'),
    wubao: householdSizes(rng, 'wubao'),
  };
  const ids = new Identities(rng);
  const households: HouseholdPlan[] = [];
  perVillage.forEach((count, villageIndex) => {
    for (let seq = 1; seq <= count; seq++) {
      const category = categories[households.length];
      const size = sizes[category].pop()!;
      households.push(planHousehold(rng, ids, villageIndex, seq, category, size, households.length + 1));
    }
  });
  return households;
}

function planHousehold(
  rng: Random,
  ids: Identities,
  villageIndex: number,
  seq: number,
  category: Category,
  size: number,
  phoneSeq: number,
): HouseholdPlan {
  const members = sketchHousehold(rng, size, category).map((s) => makePerson(rng, ids, s, category));
  const causes = drawCauses(rng, category, members);
  matchHealthToCause(rng, members, causes.main);
  for (const m of members) m.laborSkill = laborSkillOf(rng, m, category);
  assignWork(rng, members, category);
  const values = drawHouseholdValues(rng, members, phoneSeq);
  return {
    villageIndex,
    hhCode: householdCodeInVillage(DEMO_VILLAGES[villageIndex].code, seq)!,
    category,
    members,
    mainCause: causes.main,
    otherCauses: causes.others.length > 0 ? causes.others.join(',') : null,
    plannedExitYear: 0,
    values,
    income: drawIncome(rng, category, members, values),
  };
}

// ---------------------------------------------------------------------------------------------
// Exit schedule

/**
 * The demo's plan is the auto-planner's (shared/domain/plan.ts), scored as the 脱贫计划 page scores
 * (2015 incomes against the demo's 2015 line): so 自动编排 on a fresh demo proposes no change.
 */
function planExitYears(households: HouseholdPlan[]): number[] {
  const line = DEMO_CAMPAIGN.years.find((y) => y.year === DATA_YEAR)!.povertyLineFen;
  const people = households.reduce((a, h) => a + h.members.length, 0);
  const quotas = planQuotas({ people, villages: DEMO_VILLAGES.length }, { people: DEMO_CAMPAIGN.peoplePercents, villages: DEMO_CAMPAIGN.villagePercents }, DEMO_CAMPAIGN.planYears);
  const result = autoPlan({
    households: households.map((h, i) => ({
      id: String(i),
      code: h.hhCode,
      villageId: String(h.villageIndex),
      people: h.members.length,
      difficulty: householdDifficulty({
        category: h.category,
        size: h.members.length,
        perCapitaFen: householdPerCapitaFen(h.income, null, h.members.length),
        povertyLineFen: line,
        members: h.members,
      }).score,
    })),
    villages: DEMO_VILLAGES.map((v, i) => ({ id: String(i), code: v.code })),
    quotas,
  });
  if (!result.ok) throw new Error(`演示数据无法编排脱贫计划：${result.message}`);
  households.forEach((h, i) => (h.plannedExitYear = result.households.get(String(i))!));
  return DEMO_VILLAGES.map((_, i) => result.villages.get(String(i))!);
}

// ---------------------------------------------------------------------------------------------
// Units, teams and cadres

function planUnits(rng: Random): UnitPlan[] {
  return rng.shuffle([...DEMO_UNITS]).map((u, i) => ({
    ...u,
    headName: personName(rng, rng.pick(SURNAMES), rng.chance(0.8) ? 'male' : 'female', rng.int(40, 56)),
    phone: `027-8000${String(i + 1).padStart(4, '0')}`,
  }));
}

/** 66 units in 21 teams: the 3 villages with most households get 4 units, the others 3. */
function teamUnitCounts(households: readonly HouseholdPlan[]): number[] {
  const count = DEMO_VILLAGES.map(() => 0);
  for (const h of households) count[h.villageIndex]++;
  const bigFirst = DEMO_VILLAGES.map((_, i) => i).sort((a, b) => count[b] - count[a] || a - b);
  const extra = DEMO_UNITS.length - 3 * DEMO_VILLAGES.length;
  const sizes = DEMO_VILLAGES.map(() => 3);
  for (const i of bigFirst.slice(0, extra)) sizes[i]++;
  return sizes;
}

function planTeams(rng: Random, households: readonly HouseholdPlan[]): TeamPlan[] {
  const unitCounts = teamUnitCounts(households);
  let nextUnit = 0;
  let phoneSeq = 0;
  const cadre = (unitIndex: number, role: CadrePlan['role'], titles: readonly string[]): CadrePlan => ({
    name: personName(rng, rng.pick(SURNAMES), rng.chance(0.7) ? 'male' : 'female', rng.int(26, 55)),
    unitIndex,
    role,
    title: rng.pick(titles),
    phone: `1390000${String(++phoneSeq).padStart(4, '0')}`,
  });
  return DEMO_VILLAGES.map((_, villageIndex) => {
    const unitIndexes = Array.from({ length: unitCounts[villageIndex] }, () => nextUnit++);
    const [lead] = unitIndexes;
    const cadres: CadrePlan[] = [cadre(lead, '第一书记', CADRE_TITLES.slice(1, 5))];
    for (const u of unitIndexes) cadres.push(cadre(u, u === lead ? '工作队队长' : '队员', CADRE_TITLES.slice(0, 5)));
    const own = households.map((h, i) => ({ h, i })).filter(({ h }) => h.villageIndex === villageIndex);
    const helpersNeeded = Math.ceil(own.length / MAX_HOUSEHOLDS_PER_HELPER);
    for (let k = 0; cadres.length < helpersNeeded; k++) {
      cadres.push(cadre(unitIndexes[k % unitIndexes.length], '帮扶责任人', CADRE_TITLES.slice(0, 4)));
    }
    // Every team cadre helps someone; neighbouring households share a helper, visited in one round.
    const pairing = new Map<number, number>();
    own.forEach(({ i }, n) => pairing.set(i, Math.floor((n * cadres.length) / own.length)));
    return { villageIndex, unitIndexes, cadres, pairing };
  });
}

function planDemo(seed: number): DemoPlan {
  const rng = new Random(seed);
  const households = planHouseholds(rng);
  const villageExitYears = planExitYears(households);
  const units = planUnits(rng);
  const teams = planTeams(rng, households);
  return { villageExitYears, units, teams, households };
}

// ---------------------------------------------------------------------------------------------
// Writing

function writeSettings(w: Writer, seed: number, plan: DemoPlan): void {
  setSetting(w, 'dataset', {
    label: DEMO_LABEL,
    note: '本数据库中的单位负责人、帮扶干部、贫困户及其成员均为程序随机生成的虚构数据，仅供演示和培训使用，与任何真实人员无关。',
    seed,
    asOf: AS_OF,
    households: plan.households.length,
    people: plan.households.reduce((a, h) => a + h.members.length, 0),
  });
  writeCampaign(w, DEMO_CAMPAIGN);
}

function writeOrganisation(w: Writer, plan: DemoPlan): { villageIds: string[]; cadreIds: string[][] } {
  const villageIds = DEMO_VILLAGES.map(
    (v, i) =>
      insertRow(w, 'villages', {
        code: v.code,
        name: v.name,
        town: DEMO_TOWN,
        countyCode: DEMO_COUNTY_CODE,
        plannedExitYear: plan.villageExitYears[i],
        exitedYear: null,
      }).id,
  );
  const unitIds = plan.units.map((u) => insertRow(w, 'units', { name: u.name, kind: u.kind, headName: u.headName, phone: u.phone }).id);
  const cadreIds = plan.teams.map((t) => {
    const v = DEMO_VILLAGES[t.villageIndex];
    const team = insertRow(w, 'teams', {
      name: `${v.name}驻村工作队`,
      villageId: villageIds[t.villageIndex],
      leadUnitId: unitIds[t.unitIndexes[0]],
    });
    for (const u of t.unitIndexes) insertRow(w, 'teamUnits', { teamId: team.id, unitId: unitIds[u] });
    return t.cadres.map(
      (c) => insertRow(w, 'cadres', { name: c.name, unitId: unitIds[c.unitIndex], teamId: team.id, role: c.role, title: c.title, phone: c.phone }).id,
    );
  });
  return { villageIds, cadreIds };
}

function writeHousehold(w: Writer, h: HouseholdPlan, villageId: string, cadreId: string): void {
  const household = insertRow(w, 'households', {
    hhCode: h.hhCode,
    villageId,
    category: h.category,
    mainCause: h.mainCause,
    otherCauses: h.otherCauses,
    exitStatus: REGISTERED_EXIT_STATUS,
    plannedExitYear: h.plannedExitYear,
    ...h.values,
    note: DEMO_LABEL,
  });
  for (const m of h.members) {
    // Age only steered the drawing; the database keeps the birth date, from which age is derived.
    const { age: _age, ...member } = m;
    insertRow(w, 'members', { householdId: household.id, ...member });
  }
  insertRow(w, 'incomes', { householdId: household.id, year: DATA_YEAR, ...h.income });
  insertRow(w, 'pairings', { householdId: household.id, cadreId, since: PAIRED_SINCE });
}

function isEmpty(store: Store): boolean {
  return queriesFor(store).registry.isEmpty();
}

/** Fills an empty, freshly migrated database with the demo data, all in one audited transaction. */
export function populateDemo(store: Store, options: DemoOptions = {}): void {
  const seed = options.seed ?? DEFAULT_SEED;
  const report = (done: number, total: number) =>
    options.onProgress?.({ job: 'demo', done, total, message: `正在生成演示数据：第 ${done} / ${total} 户` });
  if (!isEmpty(store)) throw new AppError('RULE', '该数据库已有数据，演示数据只能填入新建的空数据库');
  const plan = planDemo(seed);
  const total = plan.households.length;
  report(0, total);
  write({ store, actor: options.actor ?? DEFAULT_ACTOR }, (w: Writer) => {
    writeSettings(w, seed, plan);
    const { villageIds, cadreIds } = writeOrganisation(w, plan);
    plan.households.forEach((h, i) => {
      const team = plan.teams[h.villageIndex];
      writeHousehold(w, h, villageIds[h.villageIndex], cadreIds[h.villageIndex][team.pairing.get(i)!]);
      if ((i + 1) % PROGRESS_EVERY === 0 && i + 1 < total) report(i + 1, total);
    });
    // The funding ledger of 2016–2018, marked as fictitious like everything else here.
    writeDemoLedger(w, seed, DEMO_LABEL);
  });
  report(total, total);
}

/** Creates a new database file holding the demo; leaves no half-made file behind on failure. */
export function createDemoDatabase(path: string, password: string, options: DemoOptions = {}): Stats {
  // Until createDatabase succeeds the path may be someone else's file: only ours may be removed.
  const { store } = createDatabase(path, password);
  try {
    populateDemo(store, options);
    const stats = getStats(store);
    store.close();
    return stats;
  } catch (e) {
    store.close();
    for (const f of [path, `${path}-wal`, `${path}-shm`, keyFilePath(path), auditHeadPath(path)]) fs.rmSync(f, { force: true });
    throw e;
  }
}
