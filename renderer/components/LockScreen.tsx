// The idle lock: after N quiet minutes (or the 锁定 button) the main window's content is unmounted
// and only this screen is drawn, until the database's password is given again. The database stays
// open in main; the tab the clerk was on is kept by the main window. With the password the clerk
// says who works on from here (the 操作员 the history names): someone else may have sat down.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AppSettings } from '../../shared/contract';
import { ApiError, call, errorMessage, onEvent } from '../api';
import { useToast } from './Toast';
import { OperatorFields } from './operators/OperatorFields';
import { OperatorStep } from './operators/OperatorStep';
import { applyOperatorPick, initialPick, pickProblem, type OperatorPick, type PickOutcome } from './operators/operatorPick';
import { rememberedOperator } from './operators/remembered';

const ACTIVITY_EVENTS = ['mousemove', 'mousedown', 'keydown', 'wheel', 'pointerdown', 'pointermove', 'touchstart'] as const;

// A reload (Ctrl+R) must not be a way past the lock: the locked state outlives it in this window's session.
const LOCK_KEY = 'fupin.lockedDb';
const lockedBefore = (dbPath: string) => {
  try {
    return sessionStorage.getItem(LOCK_KEY) === dbPath;
  } catch {
    return false;
  }
};
const rememberLock = (dbPath: string | null) => {
  try {
    if (dbPath === null) sessionStorage.removeItem(LOCK_KEY);
    else sessionStorage.setItem(LOCK_KEY, dbPath);
  } catch {
    // Storage unavailable: the lock still holds until the next reload.
  }
};

export interface AutoLock {
  locked: boolean;
  /** Why the window is locked: idle minutes, or null when the clerk locked it. */
  idleMinutes: number | null;
  settings: AppSettings | null;
  lock: () => void;
  unlock: () => void;
  /** The settings main answered after a change (数据安全 page). */
  applySettings: (s: AppSettings) => void;
}

export function useAutoLock(dbPath: string): AutoLock {
  const [settings, setSettings] = useState<AppSettings | null>(null);
  const [locked, setLocked] = useState(() => lockedBefore(dbPath));
  const [idleMinutes, setIdleMinutes] = useState<number | null>(null);

  // Loaded on opening, after unlocking (main refuses it while locked), and again when data
  // changes (a restore brings back the backup's settings).
  const loadSettings = useCallback(() => {
    call('settings.get', {})
      .then(setSettings)
      .catch(() => {
        // Closed or locked: loaded again on unlock.
      });
  }, []);
  useEffect(() => {
    loadSettings();
    return onEvent('data.changed', loadSettings);
  }, [loadSettings]);

  // Main holds the lock too and refuses data requests until the password is given: hiding the
  // content here is for the eyes, main's refusal is what protects the data.
  useEffect(() => {
    call('app.info', {})
      .then((info) => {
        if (info.locked) setLocked(true);
      })
      .catch(() => {});
  }, []);

  const lockNow = useCallback(
    (minutes: number | null) => {
      rememberLock(dbPath);
      setIdleMinutes(minutes);
      setLocked(true);
      call('security.lock', {}).catch(() => {
        // The database was closed meanwhile: nothing left to protect.
      });
    },
    [dbPath],
  );
  const lock = useCallback(() => lockNow(null), [lockNow]);
  const unlock = useCallback(() => {
    rememberLock(null);
    setLocked(false);
    loadSettings();
  }, [loadSettings]);

  const minutes = settings?.autoLockMinutes ?? 0;
  useEffect(() => {
    if (locked || minutes <= 0) return;
    const limit = minutes * 60_000;
    // Activity only records the time; one timer checks it, so moving the mouse costs nothing.
    let last = Date.now();
    let timer: ReturnType<typeof setTimeout>;
    const check = () => {
      const idle = Date.now() - last;
      if (idle >= limit) lockNow(minutes);
      else timer = setTimeout(check, limit - idle);
    };
    const onActivity = () => {
      last = Date.now();
    };
    timer = setTimeout(check, limit);
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onActivity, { capture: true, passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, onActivity, { capture: true });
    };
  }, [locked, minutes, lockNow]);

  return { locked, idleMinutes, settings, lock, unlock, applySettings: setSettings };
}

export function LockScreen(props: { fileName: string; filePath: string; idleMinutes: number | null; onUnlocked: () => void; onClose: () => void; closing: boolean }) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [remembered] = useState(() => rememberedOperator(props.filePath));
  const [pick, setPick] = useState<OperatorPick>(() => initialPick(props.filePath));
  // Unlocked, but who works on is still to be chosen.
  const [operatorStep, setOperatorStep] = useState<Exclude<PickOutcome, { done: true }> | null>(null);

  // Messages shown before the lock may name people: they are cleared at once (main's 'locked' event
  // may come later), and any that arrive while locked (a request that failed) stay hidden.
  const { clear: clearToasts } = useToast();
  useEffect(() => {
    clearToasts();
    document.body.classList.add('is-locked');
    return () => document.body.classList.remove('is-locked');
  }, [clearToasts]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const problem = pickProblem(pick);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await call('security.verifyPassword', { password });
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'WRONG_PASSWORD' ? '密码错误，请重新输入。' : errorMessage(err));
      setPassword('');
      setBusy(false);
      return;
    }
    let outcome: PickOutcome;
    try {
      outcome = await applyOperatorPick(pick, props.filePath);
    } catch (err) {
      outcome = { done: false, error: errorMessage(err), draft: null };
    }
    if (outcome.done) props.onUnlocked();
    else setOperatorStep(outcome);
  };

  if (operatorStep) {
    return (
      <main className="lock-screen" aria-label="选择操作员">
        <div className="lock-card">
          <p className="lock-file" title={props.filePath}>
            {props.fileName}
          </p>
          <OperatorStep dbPath={props.filePath} error={operatorStep.error} draft={operatorStep.draft} onDone={props.onUnlocked} />
        </div>
      </main>
    );
  }

  return (
    <main className="lock-screen" aria-label="已锁定">
      <form className="lock-card" onSubmit={(e) => void submit(e)}>
        <div className="lock-icon" aria-hidden="true" />
        <h1>精准扶贫台账 · 已锁定</h1>
        <p className="lock-file" title={props.filePath}>
          {props.fileName}
        </p>
        <p className="lock-why">
          {props.idleMinutes ? `窗口已空闲 ${props.idleMinutes} 分钟，为保护个人信息已自动锁定。` : '窗口已锁定。'}
          请输入数据库密码继续工作。
        </p>
        <div className="field">
          <label htmlFor="unlock-password">密码</label>
          <input id="unlock-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" autoFocus disabled={busy} />
        </div>
        <OperatorFields idPrefix="unlock" pick={pick} remembered={remembered} onChange={setPick} disabled={busy} />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="lock-actions">
          <button type="submit" className="btn btn-primary btn-large" disabled={busy || password === ''}>
            {busy ? '正在验证…' : '解锁'}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => {
              rememberLock(null);
              props.onClose();
            }}
            disabled={busy || props.closing}
          >
            关闭数据库
          </button>
        </div>
        <p className="field-hint">其他人要用这台电脑时，可以直接关闭数据库（不需要密码；有未备份的修改会先自动备份）。</p>
      </form>
    </main>
  );
}
