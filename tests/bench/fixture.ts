// The fictitious registry the benchmark reads: N households, about 3N people, 300 villages.
// Every value is made up (seeded, so both copies and every rebuild are identical) but has the
// shape of the real thing: valid codes, valid unique ID numbers, exactly one 户主 per household.
// The bulk load writes straight into the tables with prepared statements, one transaction per
// table, and skips the audit log: building is not what is measured.
import fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { applyRuntimePragmas, createDatabase, migrate } from '../../main/db/open';
import { fillNameSearch } from '../../main/db/nameSearch';
import { Store } from '../../main/db/store';
import { keyFilePath } from '../../main/db/keys';
import { lockFilePath } from '../../main/db/lock';
import { codeValues } from '../../shared/domain/codes';
import { makeIdNumber } from '../../shared/domain/idNumber';
import { Rng } from './rng';

export const BENCH_PASSWORD = 'bench-口令-2024';
/** Bump when the generator changes, so an old fixture is rebuilt rather than reused. */
export const GENERATOR_VERSION = 6;
export const VILLAGE_COUNT = 300;
const TOWN_COUNT = 15;
const CADRES_PER_TEAM = 10;
const PAIRED_SHARE = 0.95;

export type CopyKind = 'enc' | 'plain';

export interface FixtureParams {
  households: number;
  seed: number;
}

export interface BuildResult {
  kind: CopyKind;
  ms: number;
  counts: Record<string, number>;
}

type Value = string | number | null;
type Row = Value[];

const TOWNS = ['山坡街', '乌龙泉街', '郑店街', '金口街', '安山街', '法泗街', '湖泗街', '舒安街', '五里界街', '纸坊街', '流芳街', '庙山街', '豹澥街', '佛祖岭街', '藏龙岛街'];
const NAME_FIRST = [...'光红新东西南北大小黄李张王石桥湖山河丰和平安兴旺福庆永长金银青白马龙凤'];
const NAME_SECOND = [...'星华明湾岭港口坪畈咀岗塘冲湖桥庄洲园林山铺堡垸'];
const DEPTS = ['区民政局', '区财政局', '区教育局', '区卫健委', '区农业农村局', '区人社局', '区住建局', '区交通运输局', '区水务局', '区林业局', '区商务局', '区统计局', '区审计局', '区文旅局', '区城管局', '区市场监管局', '区税务局', '区供电公司', '区农商行', '区邮政分公司'];
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文涂喻付柯严鲁聂童'];
const GIVEN = {
  male: [...'德福财贵生根山林发富春友全元成庆荣国宝顺祥金海义和建华明军志勇伟强平文兵波东卫新辉刚斌涛峰亮浩宇鹏磊凯俊超鑫博阳轩睿杰晨豪'],
  female: [...'秀英兰珍凤芳梅桂花菊莲玉翠娥香云霞丽艳敏静燕娟玲萍琴慧洁莉丹欣怡涵雨佳思诗萱琪婷悦雪晴馨妍彤瑶'],
};
const ID_REGIONS: readonly (readonly [string, number])[] = [
  ['420115', 80],
  ['420111', 6],
  ['420106', 4],
  ['421023', 5],
  ['420117', 5],
];
const CAUSES = codeValues('povertyCause');
const CAUSE_WEIGHTS: readonly (readonly [string, number])[] = CAUSES.map((c) => [c, c === 'illness' ? 30 : c === 'disability' ? 12 : c === 'schooling' ? 10 : c === 'labor' ? 12 : c === 'funds' ? 10 : c === 'skill' ? 8 : 3]);

/** Counters that keep (region, birth date, sex) sequence numbers unique, so ID numbers are unique. */
class IdNumbers {
  private readonly used = new Map<string, number>();

  constructor(private readonly rng: Rng) {}

  next(birthDate: string, sex: 'male' | 'female'): string {
    const region = this.rng.weighted(ID_REGIONS);
    const key = `${region}${birthDate}${sex}`;
    const k = this.used.get(key) ?? 0;
    if (k >= 500) throw new Error(`顺序码用尽：${key}`);
    this.used.set(key, k + 1);
    // The 17th digit's parity is the sex: odd for men.
    return makeIdNumber(region, birthDate, sex === 'male' ? 2 * k + 1 : 2 * k);
  }
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function birthDateFor(rng: Rng, age: number): string {
  const year = 2024 - Math.max(0, Math.min(100, age));
  return `${year}-${pad2(rng.int(1, 12))}-${pad2(rng.int(1, 28))}`;
}

function stamp(rng: Rng, year: number): string {
  return `${year}-${pad2(rng.int(1, 12))}-${pad2(rng.int(1, 28))}T${pad2(rng.int(0, 23))}:${pad2(rng.int(0, 59))}:${pad2(rng.int(0, 59))}.000Z`;
}

function personName(rng: Rng, sex: 'male' | 'female', surname?: string): string {
  const given = GIVEN[sex];
  return (surname ?? rng.pick(SURNAMES)) + rng.pick(given) + (rng.chance(0.7) ? rng.pick(given) : '');
}

function land(rng: Rng, p: number, max: number): number | null {
  return rng.chance(p) ? Math.round(rng.next() * max * 10) / 10 : null;
}

const bit = (b: boolean) => (b ? 1 : 0);

interface Tables {
  villages: Row[];
  units: Row[];
  teams: Row[];
  teamUnits: Row[];
  cadres: Row[];
  households: Row[];
  members: Row[];
  pairings: Row[];
}

const COLUMNS: { [T in keyof Tables]: readonly string[] } = {
  villages: ['id', 'code', 'name', 'town', 'countyCode', 'plannedExitYear', 'exitedYear', 'createdAt', 'updatedAt'],
  units: ['id', 'name', 'kind', 'headName', 'phone', 'createdAt', 'updatedAt'],
  teams: ['id', 'name', 'villageId', 'leadUnitId', 'createdAt', 'updatedAt'],
  teamUnits: ['id', 'teamId', 'unitId', 'createdAt', 'updatedAt'],
  cadres: ['id', 'name', 'unitId', 'teamId', 'role', 'title', 'phone', 'createdAt', 'updatedAt'],
  households: [
    'id', 'hhCode', 'villageId', 'phone', 'bankName', 'bankAccount', 'category', 'standard', 'mainCause', 'otherCauses',
    'identifiedOn', 'exitStatus', 'plannedExitYear', 'exitedOn', 'militaryFamily', 'onlyChild', 'twoDaughters', 'arableLand',
    'irrigatedLand', 'forestLand', 'returnedForest', 'orchardLand', 'pastureLand', 'waterSurface', 'productionPower',
    'livingPower', 'drinkingDifficulty', 'drinkingSafe', 'broadcastTv', 'distanceToRoad', 'roadType', 'housingArea',
    'dangerousHouse', 'dangerLevel', 'sanitaryToilet', 'fuelType', 'cooperative', 'leadingEnterprise', 'richLeader',
    'note', 'createdAt', 'updatedAt',
  ],
  members: [
    'id', 'householdId', 'name', 'sex', 'idNumber', 'birthDate', 'relation', 'ethnicity', 'politicalStatus', 'education',
    'schoolStatus', 'health', 'laborSkill', 'workStatus', 'workMonths', 'medicalInsurance', 'seriousIllnessInsurance',
    'pensionInsurance', 'dibao', 'createdAt', 'updatedAt',
  ],
  pairings: ['id', 'householdId', 'cadreId', 'since', 'createdAt', 'updatedAt'],
};

const TABLE_ORDER: readonly (keyof Tables)[] = ['villages', 'units', 'teams', 'teamUnits', 'cadres', 'households', 'members', 'pairings'];

function mobile(rng: Rng): string {
  return rng.pick(['130', '131', '132', '135', '136', '137', '138', '139', '150', '151', '155', '158', '159', '177', '180', '186', '187', '189']) + rng.digits(8);
}

interface Village {
  id: string;
  code: string;
  cadreIds: string[];
  nextHh: number;
}

function generateOrg(rng: Rng, t: Tables): Village[] {
  const names = new Set<string>();
  const villages: Village[] = [];
  for (let i = 0; i < VILLAGE_COUNT; i++) {
    let name: string;
    do name = `${rng.pick(NAME_FIRST)}${rng.pick(NAME_SECOND)}村`;
    while (names.has(name) && names.size < NAME_FIRST.length * NAME_SECOND.length);
    if (names.has(name)) name = `${name}${i}`;
    names.add(name);
    const townNo = i % TOWN_COUNT;
    const code = `420115${String(townNo + 1).padStart(3, '0')}${String(201 + Math.floor(i / TOWN_COUNT)).padStart(3, '0')}`;
    const at = stamp(rng, 2016);
    const planned = rng.weighted([[2016, 20], [2017, 25], [2018, 25], [2019, 20], [2020, 10]] as const);
    const id = rng.uuid();
    t.villages.push([id, code, name, TOWNS[townNo], '420115', planned, planned < 2020 && rng.chance(0.8) ? planned : null, at, at]);
    villages.push({ id, code, cadreIds: [], nextHh: 1 });
  }
  villages.sort((a, b) => (a.code < b.code ? -1 : 1));
  villages.forEach((v, i) => {
    const at = stamp(rng, 2016);
    const unitIds = [rng.uuid(), rng.uuid()];
    unitIds.forEach((uid, k) => {
      t.units.push([uid, `${DEPTS[(2 * i + k) % DEPTS.length]}第${2 * i + k + 1}帮扶组`, k === 0 ? '区直部门' : '区属单位', personName(rng, 'male'), mobile(rng), at, at]);
    });
    const teamId = rng.uuid();
    t.teams.push([teamId, `驻村工作队${String(i + 1).padStart(3, '0')}`, v.id, unitIds[0], at, at]);
    for (const uid of unitIds) t.teamUnits.push([rng.uuid(), teamId, uid, at, at]);
    for (let c = 0; c < CADRES_PER_TEAM; c++) {
      const id = rng.uuid();
      const sex = rng.chance(0.7) ? 'male' : 'female';
      const role = c === 0 ? '第一书记' : c < 3 ? '工作队员' : '帮扶责任人';
      t.cadres.push([id, personName(rng, sex), unitIds[c % 2], teamId, role, rng.pick(['科员', '副主任科员', '主任科员', '副科长', '科长']), mobile(rng), at, at]);
      v.cadreIds.push(id);
    }
  });
  return villages;
}

function householdSize(rng: Rng, category: string): number {
  if (category === 'wubao') return rng.chance(0.85) ? 1 : 2;
  return rng.weighted([[1, 12], [2, 24], [3, 24], [4, 21], [5, 12], [6, 7]] as const);
}

function memberRow(rng: Rng, ids: IdNumbers, hhId: string, dibao: boolean, p: { name: string; sex: 'male' | 'female'; age: number; relation: string; at: string }): Row {
  const birthDate = birthDateFor(rng, p.age);
  const child = p.age < 16;
  const school = p.age < 6 ? (p.age >= 3 ? 'preschool' : 'none') : p.age <= 12 ? 'primary' : p.age <= 15 ? rng.pick(['grade7', 'grade8', 'grade9']) : p.age <= 18 && rng.chance(0.7) ? rng.pick(['high1', 'high2', 'high3', 'voc1', 'voc2']) : 'none';
  const education = p.age < 6 ? 'preschool' : p.age <= 12 ? 'primary' : p.age >= 65 ? rng.weighted([['illiterate', 40], ['primary', 45], ['junior', 15]] as const) : rng.weighted([['primary', 25], ['junior', 50], ['senior', 18], ['college', 7]] as const);
  const health = rng.weighted([['healthy', 70], ['chronic', 17], ['serious', 7], ['disabled', 6]] as const);
  const labor = child || p.age >= 70 ? 'none' : health === 'serious' || health === 'disabled' ? rng.pick(['lost', 'none']) : rng.chance(0.15) ? 'skilled' : 'ordinary';
  const works = labor === 'ordinary' || labor === 'skilled' ? rng.chance(0.6) : false;
  return [
    rng.uuid(), hhId, p.name, p.sex, ids.next(birthDate, p.sex), birthDate, p.relation,
    rng.chance(0.96) ? '01' : rng.pick(['03', '04', '15', '06']),
    p.age >= 18 && rng.chance(0.06) ? 'cpc' : p.age >= 14 && p.age <= 28 && rng.chance(0.3) ? 'cyl' : 'masses',
    education, school, health, labor,
    works ? rng.pick(codeValues('workStatus')) : null, works ? rng.int(3, 12) : null,
    bit(rng.chance(0.98)), bit(rng.chance(0.9)), bit(p.age >= 16 && rng.chance(0.85)), bit(dibao),
    p.at, p.at,
  ];
}

function generateHousehold(rng: Rng, ids: IdNumbers, t: Tables, v: Village): void {
  const id = rng.uuid();
  const category = rng.weighted([['general', 48], ['dibao', 48], ['wubao', 4]] as const);
  const identified = rng.weighted([[2014, 50], [2015, 25], [2016, 15], [2017, 10]] as const);
  const planned = rng.weighted([[2016, 15], [2017, 20], [2018, 25], [2019, 25], [2020, 15]] as const);
  const exitStatus = planned === 2020 ? rng.weighted([['not_exited', 80], ['exited_supported', 20]] as const) : rng.weighted([['exited_supported', 70], ['exited', 27], ['returned', 3]] as const);
  // Struck off (销号) in the year it planned, on a drawn day.
  const exitedOn = exitStatus === 'exited_supported' || exitStatus === 'exited' ? `${planned}-${pad2(rng.int(1, 12))}-${pad2(rng.int(1, 28))}` : null;
  const at = stamp(rng, identified);
  const updated = rng.chance(0.5) ? stamp(rng, 2019) : at;
  const danger = rng.chance(0.12);
  const main = rng.weighted(CAUSE_WEIGHTS);
  const others = rng.chance(0.4) ? [...new Set([rng.weighted(CAUSE_WEIGHTS), rng.weighted(CAUSE_WEIGHTS)])].filter((c) => c !== main).join(',') || null : null;
  const hhCode = `${v.code}${String(v.nextHh++).padStart(4, '0')}`;
  t.households.push([
    id, hhCode, v.id, rng.chance(0.85) ? mobile(rng) : null, rng.pick(codeValues('bank')), `62${rng.digits(17)}`,
    category, rng.weighted([['national', 85], ['provincial', 10], ['municipal', 5]] as const), main, others,
    `${identified}-${pad2(rng.int(1, 12))}-${pad2(rng.int(1, 28))}`, exitStatus, planned, exitedOn,
    bit(rng.chance(0.02)), bit(rng.chance(0.05)), bit(rng.chance(0.04)),
    land(rng, 0.9, 8), land(rng, 0.6, 5), land(rng, 0.4, 10), land(rng, 0.15, 3), land(rng, 0.2, 2), land(rng, 0.05, 3), land(rng, 0.08, 2),
    bit(rng.chance(0.97)), 1, bit(rng.chance(0.08)), bit(rng.chance(0.9)), bit(rng.chance(0.95)),
    Math.round(rng.next() * 30) / 10, rng.weighted([['dirt', 10], ['gravel', 20], ['cement', 60], ['asphalt', 10]] as const),
    Math.round((30 + rng.next() * 150) * 10) / 10, bit(danger), danger ? rng.pick(['B', 'C', 'D']) : null,
    bit(rng.chance(0.6)), rng.weighted([['firewood', 35], ['coal', 10], ['clean', 50], ['other', 5]] as const),
    bit(rng.chance(0.3)), bit(rng.chance(0.2)), bit(rng.chance(0.15)),
    rng.chance(0.05) ? '虚构数据，仅供性能测试' : null, at, updated,
  ]);

  const size = householdSize(rng, category);
  const dibao = category === 'dibao';
  const surname = rng.pick(SURNAMES);
  const headSex = rng.chance(category === 'wubao' ? 0.6 : 0.82) ? 'male' : 'female';
  const headAge = category === 'wubao' ? rng.int(60, 95) : rng.int(30, 82);
  const add = (sex: 'male' | 'female', age: number, relation: string, ownSurname = true) =>
    t.members.push(memberRow(rng, ids, id, dibao, { name: personName(rng, sex, ownSurname ? surname : undefined), sex, age, relation, at }));
  add(headSex, headAge, 'head');
  let left = size - 1;
  if (left > 0 && rng.chance(0.85)) {
    add(headSex === 'male' ? 'female' : 'male', Math.max(20, headAge + rng.int(-5, 5)), 'spouse', false);
    left--;
  }
  while (left > 0) {
    const sex = rng.chance(0.52) ? 'male' : 'female';
    if (headAge >= 40 && headAge <= 70 && left === 1 && rng.chance(0.2)) {
      add(sex, Math.min(100, headAge + rng.int(22, 30)), sex === 'male' ? 'father' : 'mother');
    } else if (headAge >= 55 && rng.chance(0.4)) {
      add(sex, Math.max(0, headAge - rng.int(45, 55)), sex === 'male' ? 'grandson' : 'granddaughter');
    } else {
      add(sex, Math.max(0, headAge - rng.int(20, 35)), sex === 'male' ? 'son' : 'daughter');
    }
    left--;
  }
  if (rng.chance(PAIRED_SHARE)) {
    t.pairings.push([rng.uuid(), id, rng.pick(v.cadreIds), `${Math.max(identified, 2015)}-${pad2(rng.int(1, 12))}-01`, at, at]);
  }
}

export function generate(params: FixtureParams): Tables {
  const rng = new Rng(params.seed);
  const t: Tables = { villages: [], units: [], teams: [], teamUnits: [], cadres: [], households: [], members: [], pairings: [] };
  const villages = generateOrg(rng, t);
  const ids = new IdNumbers(rng);
  for (let i = 0; i < params.households; i++) {
    // Uneven village sizes, as in life: some villages hold three times as many poor households.
    const v = villages[Math.floor(Math.pow(rng.next(), 1.3) * villages.length)];
    if (v.nextHh > 9999) throw new Error('户编号用尽：减少户数或增加行政村');
    generateHousehold(rng, ids, t, v);
  }
  return t;
}

function openPlainForBuild(file: string): Store {
  const sqlite = new Database(file);
  applyRuntimePragmas(sqlite);
  migrate(sqlite, 0);
  return new Store(sqlite, file);
}

export function removeDatabaseFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, keyFilePath(file), lockFilePath(file)]) fs.rmSync(f, { force: true });
}

/** Builds one copy from scratch. The encrypted one goes through the app's own createDatabase. */
export function buildCopy(kind: CopyKind, file: string, params: FixtureParams): BuildResult {
  const t0 = performance.now();
  removeDatabaseFiles(file);
  const tables = generate(params);
  const store = kind === 'enc' ? createDatabase(file, BENCH_PASSWORD).store : openPlainForBuild(file);
  try {
    // Only for the load: a large page cache keeps the UUID indexes in memory while they grow.
    store.sqlite.pragma('cache_size=-262144');
    const counts: Record<string, number> = {};
    for (const table of TABLE_ORDER) {
      const cols = COLUMNS[table];
      const st = store.sqlite.prepare(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      const rows = tables[table];
      store.tx(() => {
        for (const r of rows) st.run(r);
      });
      counts[table] = rows.length;
    }
    // The names' pinyin, as the write path keeps it for rows it writes (db/nameSearch.ts).
    store.tx(() => fillNameSearch(store.sqlite));
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return { kind, ms: performance.now() - t0, counts };
  } finally {
    store.close();
  }
}
