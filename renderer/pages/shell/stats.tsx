// Live counts for the status bar, re-read (aggregated in SQL) whenever main publishes a committed
// change from any window or job, and when the database is restored or unlocked; beside them, the
// background integrity check's state as main reports it.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { IntegrityStatus, Stats } from '../../../shared/contract';
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

/** The integrity check's state: asked once, then kept current by main's 'integrity.changed' events. */
export function useIntegrity(): IntegrityStatus | null {
  const [status, setStatus] = useState<IntegrityStatus | null>(null);
  useEffect(() => {
    let live = true;
    const off = onEvent('integrity.changed', (s) => setStatus(s));
    call('integrity.status', {})
      .then((s) => {
        // An event that came meanwhile is newer than this answer.
        if (live) setStatus((now) => now ?? s);
      })
      .catch(() => {
        // The database may just have been closed.
      });
    return () => {
      live = false;
      off();
    };
  }, []);
  return status;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 今天 14:02 / 昨天 09:10 / 11月28日 09:10 / 2025年11月28日, in the PC's own time zone. */
export function whenText(iso: string, now = new Date()): string {
  const d = new Date(iso);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const day = (x: Date) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  const days = Math.round((day(now) - day(d)) / 86_400_000);
  if (days === 0) return `今天 ${time}`;
  if (days === 1) return `昨天 ${time}`;
  if (d.getFullYear() === now.getFullYear()) return `${d.getMonth() + 1}月${d.getDate()}日 ${time}`;
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}

/** Short, for the status bar; when the last check passed goes in its tooltip (lastPassedText). */
export function integrityText(s: IntegrityStatus): string {
  switch (s.state) {
    case 'checking':
      return `完整性检查：正在${s.kind === 'full' ? '全面' : ''}检查…`;
    case 'damaged':
      return '完整性检查：发现损坏';
    case 'failed':
      return '完整性检查：未能完成';
    default:
      return s.lastPassedAt ? `完整性检查：${whenText(s.lastPassedAt)} 通过` : '完整性检查：尚未检查';
  }
}

function IntegrityNote({ status }: { status: IntegrityStatus | null }) {
  if (!status) return null;
  const full = status.lastFullPassedAt ? `上次全面检查（每周一次）：${whenText(status.lastFullPassedAt)} 通过` : '尚未做过全面检查（每周一次）';
  const last = status.lastPassedAt ? `上次检查：${whenText(status.lastPassedAt)} 通过` : null;
  const title = [status.problem, last, full].filter(Boolean).join('\n');
  const text = integrityText(status);
  return (
    <span className="stat-check" title={title}>
      {status.state === 'damaged' ? <b className="text-danger">{text}</b> : text}
    </span>
  );
}

export function StatusBar({ stats, integrity = null }: { stats: Stats | null; integrity?: IntegrityStatus | null }) {
  if (!stats) {
    return (
      <footer className="statusbar" role="status" aria-label="统计">
        <span>正在统计…</span>
        <IntegrityNote status={integrity} />
      </footer>
    );
  }
  const c = stats.byCategory;
  return (
    <footer className="statusbar" role="status" aria-label="统计">
      <span className="stat-total">
        合计 <b>{stats.households}</b> 户 / <b>{stats.people}</b> 人
      </span>
      <span>一般贫困户 {c.general.households} 户 / {c.general.people} 人</span>
      <span>低保贫困户 {c.dibao.households} 户 / {c.dibao.people} 人</span>
      <span>特困供养贫困户 {c.wubao.households} 户 / {c.wubao.people} 人</span>
      <span className="stat-org" title={`行政村 ${stats.villages} 个 · 单位 ${stats.units} 个 · 工作队 ${stats.teams} 支 · 干部 ${stats.cadres} 人`}>
        行政村 {stats.villages} 个 · 单位 {stats.units} 个 · 工作队 {stats.teams} 支 · 干部 {stats.cadres} 人
      </span>
      <IntegrityNote status={integrity} />
    </footer>
  );
}
