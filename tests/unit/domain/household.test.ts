import { describe, it, expect } from 'vitest';
import {
  checkHouseholdMembers,
  findPeopleInTwoHouseholds,
  idNumberKey,
  netIncomeFen,
  perCapitaNetIncomeFen,
  type IncomeFen,
  type MemberLike,
} from '../../../shared/domain/household';
import { makeIdNumber } from '../../../shared/domain/idNumber';

// Fictitious people (虚构演示数据).
const headId = makeIdNumber('420115', '1962-04-10', 11);
const wifeId = makeIdNumber('420115', '1964-08-20', 22);
const sonId = makeIdNumber('420115', '1990-01-15', 33);

const family: MemberLike[] = [
  { id: 'm1', name: '王大山', idNumber: headId, relation: 'head' },
  { id: 'm2', name: '李春花', idNumber: wifeId, relation: 'spouse' },
  { id: 'm3', name: '王小山', idNumber: sonId, relation: 'son' },
];

const codes = (members: readonly MemberLike[], size?: number | null) =>
  checkHouseholdMembers(members, size).map((p) => p.code);

describe('checkHouseholdMembers', () => {
  it('finds nothing wrong in a consistent household', () => {
    expect(checkHouseholdMembers(family, 3)).toEqual([]);
    expect(checkHouseholdMembers(family)).toEqual([]);
    expect(checkHouseholdMembers(family, null)).toEqual([]);
  });

  it('requires a head', () => {
    const problems = checkHouseholdMembers(family.slice(1), 2);
    expect(problems.map((p) => p.code)).toEqual(['no_head']);
    expect(problems[0].message).toContain('户主');
  });

  it('allows one head only and names them', () => {
    const members = family.map((m) => (m.id === 'm3' ? { ...m, relation: 'head' } : m));
    const [problem] = checkHouseholdMembers(members, 3);
    expect(problem.code).toBe('many_heads');
    expect(problem.memberIds).toEqual(['m1', 'm3']);
    expect(problem.message).toContain('王大山、王小山');
  });

  it('accepts the label 户主 as well as the code', () => {
    const members = family.map((m) => (m.id === 'm1' ? { ...m, relation: '户主' } : m));
    expect(codes(members, 3)).toEqual([]);
  });

  it('compares the declared size with the member count', () => {
    const problems = checkHouseholdMembers(family, 4);
    expect(problems.map((p) => p.code)).toEqual(['size_mismatch']);
    expect(problems[0].message).toBe('家庭人口数填的是4人，但登记了3名成员');
  });

  it('finds the same ID number twice, also when written differently', () => {
    const twin = { id: 'm4', name: '王小水', idNumber: ` ${sonId.toLowerCase()} `, relation: 'son' };
    const problems = checkHouseholdMembers([...family, twin], 4);
    expect(problems.map((p) => p.code)).toEqual(['duplicate_id']);
    expect(problems[0].memberIds).toEqual(['m3', 'm4']);
  });

  it('treats a 15-digit number and its 18-digit upgrade as the same person', () => {
    const old: MemberLike = { id: 'm4', name: '张老汉', idNumber: '110105491231002', relation: 'father' };
    const updated: MemberLike = { id: 'm5', name: '张老汉', idNumber: '11010519491231002X', relation: 'other' };
    expect(codes([...family, old, updated], 5)).toEqual(['duplicate_id']);
  });

  it('reports invalid and missing ID numbers per member', () => {
    const members = [
      ...family,
      { id: 'm4', name: '王小妹', idNumber: '110105194912310021', relation: 'daughter' },
      { id: 'm5', name: '王小弟', idNumber: '', relation: 'son' },
    ];
    const problems = checkHouseholdMembers(members, 5);
    expect(problems.map((p) => p.code)).toEqual(['bad_id', 'bad_id']);
    expect(problems[0].memberIds).toEqual(['m4']);
    expect(problems[0].message).toContain('校验位错误');
    expect(problems[1].message).toContain('未填写证件号码');
  });

  it('reports several problems at once and leaves out memberIds when members have no id', () => {
    const members: MemberLike[] = [
      { name: '赵一', idNumber: headId, relation: 'spouse' },
      { name: '赵二', idNumber: headId, relation: 'son' },
    ];
    const problems = checkHouseholdMembers(members, 3);
    expect(problems.map((p) => p.code)).toEqual(['no_head', 'size_mismatch', 'duplicate_id']);
    expect(problems[2].memberIds).toBeUndefined();
  });
});

describe('findPeopleInTwoHouseholds', () => {
  it('finds an ID number registered in two households', () => {
    const found = findPeopleInTwoHouseholds([
      { idNumber: headId, name: '王大山', householdCode: '420115010201001' },
      { idNumber: wifeId, name: '李春花', householdCode: '420115010201001' },
      { idNumber: wifeId.toLowerCase(), name: '李春花', householdCode: '420115010207015', where: '群星村' },
      { idNumber: sonId, name: '王小山', householdCode: '420115010201001' },
    ]);
    expect(found).toHaveLength(1);
    expect(found[0].idNumber).toBe(wifeId);
    expect(found[0].places.map((p) => p.householdCode)).toEqual(['420115010201001', '420115010207015']);
  });

  it('ignores repeats inside one household and empty numbers', () => {
    expect(
      findPeopleInTwoHouseholds([
        { idNumber: headId, name: '王大山', householdCode: 'A' },
        { idNumber: headId, name: '王大山', householdCode: 'A' },
        { idNumber: '', name: '甲', householdCode: 'A' },
        { idNumber: ' ', name: '乙', householdCode: 'B' },
      ]),
    ).toEqual([]);
  });

  it('matches a 15-digit number against its 18-digit form', () => {
    const found = findPeopleInTwoHouseholds([
      { idNumber: '110105491231002', name: '张老汉', householdCode: 'A' },
      { idNumber: '11010519491231002X', name: '张老汉', householdCode: 'B' },
    ]);
    expect(found.map((f) => f.idNumber)).toEqual(['11010519491231002X']);
    expect(idNumberKey('110105491231002')).toBe('11010519491231002X');
  });
});

describe('perCapitaNetIncomeFen', () => {
  const zero: IncomeFen = {
    wage: 0,
    business: 0,
    propertyDividend: 0,
    propertyOther: 0,
    transferFamilyPlanning: 0,
    transferDibao: 0,
    transferWubao: 0,
    transferPension: 0,
    transferEco: 0,
    transferOther: 0,
    businessCost: 0,
  };

  it('adds every income, subtracts business costs and divides by size', () => {
    const income: IncomeFen = {
      wage: 1200000,
      business: 500000,
      propertyDividend: 30000,
      propertyOther: 20000,
      transferFamilyPlanning: 10000,
      transferDibao: 40000,
      transferWubao: 0,
      transferPension: 15000,
      transferEco: 5000,
      transferOther: 0,
      businessCost: 200000,
    };
    expect(netIncomeFen(income)).toBe(1620000);
    expect(perCapitaNetIncomeFen(income, 3)).toBe(540000);
  });

  it('rounds to whole fen, halves away from zero', () => {
    expect(perCapitaNetIncomeFen({ ...zero, wage: 100 }, 3)).toBe(33);
    expect(perCapitaNetIncomeFen({ ...zero, wage: 200 }, 3)).toBe(67);
    expect(perCapitaNetIncomeFen({ ...zero, wage: 5 }, 2)).toBe(3);
    expect(perCapitaNetIncomeFen({ ...zero, businessCost: 5 }, 2)).toBe(-3);
  });

  it('gives 0 for an empty household', () => {
    expect(perCapitaNetIncomeFen({ ...zero, wage: 100000 }, 0)).toBe(0);
  });
});
