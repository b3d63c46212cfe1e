// Live hints under a new-password field, from the shared rule. Only advice: main checks the
// password again and its answer is the one that counts.
import { passwordProblems } from '../../shared/domain/password';

export function PasswordHints({ password, id }: { password: string; id?: string }) {
  const problems = passwordProblems(password);
  if (problems.length === 0) {
    return (
      <p id={id} className="pw-hints pw-ok" aria-live="polite">
        ✓ 密码强度符合要求
      </p>
    );
  }
  // Before anything is typed the same list reads as the rule itself, in grey.
  return (
    <div id={id} className={password === '' ? 'pw-hints' : 'pw-hints pw-weak'} aria-live="polite">
      <span className="pw-hints-title">{password === '' ? '密码要求：' : '密码强度不够：'}</span>
      <ul>
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}

/** 新密码 with its hints and 确认新密码: the pair every form that sets a password shows. */
export function NewPasswordFields(props: {
  idPrefix: string;
  password: string;
  confirm: string;
  onPassword: (v: string) => void;
  onConfirm: (v: string) => void;
  disabled: boolean;
}) {
  const { idPrefix: p } = props;
  return (
    <>
      <div className="field">
        <label htmlFor={`${p}-new`}>新密码</label>
        <input id={`${p}-new`} type="password" value={props.password} onChange={(e) => props.onPassword(e.target.value)} autoComplete="new-password" aria-describedby={`${p}-hints`} disabled={props.disabled} />
        <PasswordHints id={`${p}-hints`} password={props.password} />
      </div>
      <div className="field">
        <label htmlFor={`${p}-confirm`}>确认新密码</label>
        <input id={`${p}-confirm`} type="password" value={props.confirm} onChange={(e) => props.onConfirm(e.target.value)} autoComplete="new-password" disabled={props.disabled} />
      </div>
    </>
  );
}
