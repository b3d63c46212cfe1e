// 销号 and 出列: a household struck off (or a village out) only when its exit criteria pass, or
// with an explicit reason for doing it anyway; undoing it needs a reason; a struck-off household
// may return to poverty (返贫). Each step is one audited write: the exitEvents row that records it
// and the household's or village's new state, in the same transaction. The criteria are
// shared/domain/exitCriteria.ts; this module gathers the facts they are judged on.
import type { ExitEvent, HouseholdExitView, VillageExitFacts as VillageExitFactsInput, VillageExitView } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { householdExitCriteria, NINE_HAVES, unmet, villageExitCriteria, type Criterion, type NineHaveKey } from '../../shared/domain/exitCriteria';
import { isExited, REGISTERED_EXIT_STATUS, RETURNED_STATUS, STRUCK_OFF_STATUS } from '../../shared/domain/exitStatus';
import { ageOn } from '../../shared/domain/idNumber';
import { parseIsoDate, todayIso } from '../../shared/domain/dates';
import type { IncomeComponents } from '../../shared/domain/income';
import { queriesFor } from '../db/queries';
import type { ExitEventsTable } from '../db/schema';
import type { Store } from '../db/store';
import { insertRow, updateRow, type Writer } from '../db/write';
import { campaignYear, readCampaign } from './plan';


function yearOf(date: string): number {
  const d = parseIsoDate(date);
  if (!d) throw new AppError('VALIDATION', `日期无效：“${date}”`);
  return d.year;
}

/** The day an exit is dated: a real date, not after today. */
function checkDay(on: string, what: string): void {
  if (!parseIsoDate(on)) throw new AppError('VALIDATION', `${what}日期无效：“${on}”`);
  if (on > todayIso()) throw new AppError('VALIDATION', `${what}日期 ${on} 晚于今天，不能预先办理`);
}

function eventOf(row: ExitEventsTable): ExitEvent {
  const labels = new Map<string, string>();
  const unmetKeys = row.unmetCriteria ? (JSON.parse(row.unmetCriteria) as { key: string; label: string }[]) : [];
  for (const c of unmetKeys) labels.set(c.key, c.label);
  return {
    id: row.id,
    kind: row.kind,
    happenedOn: row.happenedOn,
    reviewer: row.reviewer,
    evidence: row.evidence,
    reason: row.reason,
    overrideReason: row.overrideReason,
    unmet: [...labels.values()],
    recordedAt: row.createdAt,
  };
}

function householdOrThrow(store: Store, id: string) {
  const h = queriesFor(store).exits.household(id);
  if (!h) throw new AppError('NOT_FOUND', '找不到该贫困户，可能已被删除');
  return h;
}

function villageOrThrow(store: Store, id: string, on: string = todayIso()) {
  const v = queriesFor(store).exits.village(id, on);
  if (!v) throw new AppError('NOT_FOUND', '找不到该行政村，可能已被删除');
  return v;
}

/** A household's criteria as on a day (its year's line, its incomes up to that year, ages then). */
export function householdCriteria(store: Store, householdId: string, on: string): Criterion[] {
  const q = queriesFor(store).exits;
  const h = householdOrThrow(store, householdId);
  const year = yearOf(on);
  const income = q.incomeUpTo(householdId, year);
  const line = campaignYear(readCampaign(store), year).povertyLineFen;
  return householdExitCriteria({
    year,
    povertyLineFen: line,
    incomeYear: income?.year ?? null,
    income: income ? (income as unknown as IncomeComponents) : null,
    declaredPerCapita: income?.declaredPerCapita ?? null,
    size: h.size,
    drinkingSafe: h.drinkingSafe === 1,
    drinkingDifficulty: h.drinkingDifficulty === 1,
    dangerousHouse: h.dangerousHouse === 1,
    members: q.members(householdId).map((m) => ({ name: m.name, age: ageOn(m.birthDate, on), schoolStatus: m.schoolStatus, medicalInsurance: m.medicalInsurance === 1 })),
  });
}

export function householdExitView(store: Store, householdId: string, on: string = todayIso()): HouseholdExitView {
  const h = householdOrThrow(store, householdId);
  return {
    id: h.id,
    hhCode: h.hhCode,
    headName: h.headName,
    villageName: h.villageName,
    exitStatus: h.exitStatus,
    exitedOn: h.exitedOn,
    villageExitedOn: h.villageExitedOn,
    on,
    criteria: householdCriteria(store, householdId, on),
    events: queriesFor(store).exits.events({ householdId }).map(eventOf),
  };
}

/** A village's facts as on a day: its households out by then, its incomes of that year, its nine haves. */
function villageFacts(store: Store, villageId: string, on: string) {
  const v = villageOrThrow(store, villageId, on);
  const vy = queriesFor(store).exits.villageYear(villageId, yearOf(on));
  const haves = Object.fromEntries(NINE_HAVES.map((h) => [h.key, v[h.key] === 1])) as Record<NineHaveKey, boolean>;
  return { v, perCapitaIncomeFen: vy?.perCapitaIncome ?? null, collectiveIncomeFen: vy?.collectiveIncome ?? null, haves };
}

export function villageCriteria(store: Store, villageId: string, on: string): Criterion[] {
  const year = yearOf(on);
  const f = villageFacts(store, villageId, on);
  const provincial = campaignYear(readCampaign(store), year).provincialIncomeFen;
  return villageExitCriteria({
    year,
    households: f.v.households,
    exitedHouseholds: f.v.exitedHouseholds,
    perCapitaIncomeFen: f.perCapitaIncomeFen,
    provincialIncomeFen: provincial,
    collectiveIncomeFen: f.collectiveIncomeFen,
    haves: f.haves,
  });
}

export function villageExitView(store: Store, villageId: string, on: string = todayIso()): VillageExitView {
  const year = yearOf(on);
  const f = villageFacts(store, villageId, on);
  return {
    id: f.v.id,
    code: f.v.code,
    name: f.v.name,
    plannedExitYear: f.v.plannedExitYear,
    exitedOn: f.v.exitedOn,
    on,
    facts: { year, perCapitaIncomeFen: f.perCapitaIncomeFen, collectiveIncomeFen: f.collectiveIncomeFen, haves: f.haves },
    criteria: villageCriteria(store, villageId, on),
    events: queriesFor(store).exits.events({ villageId }).map(eventOf),
  };
}

export interface ExitInput {
  on: string;
  reviewer: string;
  evidence: string;
  /** Given when the criteria do not all pass and the exit is made anyway. */
  overrideReason?: string | null;
}

/** Unmet criteria without a reason refuse the exit, naming each and what it misses. */
function checkCriteria(criteria: readonly Criterion[], overrideReason: string | null | undefined, what: string): Criterion[] {
  const failing = unmet(criteria);
  if (failing.length > 0 && !overrideReason?.trim()) {
    throw new AppError('RULE', `${what}尚未达到标准：${failing.map((c) => `${c.label}（${c.detail}）`).join('；')}。如确需办理，请填写理由`, { unmet: failing });
  }
  return failing;
}

type Target = { householdId: string; villageId: null } | { householdId: null; villageId: string };

/** The exit's event: who reviewed it, the evidence, and the criteria that did not pass with the reason. */
function recordExit(w: Writer, target: Target, input: ExitInput, failing: readonly Criterion[]): void {
  insertRow(w, 'exitEvents', {
    ...target,
    kind: 'exit',
    happenedOn: input.on,
    reviewer: input.reviewer,
    evidence: input.evidence,
    reason: null,
    overrideReason: failing.length > 0 ? input.overrideReason!.trim() : null,
    unmetCriteria: failing.length === 0 ? null : JSON.stringify(failing.map((c) => ({ key: c.key, label: c.label, detail: c.detail }))),
  });
}

/** An undoing or a 返贫: the day and the reason. */
function recordStep(w: Writer, target: Target, kind: 'undo' | 'returned', input: UndoInput): void {
  insertRow(w, 'exitEvents', { ...target, kind, happenedOn: input.on, reviewer: null, evidence: null, reason: input.reason, overrideReason: null, unmetCriteria: null });
}

/** 销号: the household is out of poverty from `on`. */
export function exitHousehold(w: Writer, householdId: string, input: ExitInput): HouseholdExitView {
  const h = householdOrThrow(w.store, householdId);
  if (isExited(h.exitStatus)) throw new AppError('RULE', `该户已于 ${h.exitedOn ?? '（日期未记录）'} 脱贫销号，不能重复销号`);
  checkDay(input.on, '销号');
  const failing = checkCriteria(householdCriteria(w.store, householdId, input.on), input.overrideReason, '该户');
  recordExit(w, { householdId, villageId: null }, input, failing);
  updateRow(w, 'households', householdId, { exitStatus: STRUCK_OFF_STATUS, exitedOn: input.on }, '贫困户');
  return householdExitView(w.store, householdId, input.on);
}

export interface UndoInput {
  on: string;
  reason: string;
}

/** 撤销销号: a mistaken 销号 taken back; the household is poor again as before. */
export function undoHouseholdExit(w: Writer, householdId: string, input: UndoInput): HouseholdExitView {
  const h = householdOrThrow(w.store, householdId);
  if (!isExited(h.exitStatus)) throw new AppError('RULE', '该户尚未脱贫销号，没有可撤销的销号');
  if (h.villageExitedOn) throw new AppError('RULE', `该户所在的${h.villageName}已于 ${h.villageExitedOn} 出列：请先撤销村出列，再撤销该户的销号`);
  checkDay(input.on, '撤销');
  recordStep(w, { householdId, villageId: null }, 'undo', input);
  updateRow(w, 'households', householdId, { exitStatus: REGISTERED_EXIT_STATUS, exitedOn: null }, '贫困户');
  return householdExitView(w.store, householdId, input.on);
}

/** 返贫: a struck-off household fell back into poverty. */
export function returnHousehold(w: Writer, householdId: string, input: UndoInput): HouseholdExitView {
  const h = householdOrThrow(w.store, householdId);
  if (!isExited(h.exitStatus)) throw new AppError('RULE', '只有已脱贫的户才能登记返贫');
  checkDay(input.on, '返贫');
  if (h.exitedOn && input.on < h.exitedOn) throw new AppError('VALIDATION', `返贫日期 ${input.on} 早于销号日期 ${h.exitedOn}`);
  recordStep(w, { householdId, villageId: null }, 'returned', input);
  updateRow(w, 'households', householdId, { exitStatus: RETURNED_STATUS, exitedOn: null }, '贫困户');
  return householdExitView(w.store, householdId, input.on);
}

/** 出列: the village is out of poverty from `on`. */
export function exitVillage(w: Writer, villageId: string, input: ExitInput): VillageExitView {
  const v = villageOrThrow(w.store, villageId);
  if (v.exitedOn) throw new AppError('RULE', `${v.name}已于 ${v.exitedOn} 出列，不能重复出列`);
  checkDay(input.on, '出列');
  const failing = checkCriteria(villageCriteria(w.store, villageId, input.on), input.overrideReason, v.name);
  recordExit(w, { householdId: null, villageId }, input, failing);
  updateRow(w, 'villages', villageId, { exitedOn: input.on, exitedYear: yearOf(input.on) }, '行政村');
  return villageExitView(w.store, villageId, input.on);
}

export function undoVillageExit(w: Writer, villageId: string, input: UndoInput): VillageExitView {
  const v = villageOrThrow(w.store, villageId);
  if (!v.exitedOn) throw new AppError('RULE', `${v.name}尚未出列，没有可撤销的出列`);
  checkDay(input.on, '撤销');
  recordStep(w, { householdId: null, villageId }, 'undo', input);
  updateRow(w, 'villages', villageId, { exitedOn: null, exitedYear: null }, '行政村');
  return villageExitView(w.store, villageId, input.on);
}

/** A village's incomes of a year and its nine haves, as 出列 judges them. */
export function setVillageExitFacts(w: Writer, input: VillageExitFactsInput): VillageExitView {
  const v = villageOrThrow(w.store, input.villageId);
  const year = yearOf(input.on);
  const existing = queriesFor(w.store).exits.villageYear(input.villageId, year);
  const values = { perCapitaIncome: input.perCapitaIncomeFen, collectiveIncome: input.collectiveIncomeFen };
  if (existing) updateRow(w, 'villageYears', existing.id, values, '村年度收入');
  else insertRow(w, 'villageYears', { villageId: input.villageId, year, ...values });
  const haves: Partial<Record<NineHaveKey, number>> = {};
  for (const h of NINE_HAVES) haves[h.key] = input.haves[h.key] ? 1 : 0;
  updateRow(w, 'villages', v.id, haves, '行政村');
  return villageExitView(w.store, input.villageId, input.on);
}
