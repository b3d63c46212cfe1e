import { describe, it, expect } from 'vitest';
import { ageOn, checkIdNumber, idCheckChar, makeIdNumber, normalizeIdNumber } from '../../../shared/domain/idNumber';

const TODAY = '2016-06-01';

describe('normalizeIdNumber', () => {
  it('strips spaces, converts full-width characters and upper-cases x', () => {
    expect(normalizeIdNumber(' 110105 19491231 002x ')).toBe('11010519491231002X');
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２ｘ')).toBe('11010519491231002X');
    expect(normalizeIdNumber('110105\u300019491231\t002X\n')).toBe('11010519491231002X');
  });
});

describe('idCheckChar', () => {
  it('computes the GB 11643 check character', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('44052418800101001')).toBe('4');
    expect(idCheckChar('34052419800101001')).toBe('X');
  });
  it('refuses anything but 17 digits', () => {
    expect(() => idCheckChar('1234')).toThrow(/17位/);
  });
});

describe('checkIdNumber', () => {
  it.each([
    ['11010519491231002X', 'female', '1949-12-31', '110105'],
    ['440524188001010014', 'male', '1880-01-01', '440524'],
    ['34052419800101001X', 'male', '1980-01-01', '340524'],
  ])('accepts %s', (id, sex, birthDate, regionCode) => {
    const r = checkIdNumber(id, TODAY);
    expect(r).toEqual({ ok: true, value: id, sex, birthDate, regionCode, upgradedFrom15: false });
  });

  it.each([
    ['130402198207290622', '4'],
    ['110105194912310021', 'X'],
  ])('rejects %s with the expected check character', (id, expected) => {
    const r = checkIdNumber(id, TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe(`校验位错误：应为${expected}，实际为${id[17]}`);
      expect(r.error).toBe('check');
    }
  });

  it('accepts a lowercase x, full-width digits and inner spaces', () => {
    for (const raw of ['11010519491231002x', '１１０１０５１９４９１２３１００２Ｘ', '110105 1949 1231 002X']) {
      const r = checkIdNumber(raw, TODAY);
      expect(r.ok, raw).toBe(true);
      expect(r.value).toBe('11010519491231002X');
    }
  });

  it('upgrades a 15-digit number to 18', () => {
    const r = checkIdNumber('110105491231002', TODAY);
    expect(r).toEqual({
      ok: true,
      value: '11010519491231002X',
      sex: 'female',
      birthDate: '1949-12-31',
      regionCode: '110105',
      upgradedFrom15: true,
    });
  });

  it('reports the wrong length', () => {
    const r = checkIdNumber('1101051949123100', TODAY);
    expect(r).toMatchObject({ ok: false, error: 'length', reason: '长度应为18位（或15位旧号），实际为16位' });
    expect(checkIdNumber('', TODAY)).toMatchObject({ ok: false, reason: '长度应为18位（或15位旧号），实际为0位' });
  });

  it('reports illegal characters', () => {
    const r = checkIdNumber('110105194912310O2X', TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBe('chars');
      expect(r.reason).toMatch(/^含非法字符/);
      expect(r.reason).toContain('第16位');
    }
    expect(checkIdNumber('11010549123100X', TODAY)).toMatchObject({ ok: false, error: 'chars' });
  });

  it('rejects 29 February in a common year and accepts it in a leap year', () => {
    const bad = `420115190102290011`;
    const r = checkIdNumber(bad.slice(0, 17) + idCheckChar(bad.slice(0, 17)), TODAY);
    expect(r).toMatchObject({ ok: false, error: 'date' });
    if (!r.ok) expect(r.reason).toMatch(/^出生日期无效/);
    const leap = makeIdNumber('420115', '2000-02-29', 11);
    expect(checkIdNumber(leap, TODAY)).toMatchObject({ ok: true, birthDate: '2000-02-29' });
  });

  it('rejects month 13 and day 32', () => {
    for (const date of ['19801301', '19800132', '17991231']) {
      const first17 = `420115${date}001`;
      expect(checkIdNumber(first17 + idCheckChar(first17), TODAY)).toMatchObject({ ok: false, error: 'date' });
    }
  });

  it('rejects a birth date after today', () => {
    const id = makeIdNumber('420115', '2016-06-02', 1);
    const r = checkIdNumber(id, TODAY);
    expect(r).toMatchObject({ ok: false, error: 'future' });
    if (!r.ok) expect(r.reason).toMatch(/^出生日期晚于今天/);
    expect(checkIdNumber(makeIdNumber('420115', TODAY, 1), TODAY).ok).toBe(true);
  });

  it('uses the real date when today is omitted', () => {
    expect(checkIdNumber('34052419800101001X').ok).toBe(true);
  });
});

describe('makeIdNumber', () => {
  it('builds valid numbers whose sequence parity decides the sex', () => {
    const male = makeIdNumber('420115', '1965-03-08', 123);
    const female = makeIdNumber('420115', '1965-03-08', 124);
    expect(male.slice(0, 17)).toBe('42011519650308123');
    expect(male[17]).toBe(idCheckChar('42011519650308123'));
    expect(checkIdNumber(male, TODAY)).toMatchObject({ ok: true, sex: 'male' });
    expect(checkIdNumber(female, TODAY)).toMatchObject({ ok: true, sex: 'female' });
    expect(makeIdNumber('110105', '1949-12-31', 2)).toBe('11010519491231002X');
    expect(makeIdNumber('420115', '2010-01-01', 0)).toHaveLength(18);
  });

  it('refuses bad input', () => {
    expect(() => makeIdNumber('4201', '1965-03-08', 1)).toThrow();
    expect(() => makeIdNumber('420115', '1965-02-30', 1)).toThrow(/出生日期/);
    expect(() => makeIdNumber('420115', '1965-03-08', 1000)).toThrow();
    expect(() => makeIdNumber('420115', '1965-03-08', 1.5)).toThrow();
  });
});

describe('ageOn', () => {
  it('counts completed years', () => {
    expect(ageOn('1949-12-31', '2016-12-30')).toBe(66);
    expect(ageOn('1949-12-31', '2016-12-31')).toBe(67);
    expect(ageOn('2010-06-01', '2010-06-01')).toBe(0);
  });
  it('lets a 29 February birthday count from 1 March in common years', () => {
    expect(ageOn('2000-02-29', '2017-02-28')).toBe(16);
    expect(ageOn('2000-02-29', '2017-03-01')).toBe(17);
    expect(ageOn('2000-02-29', '2016-02-29')).toBe(16);
  });
  it('refuses invalid dates', () => {
    expect(() => ageOn('2001-02-29', '2016-01-01')).toThrow();
    expect(() => ageOn('2000-01-01', '2016/01/01')).toThrow();
  });
});
