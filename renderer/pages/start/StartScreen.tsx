// The start screen: open an existing database, create a new one, or prepare the fictitious demo.
// Nothing opens until main has accepted path and password; every refusal is shown as main said it.
// With the password the clerk says who is working (the 操作员 the history will name): the name
// remembered on this PC for that database, a new one, or one from its list once it is open.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { AppInfo, DbInfo, Progress } from '../../../shared/contract';
import { ApiError, call, errorMessage, onEvent } from '../../api';
import { PasswordHints } from '../../components/PasswordHints';
import { ProgressBar } from '../../components/ProgressBar';
import { RecoveryCodeDialog } from '../../components/RecoveryCodeDialog';
import { RecoverForm } from '../safety/RecoverForm';
import { RestoreDamagedDialog } from '../safety/RestoreDamagedDialog';
import { OperatorFields } from '../../components/operators/OperatorFields';
import { OperatorStep } from '../../components/operators/OperatorStep';
import { applyOperatorPick, initialPick, pickProblem, type OperatorPick, type PickOutcome } from '../../components/operators/operatorPick';
import { rememberedOperator } from '../../components/operators/remembered';

type Mode = 'open' | 'create' | 'recover';

export function StartScreen({ info, onOpened }: { info: AppInfo; onOpened: () => void }) {
  const [mode, setMode] = useState<Mode>('open');
  const [path, setPath] = useState(info.recent[0] ?? '');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState<null | 'demo' | 'submit'>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  // After creation: the one-time recovery code is shown before the main window opens.
  const [created, setCreated] = useState<(DbInfo & { recoveryCode: string }) | null>(null);
  // A database main refused as damaged, and whether its restore dialog is open.
  const [damaged, setDamaged] = useState<{ path: string; password: string } | null>(null);
  const [restoring, setRestoring] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  // The password field is disabled while the demo is prepared, and a disabled field takes no
  // focus: the demo asks for it here and gets it once the field is enabled again.
  const [focusPassword, setFocusPassword] = useState(false);
  useEffect(() => {
    if (!focusPassword || busy !== null) return;
    passwordRef.current?.focus();
    setFocusPassword(false);
  }, [focusPassword, busy]);
  // The 操作员: picked with the password; asked for after opening when that did not settle it.
  const remembered = useMemo(() => rememberedOperator(path), [path]);
  const [pick, setPick] = useState<OperatorPick>(() => initialPick(path));
  const [operatorStep, setOperatorStep] = useState<{ dbPath: string; outcome: Exclude<PickOutcome, { done: true }> } | null>(null);
  const rememberedId = remembered?.id ?? null;
  // Another database chosen (a recent file, the demo): its own remembered name, not the typed one.
  useEffect(() => setPick(initialPick(path)), [rememberedId]);

  useEffect(() => onEvent('job.progress', (p) => setProgress(p)), []);

  const choose = (m: Mode) => {
    setMode(m);
    setError(null);
    setHint(null);
    setDamaged(null);
    if (m === 'create') setPath('');
  };

  const prepareDemo = async () => {
    setMode('open');
    setError(null);
    setHint(null);
    setProgress(null);
    setBusy('demo');
    try {
      const r = await call('db.prepareDemo', {});
      setPath(r.path);
      setPassword('');
      setHint(`演示数据库密码：${info.demoPassword}（虚构演示数据）`);
      setFocusPassword(true);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const browse = async () => {
    try {
      const picked = await call('db.pickPath', { mode: mode === 'create' ? 'save' : 'open' });
      if (picked) setPath(picked);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setDamaged(null);
    if (mode === 'create' && password !== confirm) {
      setError('两次输入的密码不一致，请重新输入');
      return;
    }
    const problem = pickProblem(pick);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy('submit');
    try {
      if (mode === 'create') {
        setCreated(await call('db.create', { path, password }));
        setBusy(null);
        return;
      }
      const opened = await call('db.open', { path, password });
      await settleOperator(opened.path);
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof ApiError && err.code === 'CORRUPT') setDamaged({ path, password });
      setBusy(null);
    }
  };

  /** The database is open: the window acts as the picked operator, or the clerk is asked. */
  const settleOperator = async (dbPath: string) => {
    let outcome: PickOutcome;
    try {
      outcome = await applyOperatorPick(pick, dbPath);
    } catch (e) {
      outcome = { done: false, error: errorMessage(e), draft: null };
    }
    if (outcome.done) onOpened();
    else {
      setOperatorStep({ dbPath, outcome });
      setBusy(null);
    }
  };

  return (
    <main className="start">
      <header className="start-header">
        <h1>精准扶贫台账</h1>
        <p className="start-sub">挂图作战 · 建档立卡信息管理（单机版 {info.version}）</p>
      </header>
      <div className="start-body">
        <section className="start-card" aria-label="打开或新建数据库">
          {operatorStep ? (
            <OperatorStep dbPath={operatorStep.dbPath} error={operatorStep.outcome.error} draft={operatorStep.outcome.draft} onDone={onOpened} />
          ) : (
            <>
              <div className="start-actions">
                <button type="button" className={mode === 'create' ? 'btn btn-tab active' : 'btn btn-tab'} onClick={() => choose('create')} disabled={busy !== null}>
                  新建数据库
                </button>
                <button type="button" className={mode !== 'create' ? 'btn btn-tab active' : 'btn btn-tab'} onClick={() => choose('open')} disabled={busy !== null}>
                  打开数据库
                </button>
                <button type="button" className="btn btn-tab" onClick={() => void prepareDemo()} disabled={busy !== null}>
                  打开演示数据
                </button>
              </div>
              {busy === 'demo' && (
                <div className="start-progress">
                  <p>正在准备演示数据库（虚构演示数据），请稍候…</p>
                  <ProgressBar progress={progress} label="正在生成演示数据" />
                </div>
              )}
              {mode === 'recover' ? (
                <RecoverForm initialPath={path} canPickFiles={info.canPickFiles} onOpened={onOpened} onCancel={() => choose('open')} />
              ) : (
                <form className="start-form" onSubmit={(e) => void submit(e)}>
                  <div className="field">
                    <label htmlFor="db-path">数据库文件路径</label>
                    <div className="path-row">
                      <input
                        id="db-path"
                        type="text"
                        value={path}
                        onChange={(e) => setPath(e.target.value)}
                        placeholder={mode === 'create' ? '例如 D:\\扶贫办\\台账2016.fupin' : '选择或填写 .fupin 数据库文件'}
                        spellCheck={false}
                        disabled={busy !== null}
                      />
                      {info.canPickFiles && (
                        <button type="button" className="btn" onClick={() => void browse()} disabled={busy !== null}>
                          浏览…
                        </button>
                      )}
                    </div>
                  </div>
                  <div className="field">
                    <label htmlFor="db-password">密码</label>
                    <input id="db-password" ref={passwordRef} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" disabled={busy !== null} />
                    {mode === 'create' && <PasswordHints password={password} />}
                  </div>
                  {mode === 'create' && (
                    <div className="field">
                      <label htmlFor="db-confirm">确认密码</label>
                      <input id="db-confirm" type="password" value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" disabled={busy !== null} />
                      <p className="field-hint">数据库文件用此密码加密。创建后会显示一次恢复码，忘记密码时凭它重设；同时在数据库旁生成同名的 .key 密钥文件，复制或备份时要一起带上。</p>
                    </div>
                  )}
                  <OperatorFields idPrefix="start" pick={pick} remembered={remembered} onChange={setPick} disabled={busy !== null} />
                  {hint && (
                    <p className="hint" role="note">
                      {hint}
                    </p>
                  )}
                  {error && (
                    <div className="form-error" role="alert">
                      {error}
                      {damaged && (
                        <div className="error-actions">
                          <button type="button" className="btn" onClick={() => setRestoring(true)}>
                            从备份恢复…
                          </button>
                        </div>
                      )}
                    </div>
                  )}
                  <div className="start-submit form-buttons">
                    <button type="submit" className="btn btn-primary btn-large" disabled={busy !== null}>
                      {busy === 'submit' ? '正在打开…' : mode === 'create' ? '创建' : '打开'}
                    </button>
                    {mode === 'open' && (
                      <button type="button" className="btn-link" onClick={() => choose('recover')} disabled={busy !== null}>
                        忘记密码？
                      </button>
                    )}
                  </div>
                </form>
              )}
            </>
          )}
        </section>
        <section className="start-recent" aria-label="最近打开的文件">
          <h2>最近打开</h2>
          {info.recent.length === 0 ? (
            <p className="muted">暂无记录</p>
          ) : (
            <ul>
              {info.recent.map((p) => (
                <li key={p}>
                  <button
                    type="button"
                    className="link"
                    title={p}
                    onClick={() => {
                      setMode('open');
                      setPath(p);
                      setError(null);
                      setDamaged(null);
                      passwordRef.current?.focus();
                    }}
                  >
                    <span className="recent-name">{baseName(p)}</span>
                    <span className="recent-path">{p}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      {created && !operatorStep && (
        <RecoveryCodeDialog
          path={created.path}
          recoveryCode={created.recoveryCode}
          onContinue={() => {
            setBusy('submit');
            void settleOperator(created.path);
          }}
        />
      )}
      {damaged && restoring && <RestoreDamagedDialog path={damaged.path} password={damaged.password} onOpened={onOpened} onCancel={() => setRestoring(false)} />}
    </main>
  );
}

export function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}
