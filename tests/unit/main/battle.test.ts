// 挂图作战 over the fictitious demo database: the battle map's figures agree with the plan's check,
// a household struck off (written through the audited write path) shows in its year and month,
// nothing personal is in the answer, the countdown and statuses follow the date, and the wall
// gets the figures while the clerk's window is locked. Also: a chart saved as a PNG ('image.save').
// Everyone here is fictitious (虚构演示数据).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/open';
import type { Store } from '../../../main/db/store';
import { updateRow, write } from '../../../main/db/write';
import { fundsByYear } from '../../../main/services/ledger';
import { battleOverview, countdownOn, monthlySeries, villageStatus } from '../../../main/services/battle';
import { planOverview } from '../../../main/services/plan';
import { imageTarget, pngBytes, saveImage } from '../../../main/services/images';
import { createRouter, type Router } from '../../../main/ipc/router';
import { createHandlers } from '../../../main/ipc/handlers';
import { windowContext } from '../../../main/ipc/context';
import { Session } from '../../../main/services/session';
import { WALL_UNAVAILABLE } from '../../../main/ipc/battleHandlers';
import { parseIsoDate } from '../../../shared/domain/dates';
import type { BattleOverview } from '../../../shared/contract';
import { MAIN_WINDOW, PASSWORD, openDemoStore, refusalOf, tester } from './helpers';

const WALL = windowContext({ id: 2, kind: 'wall' }, '大屏');
let dir: string;
let dbPath: string;
let store: Store;

beforeAll(() => {
  ({ dir, dbPath, store } = openDemoStore('fupin-battle-'));
}, 120_000);

afterAll(() => {
  store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ymd = (iso: string) => parseIsoDate(iso)!;
const yearOf = (o: BattleOverview, year: number) => o.years.find((y) => y.year === year)!;

describe('the battle map on the demo', () => {
  it('counts what the plan check counts, with the same quotas', () => {
    const o = battleOverview(store, '2017-06-01');
    const plan = planOverview(store);
    expect(o.planYears).toEqual(plan.quotas.years);
    expect(o.figures.total).toEqual({ households: plan.totals.households, people: plan.totals.people });
    expect(o.figures.villages).toBe(plan.totals.villages);
    for (const [i, y] of plan.check.years.entries()) {
      expect(o.years[i]).toMatchObject({ year: y.year, quotaPeople: y.people.quota, quotaVillages: y.villages.quota, plannedVillages: y.villages.planned, planned: { households: y.households, people: y.people.planned } });
    }
    // The board's rows add up to the same plan, village by village.
    for (const [i, year] of o.planYears.entries()) {
      expect(o.villages.reduce((n, v) => n + v.years[i].planned.people, 0)).toBe(yearOf(o, year).planned.people);
    }
    expect(o.villages.reduce((n, v) => n + v.total.people, 0)).toBe(o.figures.total.people);
    // The quota line ends at everyone; the teams plan all the planned people.
    expect(o.quotaLine.map((q) => q.month)).toEqual(o.planYears.map((y) => `${y}-12`));
    expect(o.quotaLine.at(-1)!.cumulative).toBe(o.figures.total.people);
    expect(o.teams).toHaveLength(21);
    expect(o.teams.reduce((n, t) => n + t.plannedPeople, 0)).toBe(o.years.reduce((n, y) => n + y.planned.people, 0));
    expect(o.teams[0].name).toMatch(/驻村工作队$/);
    // Remaining by cause covers every household not exited.
    expect(o.causes.reduce((n, c) => n + c.households, 0)).toBe(o.figures.remaining.households);
    expect(o.causes.every((c) => c.label !== '')).toBe(true);
    // The funds are the ledger's own aggregates (services/ledger fundsByYear), per campaign year.
    expect(o.funds).toEqual(fundsByYear(store));
    expect(o.funds.map((f) => f.year)).toEqual([2016, 2017, 2018]);
    expect(o.funds.every((f) => f.pledged === 498_000_000 && f.received > 0)).toBe(true);
    expect(o.wallRotateSeconds).toBe(20);
  });

  it('shows a household struck off (audited write) in its year and month, its village and its team', () => {
    const before = battleOverview(store, '2017-06-01');
    const h = store.sqlite
      .prepare(
        `SELECT h.id, h.villageId, h.mainCause, f.size FROM households h JOIN householdFacts f ON f.householdId = h.id
         WHERE h.exitStatus = 'not_exited' AND f.size > 0 AND h.mainCause IS NOT NULL ORDER BY h.hhCode LIMIT 1`,
      )
      .get() as { id: string; villageId: string; mainCause: string; size: number };
    const auditBefore = store.sqlite.prepare('SELECT count(*) FROM auditLog').pluck().get() as number;
    write({ store, actor: tester() }, (w) => updateRow(w, 'households', h.id, { exitStatus: 'exited', exitedOn: '2017-05-20' }, '贫困户'));
    expect(store.sqlite.prepare('SELECT count(*) FROM auditLog').pluck().get()).toBe(auditBefore + 1);

    const after = battleOverview(store, '2017-06-01');
    expect(after).not.toBe(before);
    expect(after.figures.exited).toEqual({ households: before.figures.exited.households + 1, people: before.figures.exited.people + h.size });
    expect(after.figures.remaining.people).toBe(before.figures.remaining.people - h.size);
    expect(yearOf(after, 2017).achieved).toEqual({ households: yearOf(before, 2017).achieved.households + 1, people: yearOf(before, 2017).achieved.people + h.size });
    expect(yearOf(after, 2016).achieved).toEqual(yearOf(before, 2016).achieved);
    const month = (o: BattleOverview, m: string) => o.months.find((x) => x.month === m)!;
    expect(month(after, '2017-05').people).toBe(month(before, '2017-05').people + h.size);
    expect(month(after, '2017-06').cumulative).toBe(month(before, '2017-06').cumulative! + h.size);
    // Months after today have no total yet; the axis runs to the last plan year's December.
    expect(month(after, '2017-07').cumulative).toBeNull();
    expect(after.months[0].month).toBe('2016-01');
    expect(after.months.at(-1)!.month).toBe('2018-12');
    const village = (o: BattleOverview) => o.villages.find((v) => v.id === h.villageId)!;
    expect(village(after).years[1]).toMatchObject({ year: 2017, achieved: { households: village(before).years[1].achieved.households + 1 } });
    expect(village(after).exited.people).toBe(village(before).exited.people + h.size);
    const team = (o: BattleOverview) => o.teams.find((t) => t.villageName === village(o).name)!;
    expect(team(after).exitedPeople).toBe(team(before).exitedPeople + h.size);
    const cause = (o: BattleOverview) => o.causes.find((c) => c.cause === h.mainCause)?.households ?? 0;
    expect(cause(after)).toBe(cause(before) - 1);
    // Asked again with nothing written since: the same answer, not computed again.
    expect(battleOverview(store, '2017-06-01')).toBe(after);

    // Out without a plan year: on the village's figures, not on the team's rate (never over 100 %).
    write({ store, actor: tester() }, (w) => updateRow(w, 'households', h.id, { plannedExitYear: null }, '贫困户'));
    const unplanned = battleOverview(store, '2017-06-01');
    expect(village(unplanned).exited.people).toBe(village(after).exited.people);
    expect(team(unplanned).exitedPeople).toBe(team(before).exitedPeople);
    expect(team(unplanned).plannedPeople).toBe(team(before).plannedPeople - h.size);
    expect(unplanned.teams.every((t) => t.exitedPeople <= t.plannedPeople && (t.rate ?? 0) <= 100)).toBe(true);
  });

  it('marks a village 出列 with its date and counts it in its year', () => {
    const v = store.sqlite.prepare('SELECT id FROM villages ORDER BY code LIMIT 1').get() as { id: string };
    const before = battleOverview(store, '2018-03-01');
    write({ store, actor: tester() }, (w) => updateRow(w, 'villages', v.id, { exitedOn: '2017-12-20', exitedYear: 2017 }, '行政村'));
    const after = battleOverview(store, '2018-03-01');
    expect(after.figures.exitedVillages).toBe(before.figures.exitedVillages + 1);
    expect(yearOf(after, 2017).achievedVillages).toBe(yearOf(before, 2017).achievedVillages + 1);
    expect(after.villages.find((x) => x.id === v.id)).toMatchObject({ status: 'exited', exitedOn: '2017-12-20' });
  });

  it('holds no personal data: no name, ID number or phone of the demo appears in it', () => {
    const json = JSON.stringify(battleOverview(store));
    const values = (sql: string) => (store.sqlite.prepare(sql).pluck().all() as (string | null)[]).filter((x): x is string => !!x && x.length >= 2);
    const personal = [
      ...values('SELECT name FROM members'),
      ...values('SELECT idNumber FROM members'),
      ...values('SELECT phone FROM households'),
      ...values('SELECT bankAccount FROM households'),
      ...values('SELECT name FROM cadres'),
      ...values('SELECT phone FROM cadres'),
      ...values('SELECT headName FROM units'),
    ];
    expect(personal.length).toBeGreaterThan(2000);
    // A two-character name may also be part of a place's name (方红 in 东方红村): that one is the place's.
    const places = [...values('SELECT name FROM villages'), ...values('SELECT name FROM teams')];
    expect(personal.filter((p) => json.includes(p) && !places.some((place) => place.includes(p)))).toEqual([]);
    expect(json).not.toMatch(/\d{17}[\dXx]/);
  });
});

describe('the date on the battle map', () => {
  it('counts the days left to the end of the plan year under way', () => {
    const years = [2016, 2017, 2018];
    expect(countdownOn(ymd('2017-06-01'), years)).toEqual({ state: 'running', year: 2017, daysLeft: 213, text: '距离完成2017年度脱贫任务还剩 213 天' });
    expect(countdownOn(ymd('2016-01-01'), years)).toMatchObject({ state: 'running', year: 2016, daysLeft: 365 });
    expect(countdownOn(ymd('2018-12-31'), years)).toMatchObject({ state: 'running', daysLeft: 0, text: '今天是完成2018年度脱贫任务的最后一天' });
    // Before the campaign: to the end of its first year (2016 is a leap year).
    expect(countdownOn(ymd('2015-12-31'), years)).toMatchObject({ state: 'before', year: 2016, daysLeft: 366 });
    expect(countdownOn(ymd('2019-01-01'), years)).toEqual({ state: 'ended', year: 2018, daysLeft: null, text: '2016—2018年脱贫攻坚任务期已结束' });
  });

  it('tells each village’s status from its planned year, its 出列 date and the year', () => {
    expect(villageStatus(2017, '2017-12-01', 2018)).toBe('exited');
    expect(villageStatus(null, null, 2017)).toBe('unplanned');
    expect(villageStatus(2017, null, 2017)).toBe('onPlan');
    expect(villageStatus(2017, null, 2018)).toBe('behind');
  });

  it('runs the monthly curve from the first plan year to the last, later exits up to today included', () => {
    const series = monthlySeries([{ month: '2015-11', people: 2 }, { month: '2016-03', people: 5 }, { month: '2019-02', people: 1 }], [2016, 2017, 2018], ymd('2019-05-10'));
    expect(series[0]).toEqual({ month: '2016-01', people: 2, cumulative: 2 });
    expect(series.find((m) => m.month === '2016-03')).toEqual({ month: '2016-03', people: 5, cumulative: 7 });
    expect(series.at(-1)).toEqual({ month: '2019-02', people: 1, cumulative: 8 });
    expect(series).toHaveLength(38);
    // Mid-campaign, months to come have no total.
    const now = monthlySeries([], [2016, 2017, 2018], ymd('2016-02-15'));
    expect(now).toHaveLength(36);
    expect(now[1]).toEqual({ month: '2016-02', people: 0, cumulative: 0 });
    expect(now[2].cumulative).toBeNull();
  });
});

describe('the channels', () => {
  let session: Session;
  let router: Router;
  let userData: string;
  beforeAll(async () => {
    userData = path.join(dir, 'userData');
    session = new Session(userData);
    router = createRouter(createHandlers(session, { version: 'test', broadcast: () => {} }));
  });
  afterAll(() => session.close());

  it('the wall waits while no database is open, then gets the figures, also while the clerk’s window is locked', async () => {
    expect(await router.handle(WALL, 'battle.overview', {})).toEqual({ ok: true, data: null });
    store.close();
    session.open(dbPath, PASSWORD);
    try {
      const r = await router.handle(WALL, 'battle.overview', {});
      expect(r).toMatchObject({ ok: true, data: { figures: { total: { households: 1097 } } } });
      await router.handle(MAIN_WINDOW, 'security.lock', {});
      expect(await router.handle(MAIN_WINDOW, 'battle.overview', {})).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
      expect(await router.handle(WALL, 'battle.overview', {})).toMatchObject({ ok: true, data: { figures: { total: { households: 1097 } } } });
      for (const [channel, input] of [
        ['households.list', {}],
        ['wall.open', {}],
        ['settings.get', {}],
        ['image.save', { path: path.join(dir, 'wall.png'), dataUrl: tinyPng() }],
      ] as const) {
        expect(await router.handle(WALL, channel, input), channel).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
      await router.handle(MAIN_WINDOW, 'security.verifyPassword', { password: PASSWORD });
      // The wall's rotation is a setting, 5–600 seconds, sent with the figures.
      expect(await router.handle(MAIN_WINDOW, 'settings.set', { wallRotateSeconds: 4 })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('不能少于5秒') } });
      expect(await router.handle(MAIN_WINDOW, 'settings.set', { wallRotateSeconds: 45 })).toMatchObject({ ok: true, data: { wallRotateSeconds: 45 } });
      expect(await router.handle(WALL, 'battle.overview', {})).toMatchObject({ ok: true, data: { wallRotateSeconds: 45 } });
      // Without a shell that opens windows, 'wall.open' says how to get one.
      expect(await router.handle(MAIN_WINDOW, 'wall.open', {})).toEqual({ ok: true, data: { message: WALL_UNAVAILABLE } });
    } finally {
      if (session.lock.isLocked) session.lock.unlock(PASSWORD);
      session.close();
      store = openDatabase(dbPath, PASSWORD);
    }
  });

  it("'image.save' writes a PNG, asks before replacing one, and refuses what is not a PNG", async () => {
    const png = tinyPng();
    const target = path.join(dir, '作战图');
    const r = await router.handle(MAIN_WINDOW, 'image.save', { path: target, dataUrl: png });
    expect(r).toMatchObject({ ok: true, data: { path: `${target}.png` } });
    expect(fs.readFileSync(`${target}.png`).subarray(0, 4).toString('latin1')).toBe('\x89PNG');
    expect(await router.handle(MAIN_WINDOW, 'image.save', { path: `${target}.png`, dataUrl: png })).toMatchObject({ ok: false, error: { code: 'FILE_EXISTS' } });
    expect(await router.handle(MAIN_WINDOW, 'image.save', { path: `${target}.png`, dataUrl: png, overwrite: true })).toMatchObject({ ok: true });
    expect(await router.handle(MAIN_WINDOW, 'image.save', { path: target, dataUrl: 'data:image/jpeg;base64,AAAA' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '只能保存 PNG 图片' } });
    expect(refusalOf(() => pngBytes(`data:image/png;base64,${Buffer.from('GIF89a not a png at all, not at all, no').toString('base64')}`))).toBe('VALIDATION: 图片数据不是有效的 PNG 图片，未保存');
    expect(refusalOf(() => pngBytes('data:image/png;base64,@@@@'))).toMatch(/不是有效的 Base64/);
    expect(refusalOf(() => imageTarget('/tmp/图.jpg'))).toMatch(/只能保存为 \.png 图片/);
    expect(refusalOf(() => saveImage({ path: path.join(dir, 'no-such-folder', 'a.png'), dataUrl: png }))).toMatch(/^FILE_NOT_FOUND: 保存位置不存在/);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });
});

/** A 1×1 PNG, made by hand: signature, IHDR, IDAT, IEND (CRCs are not checked by main). */
function tinyPng(): string {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
  const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0, 0, 0, 2, 0, 1])), chunk('IEND', Buffer.alloc(0))]);
  return `data:image/png;base64,${bytes.toString('base64')}`;
}
