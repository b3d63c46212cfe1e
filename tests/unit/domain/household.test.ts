// The household rules the registry, the import and the data-quality lists share, each with a
// property test: what the rule says must hold for every input, not just the examples.
// Everyone here is fictitious (虚构演示数据).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkHouseholdCode,
  declaredSizeDiffers,
  findPeopleInTwoHouseholds,
  headProblem,
  householdCodeInVillage,
  idNumberKey,
  netIncomeFen,
  PersonSightings,
  sequenceInVillage,
  type IncomeFen,
} from '../../../shared/domain/household';
import { perCapitaNetFen } from '../../../shared/domain/income';
import { checkIdNumber, makeIdNumber, normalizeIdNumber } from '../../../shared/domain/idNumber';
import { householdCodeSchema } from '../../../shared/validation';

/** What a clerk's Chinese input method makes of ASCII: full-width forms, U+3000 for a space. */
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');

describe('one 户主 per household: headProblem', () => {
  it('names what is wrong', () => {
    expect(headProblem(['head', 'spouse', 'son'])).toBeNull();
    expect(headProblem(['spouse', 'son'])).toBe('no_head');
    expect(headProblem([])).toBe('no_head');
    expect(headProblem(['head', 'spouse', 'head'])).toBe('many_heads');
  });

  it('reports no problem iff exactly one member is the head, no_head iff none, many_heads iff more', () => {
    const relation = fc.constantFrom('head', 'spouse', 'son', 'daughter', 'father', 'other', null, undefined, '');
    fc.assert(
      fc.property(fc.array(relation, { maxLength: 12 }), (relations) => {
        const heads = relations.filter((r) => r === 'head').length;
        expect(headProblem(relations)).toBe(heads === 1 ? null : heads === 0 ? 'no_head' : 'many_heads');
      }),
    );
  });
});

describe('家庭人口数: declaredSizeDiffers', () => {
  it('flags iff a size is declared and differs from the member count', () => {
    fc.assert(
      fc.property(fc.option(fc.nat(30), { nil: null }), fc.boolean(), fc.nat(30), (declared, undeclared, count) => {
        const size = undeclared ? undefined : declared;
        expect(declaredSizeDiffers(size, count)).toBe(size != null && size !== count);
      }),
    );
    expect(declaredSizeDiffers(3, 3)).toBe(false);
    expect(declaredSizeDiffers(0, 1)).toBe(true);
  });
});

// A pool of fictitious people born in the 1900s, so each also has an old 15-digit number.
const POOL = Array.from({ length: 6 }, (_, i) => makeIdNumber('420115', `19${60 + i}-0${1 + i}-1${i}`, 11 * (i + 1)));
const old15 = (id: string) => `${id.slice(0, 6)}${id.slice(8, 17)}`;
/** The ways one number reaches the app: as stored, typed lower-case, full-width, spaced, old. */
const WRITTEN = [
  (id: string) => id,
  (id: string) => id.toLowerCase(),
  (id: string) => fullWidth(id),
  (id: string) => ` ${id.slice(0, 6)} ${id.slice(6, 14)}\u3000${id.slice(14)} `,
  (id: string) => old15(id),
];

describe('one person, one household', () => {
  it('idNumberKey makes a 15-digit number and its 18-digit upgrade one key', () => {
    expect(idNumberKey('110105491231002')).toBe('11010519491231002X');
    for (const id of POOL) for (const write of WRITTEN) expect(idNumberKey(write(id))).toBe(id);
  });

  it('idNumberKey: an 18-character number is its own key, as the full check would make it', () => {
    const full = (raw: string) => {
      const check = checkIdNumber(raw);
      return check.ok ? check.value : normalizeIdNumber(raw);
    };
    const char = fc.constantFrom(...'0123456789Xx １Ｘ\u3000'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: char, maxLength: 20 }), (raw) => {
        expect(idNumberKey(raw)).toBe(full(raw));
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}[\dX]$/), (raw) => {
        expect(idNumberKey(raw)).toBe(full(raw));
        expect(idNumberKey(raw)).toBe(raw);
      }),
    );
  });

  it('finds an ID number iff it appears under two or more 户编号, however it is written, with all its places', () => {
    const sighting = fc.record({ person: fc.nat(POOL.length - 1), hhCode: fc.constantFrom('4201150102010001', '4201150102010002', '4201150102070003'), written: fc.nat(WRITTEN.length - 1) });
    fc.assert(
      fc.property(fc.array(sighting, { maxLength: 25 }), (sightings) => {
        const people = sightings.map((s) => ({ idNumber: WRITTEN[s.written](POOL[s.person]), hhCode: s.hhCode, person: s.person }));
        const expected = [...new Set(people.map((p) => p.person))].filter((i) => new Set(people.filter((p) => p.person === i).map((p) => p.hhCode)).size >= 2);
        const found = findPeopleInTwoHouseholds(people);
        expect(found.map((f) => f.key)).toEqual(expected.map((i) => POOL[i]));
        for (const f of found) expect(f.places).toEqual(people.filter((p) => POOL[p.person] === f.key));
      }),
    );
  });

  it('ignores repeats inside one household and empty numbers', () => {
    const [a] = POOL;
    expect(
      findPeopleInTwoHouseholds([
        { idNumber: a, hhCode: '4201150102010001' },
        { idNumber: a.toLowerCase(), hhCode: '4201150102010001' },
        { idNumber: '', hhCode: '4201150102010001' },
        { idNumber: ' ', hhCode: '4201150102010002' },
      ]),
    ).toEqual([]);
  });

  it('names people otherwise when asked (name and birth date)', () => {
    const people = [
      { idNumber: POOL[0], hhCode: '4201150102010001', name: '测试甲' },
      { idNumber: POOL[1], hhCode: '4201150102010002', name: '测试甲' },
      { idNumber: POOL[2], hhCode: '4201150102010002', name: '测试乙' },
    ];
    expect(findPeopleInTwoHouseholds(people, (p) => p.name).map((f) => [f.key, f.places.length])).toEqual([['测试甲', 2]]);
  });

  it('PersonSightings streams: sighting numbers in order, repeats with every sighting, none for nobody', () => {
    const seen = new PersonSightings();
    expect(seen.add(POOL[0], 'A')).toBe(0);
    expect(seen.add('', 'A')).toBeNull();
    expect(seen.add(POOL[1], 'A')).toBe(1);
    expect(seen.add(old15(POOL[0]), 'A')).toBe(2);
    expect(seen.repeatsOf(POOL[0])).toEqual([0, 2]);
    expect(seen.inTwoHouseholds(seen.repeatsOf(POOL[0])!)).toBe(false);
    expect(seen.add(POOL[0].toLowerCase(), 'B')).toBe(3);
    expect(seen.repeatsOf(fullWidth(POOL[0]))).toEqual([0, 2, 3]);
    expect(seen.inTwoHouseholds(seen.repeatsOf(POOL[0])!)).toBe(true);
    expect(seen.repeatsOf(POOL[1])).toBeUndefined();
    expect([...seen.repeats().keys()]).toEqual([POOL[0]]);
  });
});

describe('户编号: checkHouseholdCode', () => {
  const DIGITS = '0123456789';
  const SPACES = [' ', '\u3000', '\t', '\u200B', '\n'];
  const char = fc.constantFrom(...DIGITS.split(''), ...fullWidth(DIGITS).split(''), ...SPACES, 'a', 'Ａ', '-', '.', '户');

  it('accepts exactly 6 to 30 ASCII digits once full-width digits and spaces are normalised', () => {
    fc.assert(
      fc.property(fc.string({ unit: char, maxLength: 40 }), (raw) => {
        const chars = [...raw];
        const digits = chars.filter((c) => /[0-9０-９]/.test(c));
        const onlyDigitsAndSpaces = chars.every((c) => /[0-9０-９]/.test(c) || SPACES.includes(c));
        const r = checkHouseholdCode(raw);
        expect(r.ok).toBe(onlyDigitsAndSpaces && digits.length >= 6 && digits.length <= 30);
        if (r.ok) expect(r.value).toBe(digits.map((d) => (/[0-9]/.test(d) ? d : String(d.charCodeAt(0) - 0xff10))).join(''));
      }),
    );
  });

  it('says what is wrong, in the words the import and the create dialog show', () => {
    expect(checkHouseholdCode('')).toMatchObject({ ok: false, message: '户编号不能为空' });
    expect(checkHouseholdCode('12345')).toMatchObject({ ok: false, message: '户编号“12345”应为6至30位数字' });
    expect(checkHouseholdCode('４２０１１５ 0102010001')).toEqual({ ok: true, value: '4201150102010001' });
  });

  it('the contract schema (新增贫困户) accepts what the rule accepts, normalised', () => {
    fc.assert(
      fc.property(fc.string({ unit: char, maxLength: 40 }), (raw) => {
        const r = checkHouseholdCode(raw);
        const parsed = householdCodeSchema.safeParse(raw);
        expect(parsed.success).toBe(r.ok);
        if (parsed.success && r.ok) expect(parsed.data).toBe(r.value);
        if (!parsed.success && !r.ok) expect(parsed.error.issues[0].message).toBe(r.message);
      }),
    );
  });

  it('a village numbers its households with its own code and four digits, 0001 to 9999', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{6,26}$/), fc.integer({ min: 1, max: 9999 }), (village, sequence) => {
        const code = householdCodeInVillage(village, sequence)!;
        expect(checkHouseholdCode(code)).toEqual({ ok: true, value: code });
        expect(code.startsWith(village)).toBe(true);
        expect(sequenceInVillage(village, code)).toBe(sequence);
      }),
    );
    expect(householdCodeInVillage('420115010201', 1)).toBe('4201150102010001');
    expect(householdCodeInVillage('420115010201', 0)).toBeUndefined();
    expect(householdCodeInVillage('420115010201', 10000)).toBeUndefined();
    expect(sequenceInVillage('420115010201', '4201150102070001')).toBeUndefined();
    expect(sequenceInVillage('420115010201', '42011501020100001')).toBeUndefined();
  });
});

describe('net income and its per-capita figure', () => {
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
    expect(perCapitaNetFen(income, 3)).toBe(540000);
  });

  it('rounds to whole fen, halves away from zero', () => {
    expect(perCapitaNetFen({ ...zero, wage: 100 }, 3)).toBe(33);
    expect(perCapitaNetFen({ ...zero, wage: 200 }, 3)).toBe(67);
    expect(perCapitaNetFen({ ...zero, wage: 5 }, 2)).toBe(3);
    expect(perCapitaNetFen({ ...zero, businessCost: 5 }, 2)).toBe(-3);
  });

  it('has no per-capita figure for an empty household', () => {
    expect(perCapitaNetFen({ ...zero, wage: 100000 }, 0)).toBeNull();
  });
});
