// Entries from a voucher list (.xlsx, .xls or .csv as clerks keep them in Excel), read by the
// import's reader (services/import/sources.ts), its column names compared as the import compares
// them (columns.ts normalizeHeader). The header row names the columns (日期, 凭证号, 类型, 金额,
// 付款方, 收款方, 摘要, 附件); accounts are written as the grid shows them (区级财政, a unit's or
// village's name, 村·项目, a household's 户编号) or more precisely where a name is not unique
// (乡镇·村名, a village code). Every row is checked by the same rules as 新增记账, in file order
// on the balances the earlier rows leave; a dry run writes nothing, and neither does an import
// with any row refused (the rows and reasons are listed).
import type { VoucherImportReport } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { codeFromLabel } from '../../../shared/domain/codes';
import { ACCOUNT_KIND_LABELS, checkEntryDate, parseAccountKey, parseEntryAmount, POSTING_KINDS, type AccountKind, type PostingKind } from '../../../shared/domain/ledger';
import { compactHalfWidth } from '../../../shared/domain/text';
import { normalizeHeader } from '../import/columns';
import { openSource, type Cell, type SheetRow } from '../import/sources';
import { queriesFor } from '../../db/queries';
import type { Store } from '../../db/store';
import { write, type WriteScope } from '../../db/write';
import { AccountDirectory } from './accounts';
import { insertEntry, type NewEntry } from './entries';

const COLUMNS = {
  date: ['日期', '记账日期', '凭证日期'],
  voucherNo: ['凭证号', '凭证编号'],
  kind: ['类型', '记账类型', '业务类型'],
  amount: ['金额', '金额（元）'],
  from: ['付款方', '付款单位', '资金来源'],
  to: ['收款方', '收款单位', '用途'],
  memo: ['摘要', '备注'],
  attachmentRef: ['附件', '附件号'],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: readonly Column[] = ['date', 'voucherNo', 'kind', 'amount'];

/** Each spelling of a column, as normalizeHeader writes it ('金额（元）', '*金额', '金额(元)' are one). */
const COLUMN_OF = new Map<string, Column>(
  (Object.entries(COLUMNS) as [Column, readonly string[]][]).flatMap(([column, names]) => names.map((n) => [normalizeHeader(n), column] as const)),
);

/** A cell as the text a clerk sees in it: a TRUE cell is the text 'TRUE', refused by the field's own rule. */
function cellText(c: Cell | undefined): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'boolean') return c ? 'TRUE' : 'FALSE';
  return String(c).trim();
}

/** The row as a header: each known column's first cell; null unless every required column is there. */
function headerOf(cells: readonly Cell[]): Map<Column, number> | null {
  const found = new Map<Column, number>();
  cells.forEach((c, i) => {
    if (typeof c !== 'string') return;
    const column = COLUMN_OF.get(normalizeHeader(c));
    // The first of two same-named columns wins, as in the registry's import.
    if (column && !found.has(column)) found.set(column, i);
  });
  return REQUIRED.every((c) => found.has(c)) ? found : null;
}

// ---- accounts as a list writes them ----

/** Names compared without spaces, half-width, with any middle dot as '·'. */
function accountName(text: string): string {
  return compactHalfWidth(text).replace(/[.・•‧]/g, '·');
}

/** How to write an account of each kind when its name is not unique. */
const PRECISE_FORM: Partial<Record<AccountKind, string>> = {
  village: '乡镇·村名 或村代码',
  unit: '单位名（帮扶资金）',
  project: '乡镇·村名·项目名 或 村名·项目名（年度，如 2016年）',
  household: '户编号',
};

const COUNT_TEXT = ['', '一', '两', '三', '四', '五', '六', '七', '八', '九'];

/** Every way a list may name each account, and the accounts each name may mean. */
class AccountNames {
  private readonly keys = new Map<string, Set<string>>();

  constructor(store: Store) {
    const q = queriesFor(store).ledger;
    const directory = new AccountDirectory(store, { allHouseholds: true });
    this.add('district', ACCOUNT_KIND_LABELS.district);
    this.add('donation', ACCOUNT_KIND_LABELS.donation, '社会捐赠');
    this.add('other', ACCOUNT_KIND_LABELS.other, '其他');
    for (const u of q.units()) this.add(`unit:${u.id}`, directory.label(`unit:${u.id}`), u.name);
    const villages = new Map(q.villages().map((v) => [v.id, v]));
    for (const v of villages.values()) this.add(`village:${v.id}`, v.name, v.code, `${v.town}·${v.name}`);
    for (const p of q.projects({})) {
      const v = villages.get(p.villageId)!;
      this.add(`project:${p.id}`, directory.label(`project:${p.id}`), `${v.town}·${v.name}·${p.name}`, `${v.code}·${p.name}`, `${v.name}·${p.name}（${p.year}年）`, `${v.name}·${p.name}（${p.year}）`);
    }
    for (const h of q.households()) this.add(`household:${h.id}`, directory.label(`household:${h.id}`), h.hhCode);
  }

  private add(key: string, ...names: string[]): void {
    for (const name of names) {
      const n = accountName(name);
      let keys = this.keys.get(n);
      if (!keys) this.keys.set(n, (keys = new Set()));
      keys.add(key);
    }
  }

  /** The account a cell names ('' and 外部: outside the ledger), or why it names none or several. */
  resolve(field: string, written: string): { key: string | null } | { problem: string } {
    if (written === '' || written === '外部') return { key: null };
    const keys = [...(this.keys.get(accountName(written)) ?? [])];
    if (keys.length === 1) return { key: keys[0] };
    if (keys.length === 0) return { problem: `${field}：找不到“${written}”` };
    const kinds = [...new Set(keys.map((k) => parseAccountKey(k)?.kind).filter((k): k is AccountKind => k !== undefined))];
    const which = kinds.length > 1 ? `（${kinds.map((k) => ACCOUNT_KIND_LABELS[k]).join('、')}）` : '';
    const forms = kinds.map((k) => PRECISE_FORM[k]).filter((f): f is string => f !== undefined);
    return { problem: `${field}：有${COUNT_TEXT[keys.length] ?? keys.length}个“${written}”${which}，请写作 ${forms.join('；或 ')}` };
  }
}

// ---- rows ----

interface ParsedRow {
  at: SheetRow;
  entry?: NewEntry;
  problem?: string;
}

function parseRow(at: SheetRow, header: Map<Column, number>, accounts: AccountNames): ParsedRow {
  const raw = (c: Column): Cell | undefined => (header.has(c) ? at.cells[header.get(c)!] : undefined);
  const cell = (c: Column) => cellText(raw(c));
  const date = cell('date');
  const dateProblem = checkEntryDate(date);
  if (dateProblem) return { at, problem: dateProblem };
  const kind = codeFromLabel('ledgerKind', cell('kind')) as PostingKind | undefined;
  if (!kind || !POSTING_KINDS.includes(kind)) return { at, problem: `类型：“${cell('kind')}”应为拨入、拨付、支出或退回（冲销请在软件中对原记录操作）` };
  // A number cell keeps its value (no grouping to read); anything else is read as the clerk sees it.
  const amountCell = raw('amount');
  const amount = parseEntryAmount(typeof amountCell === 'number' ? amountCell : cellText(amountCell));
  if (!amount.ok) return { at, problem: amount.message };
  const from = accounts.resolve('付款方', cell('from'));
  if ('problem' in from) return { at, problem: from.problem };
  const to = accounts.resolve('收款方', cell('to'));
  if ('problem' in to) return { at, problem: to.problem };
  return { at, entry: { date, voucherNo: cell('voucherNo'), kind, amountFen: amount.fen, fromAccount: from.key, toAccount: to.key, memo: cell('memo'), attachmentRef: cell('attachmentRef') } };
}

async function readRows(file: string): Promise<{ rows: SheetRow[]; header: Map<Column, number> }> {
  let header: Map<Column, number> | null = null;
  const rows: SheetRow[] = [];
  for await (const r of openSource(file).rows()) {
    if (!header) {
      header = headerOf(r.cells);
      continue;
    }
    if (r.cells.some((c) => cellText(c) !== '')) rows.push(r);
  }
  if (!header) throw new AppError('VALIDATION', '找不到表头：凭证清单须有“日期、凭证号、类型、金额”等列（可另有付款方、收款方、摘要、附件）');
  return { rows, header };
}

class Rollback {
  constructor(readonly report: VoucherImportReport) {}
}

/**
 * Checks (dryRun) or imports a voucher list: all its rows in one transaction, or none. Every row
 * is checked against the balances the rows before it leave.
 */
export async function importVouchers(scope: WriteScope, file: string, dryRun: boolean): Promise<VoucherImportReport> {
  const { rows, header } = await readRows(file);
  const accounts = new AccountNames(scope.store);
  try {
    return write(scope, (w) => {
      const problems: VoucherImportReport['problems'] = [];
      for (const parsed of rows.map((r) => parseRow(r, header, accounts))) {
        const where = { sheet: parsed.at.sheet, row: parsed.at.row };
        if (parsed.problem) {
          problems.push({ ...where, message: parsed.problem });
          continue;
        }
        try {
          insertEntry(w, parsed.entry!);
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          problems.push({ ...where, message: e.message });
        }
      }
      const report: VoucherImportReport = { dryRun, rows: rows.length, written: 0, problems };
      // Nothing is kept from a dry run or from a list with any refused row.
      if (dryRun || problems.length > 0) throw new Rollback(report);
      return { ...report, written: rows.length };
    });
  } catch (e) {
    if (e instanceof Rollback) return e.report;
    throw e;
  }
}
