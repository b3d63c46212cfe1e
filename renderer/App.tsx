// Start screen or main window, decided by what main says is open (a reload keeps the open database).
// Another window closing or switching the database is followed here through session.changed.
// Messages, and the grids' typed filters, are cleared whenever the database closes, changes or
// locks: they may name people, and must not show on the start screen or in the next database.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppInfo } from '../shared/contract';
import { call, errorMessage, onEvent } from './api';
import { ToastProvider, useToast } from './components/Toast';
import { StartScreen } from './pages/start/StartScreen';
import { forgetTypedFilters } from './grid/columnState';
import { MainWindow } from './pages/shell/MainWindow';

export function App() {
  return (
    <ToastProvider>
      <AppBody />
    </ToastProvider>
  );
}

function AppBody() {
  const { clear: clearMessages } = useToast();
  const clearPersonal = useCallback(() => {
    clearMessages();
    forgetTypedFilters();
  }, [clearMessages]);
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
        if (s.reason === 'closed' || s.reason === 'locked' || (s.reason === 'opened' && showing.current?.db)) clearPersonal();
        if (s.reason === 'closed' || (s.reason === 'opened' && showing.current?.db)) reload();
      }),
    [reload, clearPersonal],
  );
  // Whichever way the database went (closed here or in another window, switched), the screen that
  // follows starts without the previous one's messages, even those of requests that failed meanwhile.
  const dbPath = info?.db?.path ?? null;
  useEffect(() => clearPersonal(), [dbPath, clearPersonal]);

  const closeDb = async () => {
    setClosing(true);
    clearPersonal();
    try {
      await call('db.close', {});
    } catch (e) {
      setLoadError(errorMessage(e));
    } finally {
      setClosing(false);
      clearPersonal();
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
  return info.db ? <MainWindow key={info.db.path} db={info.db} onClose={() => void closeDb()} closing={closing} /> : <StartScreen key="start" info={info} onOpened={reload} />;
}
