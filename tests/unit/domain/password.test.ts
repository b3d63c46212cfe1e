import { describe, expect, it } from 'vitest';
import { passwordProblems, passwordRuleMessage } from '../../../shared/domain/password';

describe('password rule', () => {
  it('accepts passwords with length and two kinds of characters', () => {
    expect(passwordProblems('demo2015')).toEqual([]);
    expect(passwordProblems('扶贫办-2016')).toEqual([]);
    expect(passwordRuleMessage('test-secret-1')).toBeNull();
  });
  it('refuses short, one-kind, repeated and common passwords with the reasons', () => {
    expect(passwordRuleMessage('ab1')).toBe('密码强度不够：至少 8 个字符');
    expect(passwordProblems('abcdefghij')).toEqual(['需包含字母、数字、符号中的至少两种']);
    expect(passwordProblems('88888888')).toContain('不能全是同一个字符');
    expect(passwordProblems('Abcd1234')).toContain('这是常见密码，容易被猜中');
  });
});
