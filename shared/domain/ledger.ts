/**
 * The funding ledger's pure rules: the accounts money sits in and how they are written, which
 * kinds of entry may move money between which accounts, the amount and date of an entry, a
 * reversal (冲销) and its original, the yearly figures an entry counts towards, and the plan's
 * pledges (阳办发〔2015〕26号: the district ≥ 3,000,000 yuan a year, each unit ≥ 30,000 yuan).
 * The rules that need the database (unique voucher numbers, balances) are in
 * main/services/ledger/.
 */
import { CAMPAIGN_YEARS } from './plan';
import { parseIsoDate } from './dates';
import { codeLabel, type CodeOf } from './codes';
import { formatYuan, parseYuan } from './money';
import { compactHalfWidth } from './text';

export type LedgerKind = CodeOf<'ledgerKind'>;
/** The kinds a clerk records; a 冲销 is made only from its original. */
export type PostingKind = Exclude<LedgerKind, 'reversal'>;
export const POSTING_KINDS: readonly PostingKind[] = ['receive', 'allocate', 'spend', 'refund'];

// ---- accounts ----

/**
 * Where money is. Sources: the district fund (区级财政), each unit's 帮扶资金, 社会捐助 and 其他.
 * Uses: each village, each project, each household. An account is written as one text key:
 * 'district', 'donation', 'other' for the sources with no record behind them, and
 * '<kind>:<record id>' for the others ('unit:…', 'village:…', 'project:…', 'household:…').
 * No account (null) is outside the ledger: where a 拨入 comes from, where a 支出 to a contractor goes.
 */
export type AccountKind = 'district' | 'unit' | 'donation' | 'other' | 'village' | 'project' | 'household';
export const SOURCE_KINDS: readonly AccountKind[] = ['district', 'unit', 'donation', 'other'];
const RECORD_KINDS: readonly AccountKind[] = ['unit', 'village', 'project', 'household'];

export interface Account {
  kind: AccountKind;
  /** The unit, village, project or household; null for the district, 社会捐助 and 其他. */
  id: string | null;
}

export const ACCOUNT_KIND_LABELS: Record<AccountKind, string> = {
  district: '区级财政',
  unit: '单位帮扶资金',
  donation: '社会捐助',
  other: '其他来源',
  village: '行政村',
  project: '项目',
  household: '贫困户',
};

export const DISTRICT_ACCOUNT = 'district';

export function accountKey(account: Account): string {
  return account.id === null ? account.kind : `${account.kind}:${account.id}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The account a key names, or null when the key is not one. */
export function parseAccountKey(key: string): Account | null {
  if (key === 'district' || key === 'donation' || key === 'other') return { kind: key, id: null };
  const colon = key.indexOf(':');
  if (colon < 0) return null;
  const kind = key.slice(0, colon) as AccountKind;
  const id = key.slice(colon + 1);
  return RECORD_KINDS.includes(kind) && UUID.test(id) ? { kind, id } : null;
}

export function isSource(kind: AccountKind): boolean {
  return SOURCE_KINDS.includes(kind);
}

/** Which kinds of account an entry of each kind may take money from and put it in (null: outside). */
export const ACCOUNT_RULES: Record<PostingKind, { from: readonly (AccountKind | null)[]; to: readonly (AccountKind | null)[] }> = {
  // Money arrives in a source: the budget, a unit's transfer, a donation.
  receive: { from: [null], to: ['district', 'unit', 'donation', 'other'] },
  // A source or a village passes money on to a village or a project.
  allocate: { from: ['district', 'unit', 'donation', 'other', 'village'], to: ['village', 'project'] },
  // Paid out: to a household, or outside (a contractor, a supplier: the memo says whom).
  spend: { from: ['district', 'unit', 'donation', 'other', 'village', 'project'], to: ['household', null] },
  // Unused money goes back up: from a project or a village to a village or a source.
  refund: { from: ['village', 'project'], to: ['district', 'unit', 'donation', 'other', 'village'] },
};

function kindsText(kinds: readonly (AccountKind | null)[]): string {
  return kinds.map((k) => (k === null ? '外部' : ACCOUNT_KIND_LABELS[k])).join('、');
}

/** Why these accounts do not fit an entry of this kind, naming the field; null when they do. */
export function checkEntryAccounts(kind: PostingKind, from: Account | null, to: Account | null): string | null {
  const rule = ACCOUNT_RULES[kind];
  const label = codeLabel('ledgerKind', kind);
  if (!rule.from.includes(from?.kind ?? null)) {
    if (from === null) return `付款方：${label}须填写付款方（${kindsText(rule.from)}）`;
    return `付款方：${label}的付款方只能是${kindsText(rule.from)}，不能是${ACCOUNT_KIND_LABELS[from.kind]}`;
  }
  if (!rule.to.includes(to?.kind ?? null)) {
    if (to === null) return `收款方：${label}须填写收款方（${kindsText(rule.to)}）`;
    return `收款方：${label}的收款方只能是${kindsText(rule.to)}，不能是${ACCOUNT_KIND_LABELS[to.kind]}`;
  }
  if (from !== null && to !== null && accountKey(from) === accountKey(to)) return '收款方：付款方与收款方不能是同一账户';
  return null;
}

// ---- amount and date ----

/** The most one entry may move: 10 亿元, far above any real entry, far below a float's exact range. */
export const MAX_ENTRY_FEN = 100_000_000_000;

/** Why an amount in fen is not one an entry may have; null when it is. */
export function checkAmountFen(fen: number): string | null {
  if (!Number.isFinite(fen)) return '金额：应为数字';
  if (!Number.isInteger(fen)) return '金额：最多保留两位小数（到分）';
  if (fen <= 0) return '金额：应大于 0';
  if (fen > MAX_ENTRY_FEN) return `金额：不能超过 ${formatYuan(MAX_ENTRY_FEN)}`;
  return null;
}

/** An amount as a clerk types it (yuan, '1,234.56'), to fen; the one money parser underneath. */
export function parseEntryAmount(text: string | number): { ok: true; fen: number } | { ok: false; message: string } {
  const parsed = parseYuan(text);
  if (!parsed.ok) return { ok: false, message: `金额：${parsed.message}` };
  const problem = checkAmountFen(parsed.fen);
  return problem ? { ok: false, message: problem } : parsed;
}

/** Why an entry's date is not one the ledger takes: a real date inside the campaign years. */
export function checkEntryDate(date: string): string | null {
  const d = parseIsoDate(date);
  if (!d) return `日期：“${date}”不是有效日期（应为“年-月-日”，如 2016-05-20）`;
  const first = CAMPAIGN_YEARS[0];
  const last = CAMPAIGN_YEARS[CAMPAIGN_YEARS.length - 1];
  if (!CAMPAIGN_YEARS.includes(d.year)) return `日期：${date} 不在攻坚年度（${first}—${last}年）之内`;
  return null;
}

/** The year an entry belongs to (its date's); the date must have passed checkEntryDate. */
export function entryYear(date: string): number {
  return Number(date.slice(0, 4));
}

/** The longest voucher number, as stored (the contract's shape check uses it too). */
export const VOUCHER_NO_MAX = 40;
export const VOUCHER_NO_TOO_LONG = `凭证号：不能超过${VOUCHER_NO_MAX}个字`;

/**
 * Voucher numbers are compared and stored half-width without spaces: '记－００１', '记-001 ' and
 * '记 -001' are one number, as a clerk means them.
 */
export function normalizeVoucherNo(text: string): string {
  return compactHalfWidth(text);
}

export function checkVoucherNo(text: string): string | null {
  const v = normalizeVoucherNo(text);
  if (v === '') return '凭证号：请填写凭证号';
  if (v.length > VOUCHER_NO_MAX) return VOUCHER_NO_TOO_LONG;
  if (/[\u0000-\u001f\u007f]/.test(v)) return '凭证号：不能有换行等控制字符';
  return null;
}

// ---- reversals ----

export interface EntryFacts {
  kind: LedgerKind;
  date: string;
  amount: number;
  fromAccount: string | null;
  toAccount: string | null;
}

/** The accounts and amount of the reversal of an entry: the same money, back the way it came. */
export function reversalOf(original: EntryFacts): { amount: number; fromAccount: string | null; toAccount: string | null } {
  return { amount: original.amount, fromAccount: original.toAccount, toAccount: original.fromAccount };
}

/**
 * Why a reversal cannot stand against its original; null when it can. A reversal is never itself
 * reversed (a wrong reversal is corrected by recording the original again), it moves exactly the
 * original's money back, and it is dated in the original's year, not before the original, so that
 * each year's figures stay the year's.
 */
export function checkReversal(original: EntryFacts, reversal: EntryFacts): string | null {
  if (original.kind === 'reversal') return '冲销：不能冲销一笔冲销记录；如冲销有误，请重新录入原记录';
  if (reversal.kind !== 'reversal') return '冲销：记账类型应为冲销';
  const back = reversalOf(original);
  if (reversal.amount !== back.amount) return `金额：冲销金额应与原记录相同（${formatYuan(original.amount)}）`;
  if (reversal.fromAccount !== back.fromAccount || reversal.toAccount !== back.toAccount) return '收款方：冲销的付款方、收款方应与原记录对调';
  if (entryYear(reversal.date) !== entryYear(original.date)) return `日期：冲销应与原记录在同一年度（${entryYear(original.date)}年）；跨年的更正请用“退回”`;
  if (reversal.date < original.date) return `日期：冲销日期不能早于原记录的日期 ${original.date}`;
  return null;
}

/** How the grid and the exports name an entry's state: undone by a 冲销, a 冲销 itself, or standing. */
export function entryStatus(entry: { reversedById: string | null; reversesId: string | null }): '已冲销' | '冲销记录' | '有效' {
  if (entry.reversedById) return '已冲销';
  return entry.reversesId ? '冲销记录' : '有效';
}

// ---- the yearly figures ----

export interface FundFigures {
  /** 拨入: money arrived in the sources. */
  received: number;
  /** Money the sources passed on to villages, projects and households (拨付 and 支出 out of a source, less 退回 into one). */
  allocated: number;
  /** 支出: money paid out to households and outside. */
  spent: number;
}

export function noFigures(): FundFigures {
  return { received: 0, allocated: 0, spent: 0 };
}

/** Money moved by some entries of one kind between two accounts (a 冲销 with its original's kind). */
export interface Flow {
  kind: LedgerKind;
  /** For a 冲销: its original's kind. */
  originalKind: LedgerKind | null;
  fromAccount: string | null;
  toAccount: string | null;
  total: number;
}

/** The direction and kind a flow counts with: a 冲销 counts as its original, taken away. */
function asOriginal(flow: Flow): { kind: LedgerKind | null; sign: number; from: string | null; to: string | null } {
  return flow.kind === 'reversal'
    ? { kind: flow.originalKind, sign: -1, from: flow.toAccount, to: flow.fromAccount }
    : { kind: flow.kind, sign: 1, from: flow.fromAccount, to: flow.toAccount };
}

function isSourceKey(key: string | null): boolean {
  const account = key === null ? null : parseAccountKey(key);
  return account !== null && isSource(account.kind);
}

/** What some entries add to a year's figures of the whole ledger. */
export function addToFigures(figures: FundFigures, flow: Flow): void {
  const { kind, sign, from, to } = asOriginal(flow);
  const amount = sign * flow.total;
  if (kind === 'receive') figures.received += amount;
  else if (kind === 'allocate' && isSourceKey(from)) figures.allocated += amount;
  else if (kind === 'refund' && isSourceKey(to)) figures.allocated -= amount;
  else if (kind === 'spend') {
    figures.spent += amount;
    // Paid straight out of a source: passed on and spent in one step.
    if (isSourceKey(from)) figures.allocated += amount;
  }
}

/** What some entries add to one project's money: 拨付 in less 退回 out, and 支出 out. */
export function addToProjectFigures(figures: { allocated: number; spent: number }, flow: Flow, projectKey: string): void {
  const { kind, sign, from, to } = asOriginal(flow);
  const amount = sign * flow.total;
  if (kind === 'allocate' && to === projectKey) figures.allocated += amount;
  else if (kind === 'refund' && from === projectKey) figures.allocated -= amount;
  else if (kind === 'spend' && from === projectKey) figures.spent += amount;
}

// ---- pledges ----

export type PledgeSource = 'district' | 'unit';

/** The plan's yearly minimum of each source, in fen; the pledges' defaults. */
export const PLEDGE_MINIMUM_FEN: Record<PledgeSource, number> = {
  district: 300_000_000,
  unit: 3_000_000,
};

export interface Compliance {
  /** Received less than pledged. */
  short: boolean;
  /** Received less than the plan's minimum (the flag the plan asks for). */
  belowMinimum: boolean;
  /** What is still missing to the pledge (0 when met). */
  missingFen: number;
}

export function compliance(source: PledgeSource, pledgedFen: number, receivedFen: number): Compliance {
  return {
    short: receivedFen < pledgedFen,
    belowMinimum: receivedFen < PLEDGE_MINIMUM_FEN[source],
    missingFen: Math.max(0, pledgedFen - receivedFen),
  };
}

/** The plan's minimum as the plan writes it: '300万元', '3万元'. */
export function pledgeMinimumText(source: PledgeSource): string {
  return `${PLEDGE_MINIMUM_FEN[source] / 1_000_000}万元`;
}

/** Why an amount that may be 0 (a pledge, a budget) is refused, naming the field; null when taken. */
function checkPlannedFen(field: string, fen: number): string | null {
  if (!Number.isFinite(fen)) return `${field}：应为数字`;
  if (!Number.isInteger(fen)) return `${field}：最多保留两位小数（到分）`;
  if (fen < 0) return `${field}：不能为负`;
  if (fen > MAX_ENTRY_FEN) return `${field}：不能超过 ${formatYuan(MAX_ENTRY_FEN)}`;
  return null;
}

/** Why a pledged amount is refused; null when it is taken. */
export function checkPledgeFen(fen: number): string | null {
  return checkPlannedFen('承诺金额', fen);
}

/** Why a project's budget is refused; null when it is taken. */
export function checkBudgetFen(fen: number): string | null {
  return checkPlannedFen('预算', fen);
}

export function isCampaignYear(year: number): boolean {
  return CAMPAIGN_YEARS.includes(year);
}
