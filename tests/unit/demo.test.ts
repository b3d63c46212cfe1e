import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Progress, Stats } from '../../shared/contract';
import { isCode, type CodeListName } from '../../shared/domain/codes';
import { headProblem } from '../../shared/domain/household';
import { ageOn, checkIdNumber } from '../../shared/domain/idNumber';
import { largestRemainder } from '../../shared/domain/quota';
import { AppError } from '../../shared/errors';
import { openDatabase } from '../../main/db/open';
import type { Store } from '../../main/db/store';
import { verifyAuditChain } from '../../main/db/audit';
import { createDemoDatabase, DEMO_PASSWORD, populateDemo } from '../../main/services/demo';

const AS_OF = '2015-12-31';

interface MemberRecord {
  id: string;
  householdId: string;
  name: string;
  sex: string;
  idNumber: string;
  birthDate: string;
  relation: string;
  [column: string]: unknown;
}

interface HouseholdRecord {
  id: string;
  hhCode: string;
  villageId: string;
  category: string;
  plannedExitYear: number;
  note: string;
  otherCauses: string | null;
  [column: string]: unknown;
}

let dir: string;
let dbPath: string;
let stats: Stats;
let store: Store;
let elapsedMs: number;
const progress: Progress[] = [];
let members: MemberRecord[];
let households: HouseholdRecord[];

function rows<T>(sql: string, s: Store = store): T[] {
  return s.sqlite.prepare(sql).all() as T[];
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-demo-'));
  dbPath = path.join(dir, 'demo.fupin');
  const started = performance.now();
  stats = createDemoDatabase(dbPath, DEMO_PASSWORD, { onProgress: (p) => progress.push(p) });
  elapsedMs = performance.now() - started;
  store = openDatabase(dbPath, DEMO_PASSWORD);
  members = rows<MemberRecord>('SELECT * FROM members ORDER BY rowid');
  households = rows<HouseholdRecord>('SELECT * FROM households ORDER BY rowid');
}, 30_000);

afterAll(() => {
  store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('demo data set', { timeout: 30_000 }, () => {
  it('reproduces the plan figures exactly', () => {
    expect(stats).toEqual({
      villages: 21,
      units: 66,
      teams: 21,
      cadres: expect.any(Number),
      households: 1097,
      people: 2469,
      byCategory: {
        general: { households: 515, people: 1531 },
        dibao: { households: 536, people: 892 },
        wubao: { households: 46, people: 46 },
      },
    });
    expect(stats.cadres).toBeGreaterThanOrEqual(21 + 66);
  });

  it('is built quickly and reports progress every 100 households', () => {
    console.info(`demo built in ${Math.round(elapsedMs)} ms`);
    expect(elapsedMs).toBeLessThan(10_000);
    expect(progress.every((p) => p.job === 'demo' && p.total === 1097)).toBe(true);
    expect(progress.map((p) => p.done)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1097]);
    expect(progress.map((p) => p.message)).toContain('正在生成演示数据：第 300 / 1097 户');
  });

  it('is labelled as fictitious', () => {
    const setting = rows<{ value: string }>("SELECT value FROM settings WHERE key = 'dataset'");
    expect(setting).toHaveLength(1);
    expect(JSON.parse(setting[0].value)).toMatchObject({ label: '虚构演示数据' });
    expect(households.every((h) => h.note === '虚构演示数据')).toBe(true);
  });

  it('uses 21 villages of 山坡街 with the known codes', () => {
    const villages = rows<{ code: string; name: string; town: string; countyCode: string }>('SELECT * FROM villages');
    expect(new Set(villages.map((v) => v.code)).size).toBe(21);
    expect(new Set(villages.map((v) => v.name)).size).toBe(21);
    for (const v of villages) {
      expect(v.code).toMatch(/^420115010\d{3}$/);
      expect(v.town).toBe('山坡街');
      expect(v.countyCode).toBe('420115');
    }
    const byName = Object.fromEntries(villages.map((v) => [v.name, v.code]));
    expect(byName['光华村']).toBe('420115010201');
    expect(byName['群星村']).toBe('420115010207');
    expect(byName['先锋村']).toBe('420115010238');
  });

  it('gives every member a valid, unique ID number matching sex and birth date', () => {
    expect(members).toHaveLength(2469);
    for (const m of members) {
      const check = checkIdNumber(m.idNumber);
      expect(check.ok, `${m.name} ${m.idNumber}`).toBe(true);
      if (!check.ok) continue;
      expect(check.value).toBe(m.idNumber);
      expect(check.regionCode).toBe('420115');
      expect(check.sex).toBe(m.sex);
      expect(check.birthDate).toBe(m.birthDate);
      expect(m.birthDate >= '1915-01-01' && m.birthDate <= AS_OF).toBe(true);
    }
    expect(new Set(members.map((m) => m.idNumber)).size).toBe(members.length);
  });

  it('gives every household exactly one head and consistent members', () => {
    const byHousehold = new Map<string, MemberRecord[]>();
    for (const m of members) byHousehold.set(m.householdId, [...(byHousehold.get(m.householdId) ?? []), m]);
    expect(byHousehold.size).toBe(1097);
    const codes = households.map((h) => h.hhCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const h of households) {
      const own = byHousehold.get(h.id) ?? [];
      expect(headProblem(own.map((m) => m.relation)), h.hhCode).toBeNull();
      const head = own.find((m) => m.relation === 'head')!;
      const headAge = ageOn(head.birthDate, AS_OF);
      expect(headAge).toBeGreaterThanOrEqual(18);
      for (const m of own) {
        const age = ageOn(m.birthDate, AS_OF);
        if (m.relation === 'spouse') {
          expect(m.sex).not.toBe(head.sex);
          expect(age).toBeGreaterThanOrEqual(20);
        }
        if (m.relation === 'son' || m.relation === 'daughter') expect(headAge - age).toBeGreaterThanOrEqual(18);
        if (['father', 'mother', 'father_in_law_w', 'mother_in_law_w'].includes(m.relation)) expect(age - headAge).toBeGreaterThanOrEqual(18);
        if (['son', 'grandson', 'father', 'father_in_law_w'].includes(m.relation)) expect(m.sex).toBe('male');
        if (['daughter', 'granddaughter', 'mother', 'mother_in_law_w', 'daughter_in_law'].includes(m.relation)) expect(m.sex).toBe('female');
        if (age < 6) expect(m.education).toBe('preschool');
        if (age >= 6 && age < 15) expect(m.schoolStatus).not.toBe('none');
        expect(m.dibao).toBe(h.category === 'dibao' ? 1 : 0);
      }
      if (h.category === 'wubao') {
        expect(own).toHaveLength(1);
        expect(headAge).toBeGreaterThanOrEqual(60);
      }
    }
  });

  it('holds only valid codes in code columns', () => {
    const memberCodes: [string, CodeListName][] = [
      ['sex', 'sex'],
      ['relation', 'relation'],
      ['ethnicity', 'ethnicity'],
      ['politicalStatus', 'politicalStatus'],
      ['education', 'education'],
      ['schoolStatus', 'schoolStatus'],
      ['health', 'health'],
      ['laborSkill', 'laborSkill'],
      ['workStatus', 'workStatus'],
    ];
    const householdCodes: [string, CodeListName][] = [
      ['category', 'householdCategory'],
      ['exitStatus', 'exitStatus'],
      ['standard', 'standard'],
      ['mainCause', 'povertyCause'],
      ['bankName', 'bank'],
      ['roadType', 'roadType'],
      ['fuelType', 'fuelType'],
      ['dangerLevel', 'dangerLevel'],
    ];
    const nullable = new Set(['workStatus', 'dangerLevel']);
    const check = (record: Record<string, unknown>, [column, list]: [string, CodeListName]) => {
      const value = record[column];
      if (value === null && nullable.has(column)) return;
      expect(isCode(list, value), `${column}=${String(value)}`).toBe(true);
    };
    for (const m of members) memberCodes.forEach((c) => check(m, c));
    for (const h of households) {
      householdCodes.forEach((c) => check(h, c));
      for (const cause of h.otherCauses?.split(',') ?? []) expect(isCode('povertyCause', cause)).toBe(true);
      expect(h.exitStatus).toBe('not_exited');
      expect(String(h.identifiedOn)).toMatch(/^201[45]-\d{2}-\d{2}$/);
    }
  });

  it('has realistic spreads of causes and insurance', () => {
    const illness = households.filter((h) => h.mainCause === 'illness').length / households.length;
    expect(illness).toBeGreaterThan(0.3);
    expect(illness).toBeLessThan(0.5);
    const insured = members.filter((m) => m.medicalInsurance === 1).length / members.length;
    expect(insured).toBeGreaterThanOrEqual(0.99);
    const causes = new Set(households.map((h) => h.mainCause));
    for (const c of ['illness', 'disability', 'labor', 'skill', 'funds']) expect(causes).toContain(c);
  });

  it('pairs every household with a cadre of its own village team', () => {
    const pairs = rows<{ householdVillage: string; teamVillage: string | null; cadreId: string }>(
      `SELECT h.villageId AS householdVillage, t.villageId AS teamVillage, p.cadreId
       FROM households h JOIN pairings p ON p.householdId = h.id JOIN cadres c ON c.id = p.cadreId LEFT JOIN teams t ON t.id = c.teamId`,
    );
    expect(pairs).toHaveLength(1097);
    for (const p of pairs) expect(p.teamVillage).toBe(p.householdVillage);
    const load = new Map<string, number>();
    for (const p of pairs) load.set(p.cadreId, (load.get(p.cadreId) ?? 0) + 1);
    expect(Math.max(...load.values())).toBeLessThanOrEqual(8);
  });

  it('forms 21 teams, each of at least 2 units with a lead unit among them and a 第一书记', () => {
    const teams = rows<{ id: string; name: string; leadUnitId: string }>('SELECT * FROM teams');
    const teamUnits = rows<{ teamId: string; unitId: string }>('SELECT * FROM teamUnits');
    expect(teams).toHaveLength(21);
    expect(teamUnits).toHaveLength(66);
    expect(new Set(teamUnits.map((tu) => tu.unitId)).size).toBe(66);
    for (const t of teams) {
      const units = teamUnits.filter((tu) => tu.teamId === t.id).map((tu) => tu.unitId);
      expect(units.length).toBeGreaterThanOrEqual(2);
      expect(units).toContain(t.leadUnitId);
      expect(t.name).toMatch(/村驻村工作队$/);
      const secretaries = rows<{ n: number }>(`SELECT count(*) AS n FROM cadres WHERE teamId = '${t.id}' AND role = '第一书记'`);
      expect(secretaries[0].n).toBe(1);
    }
    const unitNames = rows<{ name: string }>('SELECT name FROM units').map((u) => u.name);
    expect(new Set(unitNames).size).toBe(66);
  });

  it('plans exits by the 30/50/20 % people and 30/40/30 % village schedules', () => {
    const people = rows<{ year: number; n: number }>(
      'SELECT h.plannedExitYear AS year, count(*) AS n FROM members m JOIN households h ON h.id = m.householdId GROUP BY 1 ORDER BY 1',
    );
    expect(people.map((p) => p.year)).toEqual([2016, 2017, 2018]);
    expect(people.map((p) => p.n)).toEqual(largestRemainder(2469, [30, 50, 20]));
    const villages = rows<{ year: number; n: number }>('SELECT plannedExitYear AS year, count(*) AS n FROM villages GROUP BY 1 ORDER BY 1');
    expect(villages.map((v) => v.year)).toEqual([2016, 2017, 2018]);
    expect(villages.map((v) => v.n)).toEqual(largestRemainder(21, [30, 40, 30]));
    // A village is 出列 only when all its households are out: none plans to exit after its village.
    const late = rows<{ n: number }>(
      'SELECT count(*) AS n FROM households h JOIN villages v ON v.id = h.villageId WHERE h.plannedExitYear > v.plannedExitYear',
    );
    expect(late[0].n).toBe(0);
  });

  it('records a 2015 income in integer fen for every household, with the allowance of its category', () => {
    const incomes = rows<Record<string, number | string> & { householdId: string; year: number }>('SELECT * FROM incomes');
    expect(incomes).toHaveLength(1097);
    const category = new Map(households.map((h) => [h.id, h.category]));
    for (const i of incomes) {
      expect(i.year).toBe(2015);
      for (const [k, v] of Object.entries(i)) {
        if (typeof v === 'number' && k !== 'year') {
          expect(Number.isSafeInteger(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
        }
      }
      const c = category.get(i.householdId);
      expect(Number(i.transferDibao) > 0).toBe(c === 'dibao');
      expect(Number(i.transferWubao) > 0).toBe(c === 'wubao');
    }
  });

  it('audits every inserted row in one intact chain', () => {
    const tables = ['villages', 'units', 'teams', 'teamUnits', 'cadres', 'households', 'members', 'incomes', 'pairings', 'settings', 'projects', 'projectHouseholds', 'ledgerEntries'];
    const total = tables.reduce((sum, t) => sum + rows<{ n: number }>(`SELECT count(*) AS n FROM "${t}"`)[0].n, 0);
    const chain = verifyAuditChain(store);
    expect(chain).toEqual({ ok: true, rows: total });
    const audited = rows<{ n: number }>("SELECT count(DISTINCT tableName || ':' || rowId) AS n FROM auditLog WHERE action = 'insert'");
    expect(audited[0].n).toBe(total);
  });

  it('is deterministic: the same seed gives the same people, another seed different ones', () => {
    const people = (s: Store) =>
      rows<{ hhCode: string; name: string; idNumber: string; relation: string }>(
        'SELECT h.hhCode, m.name, m.idNumber, m.relation FROM members m JOIN households h ON h.id = m.householdId ORDER BY h.hhCode, m.rowid',
        s,
      );
    const cadres = (s: Store) => rows<{ name: string; role: string }>('SELECT name, role FROM cadres ORDER BY rowid', s);
    const again = path.join(dir, 'again.fupin');
    const other = path.join(dir, 'other.fupin');
    createDemoDatabase(again, DEMO_PASSWORD);
    createDemoDatabase(other, DEMO_PASSWORD, { seed: 7 });
    const a = openDatabase(again, DEMO_PASSWORD);
    const b = openDatabase(other, DEMO_PASSWORD);
    try {
      expect(people(a)).toEqual(people(store));
      expect(cadres(a)).toEqual(cadres(store));
      const otherIds = new Set(people(b).map((p) => p.idNumber));
      expect(people(store).filter((p) => otherIds.has(p.idNumber)).length).toBeLessThan(50);
    } finally {
      a.close();
      b.close();
    }
  });

  it('refuses to fill a database that already holds data', () => {
    expect(() => populateDemo(store)).toThrowError(AppError);
    expect(rows<{ n: number }>('SELECT count(*) AS n FROM households')[0].n).toBe(1097);
  });

  it('never overwrites an existing file, and leaves no half-made file when it fails', () => {
    const before = fs.readFileSync(dbPath);
    expect(() => createDemoDatabase(dbPath, DEMO_PASSWORD)).toThrowError(/文件已存在/);
    expect(fs.readFileSync(dbPath).equals(before)).toBe(true);

    const broken = path.join(dir, 'broken.fupin');
    const fail = (p: Progress) => {
      if (p.done === 500) throw new Error('中断');
    };
    expect(() => createDemoDatabase(broken, DEMO_PASSWORD, { onProgress: fail })).toThrowError('中断');
    for (const f of [broken, `${broken}-wal`, `${broken}-shm`]) expect(fs.existsSync(f)).toBe(false);
  });

  it('keeps names and ID numbers out of the file bytes (encrypted at rest)', () => {
    const sample = [...members.slice(0, 5), ...members.slice(1200, 1205), ...members.slice(-5)];
    const probe = path.join(dir, 'probe.fupin');
    createDemoDatabase(probe, DEMO_PASSWORD);
    const probeStore = openDatabase(probe, DEMO_PASSWORD);
    const probeSample = rows<{ name: string; idNumber: string }>('SELECT name, idNumber FROM members ORDER BY rowid LIMIT 10', probeStore);
    probeStore.close();
    const bytes = Buffer.concat(
      [probe, `${probe}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)),
    );
    expect(bytes.length).toBeGreaterThan(100_000);
    const needles = [
      ...probeSample.flatMap((m) => [m.name, m.idNumber]),
      ...sample.map((m) => m.idNumber),
      '虚构演示数据',
      '420115010201',
      '光华村',
      '第一书记',
    ];
    for (const needle of needles) expect(bytes.includes(Buffer.from(needle, 'utf8')), needle).toBe(false);
  });
});
