// The village rules: a 12-digit code in the registry's county, used once; a name used once.
// Villages here are fictitious or the public names of DOMAIN.md's 山坡街.
import { describe, expect, it } from 'vitest';
import { checkVillageCode, countyOfVillageCode, isCountyCode, registryCounty, usualTown, villageNameProblem, type VillagePlace } from '../../../shared/domain/village';

function place(id: string, code: string, name: string, countyCode = countyOfVillageCode(code)): VillagePlace {
  return { id, code, name, town: '山坡街', countyCode };
}

const GUANGHUA = place('v1', '420115010201', '光华村');
const QUNXING = place('v2', '420115010207', '群星村');

describe('checkVillageCode', () => {
  it('takes a 12-digit code in the registry’s county, normalising full-width digits and spaces', () => {
    expect(checkVillageCode('420115010238', [GUANGHUA, QUNXING])).toEqual({ ok: true, value: '420115010238', countyCode: '420115' });
    expect(checkVillageCode(' ４２０１１５ ０１０２３８ ', [GUANGHUA])).toMatchObject({ ok: true, value: '420115010238' });
  });

  it('says what is wrong with the form: empty, not digits, not 12 digits', () => {
    expect(checkVillageCode('', [])).toMatchObject({ ok: false, message: '请填写村代码（12位数字）' });
    expect(checkVillageCode('42011501023A', [])).toMatchObject({ ok: false, message: '村代码“42011501023A”只能由数字组成：应为12位数字' });
    expect(checkVillageCode('42011501023', [GUANGHUA])).toMatchObject({ ok: false, message: '村代码“42011501023”应为12位数字，现为11位' });
    expect(checkVillageCode('4201150102381', [GUANGHUA])).toMatchObject({ ok: false, message: '村代码“4201150102381”应为12位数字，现为13位' });
  });

  it('refuses a code outside the county the registry’s villages lie in, naming that county', () => {
    const r = checkVillageCode('420116010201', [GUANGHUA, QUNXING]);
    expect(r).toMatchObject({ ok: false, message: '村代码“420116010201”不在本区县：本库的行政村属于区县代码 420115，村代码的前6位应为 420115，现为 420116' });
  });

  it('in a registry without villages, the first code sets the county: its first 6 digits must be a county code', () => {
    expect(checkVillageCode('110105001001', [])).toMatchObject({ ok: true, countyCode: '110105' });
    expect(checkVillageCode('420100010201', [])).toMatchObject({ ok: false, message: expect.stringContaining('前6位 420100 不是区县代码') });
    expect(checkVillageCode('000000010201', [])).toMatchObject({ ok: false, message: expect.stringContaining('前6位 000000 不是区县代码') });
  });

  it('refuses a code another village holds, naming that village; a village keeps its own code', () => {
    const r = checkVillageCode('420115010207', [GUANGHUA, QUNXING]);
    expect(r).toMatchObject({ ok: false, message: '村代码 420115010207 已被山坡街群星村使用：每个行政村的代码不能重复', takenBy: QUNXING });
    expect(checkVillageCode('420115010207', [GUANGHUA, QUNXING], 'v2')).toMatchObject({ ok: true });
  });

  it('editing the only village compares it with no other: its county may change to another real one', () => {
    expect(checkVillageCode('420116010201', [GUANGHUA], 'v1')).toMatchObject({ ok: true, countyCode: '420116' });
  });
});

describe('registryCounty', () => {
  it('is the county code the villages carry, the most common one if an import brought another, null without villages', () => {
    expect(registryCounty([])).toBeNull();
    expect(registryCounty([GUANGHUA, QUNXING])).toBe('420115');
    expect(registryCounty([GUANGHUA, QUNXING, place('v3', '420116001001', '外县村')])).toBe('420115');
    expect(registryCounty([place('a', '420116001001', '甲'), place('b', '420115001001', '乙')])).toBe('420115');
  });
});

describe('isCountyCode', () => {
  it('is six digits of a province 11–82 with neither city nor county part 00', () => {
    expect(['420115', '110105', '510104', '654301'].filter(isCountyCode)).toHaveLength(4);
    expect(['420100', '420015', '100105', '830101', '42011', '42011a'].filter(isCountyCode)).toEqual([]);
  });
});

describe('villageNameProblem', () => {
  it('refuses a name another village has, ignoring width and spaces, and names that village', () => {
    expect(villageNameProblem('光华村', [GUANGHUA, QUNXING])).toBe('已有名为“光华村”的行政村（山坡街，村代码 420115010201）：村名不能重复');
    expect(villageNameProblem('光华 村', [GUANGHUA])).not.toBeNull();
    expect(villageNameProblem('光华村', [GUANGHUA], 'v1')).toBeNull();
    expect(villageNameProblem('先锋村', [GUANGHUA, QUNXING])).toBeNull();
  });
});

describe('usualTown', () => {
  it('is the town most villages are in, the first seen on a tie, empty without villages', () => {
    expect(usualTown([{ town: '山坡街' }, { town: '湖泗街' }, { town: '山坡街' }])).toBe('山坡街');
    expect(usualTown([{ town: '湖泗街' }, { town: '山坡街' }])).toBe('湖泗街');
    expect(usualTown([])).toBe('');
  });
});
