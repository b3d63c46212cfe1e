// The CLI's ledger: `export --what ledger` (every entry as the 资金 grid lists it, to .xlsx or
// .csv through the export service; amounts as numbers in yuan) and the funds figures
// `stats --json` adds.
import type { FundsYear } from '../../shared/contract';
import { codeLabel } from '../../shared/domain/codes';
import { entryStatus } from '../../shared/domain/ledger';
import type { Store } from '../db/store';
import { exportTable } from '../services/export';
import { fundsByYear, listEntries } from '../services/ledger';

const COLUMNS = ['日期', '凭证号', '类型', '金额（元）', '付款方', '收款方', '项目', '摘要', '附件', '状态'].map((label) => ({ label, digits: label === '凭证号', money: label === '金额（元）' }));

export async function exportLedger(store: Store, req: { path: string; overwrite: boolean; userDataDir: string }): Promise<{ path: string; rows: number }> {
  const rows = listEntries(store, {}).map((e) => [
    e.date,
    e.voucherNo,
    codeLabel('ledgerKind', e.kind),
    e.amountFen,
    e.fromLabel,
    e.toLabel,
    e.projectName,
    e.memo,
    e.attachmentRef,
    entryStatus(e),
  ]);
  return exportTable({ title: '资金台账', path: req.path, overwrite: req.overwrite, userDataDir: req.userDataDir, columns: COLUMNS, rows });
}

/** { "2016": { pledged, received, allocated, spent }, … } in fen. */
export function fundsJson(store: Store): Record<string, Omit<FundsYear, 'year'>> {
  return Object.fromEntries(fundsByYear(store).map(({ year, ...figures }) => [String(year), figures]));
}
