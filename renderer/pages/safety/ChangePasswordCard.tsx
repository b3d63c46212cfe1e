// 修改密码: main checks the old password and the new one's strength; only the key file changes,
// so the data, the backups and the recovery code stay as they are.
import { useState, type FormEvent } from 'react';
import { call, errorMessage } from '../../api';
import { NewPasswordFields } from '../../components/PasswordHints';

export function ChangePasswordCard() {
  const [oldPassword, setOldPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setDone(false);
    if (newPassword !== confirm) {
      setError('两次输入的新密码不一致，请重新输入');
      return;
    }
    setBusy(true);
    try {
      await call('security.changePassword', { oldPassword, newPassword });
      setOldPassword('');
      setNewPassword('');
      setConfirm('');
      setDone(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="cp-title">
      <h2 id="cp-title" className="card-title">
        修改密码
      </h2>
      <form onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="cp-old">原密码</label>
          <input id="cp-old" type="password" value={oldPassword} onChange={(e) => setOldPassword(e.target.value)} autoComplete="current-password" disabled={busy} />
        </div>
        <NewPasswordFields idPrefix="cp" password={newPassword} confirm={confirm} onPassword={setNewPassword} onConfirm={setConfirm} disabled={busy} />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {done && (
          <p className="notice-ok" role="status">
            密码已修改。以后打开数据库请用新密码；恢复码不变，仍然有效。已有的备份仍用备份当时的密码打开。
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? '正在修改…' : '修改密码'}
        </button>
      </form>
    </section>
  );
}
