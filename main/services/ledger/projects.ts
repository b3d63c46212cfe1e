// Projects of a village: type, pathway (五个一批), budget, status, responsible unit and the
// households that benefit. Unlike entries, projects are edited in place (audited like every row),
// except their village and year once money moved: the reports count a project's entries under
// the village and year it has, so changing them would rewrite what was reported.
import type { ParsedInputOf, ProjectRow } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { isCode } from '../../../shared/domain/codes';
import { CAMPAIGN_YEARS } from '../../../shared/domain/plan';
import { checkBudgetFen, isCampaignYear } from '../../../shared/domain/ledger';
import { queriesFor } from '../../db/queries';
import type { ProjectRecord } from '../../db/queries/ledger';
import type { Store } from '../../db/store';
import { deleteRow, insertRow, updateRow, type Writer } from '../../db/write';
import { projectFigures } from './reports';

/** A project as the contract's input gives it, checked (checkProject) before it is written. */
export type ProjectInput = ParsedInputOf<'ledger.createProject'>;

function refuse(message: string): never {
  throw new AppError('VALIDATION', message);
}

function checkProject(store: Store, input: ProjectInput): void {
  const q = queriesFor(store).ledger;
  if (!q.exists('villages', input.villageId)) throw new AppError('NOT_FOUND', '行政村：找不到该村，可能已被删除');
  if (!isCampaignYear(input.year)) refuse(`项目年度：应为攻坚年度（${CAMPAIGN_YEARS.join('、')}年）`);
  if (input.name.trim() === '') refuse('项目名称：请填写');
  if (!isCode('projectType', input.type)) refuse('项目类型：请从列表中选择');
  if (!isCode('pathway', input.pathway)) refuse('五个一批：请从列表中选择');
  if (!isCode('projectStatus', input.status)) refuse('项目状态：请从列表中选择');
  const budgetProblem = checkBudgetFen(input.budgetFen);
  if (budgetProblem) refuse(budgetProblem);
  if (input.unitId !== null && !q.exists('units', input.unitId)) throw new AppError('NOT_FOUND', '责任单位：找不到该单位，可能已被删除');
  if (new Set(input.householdIds).size !== input.householdIds.length) refuse('受益户：同一户列了两次');
  for (const id of input.householdIds) {
    const village = q.householdVillage(id);
    if (village === undefined) throw new AppError('NOT_FOUND', '受益户：找不到其中一户，可能已被删除');
    if (village !== input.villageId) refuse('受益户：只能选择本村的贫困户');
  }
}

/** The columns of the input; a note left out (undefined) is not among them, so an edit keeps it. */
function columns(input: ProjectInput) {
  return {
    villageId: input.villageId,
    year: input.year,
    name: input.name.trim(),
    type: input.type,
    pathway: input.pathway,
    budget: input.budgetFen,
    status: input.status,
    unitId: input.unitId,
    ...(input.note === undefined ? {} : { note: input.note?.trim() || null }),
  };
}

/** Once an entry names the project, its village and year are what the reports were built on. */
function checkPlaceKept(store: Store, existing: ProjectRecord, input: ProjectInput): void {
  if (existing.villageId === input.villageId && existing.year === input.year) return;
  const entries = queriesFor(store).ledger.projectEntryCount(existing.id);
  if (entries === 0) return;
  const field = existing.villageId !== input.villageId ? '行政村' : '项目年度';
  refuse(`${field}：该项目已有 ${entries} 笔资金记录，不能再改所属行政村或年度（资金报表按项目所属村和年度汇总）`);
}

/** The beneficiary links made to match the list: new ones inserted, dropped ones removed. */
function setBeneficiaries(w: Writer, projectId: string, householdIds: readonly string[]): void {
  const current = queriesFor(w.store).ledger.projectHouseholds(projectId);
  const wanted = new Set(householdIds);
  for (const link of current) if (!wanted.has(link.householdId)) deleteRow(w, 'projectHouseholds', link.id, '受益户');
  const have = new Set(current.map((l) => l.householdId));
  for (const id of householdIds) if (!have.has(id)) insertRow(w, 'projectHouseholds', { projectId, householdId: id });
}

export function createProject(w: Writer, input: ProjectInput): ProjectRow {
  const id = w.store.tx(() => {
    checkProject(w.store, input);
    const row = insertRow(w, 'projects', columns(input));
    setBeneficiaries(w, row.id, input.householdIds);
    return row.id;
  });
  return projectRow(w.store, id);
}

export function updateProject(w: Writer, id: string, input: ProjectInput): ProjectRow {
  w.store.tx(() => {
    const existing = queriesFor(w.store).ledger.project(id);
    if (!existing) throw new AppError('NOT_FOUND', '找不到该项目，可能已被删除');
    checkProject(w.store, input);
    checkPlaceKept(w.store, existing, input);
    updateRow(w, 'projects', id, columns(input), '项目');
    setBeneficiaries(w, id, input.householdIds);
  });
  return projectRow(w.store, id);
}

function toRow(store: Store, p: ProjectRecord, figures: ReturnType<typeof projectFigures>): ProjectRow {
  const f = figures.get(p.id);
  return {
    id: p.id,
    villageId: p.villageId,
    villageName: p.villageName,
    year: p.year,
    name: p.name,
    type: p.type,
    pathway: p.pathway,
    budgetFen: p.budget,
    status: p.status,
    unitId: p.unitId,
    unitName: p.unitName,
    note: p.note,
    householdIds: queriesFor(store).ledger.projectHouseholds(p.id).map((l) => l.householdId),
    allocatedFen: f?.allocatedFen ?? 0,
    spentFen: f?.spentFen ?? 0,
    balanceFen: f?.balanceFen ?? 0,
  };
}

export function projectRow(store: Store, id: string): ProjectRow {
  const p = queriesFor(store).ledger.project(id);
  if (!p) throw new AppError('NOT_FOUND', '找不到该项目，可能已被删除');
  return toRow(store, p, projectFigures(store));
}

export function listProjects(store: Store, filter: { villageId?: string; year?: number }): ProjectRow[] {
  const figures = projectFigures(store);
  return queriesFor(store)
    .ledger.projects(filter)
    .map((p) => toRow(store, p, figures));
}
