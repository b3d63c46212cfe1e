// The households page's dialogs. Each sends what the clerk entered; main checks it (ID number,
// uniqueness, one head per household) and a refusal is shown inside the dialog, which stays open.
import { useState } from 'react';
import type { HouseholdRow, InputOf, MemberRow, VillageRow } from '../../../shared/contract';

// Selects start empty where the clerk must choose; main answers an empty choice with its own message.
type Category = InputOf<'households.create'>['category'];
type Relation = InputOf<'members.create'>['relation'];
import { CODE_LISTS } from '../../../shared/domain/codes';
import { call, errorMessage } from '../../api';
import { Dialog, Field, useDialogSubmit } from '../../components/Dialog';
import { isHeadRelation } from '../../../shared/domain/household';

/** The dialog's one request, sent by its submit button. */
function useSubmit<T>(action: () => Promise<T>, onDone: (result: T) => void) {
  const dialog = useDialogSubmit(onDone);
  return { ...dialog, submit: () => dialog.submit(action) };
}

export function NewHouseholdDialog(props: { villages: VillageRow[]; villageId: string; onDone: (row: HouseholdRow) => void; onCancel: () => void }) {
  const [villageId, setVillageId] = useState(props.villageId || props.villages[0]?.id || '');
  // No default: filing a 低保 or 五保 household as 一般 by skipping the choice would distort the plan's figures.
  const [category, setCategory] = useState<Category | ''>('');
  const [headName, setHeadName] = useState('');
  const [headIdNumber, setHeadIdNumber] = useState('');
  const { busy, error, submit } = useSubmit(
    // An empty choice goes to main as is; main answers it with 请选择贫困户属性.
    () => call('households.create', { villageId, category: category as Category, headName, headIdNumber }),
    props.onDone,
  );
  return (
    <Dialog title="新增贫困户" submitLabel="保存" onSubmit={submit} onCancel={props.onCancel} busy={busy} error={error}>
      <Field id="nh-village" label="行政村">
        <select id="nh-village" value={villageId} onChange={(e) => setVillageId(e.target.value)}>
          {props.villages.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="nh-category" label="贫困户属性">
        <select id="nh-category" value={category} onChange={(e) => setCategory(e.target.value as Category)}>
          <option value="">请选择</option>
          {CODE_LISTS.householdCategory.map((c) => (
            <option key={c.code} value={c.code}>
              {c.label}
            </option>
          ))}
        </select>
      </Field>
      <Field id="nh-head-name" label="户主姓名">
        <input id="nh-head-name" type="text" value={headName} onChange={(e) => setHeadName(e.target.value)} autoComplete="off" />
      </Field>
      <Field id="nh-head-id" label="户主身份证号" hint="户编号由系统按行政村自动编排">
        <input id="nh-head-id" className="mono" type="text" value={headIdNumber} onChange={(e) => setHeadIdNumber(e.target.value)} autoComplete="off" spellCheck={false} />
      </Field>
    </Dialog>
  );
}

/** 与户主关系 without 户主 itself: a head is only ever set through 设为户主. */
function RelationSelect(props: { id: string; value: string; onChange: (code: string) => void }) {
  return (
    <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
      <option value="">请选择</option>
      {CODE_LISTS.relation
        .filter((c) => !isHeadRelation(c.code))
        .map((c) => (
          <option key={c.code} value={c.code}>
            {c.label}
          </option>
        ))}
    </select>
  );
}

export function NewMemberDialog(props: { household: HouseholdRow; onDone: (row: MemberRow) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [relation, setRelation] = useState('');
  const { busy, error, submit } = useSubmit(
    () => call('members.create', { householdId: props.household.id, name, idNumber, relation: relation as Relation }),
    props.onDone,
  );
  return (
    <Dialog title="新增成员" submitLabel="保存" onSubmit={submit} onCancel={props.onCancel} busy={busy} error={error}>
      <p className="dialog-context">
        户编号 {props.household.hhCode}，户主 {props.household.headName ?? '（无）'}
      </p>
      <Field id="nm-name" label="姓名">
        <input id="nm-name" type="text" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </Field>
      <Field id="nm-id" label="身份证号">
        <input id="nm-id" className="mono" type="text" value={idNumber} onChange={(e) => setIdNumber(e.target.value)} autoComplete="off" spellCheck={false} />
      </Field>
      <Field id="nm-relation" label="与户主关系">
        <RelationSelect id="nm-relation" value={relation} onChange={setRelation} />
      </Field>
    </Dialog>
  );
}

export function MakeHeadDialog(props: { member: MemberRow; formerHead: string | null; onDone: (row: MemberRow) => void; onCancel: () => void }) {
  const [relation, setRelation] = useState('');
  const { busy, error, submit } = useSubmit(() => call('members.makeHead', { id: props.member.id, formerHeadRelation: relation as Relation }), props.onDone);
  return (
    <Dialog title="设为户主" submitLabel="确定" onSubmit={submit} onCancel={props.onCancel} busy={busy} error={error}>
      <p className="dialog-context">
        将“{props.member.name}”设为户主{props.formerHead ? `，原户主“${props.formerHead}”改为下列关系` : ''}。
      </p>
      <Field id="mh-relation" label="原户主的新关系">
        <RelationSelect id="mh-relation" value={relation} onChange={setRelation} />
      </Field>
    </Dialog>
  );
}

export function ConfirmDialog(props: { title: string; message: string; confirmLabel: string; action: () => Promise<unknown>; onDone: () => void; onCancel: () => void }) {
  const { busy, error, submit } = useSubmit(props.action, props.onDone);
  return (
    <Dialog title={props.title} submitLabel={props.confirmLabel} onSubmit={submit} onCancel={props.onCancel} busy={busy} error={error} danger>
      <p className="dialog-message">{props.message}</p>
    </Dialog>
  );
}
