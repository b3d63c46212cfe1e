import { describe, it, expect } from 'vitest';
import { matchesQuery, searchText } from '../../../shared/domain/pinyin';

describe('searchText', () => {
  it('holds the text, its initials and its full pinyin', () => {
    expect(searchText('张三')).toBe('张三 zs zhangsan');
  });

  it('reads surnames with their surname pronunciation', () => {
    expect(searchText('单雄信').split(' ')).toContain('shanxiongxin');
    expect(searchText('曾小红').split(' ')).toContain('zengxiaohong');
    expect(searchText('区小明').split(' ')).toContain('ouxiaoming');
  });

  it('writes ü as v and as u', () => {
    const parts = searchText('吕桂英').split(' ');
    expect(parts).toContain('lvguiying');
    expect(parts).toContain('luguiying');
  });

  it('keeps digits and Latin letters whole', () => {
    expect(searchText('光华村3组')).toBe('光华村3组 ghc3z guanghuacun3zu');
    expect(searchText('4201150102')).toBe('4201150102');
    expect(searchText('')).toBe('');
  });
});

describe('matchesQuery', () => {
  it.each([
    ['张三', 'zs'],
    ['张三', 'zhangsan'],
    ['张三', 'ZhangSan'],
    ['张三', 'zhang san'],
    ['张三', '张'],
    ['张三', 'zha'],
    ['王大山', 'ds'],
    ['先锋村', 'xianfeng'],
    ['11010519491231002X', '1231002x'],
    ['张三', ''],
  ])('%s matches %j', (text, query) => {
    expect(matchesQuery(text, query)).toBe(true);
  });

  it.each([
    ['张三', 'ls'],
    ['张三', 'lisi'],
    ['王大山', 'wx'],
  ])('%s does not match %j', (text, query) => {
    expect(matchesQuery(text, query)).toBe(false);
  });
});
