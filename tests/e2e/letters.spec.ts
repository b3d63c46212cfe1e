// 责任状 on the fictitious demo, as a clerk uses it: open the page, pick a unit, edit the template
// (an unknown placeholder is shown as an error naming it and its line; fixing it clears it), save;
// then the print route for that unit — the page a hidden print window renders in the app — is
// printed with page.pdf() and read back with pdftotext: the unit's name, its village, the people
// per year from the plan and the pledge in yuan are real text in the PDF, the page numbers are
// "— N —", and the signature block shares its page with the letter's last lines. The 公示 roster
// of a team gets a new supervision phone on the page and prints with it. Pages are rendered to
// PNG (pdftoppm) and the page is shot at 1366×768 and 1920×1080 for looking at.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { BRIDGE_ENTRY, type Backend } from '../../main/dev/bridge';
import { queriesFor } from '../../main/db/queries';
import { printRouteHash, type PrintRequest } from '../../shared/domain/letters';
import { ask, expect, openDemo, test } from './fixtures';

const SHOTS = '/tmp/shots-letters';

/** The print route in a page of kind 'print', printed as the app's print window prints it. */
async function printRoute(context: BrowserContext, backend: Backend, req: PrintRequest, file: string): Promise<{ text: string; pages: number; pageText: (n: number) => string }> {
  const page: Page = await context.newPage();
  await backend.attach(page, 'print');
  await page.goto(`${BRIDGE_ENTRY}${printRouteHash(req)}`);
  await expect(page.locator('html')).toHaveAttribute('data-print-ready', 'ok', { timeout: 30_000 });
  await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
  await page.close();
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
  // Lines break anywhere in Chinese: compare without whitespace.
  // The order the text is drawn in (-raw): glyphs a fallback font supplies (cwTeX 仿宋 lacks some
  // simplified characters) have other heights, and the layout analysis would move them elsewhere.
  const pageText = (n: number) => execFileSync('pdftotext', ['-raw', '-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  return { text: execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ''), pages, pageText };
}

function renderPng(file: string, prefix: string, first = 1, last = 2): void {
  execFileSync('pdftoppm', ['-r', '60', '-png', '-f', String(first), '-l', String(last), file, path.join(SHOTS, prefix)]);
}

test.describe('责任状', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('a clerk edits the unit template, and the unit’s letter prints with its village, people per year and pledge', async ({ app: page, backend, context }) => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-letters-e2e-'));
    await openDemo(page);
    await page.getByRole('tab', { name: '责任状' }).click();

    // A unit in the middle of the list, picked by typing its name into the search box.
    const parties = await ask(backend, 'letters.parties', { level: 'unit' });
    expect(parties).toHaveLength(66);
    const unit = parties[10];
    await page.getByRole('searchbox', { name: '查找' }).fill(unit.name);
    await page.getByRole('option').filter({ has: page.getByText(unit.name, { exact: true }) }).click();
    const preview = page.getByRole('region', { name: '预览' });
    await expect(preview).toContainText(`乙方：${unit.name}`);
    await expect(preview).toContainText('精准扶贫结对帮扶责任状');

    // Typing a placeholder that does not exist: an error naming it and its line, no preview.
    const template = page.getByRole('textbox', { name: /责任状模板/ });
    const lines = (await template.inputValue()).split('\n');
    const closing = lines.findIndex((l) => l.startsWith('本责任状一式两份'));
    const at = lines.slice(0, closing).join('\n').length + 1;
    // The caret at the start of the closing line (long lines wrap, so arrow keys would not count lines).
    await template.click();
    await template.evaluate((el: HTMLTextAreaElement, pos) => el.setSelectionRange(pos, pos), at);
    await page.keyboard.type('单位联络人：{单位联系人}。\n');
    const problems = page.getByRole('alert', { name: '模板错误' });
    await expect(problems).toHaveText(`第${closing + 1}行：没有名为“{单位联系人}”的占位符`);
    await expect(preview).toContainText('模板有错误，改正后显示预览');
    await expect(page.getByRole('button', { name: '保存模板' })).toBeDisabled();
    await page.screenshot({ path: `${SHOTS}/page-error-1366.png` });

    // Fixed to a placeholder that exists: the error goes and the preview shows the value.
    // The wrong name selected (as a double-click would) and typed over.
    const wrong = at + '单位联络人：'.length;
    await template.evaluate((el: HTMLTextAreaElement, [from, to]) => el.setSelectionRange(from, to), [wrong, wrong + '{单位联系人}'.length]);
    await page.keyboard.type('{单位负责人}');
    await expect(problems).toHaveCount(0);
    const head = (await ask(backend, 'units.list', {})).find((u) => u.id === unit.id)!.headName!;
    await expect(preview).toContainText(`单位联络人：${head}。`);
    // A look at another level and back loses none of the unsaved edit.
    await page.getByRole('combobox', { name: '层级' }).selectOption({ label: '帮扶单位与驻村工作队' });
    await expect(page.getByText('模板有未保存的修改')).toHaveCount(0);
    await page.getByRole('combobox', { name: '层级' }).selectOption({ label: '区领导小组与帮扶单位' });
    await expect(template).toHaveValue(/单位联络人：\{单位负责人\}。/);
    await expect(page.getByText('模板有未保存的修改')).toBeVisible();
    await page.getByRole('option').filter({ has: page.getByText(unit.name, { exact: true }) }).click();
    await expect(preview).toContainText(`单位联络人：${head}。`);
    await page.getByRole('button', { name: '保存模板' }).click();
    await expect(page.getByText('模板已保存')).toBeVisible();
    await expect(page.getByText('已修改')).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/page-1366.png` });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: `${SHOTS}/page-1920.png` });

    // The print route for that unit, printed as the app's print window prints it.
    const store = backend.session.requireStore();
    const row = queriesFor(store).letters.units().find((u) => u.unitId === unit.id)!;
    // The plan's own rows (main/db/queries/planning.ts), counted here independently of the letters' query.
    const plan = new Map<number, number>();
    for (const h of queriesFor(store).planning.households()) {
      if (h.villageId === row.villageId && h.plannedExitYear !== null) plan.set(h.plannedExitYear, (plan.get(h.plannedExitYear) ?? 0) + h.size);
    }
    const pdf = path.join(out, 'unit.pdf');
    const printed = await printRoute(context, backend, { doc: 'letters', level: 'unit', ids: [unit.id] }, pdf);
    renderPng(pdf, 'letter-unit', 1, printed.pages);
    expect(printed.text).toContain(`乙方：${unit.name}`);
    expect(printed.text).toContain(`${row.town}${row.villageName}`);
    for (const year of [2016, 2017, 2018]) {
      expect(printed.text).toMatch(new RegExp(`${year}年脱贫\\d+户${plan.get(year) ?? 0}人`));
      expect(printed.text).toContain(`${year}年30,000.00元`);
    }
    expect([...plan.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(printed.text).toContain(`单位联络人：${head}。`);
    expect(printed.text).toContain('2016年3月8日');
    // A letter of this length takes two or three pages, numbered "— N —".
    expect(printed.pages).toBeGreaterThanOrEqual(2);
    expect(printed.pages).toBeLessThanOrEqual(3);
    for (let n = 1; n <= printed.pages; n++) expect(printed.pageText(n)).toContain(`—${n}—`);
    // The signature block is on the last page together with the letter's last lines.
    const last = printed.pageText(printed.pages);
    expect(last).toContain('本责任状一式两份，甲乙双方各执一份。');
    expect(last).toContain(`乙方（盖章）：${unit.name}`);
    expect(last).toContain(`负责人（签字）：${head}`);
    // Real text in the official-document faces (no picture of text, no missing font).
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    expect(fonts).toContain('cwTeXFangSong');

    // All 66 unit letters in one print: every unit's name is in it.
    const all = await printRoute(context, backend, { doc: 'letters', level: 'unit' }, path.join(out, 'all.pdf'));
    for (const p of parties) expect(all.text).toContain(`乙方：${p.name}`);
    fs.rmSync(out, { recursive: true, force: true });
  });

  test('the 公示 roster of a team shows and prints the new supervision phone', async ({ app: page, backend, context }) => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-roster-e2e-'));
    await openDemo(page);
    await page.getByRole('tab', { name: '责任状' }).click();
    // A cadre's letter first: the team is 甲方, the cadre 乙方 with the households paired with them.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByLabel('层级').selectOption({ label: '驻村工作队与帮扶干部' });
    const [cadre] = await ask(backend, 'letters.parties', { level: 'cadre' });
    await expect(page.getByRole('region', { name: '预览' })).toContainText(`乙方：${cadre.name}`);
    await expect(page.getByRole('region', { name: '预览' })).toContainText(/结对帮扶贫困户\d+户、贫困人口\d+人/);
    await page.screenshot({ path: `${SHOTS}/cadre-1920.png` });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('button', { name: '工作队公示' }).click();
    const teams = await ask(backend, 'letters.parties', { level: 'team' });
    const team = teams[4];
    await page.getByRole('option').filter({ has: page.getByText(team.name, { exact: true }) }).click();
    const preview = page.getByRole('region', { name: '预览' });
    await expect(preview).toContainText('驻村工作队公示');
    await expect(preview).toContainText('监督电话：12317');
    // Switching from the unit letters to the teams never asks for a unit as a team.
    await expect(page.getByText('已不存在')).toHaveCount(0);
    await page.getByLabel('监督电话').fill('027-84800000');
    await page.getByRole('button', { name: '保存设置' }).click();
    await expect(page.getByText('设置已保存')).toBeVisible();
    await expect(preview).toContainText('监督电话：027-84800000');
    await page.screenshot({ path: `${SHOTS}/roster-1366.png` });

    const [roster] = await ask(backend, 'letters.roster', { ids: [team.id] });
    const pdf = path.join(out, 'roster.pdf');
    const printed = await printRoute(context, backend, { doc: 'roster', level: 'team', ids: [team.id] }, pdf);
    renderPng(pdf, 'roster', 1, printed.pages);
    expect(printed.text).toContain(roster.title);
    for (const m of roster.members) expect(printed.text).toContain(m.name);
    expect(printed.text).toContain('不准接受基层宴请');
    expect(printed.text).toContain('监督电话：027-84800000');
    expect(printed.text).toContain('—1—');
    fs.rmSync(out, { recursive: true, force: true });
  });

  test('a clerk exports one letter as PDF and as Word, all 66 unit letters as one PDF and as one Word file each, with progress', async ({ app: page, backend }) => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-letters-batch-'));
    await openDemo(page);
    await page.getByRole('tab', { name: '责任状' }).click();
    const [first] = await ask(backend, 'letters.parties', { level: 'unit' });
    await expect(page.getByRole('region', { name: '预览' })).toContainText(`乙方：${first.name}`);

    await page.getByRole('button', { name: '导出Word' }).click();
    const single = page.getByRole('dialog', { name: `导出责任状（Word）：${first.name}` });
    const one = path.join(out, '一份.docx');
    await single.getByLabel('保存为').fill(one);
    await single.getByRole('button', { name: '导出' }).click();
    await expect(page.getByText(`已导出 1 份责任状：${one}`)).toBeVisible();
    expect(fs.readFileSync(one).subarray(0, 2).toString()).toBe('PK');

    // PDF through the print window: the bridge prints the print route with Chromium's page.pdf(), as
    // the shell's hidden window does with printToPDF; the file is read back with pdftotext.
    const parties = await ask(backend, 'letters.parties', { level: 'unit' });
    await page.getByRole('button', { name: '导出PDF' }).click();
    const singlePdf = page.getByRole('dialog', { name: `导出责任状（PDF）：${first.name}` });
    const onePdf = path.join(out, '一份.pdf');
    await singlePdf.getByLabel('保存为').fill(onePdf);
    await singlePdf.getByRole('button', { name: '导出' }).click();
    await expect(page.getByText(`已导出 1 份责任状：${onePdf}`)).toBeVisible({ timeout: 60_000 });
    const pdfText = (file: string) => execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(pdfText(onePdf)).toContain(`乙方：${first.name}`);

    await page.getByRole('button', { name: '批量导出…' }).click();
    let batch = page.getByRole('dialog', { name: '批量导出区领导小组与帮扶单位责任状（共 66 份）' });
    const allPdf = path.join(out, '全部.pdf');
    await batch.getByLabel('保存为').fill(allPdf);
    await batch.getByRole('button', { name: '导出' }).click();
    await expect(batch).toHaveCount(0, { timeout: 60_000 });
    const allText = pdfText(allPdf);
    for (const party of parties) expect(allText).toContain(`乙方：${party.name}`);

    await page.getByRole('button', { name: '批量导出…' }).click();
    batch = page.getByRole('dialog', { name: '批量导出区领导小组与帮扶单位责任状（共 66 份）' });
    await batch.getByRole('radio', { name: 'Word' }).check();
    await batch.getByRole('radio', { name: '每份一个文件' }).check();
    const folder = path.join(out, '单位责任状');
    await batch.getByLabel('保存到文件夹').fill(folder);
    await page.screenshot({ path: `${SHOTS}/batch-1366.png` });
    const progress: number[] = [];
    await page.exposeFunction('__lettersProgress', (done: number) => progress.push(done));
    await page.evaluate(() => window.api.on('job.progress', (p) => (window as unknown as { __lettersProgress(n: number): void }).__lettersProgress((p as { done: number }).done)));
    await batch.getByRole('button', { name: '导出' }).click();
    await expect(page.getByText('已导出 66 份责任状，共 66 个文件')).toBeVisible({ timeout: 60_000 });
    const files = fs.readdirSync(folder).filter((f) => f.endsWith('.docx'));
    expect(files).toHaveLength(66);
    expect(files.sort()[0]).toBe(`001_责任状_帮扶单位_${first.name}.docx`);
    // Progress was reported letter by letter, up to all 66.
    expect(progress.at(-1)).toBe(66);
    expect(new Set(progress).size).toBeGreaterThan(60);
    fs.rmSync(out, { recursive: true, force: true });
  });
});
