// Data-quality lists (like DHIS2's validation-rule analysis): each item names the records it
// concerns, so the page can jump straight to them.
import type { QualityCheck, QualityItem, QualityReport, QualityTarget } from '../../shared/contract';
import { codeLabel } from '../../shared/domain/codes';
import { ageOn } from '../../shared/domain/idNumber';
import { COMPULSORY_STAGES, missesCompulsorySchool } from '../../shared/domain/schooling';
import { endOfYear } from '../../shared/domain/dataYear';
import { findPeopleInTwoHouseholds, isHeadRelation } from '../../shared/domain/household';
import { declaredIncomeGap } from '../../shared/domain/income';
import { formatYuan } from '../../shared/domain/money';
import { pairingProblem } from '../../shared/domain/org';
import { queriesFor } from '../db/queries';
import type { QualityHouseholdRow, QualityPairingRow, QualityPersonRow } from '../db/queries/quality';
import type { Store } from '../db/store';
import { latestDataYear } from './registryRules';

/** Items listed per check; the rest are counted. Keeps the answer small for IPC. */
export const QUALITY_ITEM_CAP = 500;

const person = (m: QualityPersonRow): QualityTarget => ({
  table: 'members',
  id: m.id,
  hhCode: m.hhCode,
  label: `${m.name}（${codeLabel('relation', m.relation)}，户编号 ${m.hhCode}）`,
});

const household = (h: QualityHouseholdRow): QualityTarget => ({ table: 'households', id: h.id, hhCode: h.hhCode, label: `户编号 ${h.hhCode}（户主 ${h.headName ?? '未登记'}）` });

const cadre = (p: QualityPairingRow): QualityTarget => ({ table: 'cadres', id: p.cadreId, hhCode: '', label: `帮扶干部 ${p.cadreName}（${p.unitName}）` });

function check(key: QualityCheck['key'], title: string, items: QualityItem[]): QualityCheck {
  return { key, title, items: items.slice(0, QUALITY_ITEM_CAP), total: items.length };
}

const CHILD_RELATIONS = new Set(['son', 'daughter', 'son_in_law', 'daughter_in_law', 'grandson', 'granddaughter', 'grandson_maternal', 'granddaughter_maternal']);
const ELDER_RELATIONS = new Set(['father', 'mother', 'father_in_law_w', 'mother_in_law_w', 'father_in_law_h', 'mother_in_law_h', 'grandfather', 'grandmother', 'grandfather_maternal', 'grandmother_maternal']);

export function runQuality(store: Store): QualityReport {
  // The registry describes the end of its data year; ages are taken then, not on today's date.
  const year = latestDataYear(store);
  const asOf = endOfYear(year);
  const queries = queriesFor(store).quality;
  const people = queries.people();

  const headOf = new Map<string, QualityPersonRow>();
  for (const m of people) if (isHeadRelation(m.relation)) headOf.set(m.householdId, m);
  const householdCount = (l: QualityPersonRow[]) => new Set(l.map((m) => m.hhCode)).size;

  const sameId = findPeopleInTwoHouseholds(people).map(({ key, places: l }): QualityItem => ({ message: `证件号码 ${key} 登记在 ${householdCount(l)} 户`, targets: l.map(person) }));
  const sameNameBirth = findPeopleInTwoHouseholds(people, (m) => `${m.name.trim()}|${m.birthDate}`).map(
    ({ places: l }): QualityItem => ({ message: `“${l[0].name}”（出生于 ${l[0].birthDate}）同时出现在 ${householdCount(l)} 户，可能是同一人`, targets: l.map(person) }),
  );

  const ageSchool: QualityItem[] = [];
  const ageRelation: QualityItem[] = [];
  for (const m of people) {
    const age = ageOn(m.birthDate, asOf);
    const status = m.schoolStatus ?? 'none';
    if (missesCompulsorySchool(age, status)) ageSchool.push({ message: `${age} 岁，属义务教育年龄，但在校生状况为“${codeLabel('schoolStatus', 'none')}”`, targets: [person(m)] });
    else if (age >= 18 && COMPULSORY_STAGES.has(status)) ageSchool.push({ message: `${age} 岁，在校生状况却为“${codeLabel('schoolStatus', status)}”`, targets: [person(m)] });
    else if (age < 5 && status !== 'none' && status !== 'preschool') ageSchool.push({ message: `${age} 岁，在校生状况却为“${codeLabel('schoolStatus', status)}”`, targets: [person(m)] });
    const head = headOf.get(m.householdId);
    if (!head || head.id === m.id) continue;
    if (CHILD_RELATIONS.has(m.relation) && m.birthDate < head.birthDate) {
      ageRelation.push({ message: `“${codeLabel('relation', m.relation)}”${m.name}（${m.birthDate}）比户主${head.name}（${head.birthDate}）年长`, targets: [person(m), person(head)] });
    } else if (ELDER_RELATIONS.has(m.relation) && m.birthDate > head.birthDate) {
      ageRelation.push({ message: `“${codeLabel('relation', m.relation)}”${m.name}（${m.birthDate}）比户主${head.name}（${head.birthDate}）年轻`, targets: [person(m), person(head)] });
    }
  }

  // Poor households only: an exited one may keep or lose its helper.
  const noHelper = queries
    .householdsWithoutHelper()
    .map((h): QualityItem => ({ message: '没有帮扶责任人（未结对）', targets: [household(h)] }));
  // A helper is a cadre of the team in the household's own village (the one rule: shared/domain/org.ts).
  const helperElsewhere: QualityItem[] = [];
  for (const p of queries.pairingPlaces()) {
    const team = p.teamName !== null && p.teamVillageId !== null && p.teamVillageName !== null ? { name: p.teamName, villageId: p.teamVillageId, villageName: p.teamVillageName } : null;
    const problem = pairingProblem({ name: p.cadreName }, team, p);
    if (problem) helperElsewhere.push({ message: problem, targets: [household(p), cadre(p)] });
  }

  // Households and people apart, each with its own cap: in one list the households came first and
  // filled the cap, so a person's missing fields never showed.
  const missingHousehold: QualityItem[] = [];
  const missingMember: QualityItem[] = [];
  const households = queries.householdsRequiredFields();
  for (const h of households) {
    const gaps = [
      [h.headName, '户主'],
      [h.standard, '识别标准'],
      [h.mainCause, '主要致贫原因'],
      [h.identifiedOn, '首次识别时间'],
      [h.plannedExitYear, '计划脱贫年度'],
    ].filter(([v]) => v === null || v === undefined).map(([, label]) => label);
    if (gaps.length > 0) missingHousehold.push({ message: `未填写：${gaps.join('、')}`, targets: [household(h)] });
  }
  for (const m of people) {
    const gaps = [
      [m.education, '文化程度'],
      [m.health, '健康状况'],
      [m.laborSkill, '劳动技能'],
    ].filter(([v]) => v === null).map(([, label]) => label);
    if (gaps.length > 0) missingMember.push({ message: `未填写：${gaps.join('、')}`, targets: [person(m)] });
  }

  // The declared 年人均纯收入 against the one its components give (shared/domain/income.ts).
  const declaredIncome: QualityItem[] = [];
  for (const row of queries.declaredIncomes(year)) {
    const gap = declaredIncomeGap(row.declaredPerCapita, row, row.size);
    if (!gap) continue;
    declaredIncome.push({
      message: `申报年人均纯收入 ${formatYuan(gap.declaredFen)}，按收入构成计算为 ${formatYuan(gap.computedFen)}（相差 ${formatYuan(Math.abs(gap.gapFen))}）`,
      targets: [household(row)],
    });
  }

  return {
    at: new Date().toISOString(),
    asOf,
    checks: [
      check('sameIdNumber', '同一证件号码登记在两户', sameId),
      check('sameNameBirth', '同名同出生日期出现在两户', sameNameBirth),
      check('ageSchool', '年龄与在校生状况不符', ageSchool),
      check('ageRelation', '年龄与家庭关系不符', ageRelation),
      check('noHelper', '未落实帮扶责任人的户', noHelper),
      check('helperElsewhere', '帮扶责任人不在本村工作队', helperElsewhere),
      check('missingRequired', '必填项缺失（户）', missingHousehold),
      check('missingRequiredMembers', '必填项缺失（成员）', missingMember),
      check('declaredIncome', `申报年人均纯收入与计算不符（${year}年）`, declaredIncome),
    ],
  };
}
