// 数据安全: password, backups and restore, auto-lock and automatic-backup settings.
import { useEffect, useState } from 'react';
import type { AppSettings } from '../../../shared/contract';
import { call } from '../../api';
import { BackupsCard } from './BackupsCard';
import { ChangePasswordCard } from './ChangePasswordCard';
import { keyFileOf } from '../../components/format';
import { SettingsCard } from './SettingsCard';

export function SafetyPage(props: { dbPath: string; settings: AppSettings | null; onSettingsChanged: (s: AppSettings) => void }) {
  const [canPickFiles, setCanPickFiles] = useState(false);
  useEffect(() => {
    call('app.info', {})
      .then((i) => setCanPickFiles(i.canPickFiles))
      .catch(() => setCanPickFiles(false));
  }, []);
  return (
    <div className="safety-page">
      <div className="safety-main">
        <BackupsCard canPickFiles={canPickFiles} />
        <section className="card card-muted" aria-label="数据库文件">
          <h2 className="card-title">数据库文件</h2>
          <p className="mono path-box">{props.dbPath}</p>
          <p className="field-hint">
            密钥文件 <span className="mono">{keyFileOf(props.dbPath)}</span> 必须与数据库文件放在同一文件夹。复制数据库到别的电脑时，两个文件一起复制。
          </p>
        </section>
      </div>
      <div className="safety-side">
        <ChangePasswordCard />
        <SettingsCard settings={props.settings} onSettingsChanged={props.onSettingsChanged} />
      </div>
    </div>
  );
}
