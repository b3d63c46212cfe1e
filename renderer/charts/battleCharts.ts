// The battle map's four charts as ECharts options, built from main's aggregates (BattleOverview):
// the village × year board, the cumulative curve against the quota line, the work teams' progress
// and the households still poor by cause. One builder per chart, for the battle page (light, page
// sizes) and the wall (dark, every size scaled to its screen). Titles, units and legends are in
// the options themselves, so a saved PNG carries them. No business rule here: main computed it all.
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, CustomSeriesOption, LineSeriesOption, PieSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { GraphicComponentOption, GridComponentOption, LegendComponentOption, TitleComponentOption, TooltipComponentOption } from 'echarts/components';
import type { BattleOverview, BattleVillage, BattleVillageStatus } from '../../shared/contract';

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | CustomSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | ScatterSeriesOption
  | GraphicComponentOption
  | GridComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

export interface ChartLook {
  dark: boolean;
  /** 1 on the battle page; the wall scales every size with its screen. */
  scale: number;
  /** Tooltips on hover (the page); the wall has no pointer. */
  interactive: boolean;
}

export const CHART_TITLES = {
  board: '村级脱贫作战图（计划与销号）',
  curve: '累计脱贫人数与计划目标（按月）',
  teams: '各驻村工作队脱贫进度',
  causes: '未脱贫户主要致贫原因',
} as const;
export type ChartKey = keyof typeof CHART_TITLES;

export const STATUS_LABELS: Record<BattleVillageStatus, string> = { exited: '已出列', onPlan: '按计划', behind: '滞后', unplanned: '未安排' };

const FONT = "'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif";

interface Palette {
  text: string;
  muted: string;
  line: string;
  cell: string;
  background: string;
  planned: string;
  achieved: string;
  quota: string;
  stamp: string;
  status: Record<BattleVillageStatus, string>;
  causes: string[];
}

function paletteOf(dark: boolean): Palette {
  return dark
    ? {
        text: '#eef4fb',
        muted: '#a9bdd6',
        line: '#2b4668',
        cell: '#13284a',
        background: '#0a1628',
        planned: '#5b9bd5',
        achieved: '#3fd08f',
        quota: '#ffb547',
        stamp: '#ff6b5e',
        status: { exited: '#3fd08f', onPlan: '#5b9bd5', behind: '#ff6b5e', unplanned: '#9aa8b8' },
        causes: ['#ff6b5e', '#ffb547', '#f7dc6f', '#3fd08f', '#5b9bd5', '#a58cff', '#4dd0e1', '#ff8fb1', '#c5e17a', '#b0bec5', '#ffcc80', '#80cbc4', '#ce93d8', '#90a4ae'],
      }
    : {
        text: '#222222',
        muted: '#666666',
        line: '#d5dae1',
        cell: '#f3f5f8',
        background: '#ffffff',
        planned: '#1f4e79',
        achieved: '#2e8b57',
        quota: '#d35400',
        stamp: '#c0392b',
        status: { exited: '#2e8b57', onPlan: '#1f4e79', behind: '#c0392b', unplanned: '#7f8c8d' },
        causes: ['#c0392b', '#e67e22', '#f1c40f', '#2e8b57', '#1f4e79', '#8e44ad', '#16a085', '#d35492', '#7cb342', '#7f8c8d', '#b9770e', '#4a7fb0', '#a569bd', '#5d6d7e'],
      };
}

/** The background a saved PNG gets (the charts themselves are transparent). */
export function chartBackground(look: ChartLook): string {
  return paletteOf(look.dark).background;
}

const px = (look: ChartLook, n: number) => Math.round(n * look.scale);

/** Text from the registry (village and team names) inside a tooltip's HTML. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function titleOf(look: ChartLook, text: string, subtext: string): TitleComponentOption {
  const p = paletteOf(look.dark);
  return {
    text,
    subtext,
    left: px(look, 8),
    top: px(look, 6),
    textStyle: { fontSize: px(look, 17), fontWeight: 'bold', color: p.text, fontFamily: FONT },
    subtextStyle: { fontSize: px(look, 12), color: p.muted, fontFamily: FONT },
    itemGap: px(look, 6),
  };
}

function legendOf(look: ChartLook, extra: LegendComponentOption = {}): LegendComponentOption {
  const p = paletteOf(look.dark);
  return {
    top: px(look, 10),
    right: px(look, 10),
    itemWidth: px(look, 18),
    itemHeight: px(look, 11),
    itemGap: px(look, 14),
    textStyle: { fontSize: px(look, 13), color: p.text, fontFamily: FONT },
    ...extra,
  };
}

function tooltipOf(look: ChartLook, extra: TooltipComponentOption = {}): TooltipComponentOption {
  return { show: look.interactive, confine: true, textStyle: { fontFamily: FONT, fontSize: 13 }, ...extra };
}

function base(look: ChartLook): ChartOption {
  return { textStyle: { fontFamily: FONT }, animationDuration: look.interactive ? 300 : 600, animationDurationUpdate: 300 };
}

/** A calm line in the middle of an empty chart. */
function emptyNote(look: ChartLook, text: string): GraphicComponentOption {
  return { type: 'text', left: 'center', top: 'middle', style: { text, fontSize: px(look, 16), fill: paletteOf(look.dark).muted, font: `${px(look, 16)}px ${FONT}` } };
}

function monthDay(iso: string): string {
  return `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
}

// =============================================================================================
// The village × year board
// =============================================================================================

interface BoardCell {
  village: BattleVillage;
  /** 0: the village; 1…n: a plan year; n+1: the status. */
  col: number;
  row: number;
}

/** How tall the board must be to show `rows` villages at this look. */
export function boardHeight(rows: number, look: ChartLook): number {
  return px(look, 120) + Math.max(rows, 3) * px(look, 32);
}

/**
 * 村级脱贫作战图: a row per village, a column per plan year and one for the status. Each year's
 * cell reads 已销号/计划 households and people with a bar of the households struck off, framed in
 * the status colour in the village's planned 出列 year, stamped 出列 with its date in the year it
 * went out; a village already out is struck through.
 */
export function boardOption(o: BattleOverview, villages: readonly BattleVillage[], look: ChartLook, subtitle = ''): ChartOption {
  const p = paletteOf(look.dark);
  const columns = ['行政村（驻村工作队）', ...o.planYears.map((y) => `${y}年`), '状态'];
  const cells: BoardCell[] = [];
  villages.forEach((village, row) => columns.forEach((_c, col) => cells.push({ village, col, row })));
  const fontSize = px(look, 12.5);
  const small = px(look, 11);
  const pad = px(look, 2.5);

  const renderItem: CustomSeriesOption['renderItem'] = (params, api) => {
    const cell = cells[params.dataIndex];
    const [cx, cy] = api.coord([cell.col, cell.row]);
    const [w, h] = api.size!([1, 1]) as number[];
    const x = cx - w / 2 + pad;
    const y = cy - h / 2 + pad;
    const cw = w - 2 * pad;
    const ch = h - 2 * pad;
    const v = cell.village;
    const statusColor = p.status[v.status];
    const font = (size: number, weight: 'normal' | 'bold' = 'normal') => `${weight} ${size}px ${FONT}`;
    const children: NonNullable<Extract<ReturnType<NonNullable<CustomSeriesOption['renderItem']>>, { type: 'group' }>['children']> = [];
    const background = (fill: string, stroke?: string) =>
      children.push({ type: 'rect', shape: { x, y, width: cw, height: ch, r: px(look, 3) }, style: { fill, stroke: stroke ?? 'transparent', lineWidth: stroke ? px(look, 2) : 0 } });

    if (cell.col === 0) {
      background(p.cell);
      const name = v.name;
      children.push({
        type: 'text',
        style: {
          text: `{n|${name}}  {t|${v.teamName ?? '（未设工作队）'}}`,
          x: x + px(look, 8),
          y: cy,
          verticalAlign: 'middle',
          width: cw - px(look, 12),
          overflow: 'truncate',
          rich: { n: { font: font(fontSize, 'bold'), fill: p.text }, t: { font: font(small), fill: p.muted } },
        },
      });
      if (v.status === 'exited') {
        // Struck off the map (按图销号): a line through the village's name.
        const nameWidth = name.length * fontSize;
        children.push({ type: 'line', shape: { x1: x + px(look, 4), y1: cy, x2: x + px(look, 12) + nameWidth, y2: cy }, style: { stroke: p.stamp, lineWidth: px(look, 2) } });
      }
    } else if (cell.col <= o.planYears.length) {
      const year = o.planYears[cell.col - 1];
      const figures = v.years[cell.col - 1];
      const plannedYear = v.plannedExitYear === year;
      background(plannedYear ? hexAlpha(statusColor, look.dark ? 0.22 : 0.12) : p.cell, plannedYear ? statusColor : undefined);
      const planned = figures.planned.households;
      const achieved = figures.achieved.households;
      const none = planned === 0 && achieved === 0;
      if (planned > 0) {
        const barY = y + ch - px(look, 5);
        const track = cw - px(look, 12);
        children.push({ type: 'rect', shape: { x: x + px(look, 6), y: barY, width: track, height: px(look, 3) }, style: { fill: p.line } });
        children.push({ type: 'rect', shape: { x: x + px(look, 6), y: barY, width: Math.min(1, achieved / planned) * track, height: px(look, 3) }, style: { fill: p.achieved } });
      }
      const done = planned > 0 && achieved >= planned;
      const full = `${done ? '✓ ' : ''}${achieved}/${planned}户 · ${figures.achieved.people}/${figures.planned.people}人`;
      const room = cw - px(look, 14);
      // The 出列 stamp in the year the village went out: with its date when the cell has room.
      const stamps = v.exitedOn && Number(v.exitedOn.slice(0, 4)) === year ? [`出列 ${monthDay(v.exitedOn)}`, '出列'] : [];
      const stampWidth = (text: string) => textWidth(text, small) + 2 * px(look, 4) + px(look, 8);
      const stamp = stamps.find((t) => textWidth(full, fontSize) + stampWidth(t) <= room) ?? stamps[1] ?? null;
      const fits = stamp === null || textWidth(full, fontSize) + stampWidth(stamp) <= room;
      children.push({
        type: 'text',
        style: {
          text: none ? '—' : fits ? full : `${done ? '✓ ' : ''}${achieved}/${planned}户`,
          x: x + px(look, 8),
          y: cy - px(look, 1),
          verticalAlign: 'middle',
          font: font(fontSize, done ? 'bold' : 'normal'),
          fill: none ? p.muted : done ? p.achieved : p.text,
          width: room - (stamp ? stampWidth(stamp) : 0),
          overflow: 'truncate',
        },
      });
      if (stamp) {
        children.push({
          type: 'text',
          style: {
            text: stamp,
            x: x + cw - px(look, 6),
            y: cy - px(look, 1),
            align: 'right',
            verticalAlign: 'middle',
            font: font(small, 'bold'),
            fill: p.stamp,
            borderColor: p.stamp,
            borderWidth: Math.max(1, px(look, 1.5)),
            borderRadius: px(look, 3),
            padding: [px(look, 1), px(look, 4)],
            backgroundColor: p.background,
          },
        });
      }
    } else {
      background(hexAlpha(statusColor, look.dark ? 0.25 : 0.12));
      const detail =
        v.status === 'exited' ? `${v.exitedOn!.slice(0, 4)}年${monthDay(v.exitedOn!)}` : v.plannedExitYear !== null ? `计划${v.plannedExitYear}年` : '无计划年度';
      children.push({
        type: 'text',
        style: {
          text: `{s|${STATUS_LABELS[v.status]}} {d|${detail}}`,
          x: x + px(look, 8),
          y: cy,
          verticalAlign: 'middle',
          width: cw - px(look, 12),
          overflow: 'truncate',
          rich: { s: { font: font(fontSize, 'bold'), fill: statusColor }, d: { font: font(small), fill: p.muted } },
        },
      });
    }
    return { type: 'group', children };
  };

  const legendNames = (Object.keys(STATUS_LABELS) as BattleVillageStatus[]).map((s) => STATUS_LABELS[s]);
  const option: ChartOption = {
    ...base(look),
    title: titleOf(look, CHART_TITLES.board, `格中为 已销号/计划 户数·人数（${o.planYears[0]}—${o.planYears[o.planYears.length - 1]}年）；色框为计划出列年度，红章为出列，删除线为已出列村${subtitle ? `；${subtitle}` : ''}`),
    legend: legendOf(look, { data: legendNames, selectedMode: false, top: px(look, 8) }),
    tooltip: tooltipOf(look, {
      trigger: 'item',
      formatter: (params) => {
        const cell = cells[(params as { dataIndex: number }).dataIndex];
        if (!cell) return '';
        const v = cell.village;
        const lines = v.years.map((y) => `${y.year}年：计划 ${y.planned.households} 户 ${y.planned.people} 人，已销号 ${y.achieved.households} 户 ${y.achieved.people} 人`);
        return [
          `<b>${escapeHtml(v.name)}</b>（${escapeHtml(v.teamName ?? '未设工作队')}）`,
          `状态：${STATUS_LABELS[v.status]}${v.exitedOn ? `，${v.exitedOn} 出列` : ''}${v.plannedExitYear !== null ? `，计划 ${v.plannedExitYear} 年出列` : ''}`,
          `全村贫困户 ${v.total.households} 户 ${v.total.people} 人，已脱贫 ${v.exited.households} 户 ${v.exited.people} 人`,
          ...lines,
          look.interactive ? '<span style="color:#888">点击查看该村贫困户</span>' : '',
        ].join('<br/>');
      },
    }),
    grid: { left: px(look, 6), right: px(look, 6), top: px(look, 88), bottom: px(look, 6) },
    xAxis: {
      type: 'category',
      data: columns,
      position: 'top',
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { fontSize: px(look, 13), fontWeight: 'bold', color: p.text, fontFamily: FONT, margin: px(look, 8) },
      splitLine: { show: false },
    },
    yAxis: { type: 'category', data: villages.map((v) => v.id), inverse: true, show: false },
    series: [
      {
        type: 'custom',
        name: '村级作战图',
        renderItem,
        data: cells.map((c) => [c.col, c.row]),
        encode: { x: 0, y: 1 },
        cursor: look.interactive ? 'pointer' : 'default',
      },
      // The legend's status colours (no data of their own).
      ...(Object.keys(STATUS_LABELS) as BattleVillageStatus[]).map((s): ScatterSeriesOption => ({ type: 'scatter', name: STATUS_LABELS[s], data: [], itemStyle: { color: p.status[s] } })),
    ],
  };
  if (villages.length === 0) option.graphic = [emptyNote(look, '还没有行政村')];
  return option;
}

/** The village a click on the board landed on, or null. */
export function boardVillageAt(o: BattleOverview, villages: readonly BattleVillage[], dataIndex: number): BattleVillage | null {
  const columns = o.planYears.length + 2;
  return villages[Math.floor(dataIndex / columns)] ?? null;
}

/** About how wide a line of text is drawn: CJK characters are square, digits and Latin about 0.58 em. */
function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += ch.charCodeAt(0) < 0x2000 ? 0.58 : 1;
  return em * fontSize;
}

function hexAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

// =============================================================================================
// The cumulative curve
// =============================================================================================

/** 累计脱贫人数 by month (to today) against the cumulative quota at each plan year's end. */
export function curveOption(o: BattleOverview, look: ChartLook): ChartOption {
  const p = paletteOf(look.dark);
  const months = o.months.map((m) => m.month);
  const quota = new Map(o.quotaLine.map((q) => [q.month, q.cumulative]));
  // The target line starts from nothing at the campaign's first month.
  const quotaData = months.map((m, i) => quota.get(m) ?? (i === 0 ? 0 : null));
  const axisText = { fontSize: px(look, 12), color: p.muted, fontFamily: FONT };
  const option: ChartOption = {
    ...base(look),
    title: titleOf(look, CHART_TITLES.curve, `单位：人；实线为销号累计，虚线为各年底累计计划目标（共 ${o.figures.total.people} 人）`),
    legend: legendOf(look, { data: ['累计脱贫人数', '计划累计目标'], top: px(look, 10) }),
    tooltip: tooltipOf(look, { trigger: 'axis', valueFormatter: (v) => (v == null ? '—' : `${String(v)} 人`) }),
    grid: { left: px(look, 16), right: px(look, 28), top: px(look, 84), bottom: px(look, 14), containLabel: true },
    xAxis: {
      type: 'category',
      data: months,
      boundaryGap: false,
      // January (with its year) and July of every year, whatever the width.
      axisLabel: { ...axisText, interval: (_i: number, m: string) => m.endsWith('-01') || m.endsWith('-07'), formatter: (m: string) => (m.endsWith('-01') ? `${m.slice(0, 4)}年1月` : `${Number(m.slice(5))}月`) },
      axisLine: { lineStyle: { color: p.line } },
      axisTick: { alignWithLabel: true, interval: (_i: number, m: string) => m.endsWith('-01') || m.endsWith('-07') },
    },
    yAxis: {
      type: 'value',
      name: '人',
      nameTextStyle: axisText,
      axisLabel: axisText,
      splitLine: { lineStyle: { color: p.line, type: 'dashed' } },
      max: (extent) => Math.max(extent.max, o.figures.total.people),
    },
    series: [
      {
        name: '累计脱贫人数',
        type: 'line',
        data: o.months.map((m) => m.cumulative),
        showSymbol: false,
        lineStyle: { width: px(look, 3), color: p.achieved },
        itemStyle: { color: p.achieved },
        areaStyle: { color: hexAlpha(p.achieved, 0.18) },
      },
      {
        name: '计划累计目标',
        type: 'line',
        data: quotaData,
        connectNulls: true,
        symbol: 'circle',
        symbolSize: px(look, 8),
        lineStyle: { width: px(look, 2), type: 'dashed', color: p.quota },
        itemStyle: { color: p.quota },
        label: { show: true, position: 'top', formatter: (x) => (x.value ? `${String(x.value)}人` : ''), fontSize: px(look, 12), color: p.quota, fontFamily: FONT },
      },
    ],
  };
  return option;
}

// =============================================================================================
// Work teams
// =============================================================================================

/** How tall the teams chart must be for `rows` teams. */
export function teamsHeight(rows: number, look: ChartLook): number {
  return px(look, 110) + Math.max(rows, 3) * px(look, 30);
}

/** 各驻村工作队: people planned in the plan years against people exited, with the rate. */
export function teamsOption(o: BattleOverview, teams: BattleOverview['teams'], look: ChartLook, subtitle = ''): ChartOption {
  const p = paletteOf(look.dark);
  const axisText = { fontSize: px(look, 12), color: p.text, fontFamily: FONT };
  const option: ChartOption = {
    ...base(look),
    title: titleOf(look, CHART_TITLES.teams, `单位：人；完成率 = 已脱贫人数 ÷ 计划脱贫人数${subtitle ? `；${subtitle}` : ''}`),
    legend: legendOf(look, { data: ['计划脱贫人数', '已脱贫人数'], top: px(look, 10) }),
    tooltip: tooltipOf(look, { trigger: 'axis', axisPointer: { type: 'shadow' } }),
    grid: { left: px(look, 12), right: px(look, 120), top: px(look, 78), bottom: px(look, 10), containLabel: true },
    xAxis: { type: 'value', name: '人', nameGap: px(look, 28), nameTextStyle: { ...axisText, color: p.muted }, axisLabel: { ...axisText, color: p.muted }, splitLine: { lineStyle: { color: p.line, type: 'dashed' } } },
    yAxis: { type: 'category', inverse: true, data: teams.map((t) => t.name), axisLabel: axisText, axisLine: { lineStyle: { color: p.line } }, axisTick: { show: false } },
    series: [
      { name: '计划脱贫人数', type: 'bar', data: teams.map((t) => t.plannedPeople), itemStyle: { color: hexAlpha(p.planned, look.dark ? 0.75 : 0.55) }, barGap: '10%', barCategoryGap: '30%' },
      {
        name: '已脱贫人数',
        type: 'bar',
        data: teams.map((t) => t.exitedPeople),
        itemStyle: { color: p.achieved },
        label: {
          show: true,
          position: 'right',
          fontSize: px(look, 12),
          color: p.text,
          fontFamily: FONT,
          formatter: (x) => {
            const team = teams[x.dataIndex];
            return team.rate === null ? `${team.exitedPeople}人` : `${team.exitedPeople}人 · ${team.rate}%`;
          },
        },
      },
    ],
  };
  if (teams.length === 0) option.graphic = [emptyNote(look, '还没有驻村工作队')];
  return option;
}

// =============================================================================================
// Causes
// =============================================================================================

/** 未脱贫户 by main cause: households, with people and the share in the legend. */
export function causesOption(o: BattleOverview, look: ChartLook): ChartOption {
  const p = paletteOf(look.dark);
  const remaining = o.figures.remaining;
  // The page's card is narrow: the legend carries the figures; the wall has room for labels too.
  const wide = !look.interactive;
  const share = (households: number) => (remaining.households > 0 ? `${Math.round((households / remaining.households) * 1000) / 10}%` : '');
  const option: ChartOption = {
    ...base(look),
    color: p.causes,
    title: titleOf(look, CHART_TITLES.causes, `单位：户；未脱贫共 ${remaining.households} 户 ${remaining.people} 人`),
    legend: legendOf(look, {
      type: 'plain',
      orient: 'vertical',
      top: 'middle',
      left: wide ? '60%' : '54%',
      right: undefined,
      itemGap: px(look, 7),
      formatter: (name: string) => {
        const c = o.causes.find((x) => x.label === name);
        return c ? `${name}  ${c.households}户 / ${c.people}人  ${share(c.households)}` : name;
      },
    }),
    tooltip: tooltipOf(look, {
      trigger: 'item',
      formatter: (x) => {
        const item = x as { name: string; value: number; percent: number };
        const c = o.causes.find((cause) => cause.label === item.name);
        return `${escapeHtml(item.name)}：${item.value} 户（${item.percent}%），${c?.people ?? 0} 人`;
      },
    }),
    series: [
      {
        name: '致贫原因',
        type: 'pie',
        radius: wide ? ['40%', '78%'] : ['34%', '64%'],
        center: wide ? ['32%', '56%'] : ['27%', '57%'],
        avoidLabelOverlap: true,
        minShowLabelAngle: 8,
        itemStyle: { borderColor: p.background, borderWidth: px(look, 2) },
        label: wide ? { formatter: '{b}\n{d}%', fontSize: px(look, 12), color: p.text, fontFamily: FONT, lineHeight: px(look, 16) } : { show: false },
        labelLine: { show: wide, length: px(look, 10), length2: px(look, 10) },
        data: o.causes.map((c) => ({ name: c.label, value: c.households })),
      },
    ],
  };
  if (o.causes.length === 0) option.graphic = [emptyNote(look, remaining.households === 0 && o.figures.total.households > 0 ? '贫困户已全部脱贫' : '没有未脱贫的贫困户')];
  return option;
}
