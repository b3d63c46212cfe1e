// 忘记密码？: the recovery code written down at creation sets a new password, then the database opens.
import { useState, type FormEvent } from 'react';
import { call, errorMessage } from '../../api';
import { NewPasswordFields } from '../../components/PasswordHints';

export function RecoverForm(props: { initialPath: string; canPickFiles: boolean; onOpened: () => void; onCancel: () => void }) {
  const [path, setPath] = useState(props.initialPath);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const browse = async () => {
    try {
      const picked = await call('db.pickPath', { mode: 'open' });
      if (picked) setPath(picked);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    if (password !== confirm) {
      setError('两次输入的新密码不一致，请重新输入');
      return;
    }
    setBusy(true);
    try {
      await call('db.recover', { path, recoveryCode: code, newPassword: password });
      props.onOpened();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <form className="start-form" aria-label="用恢复码重设密码" onSubmit={(e) => void submit(e)}>
      <p className="form-intro">
        忘记密码时，可以用创建数据库时抄写或打印的<b>恢复码</b>重设密码。重设后旧密码作废，恢复码不变。
      </p>
      <div className="field">
        <label htmlFor="rc-path">数据库文件路径</label>
        <div className="path-row">
          <input id="rc-path" type="text" value={path} onChange={(e) => setPath(e.target.value)} placeholder="选择或填写 .fupin 数据库文件" spellCheck={false} disabled={busy} />
          {props.canPickFiles && (
            <button type="button" className="btn" onClick={() => void browse()} disabled={busy}>
              浏览…
            </button>
          )}
        </div>
      </div>
      <div className="field">
        <label htmlFor="rc-code">恢复码</label>
        <input id="rc-code" className="mono code-input" type="text" value={code} onChange={(e) => setCode(e.target.value)} placeholder="XXXXX-XXXXX-XXXXX-XXXXX-XXXXX" autoComplete="off" spellCheck={false} disabled={busy} />
        <p className="field-hint">不区分大小写，短横线可省略。</p>
      </div>
      <NewPasswordFields idPrefix="rc" password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} disabled={busy} />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="start-submit form-buttons">
        <button type="submit" className="btn btn-primary btn-large" disabled={busy}>
          {busy ? '正在重设…' : '重设密码并打开'}
        </button>
        <button type="button" className="btn" onClick={props.onCancel} disabled={busy}>
          返回
        </button>
      </div>
    </form>
  );
}
