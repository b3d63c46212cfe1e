// The battle map's key figures (关键指标) and the plan years' tasks, as the battle page and the wall
// show them: remaining and exited people and households, villages 出列, the exit rate, the
// countdown, and per plan year what the quota asks, what is planned and what was achieved.
import type { BattleOverview } from '../../shared/contract';

const number = (n: number) => n.toLocaleString('zh-CN');
/** Fen as 万元 with one decimal (1 万元 = 1,000,000 fen). */
const wan = (fen: number) => (fen / 1_000_000).toLocaleString('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function KeyFigures({ overview: o, variant }: { overview: BattleOverview; variant: 'page' | 'wall' }) {
  const f = o.figures;
  const funds = o.funds.reduce((a, y) => ({ pledged: a.pledged + y.pledged, received: a.received + y.received, spent: a.spent + y.spent }), { pledged: 0, received: 0, spent: 0 });
  const cards = [
    { key: 'remaining-people', label: '剩余贫困人口', value: number(f.remaining.people), unit: '人', sub: `${number(f.remaining.households)} 户未脱贫`, alarm: f.remaining.people > 0 },
    { key: 'exited-people', label: '已脱贫人口', value: number(f.exited.people), unit: '人', sub: `共 ${number(f.total.people)} 人` },
    { key: 'exited-households', label: '已脱贫户', value: number(f.exited.households), unit: '户', sub: `共 ${number(f.total.households)} 户` },
    { key: 'villages', label: '已出列村', value: `${f.exitedVillages}/${f.villages}`, unit: '个', sub: `${f.villages - f.exitedVillages} 个未出列` },
    { key: 'rate', label: '脱贫率', value: f.exitRate === null ? '—' : String(f.exitRate), unit: f.exitRate === null ? '' : '%', sub: '已脱贫人口 ÷ 贫困人口' },
    { key: 'funds', label: '扶贫资金到位', value: wan(funds.received), unit: '万元', sub: `承诺 ${wan(funds.pledged)} 万元，已支出 ${wan(funds.spent)} 万元` },
  ];
  return (
    <section className={`key-figures key-figures-${variant}`} aria-label="关键指标">
      {cards.map((c) => (
        <div key={c.key} className={c.alarm ? 'key-card key-card-alarm' : 'key-card'} role="group" aria-label={c.label}>
          <span className="key-label">{c.label}</span>
          <span className="key-value">
            {c.value}
            <small>{c.unit}</small>
          </span>
          <span className="key-sub">{c.sub}</span>
        </div>
      ))}
      <div className={`key-card key-countdown key-countdown-${o.countdown.state}`} role="group" aria-label="倒计时" title={o.countdown.text}>
        <span className="key-label">{o.countdown.state === 'ended' ? '脱贫攻坚任务期' : `${o.countdown.year}年度脱贫任务`}</span>
        <span className="key-countdown-text">
          {o.countdown.daysLeft === null ? (
            '已结束'
          ) : (
            <>
              还剩<b>{o.countdown.daysLeft}</b>天
            </>
          )}
        </span>
        <span className="key-sub">{countdownNote(o)}</span>
      </div>
    </section>
  );
}

function countdownNote(o: BattleOverview): string {
  const years = o.planYears.length > 1 ? `${o.planYears[0]}—${o.planYears[o.planYears.length - 1]}年` : `${o.planYears[0]}年`;
  if (o.countdown.state === 'ended') return years;
  if (o.countdown.state === 'before') return `任务期 ${years} 尚未开始`;
  return `至 ${o.countdown.year} 年 12 月 31 日`;
}

/** Per plan year: the quota, what is planned, what was achieved (people and villages). */
export function YearTasks({ overview: o, variant }: { overview: BattleOverview; variant: 'page' | 'wall' }) {
  return (
    <section className={`year-tasks year-tasks-${variant}`} aria-label="年度任务">
      {o.years.map((y) => (
        <div key={y.year} className="year-task" role="group" aria-label={`${y.year}年度任务`}>
          <span className="year-task-year">{y.year}年</span>
          <span className="year-task-item">
            <span className="year-task-label">目标</span> <b>{number(y.quotaPeople)}</b> 人
          </span>
          <span className={y.planned.people === y.quotaPeople ? 'year-task-item' : 'year-task-item year-task-off'} data-figure="planned">
            <span className="year-task-label">计划</span> <b>{number(y.planned.people)}</b> 人
          </span>
          <span className="year-task-item">
            <span className="year-task-label">已脱贫</span> <b>{number(y.achieved.people)}</b> 人
          </span>
          <span className="year-task-item">
            <span className="year-task-label">出列</span> <b>{y.achievedVillages}</b>/{y.plannedVillages} 村
          </span>
        </div>
      ))}
    </section>
  );
}
