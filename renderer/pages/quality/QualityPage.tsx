// 数据质量: main's checks (same ID number in two households, same name and birth date, ages that
// disagree with school status or relation, households without a helper or with one from another
// village's team, missing fields, a declared
// per-capita income its components do not give), each a
// list whose records open in their grid. Long lists show their first items and count the rest.
import { useState } from 'react';
import type { QualityCheck, QualityReport } from '../../../shared/contract';
import { call, errorMessage } from '../../api';
import { PageMemory, usePageMemory } from '../../components/pageMemory';
import { ListOutButtons } from '../../grid/ListOut';
import { formatTime } from '../../components/HistoryPanel';
import { useGoto } from './goto';
import '../import/import.css';

/** Items drawn per check; enough to work down a list, few enough to stay quick. */
const SHOWN_PER_CHECK = 200;

interface QualityState {
  report: QualityReport | null;
  running: boolean;
  error: string | null;
}

const qualityMemory = new PageMemory<QualityState>(() => ({ report: null, running: false, error: null }));

export function QualityPage({ dbPath }: { dbPath: string }) {
  const [state, update] = usePageMemory(qualityMemory, dbPath);
  const run = () => {
    update((s) => ({ ...s, running: true, error: null }));
    call('quality.run', {})
      .then((report) => update(() => ({ report, running: false, error: null })))
      .catch((e: unknown) => update((s) => ({ ...s, running: false, error: errorMessage(e) })));
  };
  const report = state.report;
  const problems = report ? report.checks.reduce((n, c) => n + c.total, 0) : 0;
  return (
    <div className="quality-page">
      <div className="toolbar">
        <button type="button" className="btn btn-primary" onClick={run} disabled={state.running}>
          {state.running ? '正在检查…' : report ? '重新检查' : '开始检查'}
        </button>
        {report && (
          <span className="row-count">
            检查于 {formatTime(report.at)}，年龄按 {report.asOf} 计算；共发现 {problems} 处问题。点击户编号或姓名可跳到该记录。
          </span>
        )}
        {!report && !state.running && <span className="row-count">检查全部贫困户和贫困人口：重复登记、年龄与在校状况或家庭关系不符、未结对帮扶、帮扶责任人不在本村工作队、必填项缺失、申报年人均纯收入与按收入构成计算的不符。</span>}
      </div>
      {state.error && (
        <p className="form-error" role="alert">
          {state.error}
        </p>
      )}
      {report && (
        <div className="quality-body">
          <nav className="quality-index" aria-label="检查项目">
            {report.checks.map((c) => (
              <button
                key={c.key}
                type="button"
                className={c.total > 0 ? 'quality-index-item has-problems' : 'quality-index-item'}
                onClick={() => document.getElementById(`quality-${c.key}`)?.scrollIntoView({ block: 'start' })}
              >
                <span>{c.title}</span>
                <b>{c.total}</b>
              </button>
            ))}
          </nav>
          <div className="quality-checks">
            {report.checks.map((c) => (
              <CheckSection key={c.key} check={c} />
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

function CheckSection({ check }: { check: QualityCheck }) {
  const goto = useGoto();
  const [limit, setLimit] = useState(SHOWN_PER_CHECK);
  const shown = check.items.slice(0, limit);
  const rest = check.total - shown.length;
  return (
    <section id={`quality-${check.key}`} className="pane quality-check" aria-label={check.title}>
      <div className="quality-head">
        <h2 className="pane-title">
          {check.title}
          <span className={check.total > 0 ? 'quality-count has-problems' : 'quality-count'}>{check.total} 条</span>
        </h2>
        <span className="spacer" />
        {/* Every item the check listed (not only those shown here), with the records it names. */}
        {check.items.length > 0 && (
          <ListOutButtons
            title={`数据质量：${check.title}`}
            list={() => ({
              columns: [{ label: '序号' }, { label: '问题' }, { label: '涉及记录' }],
              rows: check.items.map((item, i) => [i + 1, item.message, item.targets.map((t) => t.label).join('；')]),
            })}
          />
        )}
      </div>
      {check.total === 0 ? (
        <p className="muted">未发现问题。</p>
      ) : (
        <ol className="quality-items">
          {shown.map((item, i) => (
            <li key={i}>
              <span className="quality-message">{item.message}</span>
              <span className="quality-targets">
                {item.targets.map((t) => (
                  <button key={`${t.table}-${t.id}`} type="button" className="link-inline" onClick={() => goto(t)} title={t.table === 'members' ? '在“贫困人口”中查看' : t.table === 'cadres' ? '在“单位与工作队”中查看' : '在“贫困户”中查看'}>
                    {t.label}
                  </button>
                ))}
              </span>
            </li>
          ))}
        </ol>
      )}
      {rest > 0 && (
        <p className="quality-more">
          还有 {rest} 条未列出
          {check.items.length > shown.length && (
            <button type="button" className="btn btn-more" onClick={() => setLimit((l) => l + SHOWN_PER_CHECK)}>
              再显示 {Math.min(SHOWN_PER_CHECK, check.items.length - shown.length)} 条
            </button>
          )}
          {check.items.length === shown.length && '（请先处理已列出的问题，再重新检查）'}
        </p>
      )}
    </section>
  );
}
