// Responsibility letters (责任状) and the 公示 roster: their settings (templates kept in the
// database's settings, changed through the write path), the live values each letter fills in, and
// the letters' blocks. What a letter says and how a template becomes blocks lives in
// shared/domain/letters.ts; the counts per planned year are the battle map's query, the pledges
// the ledger's (services/ledger/pledges.ts), read here and never counted again.
import fs from 'node:fs';
import path from 'node:path';
import type { LetterDoc, LetterParty, LetterPreview, LetterSettingsView, Progress, RosterDoc } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import {
  checkTemplate,
  chineseDate,
  DEFAULT_TEAM_DUTIES,
  DEFAULT_TEMPLATES,
  LETTER_LEVELS,
  LETTER_PLACEHOLDERS,
  LETTER_TERM,
  letterNumber,
  renderLetter,
  ROSTER_INTRO,
  ROSTER_TITLE_SUFFIX,
  roleDuty,
  letterFileName,
  PDF_NEEDS_APP,
  printRouteHash,
  sixProhibitionLines,
  type LetterLevel,
  type LetterValues,
} from '../../shared/domain/letters';
import { formatYuan } from '../../shared/domain/money';
import { parseIsoDate } from '../../shared/domain/dates';
import { CAMPAIGN_YEARS } from '../../shared/domain/plan';
import { queriesFor } from '../db/queries';
import type { LetterCadreRow, LetterTeamRow, LetterUnitRow } from '../db/queries/letters';
import type { Store } from '../db/store';
import { setSetting, write, type WriteScope } from '../db/write';
import { listPledges } from './ledger/pledges';
import { assertMayWrite } from './export';
import { lettersDocx } from './lettersDocx';
import { locatedError } from '../errors';

const LETTERS_KEY = 'letters';
/** The national poverty-alleviation supervision line, until the office sets its own. */
export const DEFAULT_SUPERVISION_PHONE = '12317';
export const DEFAULT_SIGNED_ON = '2016-03-08';
const NOT_SET = '（未安排）';

interface StoredLetterSettings {
  templates?: Partial<Record<LetterLevel, string>>;
  signedOn?: string;
  supervisionPhone?: string;
  teamDuties?: string;
}

function stored(store: Store): StoredLetterSettings {
  const saved = queriesFor(store).settings.get(LETTERS_KEY);
  return typeof saved === 'object' && saved !== null ? (saved as StoredLetterSettings) : {};
}

export function readLetterSettings(store: Store): LetterSettingsView {
  const s = stored(store);
  const templates = {} as Record<LetterLevel, string>;
  const customised = {} as Record<LetterLevel, boolean>;
  for (const level of LETTER_LEVELS) {
    templates[level] = s.templates?.[level] ?? DEFAULT_TEMPLATES[level];
    customised[level] = templates[level] !== DEFAULT_TEMPLATES[level];
  }
  return {
    templates,
    customised,
    signedOn: s.signedOn && parseIsoDate(s.signedOn) ? s.signedOn : DEFAULT_SIGNED_ON,
    supervisionPhone: s.supervisionPhone ?? DEFAULT_SUPERVISION_PHONE,
    teamDuties: s.teamDuties ?? DEFAULT_TEAM_DUTIES.join('\n'),
    placeholders: LETTER_PLACEHOLDERS,
  };
}

function saveStored(scope: WriteScope, patch: (s: StoredLetterSettings) => StoredLetterSettings): LetterSettingsView {
  write(scope, (w) => setSetting(w, LETTERS_KEY, patch(stored(w.store))));
  return readLetterSettings(scope.store);
}

/** Saves a level's template; refused whole, naming the placeholder and the line, when it has problems. */
export function saveTemplate(scope: WriteScope, level: LetterLevel, template: string): LetterSettingsView {
  const problems = checkTemplate(template, level);
  if (problems.length > 0) throw new AppError('VALIDATION', `模板未保存：${problems.map((p) => p.message).join('；')}`, { problems });
  if (template.trim() === '') throw new AppError('VALIDATION', '模板未保存：模板不能为空（可点“恢复默认”）');
  return saveStored(scope, (s) => ({ ...s, templates: { ...s.templates, [level]: template } }));
}

export function resetTemplate(scope: WriteScope, level: LetterLevel): LetterSettingsView {
  return saveStored(scope, (s) => {
    const templates = { ...s.templates };
    delete templates[level];
    return { ...s, templates };
  });
}

export function saveLetterOptions(scope: WriteScope, patch: { signedOn?: string; supervisionPhone?: string; teamDuties?: string }): LetterSettingsView {
  if (patch.signedOn !== undefined && !parseIsoDate(patch.signedOn)) throw new AppError('VALIDATION', `签订日期：${patch.signedOn} 不是有效日期`, { field: 'signedOn' });
  return saveStored(scope, (s) => ({ ...s, ...patch }));
}

// =============================================================================================
// The live values
// =============================================================================================

interface Counts {
  households: number;
  people: number;
}

/** Everything the letters of any level read, fetched once per request. */
interface LetterData {
  settings: LetterSettingsView;
  units: LetterUnitRow[];
  teams: LetterTeamRow[];
  teamsById: Map<string, LetterTeamRow>;
  unitsByTeam: Map<string, string[]>;
  cadres: LetterCadreRow[];
  cadresByTeam: Map<string, LetterCadreRow[]>;
  /** By village: all its households, and those planned for each year. */
  villages: Map<string, { total: Counts; byYear: Map<number, Counts> }>;
  paired: Map<string, { total: Counts; byYear: Map<number, Counts> }>;
  /** Each unit's pledge by year (fen; the plan's minimum where none was recorded). */
  pledges: Map<string, Map<number, number>>;
}

function addTo(map: Map<string, { total: Counts; byYear: Map<number, Counts> }>, key: string, year: number | null, households: number, people: number): void {
  let entry = map.get(key);
  if (!entry) map.set(key, (entry = { total: { households: 0, people: 0 }, byYear: new Map() }));
  entry.total.households += households;
  entry.total.people += people;
  if (year === null) return;
  const y = entry.byYear.get(year) ?? { households: 0, people: 0 };
  y.households += households;
  y.people += people;
  entry.byYear.set(year, y);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string | null): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return map;
}

function loadData(store: Store): LetterData {
  const q = queriesFor(store);
  const villages = new Map<string, { total: Counts; byYear: Map<number, Counts> }>();
  // The battle map's counts per village and planned year (exited or not: the plan's people).
  for (const g of q.battle.householdGroups()) addTo(villages, g.villageId, g.plannedExitYear, g.households, g.people);
  const paired = new Map<string, { total: Counts; byYear: Map<number, Counts> }>();
  for (const g of q.letters.pairedGroups()) addTo(paired, g.cadreId, g.plannedExitYear, g.households, g.people);
  const pledges = new Map<string, Map<number, number>>();
  for (const p of listPledges(store)) {
    if (p.sourceKind !== 'unit' || !p.unitId) continue;
    const byYear = pledges.get(p.unitId) ?? new Map<number, number>();
    byYear.set(p.year, p.amountFen);
    pledges.set(p.unitId, byYear);
  }
  const teams = q.letters.teams();
  const cadres = q.letters.cadres();
  const unitsByTeam = new Map<string, string[]>();
  for (const tu of q.letters.teamUnits()) unitsByTeam.set(tu.teamId, [...(unitsByTeam.get(tu.teamId) ?? []), tu.unitId]);
  return {
    settings: readLetterSettings(store),
    units: q.letters.units(),
    teams,
    teamsById: new Map(teams.map((t) => [t.teamId, t])),
    unitsByTeam,
    cadres,
    cadresByTeam: groupBy(cadres, (c) => c.teamId),
    villages,
    paired,
    pledges,
  };
}

function joined(values: readonly (string | null | undefined)[]): string {
  const distinct = [...new Set(values.filter((v): v is string => !!v))];
  return distinct.length > 0 ? distinct.join('、') : NOT_SET;
}

function sumPledges(data: LetterData, unitIds: readonly string[]): Map<number, number> {
  const byYear = new Map<number, number>();
  for (const year of CAMPAIGN_YEARS) byYear.set(year, unitIds.reduce((sum, id) => sum + (data.pledges.get(id)?.get(year) ?? 0), 0));
  return byYear;
}

function pledgeValues(byYear: Map<number, number>): LetterValues {
  const values: LetterValues = {};
  for (const year of CAMPAIGN_YEARS) values[`${year}年承诺资金`] = formatYuan(byYear.get(year) ?? 0);
  const amounts = CAMPAIGN_YEARS.map((y) => byYear.get(y) ?? 0);
  values['年度承诺资金'] = amounts.every((a) => a === amounts[0]) ? formatYuan(amounts[0]) : CAMPAIGN_YEARS.map((y, i) => `${y}年${formatYuan(amounts[i])}`).join('、');
  return values;
}

/** The village part: names, households and people, each year's planned exits (several villages summed). */
function placeValues(data: LetterData, teams: readonly LetterTeamRow[]): LetterValues {
  const values: LetterValues = {
    村名: joined(teams.map((t) => t.villageName)),
    镇街: joined(teams.map((t) => t.town)),
    工作队名称: joined(teams.map((t) => t.teamName)),
    出列年度: joined(teams.map((t) => (t.villagePlannedExitYear === null ? null : String(t.villagePlannedExitYear)))),
  };
  const villageIds = [...new Set(teams.map((t) => t.villageId))];
  const counts = villageIds.map((id) => data.villages.get(id));
  values['贫困户数'] = String(counts.reduce((a, c) => a + (c?.total.households ?? 0), 0));
  values['贫困人口数'] = String(counts.reduce((a, c) => a + (c?.total.people ?? 0), 0));
  for (const year of CAMPAIGN_YEARS) {
    values[`${year}年脱贫户数`] = String(counts.reduce((a, c) => a + (c?.byYear.get(year)?.households ?? 0), 0));
    values[`${year}年脱贫人数`] = String(counts.reduce((a, c) => a + (c?.byYear.get(year)?.people ?? 0), 0));
  }
  const members = teams.flatMap((t) => data.cadresByTeam.get(t.teamId) ?? []);
  values['第一书记'] = joined(members.filter((c) => c.role === '第一书记').map((c) => c.name));
  values['工作队队长'] = joined(members.filter((c) => c.role === '工作队队长').map((c) => c.name));
  return values;
}

function commonValues(data: LetterData, level: LetterLevel, index: number): LetterValues {
  const s = data.settings;
  return {
    编号: letterNumber(level, parseIsoDate(s.signedOn)!.year, index),
    签订日期: chineseDate(s.signedOn),
    责任期限: LETTER_TERM,
    六不准: sixProhibitionLines().join('\n'),
    监督电话: s.supervisionPhone || NOT_SET,
    工作队职责: dutyLines(s.teamDuties).join('\n'),
  };
}

/** The duties, one a line, numbered "1. …" unless the clerk numbered them. */
function dutyLines(text: string): string[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  return lines.map((l, i) => (/^(\d+[.．、]|（[一二三四五六七八九十]+）)/.test(l) ? l : `${i + 1}. ${l}`));
}

interface Party {
  id: string;
  name: string;
  detail: string;
  values: () => LetterValues;
}

/** The letters of a level in their order (numbered by it), each with its values. */
function partiesOf(data: LetterData, level: LetterLevel): Party[] {
  const unitHeads = new Map(data.units.map((u) => [u.unitId, u.headName]));
  if (level === 'unit') {
    const byUnit = new Map<string, LetterUnitRow[]>();
    for (const row of data.units) byUnit.set(row.unitId, [...(byUnit.get(row.unitId) ?? []), row]);
    return [...byUnit.values()].map((rows, index) => {
      const unit = rows[0];
      const teams = rows.flatMap((r) => (r.teamId ? [data.teamsById.get(r.teamId)!] : []));
      return {
        id: unit.unitId,
        name: unit.unitName,
        detail: joined(rows.map((r) => r.villageName)),
        values: () => ({
          ...commonValues(data, level, index),
          ...placeValues(data, teams),
          单位名称: unit.unitName,
          单位负责人: unit.headName ?? '',
          ...pledgeValues(sumPledges(data, [unit.unitId])),
        }),
      };
    });
  }
  if (level === 'team') {
    return data.teams.map((team, index) => ({
      id: team.teamId,
      name: team.teamName,
      detail: team.villageName,
      values: () => ({
        ...commonValues(data, level, index),
        ...placeValues(data, [team]),
        单位名称: team.leadUnitName,
        单位负责人: team.leadUnitHead ?? '',
        ...pledgeValues(sumPledges(data, data.unitsByTeam.get(team.teamId) ?? [team.leadUnitId])),
      }),
    }));
  }
  return data.cadres.map((cadre, index) => {
    const team = cadre.teamId ? data.teamsById.get(cadre.teamId) : undefined;
    const paired = data.paired.get(cadre.cadreId);
    const cadreValues: LetterValues = {
      干部姓名: cadre.name,
      干部职务: cadre.role,
      干部职级: cadre.title ?? NOT_SET,
      干部职责: cadre.duty ?? roleDuty(cadre.role),
      帮扶户数: String(paired?.total.households ?? 0),
      帮扶人数: String(paired?.total.people ?? 0),
    };
    for (const year of CAMPAIGN_YEARS) {
      cadreValues[`${year}年帮扶脱贫户数`] = String(paired?.byYear.get(year)?.households ?? 0);
      cadreValues[`${year}年帮扶脱贫人数`] = String(paired?.byYear.get(year)?.people ?? 0);
    }
    return {
      id: cadre.cadreId,
      name: cadre.name,
      detail: `${team?.teamName ?? '未编入工作队'} · ${cadre.role}`,
      values: () => ({
        ...commonValues(data, level, index),
        ...placeValues(data, team ? [team] : []),
        单位名称: cadre.unitName,
        单位负责人: unitHeads.get(cadre.unitId) ?? '',
        ...pledgeValues(sumPledges(data, [cadre.unitId])),
        ...cadreValues,
      }),
    };
  });
}

export function letterParties(store: Store, level: LetterLevel): LetterParty[] {
  return partiesOf(loadData(store), level).map(({ id, name, detail }) => ({ id, name, detail }));
}

/** One letter's values (for tests and the preview's placeholder list). */
export function letterValues(store: Store, level: LetterLevel, id: string): LetterValues {
  const party = partiesOf(loadData(store), level).find((p) => p.id === id);
  if (!party) throw new AppError('NOT_FOUND', `找不到该${level === 'unit' ? '单位' : level === 'team' ? '工作队' : '干部'}，可能已被删除`);
  return party.values();
}

/** One letter with the saved template, or the template as typed: its problems instead when it has any. */
export function previewLetter(store: Store, level: LetterLevel, id: string, template?: string): LetterPreview {
  const data = loadData(store);
  const party = partiesOf(data, level).find((p) => p.id === id);
  if (!party) throw new AppError('NOT_FOUND', '找不到该责任状的乙方，可能已被删除');
  const result = renderLetter(template ?? data.settings.templates[level], level, party.values());
  return result.ok ? { ok: true, letter: { id: party.id, party: party.name, blocks: result.blocks } } : { ok: false, problems: result.problems };
}

/** The letters of a level with the saved template: all of them, or those of `ids` in the level's order. */
export function letterDocuments(store: Store, level: LetterLevel, ids?: readonly string[]): LetterDoc[] {
  const data = loadData(store);
  const wanted = ids ? new Set(ids) : null;
  const parties = partiesOf(data, level).filter((p) => !wanted || wanted.has(p.id));
  if (wanted && parties.length < wanted.size) throw new AppError('NOT_FOUND', '部分责任状的乙方已不存在，请刷新后重试');
  return parties.map((p) => {
    const result = renderLetter(data.settings.templates[level], level, p.values());
    // A saved template was checked when saved; problems now mean the placeholders changed since.
    if (!result.ok) throw new AppError('VALIDATION', `责任状模板有误，请在“责任状”页修改：${result.problems[0].message}`);
    return { id: p.id, party: p.name, blocks: result.blocks };
  });
}

// =============================================================================================
// The 公示 roster
// =============================================================================================

export function rosterDocuments(store: Store, ids?: readonly string[]): RosterDoc[] {
  const data = loadData(store);
  const wanted = ids ? new Set(ids) : null;
  const teams = data.teams.filter((t) => !wanted || wanted.has(t.teamId));
  if (wanted && teams.length < wanted.size) throw new AppError('NOT_FOUND', '部分工作队已不存在，请刷新后重试');
  const unitNames = new Map(data.units.map((u) => [u.unitId, u.unitName]));
  return teams.map((team) => ({
    teamId: team.teamId,
    title: `${team.town}${team.villageName}${ROSTER_TITLE_SUFFIX}`,
    intro: ROSTER_INTRO,
    members: (data.cadresByTeam.get(team.teamId) ?? []).map((c) => ({
      name: c.name,
      unitName: unitNames.get(c.unitId) ?? c.unitName,
      role: c.role,
      title: c.title,
      phone: c.phone,
      duty: c.duty ?? roleDuty(c.role),
    })),
    duties: dutyLines(data.settings.teamDuties),
    prohibitions: sixProhibitionLines(),
    supervisionPhone: data.settings.supervisionPhone || NOT_SET,
    date: chineseDate(data.settings.signedOn),
  }));
}

// =============================================================================================
// Files: .docx here, .pdf through the shell's print window
// =============================================================================================

export interface LetterExportRequest {
  level: LetterLevel;
  ids?: readonly string[];
  format: 'docx' | 'pdf';
  /** One file per letter in the folder `path`; otherwise all in the one file `path`. */
  each: boolean;
  path: string;
  overwrite?: boolean;
}

export interface LetterExportHooks {
  onProgress?: (p: Progress) => void;
  /** The shell's print window: the print route of `hash` as PDF bytes. Absent: no browser engine here. */
  printPdf?: (hash: string) => Promise<Buffer>;
}

/** The file the clerk typed, with the format's extension added when it has none; another one is refused. */
function fileTarget(typed: string, format: 'docx' | 'pdf'): string {
  const ext = path.extname(typed).toLowerCase();
  if (ext === `.${format}`) return path.resolve(typed);
  if (ext === '' || /[^\x00-\x7f]/.test(ext)) return path.resolve(`${typed}.${format}`);
  throw new AppError('VALIDATION', `${format === 'docx' ? 'Word 文件' : 'PDF 文件'}的扩展名应为 .${format}，不能是“${ext}”：${typed}`, { field: 'path' });
}

/** The finished bytes to a temp file beside the target, then one rename: never half a file. */
function writeBytes(target: string, bytes: Buffer): void {
  const temp = `${target}.${process.pid}.part`;
  try {
    fs.writeFileSync(temp, bytes, { flush: true });
    fs.renameSync(temp, target);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw locatedError(e, target);
  }
}

export async function exportLetters(store: Store, req: LetterExportRequest, hooks: LetterExportHooks = {}): Promise<{ paths: string[]; letters: number }> {
  if (req.format === 'pdf' && !hooks.printPdf) throw new AppError('VALIDATION', PDF_NEEDS_APP);
  const letters = letterDocuments(store, req.level, req.ids);
  if (letters.length === 0) throw new AppError('VALIDATION', '没有可导出的责任状：请先在“单位与工作队”中录入单位、工作队和干部');
  const total = letters.length;
  const progress = (done: number) => hooks.onProgress?.({ job: 'letters', done, total, message: `正在导出责任状：第 ${done} / ${total} 份` });
  const render = async (docs: readonly LetterDoc[]): Promise<Buffer> =>
    req.format === 'docx' ? lettersDocx(docs) : hooks.printPdf!(printRouteHash({ doc: 'letters', level: req.level, ids: docs.map((d) => d.id) }));

  if (!req.each) {
    const target = fileTarget(req.path, req.format);
    if (!fs.existsSync(path.dirname(target))) throw new AppError('FILE_NOT_FOUND', `保存位置不存在：${path.dirname(target)}`, { field: 'path' });
    assertMayWrite(target, req.overwrite);
    progress(0);
    writeBytes(target, await render(letters));
    progress(total);
    return { paths: [target], letters: total };
  }
  const dir = path.resolve(req.path);
  // A new folder inside an existing one is made; anything else is the clerk's typing to fix.
  if (!fs.existsSync(dir) && fs.existsSync(path.dirname(dir))) fs.mkdirSync(dir);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new AppError('FILE_NOT_FOUND', `文件夹不存在：${dir}（每份一个文件时请填写一个文件夹）`, { field: 'path' });
  const targets = letters.map((l, i) => path.join(dir, letterFileName(req.level, l.party, i, req.format)));
  // Every file is checked before the first is written: a refusal leaves the folder as it was.
  for (const t of targets) assertMayWrite(t, req.overwrite);
  for (let i = 0; i < letters.length; i++) {
    progress(i);
    writeBytes(targets[i], await render([letters[i]]));
  }
  progress(total);
  return { paths: targets, letters: total };
}
