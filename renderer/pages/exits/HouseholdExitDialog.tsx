// 销号…: a household's exit criteria as on the chosen day, with what each still misses; struck off
// when they pass, or with a reason when they do not; a struck-off household's 销号 undone (with a
// reason) or its 返贫 recorded (with a reason). Main checks everything again and records it.
import { useState } from 'react';
import type { HouseholdExitView } from '../../../shared/contract';
import { codeLabel } from '../../../shared/domain/codes';
import { isExited } from '../../../shared/domain/exitStatus';
import { todayIso } from '../../../shared/domain/dates';
import { call } from '../../api';
import { Modal } from '../../components/Modal';
import { CriteriaList, EventList, ExitButton, ExitFields, ReasonField, StepError, exitStepInput, useExitStep, useExitView, type ExitFieldValues } from './ExitParts';

export function HouseholdExitDialog({ householdId, onClose }: { householdId: string; onClose: () => void }) {
  const [on, setOn] = useState(todayIso());
  const [view, setView] = useState<HouseholdExitView | null>(null);
  const [fields, setFields] = useState<ExitFieldValues>({ reviewer: '', evidence: '', override: '' });
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useExitStep(onClose);

  useExitView(householdId, on, (day) => call('exits.household', { householdId, on: day }), setView, setError);

  const exited = view ? isExited(view.exitStatus) : false;
  const failing = view ? view.criteria.filter((c) => !c.passed).length : 0;
  const title = view ? `销号：${view.hhCode}（${view.headName ?? '无户主'}，${view.villageName}）` : '销号';

  const actions = (
    <>
      <button type="button" className="btn" onClick={onClose} disabled={busy}>
        关闭
      </button>
      {view && !exited && (
        <ExitButton label="销号" failing={failing} busy={busy} onClick={() => void run(() => call('exits.exitHousehold', { householdId, ...exitStepInput(on, fields, failing) }), `已销号：${view.hhCode}（${on}）`)} />
      )}
      {view && exited && (
        <>
          <button type="button" className="btn btn-danger-outline" disabled={busy} onClick={() => void run(() => call('exits.returnHousehold', { householdId, on, reason }), `已登记返贫：${view.hhCode}`)}>
            登记返贫
          </button>
          <button type="button" className="btn btn-danger-outline" disabled={busy} onClick={() => void run(() => call('exits.undoHousehold', { householdId, on, reason }), `已撤销销号：${view.hhCode}`)}>
            撤销销号
          </button>
        </>
      )}
    </>
  );

  return (
    <Modal title={title} actions={actions} onEscape={busy ? undefined : onClose} wide className="exit-dialog">
      {!view && !error && <p className="loading">正在读取…</p>}
      {view && (
        <>
          <p className="exit-state">
            脱贫状态：<strong>{codeLabel('exitStatus', view.exitStatus)}</strong>
            {view.exitedOn && `（${view.exitedOn} 销号）`}
          </p>
          <div className="field field-inline">
            <label htmlFor="exit-on">{exited ? '办理日期' : '销号日期'}</label>
            <input id="exit-on" type="date" value={on} max={todayIso()} onChange={(e) => setOn(e.target.value)} disabled={busy} />
            <span className="field-hint">按该日所在年度的扶贫标准和收入评判</span>
          </div>
          {!exited && (
            <>
              <h3 className="section-title">脱贫标准（{on.slice(0, 4)}年）</h3>
              <CriteriaList criteria={view.criteria} label="脱贫标准" />
              <ExitFields idPrefix="exit" values={fields} onChange={setFields} failing={failing} overrideLabel="未达标仍销号的理由" evidenceHint="如：村民代表评议通过，公示7天无异议" busy={busy} />
            </>
          )}
          {exited && <ReasonField id="exit-reason" label="原因" value={reason} onChange={setReason} busy={busy} hint="撤销销号或登记返贫都须填写原因" />}
          <h3 className="section-title">销号记录</h3>
          <EventList events={view.events} exitLabel="销号" />
        </>
      )}
      <StepError error={error} />
    </Modal>
  );
}
