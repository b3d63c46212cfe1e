import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import {
  CODE_LISTS,
  CODE_LIST_NAMES,
  CODE_LIST_TITLES,
  codeFromLabel,
  codeLabel,
  codeValues,
  isCode,
  type CodeItem,
  type CodeListName,
} from '../../../shared/domain/codes';

describe('CODE_LISTS', () => {
  it('has unique ASCII codes and unique labels in every list', () => {
    for (const name of CODE_LIST_NAMES) {
      const items: readonly CodeItem[] = CODE_LISTS[name];
      expect(items.length, name).toBeGreaterThan(0);
      expect(new Set(items.map((i) => i.code)).size, name).toBe(items.length);
      expect(new Set(items.map((i) => i.label)).size, name).toBe(items.length);
      for (const item of items) expect(item.code, name).toMatch(/^[A-Za-z0-9_]+$/);
    }
  });

  it('has a Chinese title for every list', () => {
    expect(Object.keys(CODE_LIST_TITLES).sort()).toEqual([...CODE_LIST_NAMES].sort());
    expect(CODE_LIST_TITLES.relation).toBe('与户主关系');
    expect(CODE_LIST_TITLES.householdCategory).toBe('贫困户属性');
  });

  it('keeps the codes other modules rely on', () => {
    expect(codeValues('householdCategory')).toEqual(['general', 'dibao', 'wubao']);
    expect(codeValues('exitStatus')).toEqual(['not_exited', 'exited_supported', 'exited', 'returned']);
    expect(codeValues('standard')).toEqual(['national', 'provincial', 'municipal']);
    expect(codeValues('sex')).toEqual(['male', 'female']);
    expect(codeValues('health')).toEqual(['healthy', 'chronic', 'serious', 'disabled']);
    expect(codeValues('laborSkill')).toEqual(['ordinary', 'skilled', 'lost', 'none']);
    expect(codeValues('education')).toEqual(['illiterate', 'primary', 'junior', 'senior', 'college', 'preschool']);
    expect(codeValues('schoolStatus')).toHaveLength(16);
    expect(codeValues('relation')).toHaveLength(21);
    expect(codeValues('relation')[0]).toBe('head');
    expect(codeValues('povertyCause')).toHaveLength(14);
    expect(codeLabel('povertyCause', 'motivation')).toBe('自身发展动力不足');
    expect(codeLabel('relation', 'grandson_maternal')).toBe('之外孙子');
    expect(codeLabel('relation', 'father_in_law_w')).toBe('之岳父');
    expect(codeLabel('relation', 'father_in_law_h')).toBe('之公公');
    expect(codeLabel('schoolStatus', 'none')).toBe('非在校生');
  });

  it('lists 56 ethnic groups with 汉族 first, plus 其他', () => {
    const items = CODE_LISTS.ethnicity;
    expect(items).toHaveLength(57);
    expect(items[0]).toEqual({ code: '01', label: '汉族' });
    expect(items[items.length - 1].label).toBe('其他');
    expect(codeLabel('ethnicity', '15')).toBe('土家族');
  });

  it('gives z.enum a usable tuple', () => {
    const schema = z.enum(codeValues('householdCategory'));
    expect(schema.parse('dibao')).toBe('dibao');
    expect(schema.safeParse('poor').success).toBe(false);
  });
});

describe('codeLabel', () => {
  it('returns the label, or an empty string for null and unknown codes', () => {
    expect(codeLabel('householdCategory', 'wubao')).toContain('特困供养');
    expect(codeLabel('sex', null)).toBe('');
    expect(codeLabel('sex', undefined)).toBe('');
    expect(codeLabel('sex', 'unknown')).toBe('');
  });
});

describe('codeFromLabel', () => {
  it('round-trips every label and every code', () => {
    for (const name of CODE_LIST_NAMES) {
      const items: readonly CodeItem[] = CODE_LISTS[name];
      for (const item of items) {
        expect(codeFromLabel(name, item.label), `${name} ${item.label}`).toBe(item.code);
        expect(codeFromLabel(name, item.code), `${name} ${item.code}`).toBe(item.code);
      }
    }
  });

  it.each<[CodeListName, string, string]>([
    ['householdCategory', '五保户', 'wubao'],
    ['householdCategory', '特困供养', 'wubao'],
    ['householdCategory', '特困供养贫困户(五保户)', 'wubao'],
    ['householdCategory', '低保户', 'dibao'],
    ['householdCategory', '一般户', 'general'],
    ['householdCategory', ' 一般贫困户 ', 'general'],
    ['exitStatus', '已脱贫(享受政策)', 'exited_supported'],
    ['exitStatus', '已脱贫（不再享受政策）', 'exited'],
    ['standard', '省定', 'provincial'],
    ['povertyCause', '因病致贫', 'illness'],
    ['povertyCause', '缺劳动力', 'labor'],
    ['workStatus', '乡(镇)外县内务工', 'in_county'],
    ['workStatus', '乡镇内务工', 'in_township'],
    ['relation', '子', 'son'],
    ['relation', '妻子', 'spouse'],
    ['relation', '岳母', 'mother_in_law_w'],
    ['relation', '外婆', 'grandmother_maternal'],
    ['ethnicity', '汉', '01'],
    ['ethnicity', '1', '01'],
    ['ethnicity', '土家族', '15'],
    ['dangerLevel', 'c', 'C'],
    ['dangerLevel', 'D级', 'D'],
    ['politicalStatus', '党员', 'cpc'],
    ['bank', '农商行', 'rcb'],
    ['bank', '邮储银行', 'psbc'],
    ['sex', '女性', 'female'],
    ['fuelType', '液化气', 'clean'],
    ['schoolStatus', '初二', 'grade8'],
  ])('%s: %s → %s', (list, label, code) => {
    expect(codeFromLabel(list, label)).toBe(code);
  });

  it('returns undefined for unknown or empty input', () => {
    expect(codeFromLabel('householdCategory', '富裕户')).toBeUndefined();
    expect(codeFromLabel('sex', '')).toBeUndefined();
    expect(codeFromLabel('sex', '   ')).toBeUndefined();
    expect(codeFromLabel('relation', '邻居')).toBeUndefined();
  });

  it('isCode tells codes from labels', () => {
    expect(isCode('sex', 'male')).toBe(true);
    expect(isCode('sex', '男')).toBe(false);
    expect(isCode('sex', 3)).toBe(false);
  });
});
