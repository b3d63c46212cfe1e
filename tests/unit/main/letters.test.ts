// The letters' live values over the fictitious demo database: a unit's people per year are the
// plan's counts of its village, its pledge is the ledger's (in yuan), a team sums its units'
// pledges, a cadre's counts are those of the households paired with them; templates are saved and
// reset through the audited write path, a bad one is refused naming the placeholder and line;
// the channels answer through the real router, and the print window may read but not save.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/open';
import type { Store } from '../../../main/db/store';
import { queriesFor } from '../../../main/db/queries';
import { updateRow, write } from '../../../main/db/write';
import { setPledge } from '../../../main/services/ledger/pledges';
import {
  exportLetters,
  letterDocuments,
  letterParties,
  letterValues,
  previewLetter,
  readLetterSettings,
  resetTemplate,
  rosterDocuments,
  saveLetterOptions,
  saveTemplate,
} from '../../../main/services/letters';
import { createRouter } from '../../../main/ipc/router';
import { createHandlers } from '../../../main/ipc/handlers';
import { windowContext } from '../../../main/ipc/context';
import { Session } from '../../../main/services/session';
import { blocksText, DEFAULT_TEMPLATES, PDF_NEEDS_APP, SIX_PROHIBITIONS } from '../../../shared/domain/letters';
import { formatYuan } from '../../../shared/domain/money';
import { runCli } from '../../../main/cli';
import { MAIN_WINDOW, PASSWORD, openDemoStore, refusalOf, tempDir, tester } from './helpers';

let dir: string;
let dbPath: string;
let store: Store;

beforeAll(() => {
  ({ dir, dbPath, store } = openDemoStore('fupin-letters-'));
}, 120_000);

afterAll(() => {
  store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const scope = () => ({ store, actor: tester('科员') });

/** The plan's own rows: each household's village, planned year and size (main/db/queries/planning.ts). */
function planCounts(villageIds: readonly string[]) {
  const byYear = new Map<number, { households: number; people: number }>();
  for (const h of queriesFor(store).planning.households()) {
    if (!villageIds.includes(h.villageId) || h.plannedExitYear === null) continue;
    const y = byYear.get(h.plannedExitYear) ?? { households: 0, people: 0 };
    y.households++;
    y.people += h.size;
    byYear.set(h.plannedExitYear, y);
  }
  return byYear;
}

describe('a unit letter', () => {
  it('lists the 66 units of the demo with their villages', () => {
    const parties = letterParties(store, 'unit');
    expect(parties).toHaveLength(66);
    expect(new Set(parties.map((p) => p.id)).size).toBe(66);
    expect(parties.every((p) => p.detail.endsWith('村'))).toBe(true);
    expect(letterParties(store, 'team')).toHaveLength(21);
  });

  it('has the plan’s households and people per year of its village', () => {
    const unit = queriesFor(store).letters.units()[0];
    const values = letterValues(store, 'unit', unit.unitId);
    const plan = planCounts([unit.villageId!]);
    expect(values['村名']).toBe(unit.villageName);
    expect(values['单位名称']).toBe(unit.unitName);
    for (const year of [2016, 2017, 2018]) {
      expect(values[`${year}年脱贫人数`], String(year)).toBe(String(plan.get(year)?.people ?? 0));
      expect(values[`${year}年脱贫户数`], String(year)).toBe(String(plan.get(year)?.households ?? 0));
    }
    // The demo plans every household: the years add up to the village.
    const sum = [2016, 2017, 2018].reduce((a, y) => a + Number(values[`${y}年脱贫人数`]), 0);
    expect(sum).toBe(Number(values['贫困人口数']));
    expect(sum).toBeGreaterThan(0);
  });

  it('states the unit’s pledge in yuan, the plan’s 30,000 yuan where none was recorded', () => {
    const unit = queriesFor(store).letters.units()[1];
    const before = letterValues(store, 'unit', unit.unitId);
    expect(before['2016年承诺资金']).toBe('30,000.00 元');
    write(scope(), (w) => setPledge(w, { year: 2017, sourceKind: 'unit', unitId: unit.unitId, amountFen: 4_512_345 }));
    const after = letterValues(store, 'unit', unit.unitId);
    expect(after['2017年承诺资金']).toBe(formatYuan(4_512_345));
    expect(after['2017年承诺资金']).toBe('45,123.45 元');
    expect(after['年度承诺资金']).toBe('2016年30,000.00 元、2017年45,123.45 元、2018年30,000.00 元');
    const text = blocksText(letterDocuments(store, 'unit', [unit.unitId])[0].blocks);
    expect(text).toContain('2017年45,123.45 元');
    expect(text).toContain(`乙方：${unit.unitName}`);
  });

  it('numbers the letters in order and dates them without zero padding', () => {
    const docs = letterDocuments(store, 'unit');
    expect(docs).toHaveLength(66);
    expect(blocksText(docs[0].blocks)).toContain('编号：扶贫责〔2016〕1号');
    expect(blocksText(docs[65].blocks)).toContain('编号：扶贫责〔2016〕66号');
    expect(blocksText(docs[0].blocks)).toContain('2016年3月8日');
  });
});

describe('team and cadre letters', () => {
  it('a team letter sums the pledges of the team’s units', () => {
    const team = queriesFor(store).letters.teams()[2];
    const unitIds = queriesFor(store)
      .letters.teamUnits()
      .filter((tu) => tu.teamId === team.teamId)
      .map((tu) => tu.unitId);
    const values = letterValues(store, 'team', team.teamId);
    expect(values['2018年承诺资金']).toBe(formatYuan(unitIds.length * 3_000_000));
    expect(values['单位名称']).toBe(team.leadUnitName);
    expect(values['工作队名称']).toBe(team.teamName);
    const plan = planCounts([team.villageId]);
    expect(values['2017年脱贫人数']).toBe(String(plan.get(2017)?.people ?? 0));
  });

  it('a cadre letter counts the households paired with the cadre', () => {
    const paired = queriesFor(store).letters.pairedGroups();
    const cadreId = paired[0].cadreId;
    const mine = paired.filter((g) => g.cadreId === cadreId);
    const values = letterValues(store, 'cadre', cadreId);
    expect(Number(values['帮扶户数'])).toBe(mine.reduce((a, g) => a + g.households, 0));
    expect(Number(values['帮扶人数'])).toBe(mine.reduce((a, g) => a + g.people, 0));
    for (const year of [2016, 2017, 2018]) {
      expect(Number(values[`${year}年帮扶脱贫人数`])).toBe(mine.find((g) => g.plannedExitYear === year)?.people ?? 0);
    }
  });

  it('the roster lists a team’s members, their duties, the 六不准 and the phone', () => {
    saveLetterOptions(scope(), { supervisionPhone: '027-00000000' });
    const team = queriesFor(store).letters.teams()[0];
    const [roster] = rosterDocuments(store, [team.teamId]);
    const cadres = queriesFor(store).letters.cadres().filter((c) => c.teamId === team.teamId);
    expect(roster.title).toBe(`${team.town}${team.villageName}驻村工作队公示`);
    expect(roster.members.map((m) => m.name).sort()).toEqual(cadres.map((c) => c.name).sort());
    expect(roster.members.find((m) => m.role === '第一书记')?.duty).toContain('全面负责');
    expect(roster.prohibitions).toHaveLength(SIX_PROHIBITIONS.length);
    expect(roster.supervisionPhone).toBe('027-00000000');
    // A duty the clerk wrote for a cadre (cadres.duty) is printed instead of the role's.
    const member = cadres.find((c) => c.role === '队员')!;
    write(scope(), (w) => updateRow(w, 'cadres', member.cadreId, { duty: '负责村级光伏扶贫项目' }, '干部'));
    expect(rosterDocuments(store, [team.teamId])[0].members.find((m) => m.name === member.name)?.duty).toBe('负责村级光伏扶贫项目');
    expect(letterValues(store, 'cadre', member.cadreId)['干部职责']).toBe('负责村级光伏扶贫项目');
  });
});

describe('templates in the settings', () => {
  it('saves an edited template (audited), previews it, and resets it to the default', () => {
    const unit = letterParties(store, 'unit')[0];
    const auditBefore = queriesFor(store).battle.changeMark();
    const edited = DEFAULT_TEMPLATES.unit.replace('# 精准扶贫结对帮扶责任状', '# 脱贫攻坚目标责任书');
    const view = saveTemplate(scope(), 'unit', edited);
    expect(view.customised.unit).toBe(true);
    expect(queriesFor(store).battle.changeMark()).toBeGreaterThan(auditBefore);
    const preview = previewLetter(store, 'unit', unit.id);
    expect(preview.ok && preview.letter.blocks[0]).toEqual({ kind: 'title', text: '脱贫攻坚目标责任书' });
    expect(resetTemplate(scope(), 'unit').templates.unit).toBe(DEFAULT_TEMPLATES.unit);
    expect(readLetterSettings(store).customised.unit).toBe(false);
  });

  it('refuses a template with an unknown placeholder, naming it and its line; the saved one stays', () => {
    expect(refusalOf(() => saveTemplate(scope(), 'team', '# 标题\n乙方：{队名}'))).toBe('VALIDATION: 模板未保存：第2行：没有名为“{队名}”的占位符');
    expect(readLetterSettings(store).templates.team).toBe(DEFAULT_TEMPLATES.team);
    const unit = letterParties(store, 'unit')[0];
    expect(previewLetter(store, 'unit', unit.id, '{村名}\n{村子}')).toEqual({ ok: false, problems: [{ line: 2, placeholder: '村子', message: '第2行：没有名为“{村子}”的占位符' }] });
  });

  it('refuses a signing date that is not a date', () => {
    expect(refusalOf(() => saveLetterOptions(scope(), { signedOn: '2016-02-30' }))).toBe('VALIDATION: 签订日期：2016-02-30 不是有效日期');
    saveLetterOptions(scope(), { signedOn: '2016-04-01' });
    expect(letterValues(store, 'unit', letterParties(store, 'unit')[0].id)['签订日期']).toBe('2016年4月1日');
    saveLetterOptions(scope(), { signedOn: '2016-03-08' });
  });
});

describe('files', () => {
  it('writes one .docx per letter into a folder, refusing to replace files unless asked', async () => {
    const out = tempDir('fupin-letters-out-');
    const teams = letterParties(store, 'team').slice(0, 3).map((t) => t.id);
    const progress: number[] = [];
    const r = await exportLetters(store, { level: 'team', ids: teams, format: 'docx', each: true, path: out }, { onProgress: (p) => progress.push(p.done) });
    expect(r.letters).toBe(3);
    expect(fs.readdirSync(out).sort()).toEqual(r.paths.map((p) => path.basename(p)).sort());
    expect(r.paths.every((p) => fs.readFileSync(p).subarray(0, 2).toString() === 'PK')).toBe(true);
    expect(progress).toEqual([0, 1, 2, 3]);
    await expect(exportLetters(store, { level: 'team', ids: teams, format: 'docx', each: true, path: out })).rejects.toThrow('文件已存在，未覆盖');
    await exportLetters(store, { level: 'team', ids: teams, format: 'docx', each: true, path: out, overwrite: true });
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('refuses PDF where there is no print window, and a wrong extension', async () => {
    const out = tempDir('fupin-letters-out-');
    await expect(exportLetters(store, { level: 'unit', format: 'pdf', each: false, path: path.join(out, 'a.pdf') })).rejects.toThrow(PDF_NEEDS_APP);
    await expect(exportLetters(store, { level: 'unit', format: 'docx', each: false, path: path.join(out, 'a.xlsx') })).rejects.toThrow('扩展名应为 .docx');
    expect(fs.readdirSync(out)).toEqual([]);
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('prints PDF through the shell’s print window when there is one', async () => {
    const out = tempDir('fupin-letters-out-');
    const hashes: string[] = [];
    const r = await exportLetters(store, { level: 'unit', format: 'pdf', each: false, path: path.join(out, '全部') }, { printPdf: async (hash) => (hashes.push(hash), Buffer.from('%PDF-1.7 stub')) });
    expect(r.paths).toEqual([path.join(out, '全部.pdf')]);
    expect(hashes).toHaveLength(1);
    expect(hashes[0]).toMatch(/^#print\?doc=letters&level=unit&ids=/);
    fs.rmSync(out, { recursive: true, force: true });
  });
});

describe('the channels', () => {
  it('answer through the router; a print window may read letters but not save a template', async () => {
    const session = new Session(tempDir('fupin-letters-ud-'));
    const router = createRouter(createHandlers(session, { version: 't', broadcast: () => {} }));
    store.close();
    try {
      const opened = await router.handle(MAIN_WINDOW, 'db.open', { path: dbPath, password: PASSWORD });
      expect(opened.ok).toBe(true);
      const parties = await router.handle(MAIN_WINDOW, 'letters.parties', { level: 'unit' });
      expect(parties.ok && (parties.data as unknown[]).length).toBe(66);
      const print = windowContext({ id: 7, kind: 'print' }, '打印');
      const docs = await router.handle(print, 'letters.documents', { level: 'team' });
      expect(docs.ok && (docs.data as unknown[]).length).toBe(21);
      const save = await router.handle(print, 'letters.saveTemplate', { level: 'unit', template: '# x' });
      expect(save).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '打印窗口只能读取数据，不能修改' } });
      const bad = await router.handle(MAIN_WINDOW, 'letters.export', { level: 'unit', format: 'docx', each: false, path: 'relative.docx' });
      expect(bad.ok).toBe(false);
      const printed = await router.handle(MAIN_WINDOW, 'letters.print', { doc: 'roster', level: 'team' });
      expect(printed.ok === false && printed.error.message).toContain('Ctrl+P');
    } finally {
      session.close();
      store = openDatabase(dbPath, PASSWORD);
    }
  });

  it('the CLI writes one .docx per letter and says how many; PDF is refused with the reason', async () => {
    const out = path.join(tempDir('fupin-letters-cli-'), '责任状');
    const lines: string[] = [];
    const errors: string[] = [];
    const io = { out: (t: string) => lines.push(t), err: (t: string) => errors.push(t), env: { FUPIN_PASSWORD: PASSWORD } };
    store.close();
    try {
      expect(await runCli(['letters', '--db', dbPath, '--level', 'team', '--format', 'docx', '--out', out], io)).toBe(0);
      expect(lines.join('')).toBe(`已导出 21 份责任状（帮扶单位与驻村工作队，Word 文件，每份一个）到：${out}\n`);
      expect(fs.readdirSync(out).filter((f) => f.endsWith('.docx'))).toHaveLength(21);
      // Again without --force: refused, nothing replaced.
      expect(await runCli(['letters', '--db', dbPath, '--level', 'team', '--out', out], io)).toBe(2);
      expect(errors.pop()).toMatch(/^文件已存在，未覆盖：/);
      expect(await runCli(['letters', '--db', dbPath, '--level', 'unit', '--format', 'pdf', '--out', out], io)).toBe(2);
      expect(errors.pop()).toBe(`${PDF_NEEDS_APP}\n`);
      expect(await runCli(['letters', '--db', dbPath, '--level', 'county', '--out', out], io)).toBe(2);
      expect(errors.pop()).toContain('请用 --level 指定层级');
    } finally {
      store = openDatabase(dbPath, PASSWORD);
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  }, 60_000);
});
