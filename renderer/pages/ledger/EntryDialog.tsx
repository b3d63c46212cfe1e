// 新增记账 and 冲销: the clerk fills the entry, main checks every rule and a refusal is shown in
// the dialog, which stays open with what was typed. The amount is typed in yuan and parsed by the
// one money parser (shared/domain/ledger.ts parseEntryAmount); main checks it again.
import { useMemo, useState } from 'react';
import type { LedgerAccountOption, LedgerEntryRow } from '../../../shared/contract';
import { ACCOUNT_KIND_LABELS, ACCOUNT_RULES, parseEntryAmount, POSTING_KINDS, type AccountKind, type PostingKind } from '../../../shared/domain/ledger';
import { codeLabel } from '../../../shared/domain/codes';
import { todayIso } from '../../../shared/domain/dates';
import { CAMPAIGN_YEARS } from '../../../shared/domain/plan';
import { call, errorMessage } from '../../api';
import { Dialog, Field, useDialogSubmit } from '../../components/Dialog';
import { yuan } from './money';

const OUTSIDE = '';

/** The account a kind is by itself (区级财政, 社会捐助, 其他来源, outside), or null when a record must be chosen. */
function accountOfKind(kind: AccountKind | null | undefined): string | null {
  return kind === 'district' || kind === 'donation' || kind === 'other' ? kind : null;
}

/** One side of an entry: the kind of account, then (for records) the village and the record. */
function AccountPicker(props: { id: string; label: string; kinds: readonly (AccountKind | null)[]; options: LedgerAccountOption[]; value: string | null; onChange: (key: string | null) => void }) {
  const { options, value, onChange } = props;
  const chosen = value === null ? null : (options.find((o) => o.key === value) ?? null);
  const [kind, setKind] = useState<AccountKind | null>(chosen?.kind ?? props.kinds[0] ?? null);
  const [villageId, setVillageId] = useState<string>(chosen?.villageId ?? '');
  const villages = useMemo(() => options.filter((o) => o.kind === 'village'), [options]);
  const needsVillage = kind === 'household' || kind === 'project';
  const items = options.filter((o) => o.kind === kind && (!needsVillage || o.villageId === villageId));
  const pickKind = (k: AccountKind | null) => {
    setKind(k);
    onChange(accountOfKind(k));
  };
  return (
    <Field id={props.id} label={props.label}>
      <div className="ledger-account">
        <select id={props.id} aria-label={`${props.label}类别`} value={kind ?? OUTSIDE} onChange={(e) => pickKind(e.target.value === OUTSIDE ? null : (e.target.value as AccountKind))}>
          {props.kinds.map((k) => (
            <option key={k ?? OUTSIDE} value={k ?? OUTSIDE}>
              {k === null ? '外部（不在本账内）' : ACCOUNT_KIND_LABELS[k]}
            </option>
          ))}
        </select>
        {needsVillage && (
          <select aria-label={`${props.label}所在村`} value={villageId} onChange={(e) => (setVillageId(e.target.value), onChange(null))}>
            <option value="">请选择村…</option>
            {villages.map((v) => (
              <option key={v.key} value={v.villageId ?? ''}>
                {v.label}
              </option>
            ))}
          </select>
        )}
        {kind !== null && (kind === 'unit' || kind === 'village' || needsVillage) && (
          <select aria-label={props.label} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} disabled={needsVillage && !villageId}>
            <option value="">请选择…</option>
            {items.map((o) => (
              <option key={o.key} value={o.key}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </div>
    </Field>
  );
}

function defaultDate(): string {
  const today = todayIso();
  const last = CAMPAIGN_YEARS[CAMPAIGN_YEARS.length - 1];
  return Number(today.slice(0, 4)) > last ? `${last}-12-31` : today;
}

export function EntryDialog(props: { accounts: LedgerAccountOption[]; onDone: (row: LedgerEntryRow) => void; onCancel: () => void }) {
  const [kind, setKind] = useState<PostingKind>('receive');
  const [date, setDate] = useState(defaultDate);
  const [voucherNo, setVoucherNo] = useState('');
  const [amount, setAmount] = useState('');
  const [from, setFrom] = useState<string | null>(() => accountOfKind(ACCOUNT_RULES.receive.from[0]));
  const [to, setTo] = useState<string | null>(() => accountOfKind(ACCOUNT_RULES.receive.to[0]));
  const [memo, setMemo] = useState('');
  const [attachmentRef, setAttachmentRef] = useState('');
  const { busy, error, setError, submit: submitRequest } = useDialogSubmit(props.onDone);
  const rule = ACCOUNT_RULES[kind];
  const submit = () => {
    const parsed = parseEntryAmount(amount);
    if (!parsed.ok) return setError(parsed.message);
    if (rule.from.includes(null) === false && from === null) return setError('付款方：请选择付款方');
    if (rule.to.includes(null) === false && to === null) return setError('收款方：请选择收款方');
    submitRequest(() => call('ledger.add', { date, voucherNo, kind, amountFen: parsed.fen, fromAccount: from, toAccount: to, memo, attachmentRef }));
  };
  return (
    <Dialog title="新增记账" submitLabel="记账" onSubmit={submit} onCancel={props.onCancel} busy={busy} error={error}>
      <div className="ledger-form">
        <Field id="le-kind" label="类型">
          <select
            id="le-kind"
            value={kind}
            onChange={(e) => {
              const next = e.target.value as PostingKind;
              setKind(next);
              setFrom(accountOfKind(ACCOUNT_RULES[next].from[0]));
              setTo(accountOfKind(ACCOUNT_RULES[next].to[0]));
            }}
          >
            {POSTING_KINDS.map((k) => (
              <option key={k} value={k}>
                {codeLabel('ledgerKind', k)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="le-date" label="日期">
          <input id="le-date" type="date" min={`${CAMPAIGN_YEARS[0]}-01-01`} max={`${CAMPAIGN_YEARS[CAMPAIGN_YEARS.length - 1]}-12-31`} value={date} onChange={(e) => setDate(e.target.value)} />
        </Field>
        <Field id="le-voucher" label="凭证号">
          <input id="le-voucher" type="text" value={voucherNo} onChange={(e) => setVoucherNo(e.target.value)} autoComplete="off" placeholder="如 记-2016-001" />
        </Field>
        <Field id="le-amount" label="金额（元）">
          <input id="le-amount" className="num" type="text" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} autoComplete="off" placeholder="如 30000.00" />
        </Field>
      </div>
      <AccountPicker key={`from-${kind}`} id="le-from" label="付款方" kinds={rule.from} options={props.accounts} value={from} onChange={setFrom} />
      <AccountPicker key={`to-${kind}`} id="le-to" label="收款方" kinds={rule.to} options={props.accounts} value={to} onChange={setTo} />
      <Field id="le-memo" label="摘要">
        <input id="le-memo" type="text" value={memo} onChange={(e) => setMemo(e.target.value)} autoComplete="off" />
      </Field>
      <Field id="le-attachment" label="附件" hint="原始凭证的编号或存放位置">
        <input id="le-attachment" type="text" value={attachmentRef} onChange={(e) => setAttachmentRef(e.target.value)} autoComplete="off" />
      </Field>
    </Dialog>
  );
}

export function ReverseDialog(props: { original: LedgerEntryRow; onDone: (row: LedgerEntryRow) => void; onCancel: () => void }) {
  const { original } = props;
  const [date, setDate] = useState(original.date);
  const [voucherNo, setVoucherNo] = useState(`冲-${original.voucherNo}`);
  const [memo, setMemo] = useState('');
  const { busy, error, submit: submitRequest } = useDialogSubmit(props.onDone);
  const submit = () => submitRequest(() => call('ledger.reverse', { id: original.id, date, voucherNo, memo }));
  return (
    <Dialog title="冲销" submitLabel="冲销" onSubmit={submit} onCancel={props.onCancel} busy={busy} error={error} danger>
      <p className="dialog-context">
        冲销凭证“{original.voucherNo}”（{original.date}，{codeLabel('ledgerKind', original.kind)} {yuan(original.amountFen)}，{original.fromLabel} → {original.toLabel}）。
        原记录保留不变并划线标记；冲销记录把同一笔钱原路退回。
      </p>
      <Field id="lr-date" label="冲销日期" hint="须与原记录在同一年度">
        <input id="lr-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      </Field>
      <Field id="lr-voucher" label="冲销凭证号">
        <input id="lr-voucher" type="text" value={voucherNo} onChange={(e) => setVoucherNo(e.target.value)} autoComplete="off" />
      </Field>
      <Field id="lr-memo" label="冲销原因">
        <input id="lr-memo" type="text" value={memo} onChange={(e) => setMemo(e.target.value)} autoComplete="off" />
      </Field>
    </Dialog>
  );
}
