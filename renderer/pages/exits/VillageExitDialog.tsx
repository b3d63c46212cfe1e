// 出列…: a village's exit criteria as on the chosen day; its incomes of that year and its nine
// haves (九有) entered and saved here; 出列 when the criteria pass, or with a reason; undone with a
// reason. Main checks everything again and records it.
import { useState } from 'react';
import type { VillageExitView } from '../../../shared/contract';
import { NINE_HAVES, type NineHaveKey } from '../../../shared/domain/exitCriteria';
import { todayIso } from '../../../shared/domain/dates';
import { fenToYuan, yuanToFen } from '../../../shared/domain/money';
import { call, errorMessage } from '../../api';
import { Modal } from '../../components/Modal';
import { CriteriaList, EventList, ExitButton, ExitFields, ReasonField, StepError, exitStepInput, useExitStep, useExitView, type ExitFieldValues } from './ExitParts';

const fenText = (fen: number | null) => (fen === null ? '' : fenToYuan(fen));

function money(text: string, what: string): number | null {
  if (text.trim() === '') return null;
  try {
    return yuanToFen(text);
  } catch (e) {
    throw new Error(`${what}：${errorMessage(e)}`);
  }
}

export function VillageExitDialog({ villageId, onClose }: { villageId: string; onClose: () => void }) {
  const [on, setOn] = useState(todayIso());
  const [view, setView] = useState<VillageExitView | null>(null);
  const [perCapita, setPerCapita] = useState('');
  const [collective, setCollective] = useState('');
  const [haves, setHaves] = useState<Record<NineHaveKey, boolean> | null>(null);
  const [fields, setFields] = useState<ExitFieldValues>({ reviewer: '', evidence: '', override: '' });
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useExitStep(onClose);

  const show = (v: VillageExitView) => {
    setView(v);
    setPerCapita(fenText(v.facts.perCapitaIncomeFen));
    setCollective(fenText(v.facts.collectiveIncomeFen));
    setHaves(v.facts.haves);
  };
  useExitView(villageId, on, (day) => call('exits.village', { villageId, on: day }), show, setError);

  const saveFacts = () =>
    haves &&
    void run(
      async () => show(await call('exits.setVillageFacts', { villageId, on, perCapitaIncomeFen: money(perCapita, '村人均可支配收入'), collectiveIncomeFen: money(collective, '村集体经济收入'), haves })),
      '村情况已保存',
      false,
    );

  const exited = !!view?.exitedOn;
  const failing = view ? view.criteria.filter((c) => !c.passed).length : 0;
  const year = on.slice(0, 4);

  const actions = (
    <>
      <button type="button" className="btn" onClick={onClose} disabled={busy}>
        关闭
      </button>
      {view && !exited && (
        <ExitButton label="出列" failing={failing} busy={busy} onClick={() => void run(() => call('exits.exitVillage', { villageId, ...exitStepInput(on, fields, failing) }), `${view.name}已出列（${on}）`)} />
      )}
      {view && exited && (
        <button type="button" className="btn btn-danger-outline" disabled={busy} onClick={() => void run(() => call('exits.undoVillage', { villageId, on, reason }), `已撤销${view.name}的出列`)}>
          撤销出列
        </button>
      )}
    </>
  );

  return (
    <Modal title={view ? `出列：${view.name}` : '出列'} actions={actions} onEscape={busy ? undefined : onClose} wide className="exit-dialog">
      {!view && !error && <p className="loading">正在读取…</p>}
      {view && haves && (
        <>
          <p className="exit-state">{exited ? `已于 ${view.exitedOn} 出列` : `尚未出列${view.plannedExitYear ? `（计划 ${view.plannedExitYear} 年）` : ''}`}</p>
          <div className="field field-inline">
            <label htmlFor="village-exit-on">{exited ? '办理日期' : '出列日期'}</label>
            <input id="village-exit-on" type="date" value={on} max={todayIso()} onChange={(e) => setOn(e.target.value)} disabled={busy} />
          </div>
          <h3 className="section-title">村情况（{year}年）</h3>
          <div className="exit-fields">
            <label htmlFor="village-per-capita">村人均可支配收入（元）</label>
            <input id="village-per-capita" inputMode="decimal" value={perCapita} onChange={(e) => setPerCapita(e.target.value)} disabled={busy} />
            <label htmlFor="village-collective">村集体经济收入（元）</label>
            <input id="village-collective" inputMode="decimal" value={collective} onChange={(e) => setCollective(e.target.value)} disabled={busy} />
          </div>
          <fieldset className="nine-haves">
            <legend>九有</legend>
            {NINE_HAVES.map((h) => (
              <label key={h.key} className="check-row">
                <input type="checkbox" checked={haves[h.key]} onChange={(e) => setHaves({ ...haves, [h.key]: e.target.checked })} disabled={busy} />
                {h.label}
              </label>
            ))}
          </fieldset>
          <button type="button" className="btn btn-small" onClick={saveFacts} disabled={busy}>
            保存村情况
          </button>
          {!exited && (
            <>
              <h3 className="section-title">出列标准（{year}年）</h3>
              <CriteriaList criteria={view.criteria} label="出列标准" />
              <ExitFields idPrefix="village" values={fields} onChange={setFields} failing={failing} overrideLabel="未达标仍出列的理由" evidenceHint="如：区级验收通过，公示无异议" busy={busy} />
            </>
          )}
          {exited && <ReasonField id="village-reason" label="撤销原因" value={reason} onChange={setReason} busy={busy} />}
          <h3 className="section-title">出列记录</h3>
          <EventList events={view.events} exitLabel="出列" />
        </>
      )}
      <StepError error={error} />
    </Modal>
  );
}
