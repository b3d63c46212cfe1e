// The 组织 page's dialogs: a new unit, team or cadre, a team's member units, and a removal to
// confirm. main checks everything (shared/domain/org.ts); a refusal shows inside the dialog, which
// stays open with what was typed.
import { useState, type ReactNode } from 'react';
import type { CadreRow, TeamRow, UnitRow, VillageRow } from '../../../shared/contract';
import { CADRE_ROLES } from '../../../shared/domain/org';
import { call, errorMessage } from '../../api';
import { Dialog, Field, useDialogSubmit } from '../../components/Dialog';


function TextField(props: { id: string; label: string; value: string; onChange: (v: string) => void; hint?: string; mono?: boolean; placeholder?: string }) {
  return (
    <Field id={props.id} label={props.label} hint={props.hint}>
      <input id={props.id} className={props.mono ? 'mono' : undefined} type="text" value={props.value} onChange={(e) => props.onChange(e.target.value)} autoComplete="off" placeholder={props.placeholder} />
    </Field>
  );
}

function SelectField(props: { id: string; label: string; value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; hint?: string; children?: ReactNode }) {
  return (
    <Field id={props.id} label={props.label} hint={props.hint}>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

const PHONE_HINT = '11位手机号，或带区号的固定电话（如 027-87654321）';

export function NewUnitDialog(props: { onDone: (row: UnitRow) => void; onCancel: () => void }) {
  const [v, setV] = useState({ name: '', kind: '区直部门', headName: '', phone: '' });
  const set = (k: keyof typeof v) => (value: string) => setV((s) => ({ ...s, [k]: value }));
  const { busy, error, submit } = useDialogSubmit(props.onDone);
  return (
    <Dialog title="新增帮扶单位" submitLabel="保存" onSubmit={() => submit(() => call('units.create', v))} onCancel={props.onCancel} busy={busy} error={error}>
      <TextField id="nu-name" label="单位名称" value={v.name} onChange={set('name')} />
      <TextField id="nu-kind" label="类别" value={v.kind} onChange={set('kind')} />
      <TextField id="nu-head" label="负责人" value={v.headName} onChange={set('headName')} />
      <TextField id="nu-phone" label="联系电话" value={v.phone} onChange={set('phone')} hint={PHONE_HINT} mono />
    </Dialog>
  );
}

export function NewTeamDialog(props: { villages: VillageRow[]; units: UnitRow[]; onDone: (row: TeamRow) => void; onCancel: () => void }) {
  // A village has one team; a unit is in one team: only the free ones are offered.
  const villages = props.villages.filter((v) => v.teamName === null);
  const units = props.units.filter((u) => u.teamId === null);
  const [villageId, setVillageId] = useState(villages[0]?.id ?? '');
  const [leadUnitId, setLeadUnitId] = useState(units[0]?.id ?? '');
  const village = villages.find((v) => v.id === villageId);
  const [name, setName] = useState(village ? `${village.name}驻村工作队` : '');
  const { busy, error, submit } = useDialogSubmit(props.onDone);
  const chooseVillage = (id: string) => {
    setVillageId(id);
    const v = villages.find((x) => x.id === id);
    if (v) setName(`${v.name}驻村工作队`);
  };
  return (
    <Dialog title="新增驻村工作队" submitLabel="保存" onSubmit={() => submit(() => call('teams.create', { name, villageId, leadUnitId }))} onCancel={props.onCancel} busy={busy} error={error}>
      <SelectField id="nt-village" label="驻村" value={villageId} onChange={chooseVillage} options={villages.map((v) => ({ value: v.id, label: v.name }))} hint={villages.length === 0 ? '每个村都已有工作队' : '只列出还没有工作队的村'} />
      <TextField id="nt-name" label="工作队名称" value={name} onChange={setName} />
      <SelectField id="nt-lead" label="牵头单位" value={leadUnitId} onChange={setLeadUnitId} options={units.map((u) => ({ value: u.id, label: u.name }))} hint={units.length === 0 ? '所有单位都已派驻工作队：请先新增单位' : '只列出还未派驻工作队的单位'} />
    </Dialog>
  );
}

export function NewCadreDialog(props: { units: UnitRow[]; teams: TeamRow[]; team?: TeamRow; onDone: (row: CadreRow) => void; onCancel: () => void }) {
  // In a team: the team's units; otherwise any unit, the team following from the unit.
  const units = props.team ? props.units.filter((u) => u.teamId === props.team!.id) : props.units;
  const [v, setV] = useState({ name: '', role: props.team ? '队员' : '帮扶责任人', title: '', phone: '', duty: '', unitId: units[0]?.id ?? '', inTeam: props.team ? 'yes' : 'no' });
  const set = (k: keyof typeof v) => (value: string) => setV((s) => ({ ...s, [k]: value }));
  const unit = units.find((u) => u.id === v.unitId);
  const { busy, error, submit } = useDialogSubmit(props.onDone);
  const teamId = v.inTeam === 'yes' ? (unit?.teamId ?? null) : null;
  const input = { name: v.name, role: v.role, title: v.title, phone: v.phone, duty: v.duty, unitId: v.unitId, teamId };
  return (
    <Dialog title={props.team ? `新增${props.team.name}干部` : '新增帮扶干部'} submitLabel="保存" onSubmit={() => submit(() => call('cadres.create', input))} onCancel={props.onCancel} busy={busy} error={error}>
      <TextField id="nc-name" label="姓名" value={v.name} onChange={set('name')} />
      <SelectField id="nc-unit" label="单位" value={v.unitId} onChange={set('unitId')} options={units.map((u) => ({ value: u.id, label: u.name }))} />
      <SelectField
        id="nc-team"
        label="工作队"
        value={v.inTeam}
        onChange={set('inTeam')}
        options={[
          { value: 'yes', label: unit?.teamName ?? '（该单位尚未派驻工作队）' },
          { value: 'no', label: '不进工作队' },
        ]}
        hint="干部只能进本单位所派驻的工作队"
      />
      <SelectField id="nc-role" label="队内职务" value={v.role} onChange={set('role')} options={CADRE_ROLES.map((r) => ({ value: r, label: r }))} />
      <TextField id="nc-title" label="职级" value={v.title} onChange={set('title')} placeholder="如 科员" />
      <TextField id="nc-phone" label="联系电话" value={v.phone} onChange={set('phone')} hint={PHONE_HINT} mono />
      <TextField id="nc-duty" label="职责" value={v.duty} onChange={set('duty')} placeholder="如 负责产业发展和结对户走访" />
    </Dialog>
  );
}

/** The team's member units: its own, and the units no team has yet. The lead unit stays. */
export function TeamUnitsDialog(props: { team: TeamRow; units: UnitRow[]; onDone: (row: TeamRow) => void; onCancel: () => void }) {
  const offered = props.units.filter((u) => u.teamId === props.team.id || u.teamId === null);
  const [chosen, setChosen] = useState(() => new Set(offered.filter((u) => u.teamId === props.team.id).map((u) => u.id)));
  const { busy, error, submit } = useDialogSubmit(props.onDone);
  const toggle = (id: string) =>
    setChosen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <Dialog title={`${props.team.name}的成员单位`} submitLabel="保存" onSubmit={() => submit(() => call('teams.setUnits', { teamId: props.team.id, unitIds: [...chosen] }))} onCancel={props.onCancel} busy={busy} error={error}>
      <p className="dialog-message">勾选派驻本队的单位。一个单位只能派驻一支工作队，这里只列出本队的单位和尚未派驻的单位；牵头单位不能取消。</p>
      <div className="org-unit-choices" role="group" aria-label="成员单位">
        {offered.map((u) => (
          <label key={u.id} className="org-unit-choice">
            <input type="checkbox" checked={chosen.has(u.id) || u.id === props.team.leadUnitId} disabled={u.id === props.team.leadUnitId} onChange={() => toggle(u.id)} />
            {u.name}
            {u.id === props.team.leadUnitId && <span className="muted">（牵头单位）</span>}
          </label>
        ))}
      </div>
    </Dialog>
  );
}

/** A removal to confirm; for a cadre with households, the choice to unpair them first. */
export function RemoveDialog(props: { what: string; name: string; paired?: number; onConfirm: (unpair: boolean) => Promise<unknown>; onDone: () => void; onCancel: () => void }) {
  const { busy, error, submit } = useDialogSubmit(props.onDone);
  const paired = props.paired ?? 0;
  return (
    <Dialog
      title={`删除${props.what}`}
      submitLabel={paired > 0 ? '解除结对并删除' : '删除'}
      danger
      onSubmit={() => submit(() => props.onConfirm(paired > 0))}
      onCancel={props.onCancel}
      busy={busy}
      error={error}
    >
      <p className="dialog-message">
        确定删除{props.what}“{props.name}”？
        {paired > 0 && (
          <>
            <br />
            其仍结对帮扶 <b>{paired}</b> 户：删除将同时解除这些结对，这些户将没有帮扶责任人（可在“结对帮扶”中改由其他干部帮扶后再删除）。
          </>
        )}
      </p>
    </Dialog>
  );
}
