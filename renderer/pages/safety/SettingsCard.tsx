// Auto-lock and automatic-backup minutes, and the wall display's rotation seconds. Main validates
// them and its message is shown as it is.
import { useEffect, useState, type FormEvent } from 'react';
import type { AppSettings } from '../../../shared/contract';
import { call, errorMessage } from '../../api';
import { parseMinutes } from '../../components/format';

export function SettingsCard({ settings, onSettingsChanged }: { settings: AppSettings | null; onSettingsChanged: (s: AppSettings) => void }) {
  const [lockText, setLockText] = useState('');
  const [backupText, setBackupText] = useState('');
  const [wallText, setWallText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  // The fields follow main's settings when they arrive or change (e.g. after a restore).
  useEffect(() => {
    if (!settings) return;
    setLockText(String(settings.autoLockMinutes));
    setBackupText(String(settings.autoBackupMinutes));
    setWallText(String(settings.wallRotateSeconds));
  }, [settings]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      const saved = await call('settings.set', { autoLockMinutes: parseMinutes(lockText), autoBackupMinutes: parseMinutes(backupText), wallRotateSeconds: parseMinutes(wallText) });
      onSettingsChanged(saved);
      setDone(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="st-title">
      <h2 id="st-title" className="card-title">
        自动锁定与自动备份
      </h2>
      <form onSubmit={(e) => void submit(e)}>
        <div className="field field-inline">
          <label htmlFor="st-lock">自动锁定（分钟，0 = 不锁定）</label>
          <input id="st-lock" type="text" inputMode="numeric" className="num-input" value={lockText} onChange={(e) => setLockText(e.target.value)} disabled={busy || !settings} />
        </div>
        <p className="field-hint">无人操作这么多分钟后，窗口锁定并隐藏数据，输入密码后继续。</p>
        <div className="field field-inline">
          <label htmlFor="st-backup">自动备份间隔（分钟，0 = 仅关闭时）</label>
          <input id="st-backup" type="text" inputMode="numeric" className="num-input" value={backupText} onChange={(e) => setBackupText(e.target.value)} disabled={busy || !settings} />
        </div>
        <p className="field-hint">有修改时按此间隔自动备份；关闭数据库时也会备份。保留最近几份和此前每天一份，共约 10 份。</p>
        <div className="field field-inline">
          <label htmlFor="st-wall">大屏轮换间隔（秒，5～600）</label>
          <input id="st-wall" type="text" inputMode="numeric" className="num-input" value={wallText} onChange={(e) => setWallText(e.target.value)} disabled={busy || !settings} />
        </div>
        <p className="field-hint">大屏（挂图作战）每个图表显示这么多秒后换到下一个。</p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {done && (
          <p className="notice-ok" role="status">
            设置已保存。
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy || !settings}>
          保存设置
        </button>
      </form>
    </section>
  );
}
