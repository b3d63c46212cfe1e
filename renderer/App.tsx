// Start screen or main window, decided by what main says is open (a reload keeps the open database).
import { useCallback, useEffect, useState } from 'react';
import type { AppInfo } from '../shared/contract';
import { call, errorMessage } from './api';
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
