// Start screen or main window, decided by what main says is open (a reload keeps the open database).
// Another window closing or switching the database is followed here through session.changed.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppInfo } from '../shared/contract';
import { call, errorMessage, onEvent } from './api';
import { ToastProvider } from './components/Toast';
import { StartScreen } from './pages/start/StartScreen';
import { MainWindow } from './pages/shell/MainWindow';

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [closing, setClosing] = useState(false);

  const reload = useCallback(() => {
    call('app.info', {})
      .then((i) => {
        setInfo(i);
        setLoadError(null);
      })
      .catch((e) => setLoadError(errorMessage(e)));
  }, []);
  useEffect(reload, [reload]);
  const showing = useRef<AppInfo | null>(null);
  showing.current = info;
  useEffect(
    () =>
      onEvent('session.changed', (s) => {
        // An open from the start screen is followed by that screen itself (it may first show the
        // new database's recovery code); a switch or a close elsewhere is followed here.
        if (s.reason === 'closed' || (s.reason === 'opened' && showing.current?.db)) reload();
      }),
    [reload],
  );

  const closeDb = async () => {
    setClosing(true);
    try {
      await call('db.close', {});
    } catch (e) {
      setLoadError(errorMessage(e));
    } finally {
      setClosing(false);
      reload();
    }
  };

  if (loadError) {
    return (
      <p className="form-error page-error" role="alert">
        {loadError}
      </p>
    );
  }
  if (!info) return <p className="loading">正在启动…</p>;
  return (
    <ToastProvider>
      {info.db ? <MainWindow key={info.db.path} db={info.db} onClose={() => void closeDb()} closing={closing} /> : <StartScreen key="start" info={info} onOpened={reload} />}
    </ToastProvider>
  );
}
