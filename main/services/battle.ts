// 挂图作战: the battle map's and the wall display's figures — the key figures and the countdown,
// the village × year board, people struck off month by month against the quota line, each work
// team's progress and the households still poor by main cause. Aggregates only: no name, ID
// number or phone is read. The quotas are the plan's own (planQuotas over readCampaign).
//
// The answer is kept per database until the next committed write (or the next day): the battle
// page and the wall both refetch after each change, and the second asks for what the first caused.
import type { BattleCountdown, BattleOverview, BattleVillage, BattleVillageStatus, BattleYear, HouseholdsPeople } from '../../shared/contract';
import { codeLabel } from '../../shared/domain/codes';
import { exitYearOf } from '../../shared/domain/exitStatus';
import { daysInMonth, isLeapYear, parseIsoDate, todayIso, type YMD } from '../../shared/domain/dates';
import { queriesFor } from '../db/queries';
import type { BattleHouseholdGroup, BattleMonthRow } from '../db/queries/battle';
import type { Store } from '../db/store';
import { campaignQuotas, readCampaign } from './plan';
import { readSettings } from './settings';
import { fundsByYear } from './ledger';

const cached = new WeakMap<Store, { key: string; overview: BattleOverview }>();

/** The battle map on `today` (the PC's local date unless a test gives one). */
export function battleOverview(store: Store, today: string = todayIso()): BattleOverview {
  const key = `${queriesFor(store).battle.changeMark()}|${today}`;
  const hit = cached.get(store);
  if (hit?.key === key) return hit.overview;
  const overview = computeOverview(store, today);
  cached.set(store, { key, overview });
  return overview;
}

function computeOverview(store: Store, today: string): BattleOverview {
  const q = queriesFor(store).battle;
  const date = parseIsoDate(today);
  if (!date) throw new Error(`not an ISO date: ${today}`);
  const campaign = readCampaign(store);
  const planYears = campaign.planYears;
  const groups = q.householdGroups();
  const exitMonths = q.exitMonths();
  const villageRows = q.villages();

  const total = sumOf(groups);
  const exited = sumOf(groups.filter((g) => g.exited === 1));
  const quotas = campaignQuotas(campaign, { people: total.people, villages: villageRows.length });

  const byVillage = new Map<string, BattleHouseholdGroup[]>();
  for (const g of groups) {
    const list = byVillage.get(g.villageId);
    if (list) list.push(g);
    else byVillage.set(g.villageId, [g]);
  }
  const villages: BattleVillage[] = villageRows.map((v) => {
    const own = byVillage.get(v.id) ?? [];
    return {
      id: v.id,
      code: v.code,
      name: v.name,
      teamName: v.teamName,
      plannedExitYear: v.plannedExitYear,
      exitedOn: v.exitedOn,
      status: villageStatus(v.plannedExitYear, v.exitedOn, date.year),
      total: sumOf(own),
      exited: sumOf(own.filter((g) => g.exited === 1)),
      years: planYears.map((year) => ({ year, planned: sumOf(own.filter((g) => g.plannedExitYear === year)), achieved: sumOf(own.filter((g) => exitYearOfGroup(g) === year)) })),
    };
  });

  const years: BattleYear[] = planYears.map((year, i) => ({
    year,
    quotaPeople: quotas.people[i],
    quotaVillages: quotas.villages[i],
    planned: sumOf(groups.filter((g) => g.plannedExitYear === year)),
    plannedVillages: villageRows.filter((v) => v.plannedExitYear === year).length,
    achieved: sumOf(groups.filter((g) => exitYearOfGroup(g) === year)),
    achievedVillages: villageRows.filter((v) => yearOfDate(v.exitedOn) === year).length,
  }));

  const planned = new Set(planYears);
  const teams = villages
    .filter((v) => v.teamName !== null)
    .map((v) => {
      // Out of the people the plan gives the team, how many are out: a household out without a
      // plan year is on the village's figures, not on this rate (which so never passes 100 %).
      const inPlan = (byVillage.get(v.id) ?? []).filter((g) => g.plannedExitYear !== null && planned.has(g.plannedExitYear));
      const plannedPeople = sumOf(inPlan).people;
      const exitedPeople = sumOf(inPlan.filter((g) => g.exited === 1)).people;
      return { name: v.teamName!, villageName: v.name, plannedPeople, exitedPeople, rate: percent(exitedPeople, plannedPeople) };
    });

  const causes = q
    .remainingByCause()
    .map((c) => ({ cause: c.cause, label: (c.cause && codeLabel('povertyCause', c.cause)) || (c.cause ?? '未填写'), households: c.households, people: c.people }))
    .sort((a, b) => b.households - a.households || b.people - a.people || a.label.localeCompare(b.label, 'zh-CN'));

  let cumulative = 0;
  const quotaLine = planYears.map((year, i) => ({ month: `${year}-12`, cumulative: (cumulative += quotas.people[i]) }));

  return {
    asOf: today,
    planYears: [...planYears],
    figures: {
      total,
      exited,
      remaining: { households: total.households - exited.households, people: total.people - exited.people },
      villages: villageRows.length,
      exitedVillages: villageRows.filter((v) => v.exitedOn !== null).length,
      exitRate: percent(exited.people, total.people),
    },
    countdown: countdownOn(date, planYears),
    funds: fundsByYear(store),
    years,
    villages,
    months: monthlySeries(exitsByMonth(exitMonths), planYears, date),
    quotaLine,
    teams,
    causes,
    wallRotateSeconds: readSettings(store).wallRotateSeconds,
  };
}

function sumOf(groups: readonly { households: number; people: number }[]): HouseholdsPeople {
  let households = 0;
  let people = 0;
  for (const g of groups) {
    households += g.households;
    people += g.people;
  }
  return { households, people };
}

/** The year a group left poverty (shared/domain/exitStatus.ts exitYearOf). */
function exitYearOfGroup(g: BattleHouseholdGroup): number | null {
  return exitYearOf(g.exited === 1, g.exitYear, g.plannedExitYear);
}

/** People struck off by month (oldest first): the months that are real YYYY-MM. */
function exitsByMonth(months: readonly BattleMonthRow[]): { month: string; people: number }[] {
  return months.filter((m) => /^\d{4}-\d{2}$/.test(m.month)).map((m) => ({ month: m.month, people: m.people }));
}

function yearOfDate(iso: string | null): number | null {
  return iso ? (parseIsoDate(iso)?.year ?? null) : null;
}

/** part ÷ whole in percent, one decimal; null when there is no whole. */
function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

/** 已出列 / 未安排 / 滞后 (its planned year is over and it has not gone out) / 按计划. */
export function villageStatus(plannedExitYear: number | null, exitedOn: string | null, currentYear: number): BattleVillageStatus {
  if (exitedOn !== null) return 'exited';
  if (plannedExitYear === null) return 'unplanned';
  return currentYear > plannedExitYear ? 'behind' : 'onPlan';
}

function dayOfYear(d: YMD): number {
  let n = d.day;
  for (let m = 1; m < d.month; m++) n += daysInMonth(d.year, m);
  return n;
}

const yearLength = (year: number) => (isLeapYear(year) ? 366 : 365);

/**
 * 距离完成年度脱贫任务还剩 N 天: days from today to 12-31 of the plan year under way (0 on that
 * day), or of the first plan year to come; after the last plan year the campaign has ended.
 */
export function countdownOn(today: YMD, planYears: readonly number[]): BattleCountdown {
  const first = planYears[0];
  const last = planYears[planYears.length - 1];
  const target = planYears.find((y) => y >= today.year);
  if (target === undefined) {
    return { state: 'ended', year: last, daysLeft: null, text: `${first === last ? `${last}年` : `${first}—${last}年`}脱贫攻坚任务期已结束` };
  }
  let daysLeft = yearLength(today.year) - dayOfYear(today);
  for (let y = today.year + 1; y <= target; y++) daysLeft += yearLength(y);
  const text = daysLeft === 0 ? `今天是完成${target}年度脱贫任务的最后一天` : `距离完成${target}年度脱贫任务还剩 ${daysLeft} 天`;
  return { state: target === today.year ? 'running' : 'before', year: target, daysLeft, text };
}

function monthKey(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

/**
 * Each month from January of the first plan year to December of the last (or to a later month with
 * exits, up to today's): the people struck off in it and the running total; months after today
 * have no total. Exits dated before the first month count in the first month.
 */
export function monthlySeries(exits: readonly { month: string; people: number }[], planYears: readonly number[], today: YMD): BattleOverview['months'] {
  const start = monthKey(planYears[0], 1);
  const now = monthKey(today.year, today.month);
  const lastExit = exits.length > 0 ? exits[exits.length - 1].month : start;
  const planEnd = monthKey(planYears[planYears.length - 1], 12);
  const end = [planEnd, lastExit < now ? lastExit : now].reduce((a, b) => (a > b ? a : b));
  const people = new Map<string, number>();
  for (const e of exits) {
    const month = e.month < start ? start : e.month;
    people.set(month, (people.get(month) ?? 0) + e.people);
  }
  const series: BattleOverview['months'] = [];
  let cumulative = 0;
  let year = planYears[0];
  let month = 1;
  while (monthKey(year, month) <= end) {
    const key = monthKey(year, month);
    const inMonth = people.get(key) ?? 0;
    cumulative += inMonth;
    series.push({ month: key, people: inMonth, cumulative: key <= now ? cumulative : null });
    if (++month > 12) {
      month = 1;
      year++;
    }
  }
  return series;
}
