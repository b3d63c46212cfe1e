// 导入凭证: entries from a voucher list the clerk keeps in Excel. First a check (main's dry run:
// nothing is written) that lists each refused row with its row number and reason; the import is
// offered only when every row passes, and main writes all rows or none.
import { useEffect, useState } from 'react';
import type { VoucherImportReport } from '../../../shared/contract';
import { call, errorMessage } from '../../api';
import { Dialog, Field } from '../../components/Dialog';
import '../../components/tables.css';

export function VoucherImportDialog(props: { onDone: (report: VoucherImportReport) => void; onCancel: () => void }) {
  const [path, setPath] = useState('');
  const [canPick, setCanPick] = useState(false);
  const [checked, setChecked] = useState<VoucherImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('app.info', {})
      .then((info) => setCanPick(info.canPickFiles))
      .catch(() => {});
  }, []);
  const file = path.trim();
  const ready = checked !== null && checked.problems.length === 0 && checked.rows > 0;

  const choose = (next: string) => {
    setPath(next);
    setChecked(null);
    setError(null);
  };
  const browse = () => {
    call('db.pickPath', { mode: 'open', kind: 'spreadsheet' })
      .then((picked) => picked && choose(picked))
      .catch((e: unknown) => setError(errorMessage(e)));
  };
  const submit = () => {
    if (file === '') return setError('请填写凭证清单的文件路径');
    const dryRun = !ready;
    setBusy(true);
    setError(null);
    call('ledger.importVouchers', { path: file, dryRun })
      .then((report) => {
        setBusy(false);
        if (!dryRun && report.written > 0) return props.onDone(report);
        setChecked(report);
      })
      .catch((e: unknown) => {
        setBusy(false);
        setChecked(null);
        setError(errorMessage(e));
      });
  };

  return (
    <Dialog title="导入凭证" submitLabel={ready ? `导入 ${checked.rows} 笔` : '检查'} onSubmit={submit} onCancel={props.onCancel} busy={busy} error={error}>
      <p className="dialog-context">
        凭证清单（.xlsx、.xls 或 .csv）须有“日期、凭证号、类型、金额”列，可另有付款方、收款方、摘要、附件。先检查，检查不写入任何数据；有一行不通过则整份清单都不导入。
      </p>
      <Field id="lv-path" label="凭证清单文件路径">
        <div className="path-row">
          <input id="lv-path" type="text" value={path} onChange={(e) => choose(e.target.value)} placeholder="例如 D:\扶贫办\凭证\2016年凭证清单.xlsx" spellCheck={false} autoComplete="off" disabled={busy} />
          {canPick && (
            <button type="button" className="btn" onClick={browse} disabled={busy}>
              浏览…
            </button>
          )}
        </div>
      </Field>
      {checked && <CheckResult report={checked} />}
    </Dialog>
  );
}

function CheckResult({ report }: { report: VoucherImportReport }) {
  if (report.rows === 0) {
    return (
      <p className="form-error" role="status">
        清单中没有凭证行。
      </p>
    );
  }
  if (report.problems.length === 0) {
    return (
      <p className="ledger-check-ok" role="status">
        检查通过：共 {report.rows} 笔，均可导入。
      </p>
    );
  }
  return (
    <section className="ledger-check" aria-label="检查结果">
      <p className="form-error" role="status">
        共 {report.rows} 笔，其中 {report.problems.length} 笔不能导入：请在清单中改正后重新检查（未写入任何数据）。
      </p>
      <div className="ledger-check-list">
        <table className="data-table">
          <thead>
            <tr>
              <th>工作表</th>
              <th className="num">行号</th>
              <th>原因</th>
            </tr>
          </thead>
          <tbody>
            {report.problems.map((p) => (
              <tr key={`${p.sheet}:${p.row}`} data-row={p.row}>
                <td>{p.sheet}</td>
                <td className="num">{p.row}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
