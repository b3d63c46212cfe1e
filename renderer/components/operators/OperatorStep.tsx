// After the password, when the password step did not settle who is working: choose one of the
// database's active 操作员, or add one (the first one of a database that has none).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Operator } from '../../../shared/contract';
import { call, errorMessage } from '../../api';
import { OperatorFields } from './OperatorFields';
import { applyOperatorPick, pickProblem, type OperatorPick } from './operatorPick';
import { rememberedOperator } from './remembered';
import './operators.css';

export function OperatorStep(props: { dbPath: string; error: string | null; draft: { name: string; office: string } | null; onDone: () => void }) {
  const [offered, setOffered] = useState<Operator[] | null>(null);
  const [chosenId, setChosenId] = useState('');
  const [draft, setDraft] = useState<OperatorPick>({ kind: 'new', name: props.draft?.name ?? '', office: props.draft?.office ?? '' });
  const [adding, setAdding] = useState(props.draft !== null);
  const [error, setError] = useState<string | null>(props.error);
  const [busy, setBusy] = useState(false);
  const submitRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    call('operators.list', {})
      .then((all) => {
        const active = all.filter((o) => !o.retired);
        const remembered = rememberedOperator(props.dbPath);
        setOffered(active);
        setChosenId(active.find((o) => o.id === remembered?.id)?.id ?? active[0]?.id ?? '');
        if (active.length === 0) setAdding(true);
      })
      .catch((e) => setError(errorMessage(e)));
  }, [props.dbPath]);
  useEffect(() => {
    if (offered && !adding) submitRef.current?.focus();
  }, [offered, adding]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !offered) return;
    const pick: OperatorPick = adding ? draft : { kind: 'remembered', operator: offered.find((o) => o.id === chosenId)! };
    if (adding && pick.kind === 'new' && pick.name.trim() === '') {
      setError('请填写操作员姓名');
      return;
    }
    const problem = pickProblem(pick);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    const outcome = await applyOperatorPick(pick, props.dbPath);
    if (outcome.done) {
      props.onDone();
      return;
    }
    setError(outcome.error);
    setBusy(false);
  };

  return (
    <form className="operator-step" aria-label="选择操作员" onSubmit={(e) => void submit(e)}>
      <h2>请选择操作员</h2>
      <p className="lead">{offered?.length === 0 ? '这个数据库还没有操作员。请添加第一位（您本人），以后的修改记录会写上操作员的姓名。' : '以后的修改记录会写上操作员的姓名。'}</p>
      {offered === null && !error && <p className="muted">正在读取操作员名单…</p>}
      {offered && offered.length > 0 && (
        <div className="field">
          <label htmlFor="step-operator">操作员</label>
          <select
            id="step-operator"
            value={adding ? '' : chosenId}
            onChange={(e) => {
              setError(null);
              setAdding(e.target.value === '');
              if (e.target.value !== '') setChosenId(e.target.value);
            }}
            disabled={busy}
          >
            {offered.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
            <option value="">新增操作员…</option>
          </select>
        </div>
      )}
      {offered && adding && <OperatorFields idPrefix="step" pick={draft} remembered={null} onChange={setDraft} disabled={busy} newOnly />}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-buttons">
        <button ref={submitRef} type="submit" className="btn btn-primary btn-large" disabled={busy || offered === null}>
          {busy ? '正在进入…' : adding ? '添加并开始工作' : '开始工作'}
        </button>
      </div>
    </form>
  );
}
