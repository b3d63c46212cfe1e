// Recording ledger entries: every rule checked before anything is written, inside the write's
// transaction so that the balance checked is the balance the entry lands on. An entry is only
// ever inserted; a mistake is undone by reverseEntry, a new entry pointing to it. The pure rules
// are shared/domain/ledger.ts; here, the ones that read the database: the records accounts name,
// voucher numbers unique per year, and no payment beyond the paying account's balance, as it
// stands on the entry's date and on every later date (money may not leave before it arrived, nor
// be taken from under a later payment).
import type { LedgerEntryRow } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { formatYuan } from '../../../shared/domain/money';
import {
  checkAmountFen,
  checkEntryAccounts,
  checkEntryDate,
  checkReversal,
  checkVoucherNo,
  entryYear,
  normalizeVoucherNo,
  reversalOf,
  type Account,
  type PostingKind,
} from '../../../shared/domain/ledger';
import { queriesFor } from '../../db/queries';
import type { LedgerEntryRecord, RunningBalance } from '../../db/queries/ledger';
import type { Store } from '../../db/store';
import { insertRow, newId, type Writer } from '../../db/write';
import { AccountDirectory, accountOf } from './accounts';

export interface NewEntry {
  date: string;
  voucherNo: string;
  kind: PostingKind;
  amountFen: number;
  fromAccount: string | null;
  toAccount: string | null;
  projectId?: string | null;
  householdId?: string | null;
  memo?: string | null;
  attachmentRef?: string | null;
}

export interface Reversal {
  /** The entry to undo. */
  id: string;
  date: string;
  voucherNo: string;
  memo?: string | null;
}

function refuse(message: string): never {
  throw new AppError('VALIDATION', message);
}

function emptyToNull(text: string | null | undefined): string | null {
  const t = text?.trim() ?? '';
  return t === '' ? null : t;
}

function checkVoucherFree(store: Store, year: number, voucherNo: string): void {
  const taken = queriesFor(store).ledger.voucherEntry(year, voucherNo);
  if (taken) throw new AppError('CONFLICT', `凭证号：${year}年已有凭证号“${voucherNo}”（${taken.date}，${formatYuan(taken.amount)}），同一年度内凭证号不能重复`);
}

/**
 * What an account can pay on a date: the lowest its balance is from the place an entry of that
 * date (and id) takes in the ledger's order on; without an id, after every entry of that day, as
 * an entry made now would be. `at` is its balance at that place.
 */
export function availableBalance(store: Store, account: string, date: string, id: string = newId()): RunningBalance {
  return queriesFor(store).ledger.runningBalance(account, date, id);
}

/**
 * The paying account holds the amount on the entry's date and keeps holding it: no account is
 * ever overdrawn on any day, so no year's balance shows money that had not arrived yet.
 */
function checkBalance(store: Store, entry: { id: string; date: string; fromAccount: string | null; amount: number }, directory: () => AccountDirectory): void {
  if (entry.fromAccount === null) return;
  const { lowest, lowestOn } = availableBalance(store, entry.fromAccount, entry.date, entry.id);
  if (lowest >= entry.amount) return;
  const label = directory().label(entry.fromAccount);
  const balance = lowestOn === entry.date ? `${entry.date} 余额 ${formatYuan(lowest)}` : `${entry.date} 以后余额最低为 ${formatYuan(lowest)}（${lowestOn}，之后已有付款）`;
  throw new AppError('RULE', `金额：超出付款方“${label}”的余额：${balance}，本笔 ${formatYuan(entry.amount)}`);
}

/** The project and household an entry concerns: the ones its accounts name, or a tag given with it. */
function linkedRecords(store: Store, input: NewEntry, from: Account | null, to: Account | null): { projectId: string | null; householdId: string | null } {
  const q = queriesFor(store).ledger;
  const projectAccount = [from, to].find((a) => a?.kind === 'project')?.id ?? null;
  const householdAccount = [from, to].find((a) => a?.kind === 'household')?.id ?? null;
  const projectId = input.projectId ?? null;
  const householdId = input.householdId ?? null;
  if (projectAccount && projectId && projectId !== projectAccount) refuse('项目：与付款方或收款方的项目不一致');
  if (householdAccount && householdId && householdId !== householdAccount) refuse('贫困户：与收款方的贫困户不一致');
  if (!householdAccount && householdId) refuse('贫困户：只有收款方为贫困户时才填写贫困户');
  if (!projectAccount && projectId && !q.exists('projects', projectId)) throw new AppError('NOT_FOUND', '项目：找不到该项目，可能已被删除');
  return { projectId: projectAccount ?? projectId, householdId: householdAccount };
}

/** Every rule an entry must pass, as the row it will be; throws the first refusal. */
function checkedEntry(store: Store, input: NewEntry) {
  const date = input.date.trim();
  const dateProblem = checkEntryDate(date);
  if (dateProblem) refuse(dateProblem);
  const voucherProblem = checkVoucherNo(input.voucherNo);
  if (voucherProblem) refuse(voucherProblem);
  const amountProblem = checkAmountFen(input.amountFen);
  if (amountProblem) refuse(amountProblem);
  const from = accountOf(store, input.fromAccount, '付款方');
  const to = accountOf(store, input.toAccount, '收款方');
  const accountProblem = checkEntryAccounts(input.kind, from, to);
  if (accountProblem) refuse(accountProblem);
  const links = linkedRecords(store, input, from, to);
  const year = entryYear(date);
  const voucherNo = normalizeVoucherNo(input.voucherNo);
  checkVoucherFree(store, year, voucherNo);
  // The id decides the entry's place among the day's entries: checked where it will stand.
  const id = newId();
  checkBalance(store, { id, date, fromAccount: input.fromAccount, amount: input.amountFen }, () => new AccountDirectory(store));
  return {
    id,
    date,
    year,
    voucherNo,
    kind: input.kind,
    amount: input.amountFen,
    fromAccount: input.fromAccount,
    toAccount: input.toAccount,
    ...links,
    memo: emptyToNull(input.memo),
    attachmentRef: emptyToNull(input.attachmentRef),
    reversesId: null,
  };
}

/** Checks an entry without writing it (a voucher list's dry run); the refusal, or null. */
export function entryProblem(store: Store, input: NewEntry): AppError | null {
  try {
    checkedEntry(store, input);
    return null;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
}

/** Records an entry; nothing is written when any rule refuses it. Returns its id. */
export function insertEntry(w: Writer, input: NewEntry): string {
  return w.store.tx(() => insertRow(w, 'ledgerEntries', checkedEntry(w.store, input)).id);
}

export function addEntry(w: Writer, input: NewEntry): LedgerEntryRow {
  return entryRow(w.store, insertEntry(w, input));
}

/** 冲销: a new entry moving the original's money back; the original stays as it was. */
export function reverseEntry(w: Writer, input: Reversal): LedgerEntryRow {
  const store = w.store;
  const id = w.store.tx(() => {
    const original = queriesFor(store).ledger.entry(input.id);
    if (!original) throw new AppError('NOT_FOUND', '找不到要冲销的记录，可能已被删除');
    if (original.reversedById) {
      const by = queriesFor(store).ledger.entry(original.reversedById);
      throw new AppError('RULE', `冲销：凭证号“${original.voucherNo}”已被冲销（冲销凭证号“${by?.voucherNo ?? ''}”），不能再次冲销`);
    }
    const date = input.date.trim();
    const dateProblem = checkEntryDate(date);
    if (dateProblem) refuse(dateProblem);
    const voucherProblem = checkVoucherNo(input.voucherNo);
    if (voucherProblem) refuse(voucherProblem);
    const back = reversalOf(original);
    const reversal = { kind: 'reversal' as const, date, ...back };
    const problem = checkReversal(original, reversal);
    if (problem) throw new AppError('RULE', problem);
    const year = entryYear(date);
    const voucherNo = normalizeVoucherNo(input.voucherNo);
    checkVoucherFree(store, year, voucherNo);
    const id = newId();
    checkBalance(store, { id, date, fromAccount: back.fromAccount, amount: back.amount }, () => new AccountDirectory(store));
    return insertRow(w, 'ledgerEntries', {
      id,
      date,
      year,
      voucherNo,
      kind: 'reversal',
      amount: back.amount,
      fromAccount: back.fromAccount,
      toAccount: back.toAccount,
      projectId: original.projectId,
      householdId: original.householdId,
      memo: emptyToNull(input.memo) ?? `冲销凭证“${original.voucherNo}”`,
      attachmentRef: null,
      reversesId: original.id,
    }).id;
  });
  return entryRow(store, id);
}

function toRow(e: LedgerEntryRecord, directory: AccountDirectory): LedgerEntryRow {
  return {
    id: e.id,
    date: e.date,
    year: e.year,
    voucherNo: e.voucherNo,
    kind: e.kind,
    amountFen: e.amount,
    fromAccount: e.fromAccount,
    fromLabel: directory.label(e.fromAccount),
    toAccount: e.toAccount,
    toLabel: directory.label(e.toAccount),
    projectId: e.projectId,
    projectName: e.projectId ? directory.label(`project:${e.projectId}`) : null,
    householdId: e.householdId,
    memo: e.memo,
    attachmentRef: e.attachmentRef,
    reversesId: e.reversesId,
    reversedById: e.reversedById,
    createdAt: e.createdAt,
  };
}

export function entryRow(store: Store, id: string): LedgerEntryRow {
  const e = queriesFor(store).ledger.entry(id);
  if (!e) throw new AppError('NOT_FOUND', '找不到该记账记录');
  return toRow(e, new AccountDirectory(store));
}

/** The entries as the grid shows them: each 冲销 right after its original. */
export function listEntries(store: Store, filter: { year?: number; account?: string }): LedgerEntryRow[] {
  const directory = new AccountDirectory(store);
  return queriesFor(store).ledger.entries(filter).map((e) => toRow(e, directory));
}
