// 脱贫计划: the quotas per year, the live check of the planned years against them (people and
// villages, and every village planned before its own households), the auto-planner's proposal as
// a difference from the current plan, and the figures per year (the line, the district's and the
// province's rural incomes). Main computes everything; this page shows it and re-reads it after
// every committed change (data.changed), from any window.
import { useCallback, useEffect, useState } from 'react';
import type { CampaignYear, PlanOverview, PlanProposal } from '../../../shared/contract';
import { DIFFICULTY_RULES, type PlanCheck } from '../../../shared/domain/plan';
import { fenToYuan, formatYuan, yuanToFen } from '../../../shared/domain/money';
import { parseYearText, yearRangeMessage } from '../../../shared/domain/dataYear';
import { call, errorMessage, onEvent } from '../../api';
import { Dialog } from '../../components/Dialog';
import { useToast } from '../../components/Toast';
import './plan.css';

export function PlanPage() {
  const [overview, setOverview] = useState<PlanOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [proposal, setProposal] = useState<PlanProposal | null>(null);
  const [stale, setStale] = useState(false);
  const [proposing, setProposing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [applying, setApplying] = useState(false);
  const [applyError, setApplyError] = useState<string | null>(null);
  const toast = useToast();

  const refresh = useCallback(() => {
    call('plan.overview', {})
      .then((o) => {
        setOverview(o);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);
  useEffect(() => {
    refresh();
    const off = onEvent('data.changed', () => {
      refresh();
      // A proposal is a difference from the plan it was made against.
      setStale(true);
    });
    return off;
  }, [refresh]);

  const propose = async () => {
    setProposing(true);
    try {
      setProposal(await call('plan.propose', {}));
      setStale(false);
    } catch (e) {
      toast.error(errorMessage(e));
    } finally {
      setProposing(false);
    }
  };

  const apply = async () => {
    if (!proposal?.token) return;
    setApplying(true);
    setApplyError(null);
    try {
      const done = await call('plan.apply', { token: proposal.token });
      setConfirming(false);
      setProposal(null);
      toast.info(`已应用编排方案：调整 ${done.households} 户、${done.villages} 个村的计划年度（可在修改记录中查看）`);
    } catch (e) {
      setApplyError(errorMessage(e));
    } finally {
      setApplying(false);
    }
  };

  if (error && !overview) return <p className="form-error page-error">{error}</p>;
  if (!overview) return <p className="loading">正在读取脱贫计划…</p>;

  return (
    <div className="plan-page">
      <div className="plan-main">
        <section className="card" aria-labelledby="plan-check-title">
          <h2 id="plan-check-title" className="card-title">
            计划核对 <span className="card-sub">共 {overview.totals.villages} 个村、{overview.totals.households} 户、{overview.totals.people} 人</span>
          </h2>
          <CheckTable check={overview.check} label="当前计划" />
          <Violations check={overview.check} names={overview.villageNames} />
          <div className="form-buttons plan-actions">
            <button type="button" className="btn btn-primary" onClick={() => void propose()} disabled={proposing}>
              {proposing ? '正在编排…' : '自动编排…'}
            </button>
            <span className="field-hint">按“先易后难”提出一个恰好满足各年度人数和村数任务的方案，先显示与当前计划的差别，确认后才写入。计划年度也可在“贫困户”“行政村”表格中直接修改。</span>
          </div>
        </section>
        {proposal && <ProposalView proposal={proposal} stale={stale} onApply={() => setConfirming(true)} onDiscard={() => setProposal(null)} onRedo={() => void propose()} />}
      </div>
      <div className="plan-side">
        <QuotaCard overview={overview} />
        <YearsCard years={overview.campaign.years} />
        <section className="card" aria-labelledby="plan-score-title">
          <h2 id="plan-score-title" className="card-title">
            难易评分（先易后难）
          </h2>
          <p className="field-hint">分数越低越容易，越早安排脱贫。</p>
          <ul className="score-rules">
            {DIFFICULTY_RULES.map((r) => (
              <li key={r.part}>
                <strong>{r.part}</strong>：{r.text}
              </li>
            ))}
          </ul>
        </section>
      </div>
      {confirming && proposal && (
        <Dialog title="应用编排方案" submitLabel="应用" onSubmit={() => void apply()} onCancel={() => setConfirming(false)} busy={applying} error={applyError}>
          <p>
            将调整 {proposal.householdsChanged} 户（{proposal.peopleChanged} 人）和 {proposal.villageChanges.length} 个村的计划年度，作为一次修改写入并记入修改记录。
          </p>
        </Dialog>
      )}
    </div>
  );
}

function diffText(planned: number, quota: number): string {
  const d = planned - quota;
  return d === 0 ? '✓' : d > 0 ? `多 ${d}` : `少 ${-d}`;
}

/** Plan against quota per year, for people and for villages. */
function CheckTable({ check, label }: { check: PlanCheck; label: string }) {
  const extra = [
    check.unplanned.households + check.unplanned.villages > 0 && { key: 'unplanned', title: '未安排年度', v: check.unplanned },
    check.outside.households + check.outside.villages > 0 && { key: 'outside', title: '不在计划年度内', v: check.outside },
  ].filter((x): x is { key: string; title: string; v: { households: number; people: number; villages: number } } => !!x);
  return (
    <table className="data-table plan-table" aria-label={`${label}与任务对照`}>
      <thead>
        <tr>
          <th>年度</th>
          <th className="num">计划脱贫人数</th>
          <th className="num">任务人数</th>
          <th className="num">差额</th>
          <th className="num">计划脱贫户数</th>
          <th className="num">计划出列村</th>
          <th className="num">任务村数</th>
          <th className="num">差额</th>
        </tr>
      </thead>
      <tbody>
        {check.years.map((y) => {
          const peopleOk = y.people.planned === y.people.quota;
          const villagesOk = y.villages.planned === y.villages.quota;
          return (
            <tr key={y.year}>
              <td>{y.year}年</td>
              <td className="num">{y.people.planned}</td>
              <td className="num">{y.people.quota}</td>
              <td className={peopleOk ? 'num plan-ok' : 'num plan-bad'}>{diffText(y.people.planned, y.people.quota)}</td>
              <td className="num">{y.households}</td>
              <td className="num">{y.villages.planned}</td>
              <td className="num">{y.villages.quota}</td>
              <td className={villagesOk ? 'num plan-ok' : 'num plan-bad'}>{diffText(y.villages.planned, y.villages.quota)}</td>
            </tr>
          );
        })}
        {extra.map((x) => (
          <tr key={x.key} className="plan-bad-row">
            <td>{x.title}</td>
            <td className="num">{x.v.people}</td>
            <td className="num">—</td>
            <td className="num plan-bad">待安排</td>
            <td className="num">{x.v.households}</td>
            <td className="num">{x.v.villages}</td>
            <td className="num">—</td>
            <td className="num plan-bad">待安排</td>
          </tr>
        ))}
      </tbody>
      <caption className={check.ok ? 'plan-verdict plan-ok' : 'plan-verdict plan-bad'}>
        {check.ok ? `${label}恰好满足各年度任务，村出列年度均不早于其贫困户。` : `${label}尚未满足任务：见标红的项。`}
      </caption>
    </table>
  );
}

function Violations({ check, names }: { check: PlanCheck; names: Record<string, string> }) {
  if (check.violations.length === 0) return null;
  return (
    <div className="plan-violations">
      <h3 className="section-title">村出列年度早于其贫困户的计划年度（{check.violations.length} 个村）</h3>
      <div className="plan-scroll">
        <table className="data-table" aria-label="村出列规则不符">
          <thead>
            <tr>
              <th>行政村</th>
              <th className="num">村计划出列</th>
              <th className="num">其贫困户最晚计划</th>
              <th className="num">晚于村的户数</th>
            </tr>
          </thead>
          <tbody>
            {check.violations.map((v) => (
              <tr key={v.villageId}>
                <td>{names[v.villageId] ?? v.villageId}</td>
                <td className="num">{v.villageYear === null ? '未安排' : `${v.villageYear}年`}</td>
                <td className="num">{v.latestHouseholdYear}年</td>
                <td className="num">{v.households}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function yearText(y: number | null): string {
  return y === null ? '未安排' : `${y}年`;
}

function ProposalView({ proposal, stale, onApply, onDiscard, onRedo }: { proposal: PlanProposal; stale: boolean; onApply: () => void; onDiscard: () => void; onRedo: () => void }) {
  return (
    <section className="card" aria-labelledby="plan-proposal-title">
      <h2 id="plan-proposal-title" className="card-title">
        编排方案
      </h2>
      <p className="field-hint">
        按 {proposal.baseYear} 年收入评分
        {proposal.povertyLineFen === null ? `（${proposal.baseYear} 年扶贫标准未设置：收入一项按“未知”计分，见右侧“难易评分”）` : `，扶贫标准 ${formatYuan(proposal.povertyLineFen)}/人·年`}。
      </p>
      {!proposal.ok && (
        <p className="form-error" role="alert">
          无法编排：{proposal.message}
        </p>
      )}
      {proposal.ok && proposal.after && (
        <>
          {stale && (
            <p className="hint" role="status">
              数据在生成方案后有了变化，方案可能已失效。<button type="button" className="btn-link" onClick={onRedo}>重新编排</button>
            </p>
          )}
          <p>
            {proposal.householdsChanged === 0 && proposal.villageChanges.length === 0
              ? '当前计划已与方案一致，无需调整。'
              : `方案调整 ${proposal.householdsChanged} 户（${proposal.peopleChanged} 人）、${proposal.villageChanges.length} 个村的计划年度。`}
          </p>
          <CheckTable check={proposal.after} label="方案" />
          {proposal.moves.length > 0 && (
            <table className="data-table plan-table" aria-label="调整汇总">
              <thead>
                <tr>
                  <th>原计划</th>
                  <th>改为</th>
                  <th className="num">户数</th>
                  <th className="num">人数</th>
                </tr>
              </thead>
              <tbody>
                {proposal.moves.map((m) => (
                  <tr key={`${m.from}>${m.to}`}>
                    <td>{yearText(m.from)}</td>
                    <td>{m.to}年</td>
                    <td className="num">{m.households}</td>
                    <td className="num">{m.people}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {proposal.villageChanges.length > 0 && (
            <table className="data-table plan-table" aria-label="村的调整">
              <thead>
                <tr>
                  <th>行政村</th>
                  <th>原计划出列</th>
                  <th>改为</th>
                </tr>
              </thead>
              <tbody>
                {proposal.villageChanges.map((v) => (
                  <tr key={v.id}>
                    <td>{v.name}</td>
                    <td>{yearText(v.from)}</td>
                    <td>{v.to}年</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {proposal.householdChanges.length > 0 && (
            <>
              <h3 className="section-title">
                调整的贫困户{proposal.householdChanges.length < proposal.householdsChanged ? `（列出前 ${proposal.householdChanges.length} 户）` : ''}
              </h3>
              <div className="plan-scroll">
                <table className="data-table" aria-label="调整的贫困户">
                  <thead>
                    <tr>
                      <th>户编号</th>
                      <th>户主</th>
                      <th>行政村</th>
                      <th className="num">人数</th>
                      <th className="num">难易分</th>
                      <th>原计划</th>
                      <th>改为</th>
                    </tr>
                  </thead>
                  <tbody>
                    {proposal.householdChanges.map((h) => (
                      <tr key={h.id}>
                        <td className="nowrap">{h.hhCode}</td>
                        <td>{h.headName ?? '（无户主）'}</td>
                        <td>{h.villageName}</td>
                        <td className="num">{h.people}</td>
                        <td className="num">{h.difficulty}</td>
                        <td>{yearText(h.from)}</td>
                        <td>{h.to}年</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      )}
      <div className="form-buttons plan-actions">
        {proposal.ok && (proposal.householdsChanged > 0 || proposal.villageChanges.length > 0) && (
          <button type="button" className="btn btn-primary" onClick={onApply} disabled={stale}>
            应用此方案…
          </button>
        )}
        <button type="button" className="btn" onClick={onDiscard}>
          放弃方案
        </button>
      </div>
    </section>
  );
}

/** A card's 保存: busy while main saves, then main's refusal or a line saying it is saved. */
function useCardSave() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const save = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await fn();
      setDone(true);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, done, save };
}

function SaveStatus({ error, done, doneText }: { error: string | null; done: boolean; doneText: string }) {
  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p className="notice-ok" role="status">
          {doneText}
        </p>
      )}
    </>
  );
}

/** The quota percents per year, the counts they give and the rounding rule. */
function QuotaCard({ overview }: { overview: PlanOverview }) {
  const { campaign, quotas } = overview;
  const [people, setPeople] = useState<string[]>([]);
  const [villages, setVillages] = useState<string[]>([]);
  const { busy, error, done, save: saving } = useCardSave();
  useEffect(() => {
    setPeople(campaign.peoplePercents.map(String));
    setVillages(campaign.villagePercents.map(String));
  }, [campaign]);

  const save = () =>
    saving(() => {
      const parse = (list: string[], what: string) =>
        list.map((t, i) => {
          const n = Number(t.trim());
          if (t.trim() === '' || !Number.isFinite(n)) throw new Error(`${campaign.planYears[i]}年的${what}比例应为数字`);
          return n;
        });
      return call('plan.setCampaign', { peoplePercents: parse(people, '脱贫人口'), villagePercents: parse(villages, '出列村') });
    });

  return (
    <section className="card" aria-labelledby="plan-quota-title">
      <h2 id="plan-quota-title" className="card-title">
        脱贫任务
      </h2>
      <table className="data-table plan-table" aria-label="各年度任务比例">
        <thead>
          <tr>
            <th>年度</th>
            <th className="num">脱贫人口 %</th>
            <th className="num">任务人数</th>
            <th className="num">出列村 %</th>
            <th className="num">任务村数</th>
          </tr>
        </thead>
        <tbody>
          {campaign.planYears.map((year, i) => (
            <tr key={year}>
              <td>{year}年</td>
              <td className="num">
                <input
                  className="num-input plan-percent"
                  aria-label={`${year}年脱贫人口比例`}
                  value={people[i] ?? ''}
                  onChange={(e) => setPeople((p) => p.map((x, j) => (j === i ? e.target.value : x)))}
                  disabled={busy}
                />
              </td>
              <td className="num">{quotas.people[i]}</td>
              <td className="num">
                <input
                  className="num-input plan-percent"
                  aria-label={`${year}年出列村比例`}
                  value={villages[i] ?? ''}
                  onChange={(e) => setVillages((v) => v.map((x, j) => (j === i ? e.target.value : x)))}
                  disabled={busy}
                />
              </td>
              <td className="num">{quotas.villages[i]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="field-hint">取整规则：{overview.roundingRule}</p>
      <SaveStatus error={error} done={done} doneText="任务比例已保存。" />
      <button type="button" className="btn" onClick={() => void save()} disabled={busy}>
        保存比例
      </button>
    </section>
  );
}

const YEAR_FIELDS = [
  { key: 'povertyLineFen', label: '扶贫标准', hint: '市定扶贫标准，元/人·年' },
  { key: 'districtIncomeFen', label: '全区农村人均收入', hint: '全区农村居民人均可支配收入，元' },
  { key: 'provincialIncomeFen', label: '全省农村人均收入', hint: '全省农村居民人均可支配收入，元' },
] as const;
type YearField = (typeof YEAR_FIELDS)[number]['key'];

/** The figures per year, typed in yuan, kept in fen. */
function YearsCard({ years: saved }: { years: CampaignYear[] }) {
  const [text, setText] = useState<Record<string, string>>({});
  // Years the clerk added here and has not saved yet (a 销号 dated after the campaign needs its line).
  const [added, setAdded] = useState<number[]>([]);
  const [newYear, setNewYear] = useState('');
  const [addError, setAddError] = useState<string | null>(null);
  const years = [...saved, ...added.filter((y) => !saved.some((s) => s.year === y)).map((year) => ({ year, povertyLineFen: null, districtIncomeFen: null, provincialIncomeFen: null }))].sort((a, b) => a.year - b.year);
  const { busy, error, done, save: saving } = useCardSave();
  const addYear = () => {
    const year = parseYearText(newYear);
    if (year === null) {
      setAddError(yearRangeMessage('年度'));
      return;
    }
    if (years.some((y) => y.year === year)) {
      setAddError(`${year}年已在表中`);
      return;
    }
    setAddError(null);
    setAdded((a) => [...a, year]);
    setNewYear('');
  };
  useEffect(() => {
    const next: Record<string, string> = {};
    for (const y of saved) for (const f of YEAR_FIELDS) next[`${y.year}.${f.key}`] = y[f.key] === null ? '' : fenToYuan(y[f.key]!);
    setText((t) => ({ ...t, ...next }));
  }, [saved]);

  const save = () =>
    saving(() => {
      const patch: CampaignYear[] = years.map((y) => {
        const row: CampaignYear = { year: y.year, povertyLineFen: null, districtIncomeFen: null, provincialIncomeFen: null };
        for (const f of YEAR_FIELDS) {
          const t = (text[`${y.year}.${f.key}`] ?? '').trim();
          try {
            row[f.key as YearField] = t === '' ? null : yuanToFen(t);
          } catch (e) {
            throw new Error(`${y.year}年的${f.label}：${errorMessage(e)}`);
          }
        }
        return row;
      });
      return call('plan.setCampaign', { years: patch });
    });

  return (
    <section className="card" aria-labelledby="plan-years-title">
      <h2 id="plan-years-title" className="card-title">
        年度标准（元）
      </h2>
      <table className="data-table plan-table" aria-label="年度标准">
        <thead>
          <tr>
            <th>年度</th>
            {YEAR_FIELDS.map((f) => (
              <th key={f.key} className="num" title={f.hint}>
                {f.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {years.map((y) => (
            <tr key={y.year}>
              <td>{y.year}年</td>
              {YEAR_FIELDS.map((f) => (
                <td key={f.key} className="num">
                  <input
                    className="num-input plan-money"
                    aria-label={`${y.year}年${f.label}`}
                    inputMode="decimal"
                    value={text[`${y.year}.${f.key}`] ?? ''}
                    onChange={(e) => setText((t) => ({ ...t, [`${y.year}.${f.key}`]: e.target.value }))}
                    disabled={busy}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="field field-inline plan-add-year">
        <label htmlFor="plan-new-year">添加年度</label>
        <input id="plan-new-year" className="num-input" inputMode="numeric" value={newYear} onChange={(e) => setNewYear(e.target.value)} placeholder="如 2019" disabled={busy} />
        <button type="button" className="btn btn-small" onClick={addYear} disabled={busy}>
          添加
        </button>
      </div>
      {addError && (
        <p className="form-error" role="alert">
          {addError}
        </p>
      )}
      <p className="field-hint">扶贫标准用于难易评分和户脱贫标准；空白表示尚未设置。计划年度以外的年份（如在此后办理销号）可在上面添加。</p>
      <SaveStatus error={error} done={done} doneText="年度标准已保存。" />
      <button type="button" className="btn" onClick={() => void save()} disabled={busy}>
        保存标准
      </button>
    </section>
  );
}
