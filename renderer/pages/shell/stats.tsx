// Live counts for the status bar, re-read (aggregated in SQL) whenever main publishes a committed
// change from any window or job, and when the database is restored or unlocked.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Stats } from '../../../shared/contract';
import { call, onEvent } from '../../api';

export function useStats(): { stats: Stats | null; refresh: () => void } {
  const [stats, setStats] = useState<Stats | null>(null);
  const seq = useRef(0);
  const refresh = useCallback(() => {
    const mine = ++seq.current;
    call('stats.get', {})
      .then((s) => {
        if (mine === seq.current) setStats(s);
      })
      .catch(() => {
        // The database may just have been closed; the status bar keeps its last counts.
      });
  }, []);
  useEffect(() => {
    refresh();
    const offData = onEvent('data.changed', () => refresh());
    const offSession = onEvent('session.changed', (s) => {
      if (s.reason === 'restored' || s.reason === 'unlocked') refresh();
    });
    return () => {
      offData();
      offSession();
    };
  }, [refresh]);
  return { stats, refresh };
}

export function StatusBar({ stats }: { stats: Stats | null }) {
  if (!stats) return <footer className="statusbar" role="status" aria-label="统计">正在统计…</footer>;
  const c = stats.byCategory;
  return (
    <footer className="statusbar" role="status" aria-label="统计">
      <span className="stat-total">
        合计 <b>{stats.households}</b> 户 / <b>{stats.people}</b> 人
      </span>
      <span>一般贫困户 {c.general.households} 户 / {c.general.people} 人</span>
      <span>低保贫困户 {c.dibao.households} 户 / {c.dibao.people} 人</span>
      <span>特困供养贫困户 {c.wubao.households} 户 / {c.wubao.people} 人</span>
      <span className="stat-org">
        行政村 {stats.villages} 个 · 单位 {stats.units} 个 · 工作队 {stats.teams} 支 · 干部 {stats.cadres} 人
      </span>
    </footer>
  );
}
