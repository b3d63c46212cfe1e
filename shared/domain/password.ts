// The password rule at creation and change. The data is personal and sensitive; the machines
// are shared office PCs, so a guessable password is refused with the reason.
const COMMON = new Set([
  '12345678', '123456789', '1234567890', '87654321', '11111111', '88888888', '66666666', '00000000',
  'password', 'password1', 'passw0rd', 'qwerty123', 'qwertyui', 'abc12345', 'abcd1234', 'a1234567',
  '1qaz2wsx', 'iloveyou', 'admin123', 'admin888', 'woaini1314', '5201314520', 'aa123456', 'zxcvbnm1',
]);

export const PASSWORD_MIN_LENGTH = 8;

/** Chinese reasons the password is too weak; empty when it is acceptable. */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`至少 ${PASSWORD_MIN_LENGTH} 个字符`);
  const kinds = [/[A-Za-z]/, /\d/, /[^A-Za-z\d]/].filter((re) => re.test(password)).length;
  if (kinds < 2) problems.push('需包含字母、数字、符号中的至少两种');
  if (/^(.)\1*$/.test(password)) problems.push('不能全是同一个字符');
  if (COMMON.has(password.toLowerCase())) problems.push('这是常见密码，容易被猜中');
  return problems;
}

export function passwordRuleMessage(password: string): string | null {
  const p = passwordProblems(password);
  return p.length === 0 ? null : `密码强度不够：${p.join('；')}`;
}
