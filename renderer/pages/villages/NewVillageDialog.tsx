// 新增行政村: the clerk gives the code, name, town and (optionally) the planned exit year; main
// checks them (the code: 12 digits, in the registry's county, unused) and a refusal is shown inside
// the dialog, which stays open with what was typed.
import { useState } from 'react';
import type { VillageRow } from '../../../shared/contract';
import { COUNTY_CODE_DIGITS, VILLAGE_CODE_DIGITS } from '../../../shared/domain/village';
import { call, errorMessage } from '../../api';
import { Dialog, Field, useDialogSubmit } from '../../components/Dialog';

function codeHint(countyCode: string | null): string {
  return countyCode
    ? `${VILLAGE_CODE_DIGITS}位数字，前${COUNTY_CODE_DIGITS}位为本库的区县代码 ${countyCode}`
    : `${VILLAGE_CODE_DIGITS}位数字，前${COUNTY_CODE_DIGITS}位为所在区县的代码；本库的第一个行政村确定本库所属区县`;
}

export function NewVillageDialog(props: { countyCode: string | null; town: string; onDone: (row: VillageRow) => void; onCancel: () => void }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [town, setTown] = useState(props.town);
  const [plannedExitYear, setPlannedExitYear] = useState('');
  const { busy, error, submit: submitRequest } = useDialogSubmit(props.onDone);
  const submit = () => submitRequest(() => call('villages.create', { code, name, town, plannedExitYear }));
  return (
    <Dialog title="新增行政村" submitLabel="保存" onSubmit={submit} onCancel={props.onCancel} busy={busy} error={error}>
      <Field id="nv-code" label="村代码" hint={codeHint(props.countyCode)}>
        <input id="nv-code" className="mono" type="text" inputMode="numeric" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} />
      </Field>
      <Field id="nv-name" label="行政村名称">
        <input id="nv-name" type="text" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </Field>
      <Field id="nv-town" label="乡(镇)">
        <input id="nv-town" type="text" value={town} onChange={(e) => setTown(e.target.value)} autoComplete="off" />
      </Field>
      <Field id="nv-year" label="计划出列年度" hint="可暂不填写">
        <input id="nv-year" type="text" inputMode="numeric" value={plannedExitYear} onChange={(e) => setPlannedExitYear(e.target.value)} autoComplete="off" placeholder="如 2017" />
      </Field>
    </Dialog>
  );
}
