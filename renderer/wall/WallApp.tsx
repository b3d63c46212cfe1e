// The wall display (大屏): the renderer opened with #wall in a window of kind 'wall'. Dark, large
// type sized to the screen (1920×1080 up to 3840×2160), the key figures and the plan years' tasks
// always in view, and the battle map's charts as views that rotate every few seconds (a setting,
// sent with the figures). It reads one channel, 'battle.overview' (aggregates, no personal data),
// again whenever main publishes a change or the database opens or closes; it keeps showing while
// the clerk's window is locked, and waits calmly while no database is open.
import { useEffect, useMemo, useState } from 'react';
import type { BattleOverview } from '../../shared/contract';
import { EChart } from '../charts/EChart';
import { KeyFigures, YearTasks } from '../charts/BattleFigures';
import { boardOption, causesOption, CHART_TITLES, curveOption, teamsOption, type ChartLook, type ChartOption } from '../charts/battleCharts';
import { useBattleOverview } from '../charts/useBattleOverview';
import './wall.css';

/** Rows of the board, and teams, per view: large enough to read from across the room. */
const BOARD_ROWS_PER_VIEW = 11;
const TEAMS_PER_VIEW = 11;

export function WallApp() {
  useEffect(() => {
    document.title = '挂图作战 · 大屏';
    document.documentElement.classList.add('wall-root');
  }, []);
  const { overview, error } = useBattleOverview();
  if (!overview) return <WallWaiting error={overview === undefined ? error : null} />;
  return <WallBoard overview={overview} />;
}

function WallWaiting({ error }: { error: string | null }) {
  return (
    <div className="wall wall-waiting">
      <h1 className="wall-title">精准扶贫 · 挂图作战</h1>
      <p className="wall-waiting-text">大屏已就绪，等待打开数据库</p>
      <p className="wall-waiting-hint">{error ? `暂时无法读取数据：${error}` : '在主窗口打开数据库后，这里会自动显示作战图'}</p>
      <Clock />
    </div>
  );
}

interface View {
  key: string;
  title: string;
  option: ChartOption;
}

/** The screen's scale: 1 at the battle page's sizes, ≈ 1.8 on 1920×1080, ≈ 3.6 on 3840×2160. */
function useLook(): ChartLook {
  const [height, setHeight] = useState(() => window.innerHeight);
  useEffect(() => {
    const onResize = () => setHeight(window.innerHeight);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return useMemo(() => ({ dark: true, scale: Math.max(1, (height / 1080) * 1.8), interactive: false }), [height]);
}

function pages<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length > 0 ? out : [[]];
}

function WallBoard({ overview: o }: { overview: BattleOverview }) {
  const look = useLook();
  const views = useMemo<View[]>(() => {
    const boards = pages(o.villages, BOARD_ROWS_PER_VIEW);
    const teams = pages(o.teams, TEAMS_PER_VIEW);
    const part = (i: number, n: number) => (n > 1 ? `第 ${i + 1}/${n} 页` : '');
    return [
      ...boards.map((villages, i) => ({ key: `board-${i}`, title: CHART_TITLES.board, option: boardOption(o, villages, look, part(i, boards.length)) })),
      { key: 'curve', title: CHART_TITLES.curve, option: curveOption(o, look) },
      ...teams.map((list, i) => ({ key: `teams-${i}`, title: CHART_TITLES.teams, option: teamsOption(o, list, look, part(i, teams.length)) })),
      { key: 'causes', title: CHART_TITLES.causes, option: causesOption(o, look) },
    ];
  }, [o, look]);

  const [index, setIndex] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => setIndex((i) => i + 1), o.wallRotateSeconds * 1000);
    return () => window.clearInterval(timer);
  }, [o.wallRotateSeconds]);
  const current = views[index % views.length];

  return (
    <div className="wall">
      <header className="wall-header">
        <h1 className="wall-title">精准扶贫 · 挂图作战</h1>
        <span className="wall-countdown">
          {o.countdown.text}
        </span>
        <Clock />
      </header>
      <KeyFigures overview={o} variant="wall" />
      <YearTasks overview={o} variant="wall" />
      <main className="wall-stage" aria-label="轮换图表">
        <EChart key={current.key} option={current.option} label={current.title} height="100%" className="wall-chart" />
      </main>
      <footer className="wall-footer">
        <span className="wall-dots" aria-hidden="true">
          {views.map((v, i) => (
            <span key={v.key} className={i === index % views.length ? 'wall-dot wall-dot-on' : 'wall-dot'} />
          ))}
        </span>
        <span>
          第 {(index % views.length) + 1}/{views.length} 屏 · 每 {o.wallRotateSeconds} 秒轮换 · 数据截至 {o.asOf}
        </span>
      </footer>
    </div>
  );
}

/** Today's date and the time, as a wall clock (the renderer's own clock: nothing is asked of main). */
function Clock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  const pad = (n: number) => String(n).padStart(2, '0');
  const weekday = '日一二三四五六'[now.getDay()];
  return (
    <span className="wall-clock">
      {now.getFullYear()}年{now.getMonth() + 1}月{now.getDate()}日 星期{weekday} {pad(now.getHours())}:{pad(now.getMinutes())}
    </span>
  );
}
