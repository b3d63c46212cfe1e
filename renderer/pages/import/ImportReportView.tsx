// What a check or an import found: the counts, then the errors (red) and warnings (amber), each
// placed as Excel shows it — sheet, row number, column header.
import type { ImportIncomeYear, ImportIssue, ImportReport, IncomeYearSource } from '../../../shared/contract';
import { ListOutButtons } from '../../grid/ListOut';

const FORMATS: Record<ImportReport['file']['format'], string> = { xlsx: 'Excel 工作簿（.xlsx）', xls: 'Excel 97-2003 工作簿（.xls）', csv: 'CSV 文本' };

function fileSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

const YEAR_SOURCES: Record<IncomeYearSource, string> = {
  file: '取自文件中的“收入年度”列',
  chosen: '导入时填写的年度',
  default: '未填写年度，默认为上一年',
};

/** Which year the incomes go to and why; several when the file's 收入年度 column names others. */
export function incomeYearText(y: ImportIncomeYear): string {
  if (y.used.length === 0) return `收入年度：${y.year} 年（${YEAR_SOURCES[y.source]}）；文件中没有收入数据`;
  const one = y.used.length === 1;
  return `收入年度：${y.used.map((u) => `${u.year} 年（${YEAR_SOURCES[u.source]}）${one ? '' : ` ${u.households} 户`}`).join('；')}`;
}

/** `headline`: the big 可导入/已导入 line (the import result says it in its own banner). */
export function ReportSummary({ report, headline = true }: { report: ImportReport; headline?: boolean }) {
  const s = report.stats;
  // In a dry run the households counted are the error-free ones; the others have errors.
  const withErrors = Math.max(0, s.householdsInFile - report.households);
  return (
    <div className="import-summary">
      <p className="import-file-facts">
        文件 <b title={report.file.path}>{fileName(report.file.path)}</b>：{FORMATS[report.file.format]}
        {report.file.encoding ? `，编码 ${report.file.encoding.toUpperCase()}` : ''}，{fileSize(report.file.bytes)}；读取 {s.rowsRead} 行，共 {s.householdsInFile} 户 {s.membersInFile} 人。
      </p>
      <p className="import-income-year">
        {incomeYearText(report.incomeYear)}
      </p>
      {headline && (report.households > 0 || report.dryRun) ? (
        <p className="import-headline">
          {report.dryRun ? '可导入' : '已导入'} <b>{report.households}</b> 户 / <b>{report.members}</b> 人
          {report.dryRun && report.errorCount > 0 && (
            <span className="import-headline-bad">
              ，另有 <b>{withErrors}</b> 户有错误，不能导入
            </span>
          )}
        </p>
      ) : null}
      {(report.households > 0 || report.committed) && (
        <ul className="import-counts">
          <li>
            贫困户：新增 {s.householdsCreated} 户，更新 {s.householdsUpdated} 户，不变 {s.householdsUnchanged} 户
          </li>
          <li>
            家庭成员：新增 {s.membersCreated} 人，更新 {s.membersUpdated} 人，不变 {s.membersUnchanged} 人
          </li>
          {s.incomesWritten > 0 && <li>收入记录：{s.incomesWritten} 条</li>}
          {s.villagesCreated > 0 && <li>新建行政村：{s.villagesCreated} 个（见下方警告）</li>}
          {!report.dryRun && s.householdsSkipped > 0 && <li>有错误未导入：{s.householdsSkipped} 户</li>}
        </ul>
      )}
    </div>
  );
}

export function IssueTable({ kind, issues, count, why }: { kind: 'error' | 'warning'; issues: ImportIssue[]; count: number; why: string }) {
  const name = kind === 'error' ? '错误' : '警告';
  if (count === 0) return null;
  return (
    <section className={`issues issues-${kind}`} aria-label={`${name}列表`}>
      <div className="issues-head">
        <h3 className="issues-title">
          {name} <span className="issues-count">{count}</span> 条
          <span className="issues-why">　{why}</span>
        </h3>
        <span className="spacer" />
        {/* Sent back to the villages to correct: the list as listed here. */}
        <ListOutButtons
          title={`导入${name}清单`}
          list={() => ({
            columns: [{ label: '工作表' }, { label: '行号' }, { label: '列' }, { label: '问题' }],
            rows: issues.map((i) => [i.sheet, i.row, i.column, i.message]),
          })}
        />
      </div>
      {count > issues.length && (
        <p className="issues-capped">
          共 {count} 条，下面只列出前 {issues.length} 条；改正后重新检查即可看到其余的。
        </p>
      )}
      <div className="issues-scroll">
        <table className="data-table issues-table">
          <thead>
            <tr>
              <th className="col-sheet">工作表</th>
              <th className="col-row">行号</th>
              <th className="col-column">列</th>
              <th>问题</th>
            </tr>
          </thead>
          <tbody>
            {issues.map((i, n) => (
              <tr key={n}>
                <td className="nowrap">{i.sheet}</td>
                <td className="num">{i.row}</td>
                <td>{i.column}</td>
                <td>{i.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function errorsWhy(report: ImportReport): string {
  if (report.dryRun) return '有错误的户不能导入，请在 Excel/WPS 中改正后重新检查';
  return report.committed ? '这些户没有导入，改正后可再导入' : '因有错误，没有写入任何数据';
}

export function ReportIssues({ report }: { report: ImportReport }) {
  return (
    <>
      <IssueTable kind="error" issues={report.errors} count={report.errorCount} why={errorsWhy(report)} />
      <IssueTable kind="warning" issues={report.warnings} count={report.warningCount} why={report.dryRun ? '警告不妨碍导入，请核对' : '请核对'} />
    </>
  );
}
