// 导入: the national 建档立卡 per-person export (.xlsx, .xls, .csv) or our own template. First a
// check (nothing is written) with every problem listed, then the import — all of it when there
// are no errors, or, after confirmation, only the households without errors.
import { useEffect, useState } from 'react';
import { call, errorMessage } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ProgressBar } from '../../components/ProgressBar';
import { SaveFileDialog } from '../../components/SaveFileDialog';
import { useToast } from '../../components/Toast';
import { usePageMemory } from '../../components/pageMemory';
import { cancelJob, checkFile, defaultIncomeYear, importFile, importMemory, isRunning, parseIncomeYear, setIncomeYear, setPath, type ImportPageState } from './importFlow';
import { ReportIssues, ReportSummary } from './ImportReportView';
import './import.css';

export function ImportPage({ dbPath }: { dbPath: string }) {
  const toast = useToast();
  const [state, update] = usePageMemory(importMemory, dbPath);
  const [canPick, setCanPick] = useState(false);
  const [dialog, setDialog] = useState<'template' | 'onlyValid' | null>(null);
  const running = isRunning(state);
  const path = state.path.trim();
  const year = parseIncomeYear(state.incomeYear);
  const chosenYear = year.ok ? year.year : undefined;

  useEffect(() => {
    call('app.info', {})
      .then((info) => setCanPick(info.canPickFiles))
      .catch(() => {});
  }, []);

  const browse = () => {
    call('db.pickPath', { mode: 'open', kind: 'spreadsheet' })
      .then((picked) => picked && setPath(update, picked))
      .catch((e: unknown) => toast.error(errorMessage(e)));
  };
  const startImport = (onlyValid: boolean) => {
    setDialog(null);
    void importFile(update, path, onlyValid, chosenYear);
  };

  return (
    <div className="import-page">
      <section className="pane import-card" aria-label="选择文件">
        <h2 className="pane-title">导入建档立卡数据</h2>
        <p className="pane-intro">
          可导入国家扶贫开发信息系统导出的逐人表（每人一行，按户编号归户），或本系统的导入模板；支持 .xlsx、.xls 和 .csv（UTF-8 或 GBK）。先“检查文件”，检查不写入任何数据；确认无误后再导入。
        </p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!running && path && year.ok) void checkFile(update, path, chosenYear);
          }}
        >
          <div className="field">
            <label htmlFor="import-path">导入文件路径</label>
            <div className="path-row">
              <input
                id="import-path"
                type="text"
                value={state.path}
                onChange={(e) => setPath(update, e.target.value)}
                placeholder="例如 D:\扶贫办\建档立卡\2016年贫困人口.xlsx"
                spellCheck={false}
                autoComplete="off"
                disabled={running}
              />
              {canPick && (
                <button type="button" className="btn" onClick={browse} disabled={running}>
                  浏览…
                </button>
              )}
            </div>
          </div>
          <div className="field import-year">
            <label htmlFor="import-year">收入年度</label>
            <div className="import-year-row">
              <input
                id="import-year"
                type="text"
                inputMode="numeric"
                maxLength={6}
                value={state.incomeYear}
                onChange={(e) => setIncomeYear(update, e.target.value)}
                placeholder={String(defaultIncomeYear())}
                autoComplete="off"
                disabled={running}
                aria-invalid={!year.ok}
                aria-describedby="import-year-hint"
              />
              <p id="import-year-hint" className={year.ok ? 'field-hint' : 'field-hint import-year-bad'} role={year.ok ? undefined : 'alert'}>
                {year.ok
                  ? `文件中的收入（各项收入、年人均纯收入）记入这一年；文件中有“收入年度”列的行以该列为准。留空则按上一年（${defaultIncomeYear()} 年）导入。`
                  : year.message}
              </p>
            </div>
          </div>
          <div className="import-actions">
            <button type="submit" className="btn btn-primary" disabled={running || path === '' || !year.ok}>
              检查文件
            </button>
            <span className="spacer" />
            <button type="button" className="btn" onClick={() => setDialog('template')}>
              下载导入模板…
            </button>
          </div>
        </form>
      </section>

      {running && <RunningCard state={state} onCancel={() => cancelJob(update, state.jobId)} />}

      {state.phase === 'cancelled' && (
        <p className="notice-plain" role="status">
          已取消，未写入任何数据。
        </p>
      )}
      {state.phase === 'failed' && state.error && (
        <p className="form-error" role="alert">
          {state.error}
        </p>
      )}

      {state.phase === 'checked' && state.check && (
        <section className="pane import-report" aria-label="检查结果">
          <h2 className="pane-title">检查结果{state.check.errorCount === 0 ? '：没有错误' : `：发现 ${state.check.errorCount} 条错误`}</h2>
          <ReportSummary report={state.check} />
          <div className="import-actions">
            {state.check.errorCount === 0 ? (
              <button type="button" className="btn btn-primary" onClick={() => startImport(false)} disabled={state.check.households === 0}>
                确认导入（{state.check.households} 户 {state.check.members} 人）
              </button>
            ) : (
              <>
                <button type="button" className="btn btn-primary" disabled>
                  有错误，不能全部导入
                </button>
                <button type="button" className="btn" onClick={() => setDialog('onlyValid')} disabled={state.check.households === 0}>
                  只导入无错误的户（{state.check.households} 户）
                </button>
              </>
            )}
          </div>
          <ReportIssues report={state.check} />
        </section>
      )}

      {state.phase === 'imported' && state.result && <ResultCard state={state} />}

      {dialog === 'template' && (
        <SaveFileDialog
          title="下载导入模板"
          id="template-path"
          label="保存到"
          defaultName="扶贫台账导入模板.xlsx"
          submitLabel="保存模板"
          intro={<p className="dialog-context">模板有“贫困户”和“家庭成员”两张表，表头即本系统的字段名，红色表头为必填。证件号码等列已设为文本格式。</p>}
          save={(p, overwrite) => call('import.template', { path: p, overwrite })}
          onSaved={(r) => {
            setDialog(null);
            toast.info(`已保存导入模板到 ${r.path}`);
          }}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog === 'onlyValid' && state.check && (
        <Dialog title="只导入无错误的户" submitLabel="只导入无错误的户" onSubmit={() => startImport(true)} onCancel={() => setDialog(null)}>
          <p className="dialog-message">
            文件中有 {state.check.errorCount} 条错误。将只导入没有错误的 <b>{state.check.households}</b> 户 {state.check.members} 人；有错误的{' '}
            {Math.max(0, state.check.stats.householdsInFile - state.check.households)} 户不导入，改正后可再导入一次。确定吗？
          </p>
        </Dialog>
      )}
    </div>
  );
}

function RunningCard({ state, onCancel }: { state: ImportPageState; onCancel: () => void }) {
  const what = state.mode === 'check' ? '正在检查文件…' : '正在导入…';
  return (
    <section className="pane import-running" aria-label="进度">
      <p className="import-running-title">{what}</p>
      <div className="import-progress-row">
        <div className="import-progress">
          <ProgressBar progress={state.progress} label={what} />
        </div>
        <button type="button" className="btn" onClick={onCancel} disabled={!state.jobId || state.cancelling}>
          {state.cancelling ? '正在取消…' : '取消'}
        </button>
      </div>
      {state.backup && <BackupNote file={state.backup} done={false} />}
      <p className="field-hint">{state.mode === 'check' ? '检查不会写入任何数据。' : '导入在一个事务中完成：取消或出错时不会写入任何数据。'}可以切换到其他页面，完成后回到这里查看结果。</p>
    </section>
  );
}

function ResultCard({ state }: { state: ImportPageState }) {
  const r = state.result!;
  const s = r.stats;
  const message = r.committed
    ? `已导入 ${r.households} 户 ${r.members} 人（新增 ${s.householdsCreated} 户、更新 ${s.householdsUpdated} 户、不变 ${s.householdsUnchanged} 户${s.villagesCreated > 0 ? `，新建行政村 ${s.villagesCreated} 个` : ''}${s.householdsSkipped > 0 ? `；有错误的 ${s.householdsSkipped} 户未导入` : ''}）。`
    : `未导入：文件中有 ${r.errorCount} 条错误，没有写入任何数据。请改正后重新检查。`;
  return (
    <section className="pane import-report" aria-label="导入结果">
      <h2 className="pane-title">导入结果</h2>
      <p className={r.committed ? 'import-ok' : 'form-error'} role={r.committed ? 'status' : 'alert'}>
        {message}
      </p>
      {state.backup && r.committed && <BackupNote file={state.backup} done />}
      {r.committed && <ReportSummary report={r} headline={false} />}
      <ReportIssues report={r} />
    </section>
  );
}

/** Where main backed up the database before the import wrote: restoring it (数据安全) undoes the import. */
function BackupNote({ file, done }: { file: string; done: boolean }) {
  return (
    <p className="import-backup" aria-label="导入前备份">
      导入前已自动备份当前数据：<span className="mono">{file}</span>
      {done && <>。如需撤销本次导入，可在“数据安全”的备份列表中恢复这个备份。</>}
    </p>
  );
}
