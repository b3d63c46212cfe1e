// A unit's letter as .docx, opened by a real LibreOffice (converted to PDF) and read back with
// pdftotext and pdfinfo: the unit's name, its village, the people per year and the pledge survive
// as text, the pages are numbered "— N —", and the signature block is on the last page with the
// letter's last lines. The document itself: A4, the GB/T 9704 margins in twips, 仿宋 / 宋体 as the
// East Asian fonts, the page number field in the footers, keep-with-next before the signature.
// LibreOffice is required (CI installs libreoffice-writer-nogui): without it this test fails, it
// does not skip.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Open, type CentralDirectoryFile } from 'unzipper';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../main/db/store';
import { queriesFor } from '../../../main/db/queries';
import { exportLetters, letterValues } from '../../../main/services/letters';
import { openDemoStore, tempDir } from './helpers';

let dir: string;
let store: Store;

beforeAll(() => {
  ({ dir, store } = openDemoStore('fupin-letters-docx-'));
}, 120_000);

afterAll(() => {
  store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function requireTool(name: string, hint: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
  if (!found) throw new Error(`${name} 未安装：此测试需要 ${hint}（CI 由 .ci/run 安装），不会跳过`);
}

/** Converts with a private LibreOffice profile, so that parallel runs never share one. */
function toPdf(docx: string, outDir: string): string {
  requireTool('soffice', 'LibreOffice（Debian 包 libreoffice-writer-nogui）');
  const profile = fs.mkdtempSync(path.join(outDir, 'lo-profile-'));
  execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', outDir, docx], { stdio: 'pipe', timeout: 120_000 });
  const pdf = path.join(outDir, `${path.basename(docx, '.docx')}.pdf`);
  if (!fs.existsSync(pdf)) throw new Error(`LibreOffice 未生成 PDF：${pdf}`);
  return pdf;
}

async function partText(file: CentralDirectoryFile): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream()) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function text(pdf: string, page?: number): string {
  requireTool('pdftotext', 'poppler-utils');
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync('pdftotext', ['-raw', ...range, pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

describe('a unit letter as .docx', () => {
  it('keeps its content and fits its pages when LibreOffice opens it', async () => {
    const unit = queriesFor(store).letters.units()[5];
    const values = letterValues(store, 'unit', unit.unitId);
    const out = tempDir('fupin-letters-docx-out-');
    const { paths } = await exportLetters(store, { level: 'unit', ids: [unit.unitId], format: 'docx', each: false, path: path.join(out, '责任状') });
    expect(paths).toEqual([path.join(out, '责任状.docx')]);

    // The document as Word reads it.
    const zip = await Open.file(paths[0]);
    const xml = await partText(zip.files.find((f) => f.path === 'word/document.xml')!);
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(xml).toContain('w:eastAsia="仿宋"');
    expect(xml).toContain('w:eastAsia="宋体"');
    expect(xml).toContain('w:line="580" w:lineRule="exact"');
    expect(xml).toContain('<w:keepNext/>');
    const footers = zip.files.filter((f) => /^word\/footer\d+\.xml$/.test(f.path));
    expect(footers.length).toBe(2);
    for (const f of footers) expect(await partText(f)).toMatch(/PAGE/);

    const pdf = toPdf(paths[0], out);
    const all = text(pdf);
    expect(all).toContain(`乙方：${unit.unitName}`);
    expect(all).toContain(`${unit.town}${unit.villageName}`);
    for (const year of [2016, 2017, 2018]) {
      expect(all).toContain(`${year}年脱贫${values[`${year}年脱贫户数`]}户${values[`${year}年脱贫人数`]}人`);
      expect(all).toContain(`${year}年30,000.00元`);
    }
    expect(all).toContain('2016年3月8日');

    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    // 22 lines a page: two pages and some (LibreOffice's stand-in for 仿宋 is wider than 仿宋, and
    // the last lines travel with the signature block), never a page more than that.
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(4);
    for (let n = 1; n <= pages; n++) expect(text(pdf, n), `page ${n}`).toContain(`—${n}—`);
    // Every page but the last is full (no page broken early), and the last holds the closing
    // lines together with the signature block.
    for (let n = 1; n < pages; n++) expect(text(pdf, n).length, `page ${n}`).toBeGreaterThan(300);
    const last = text(pdf, pages);
    expect(last).toContain('本责任状一式两份，甲乙双方各执一份。');
    expect(last).toContain(`乙方（盖章）：${unit.unitName}`);
    expect(last.indexOf('本责任状一式两份')).toBeLessThan(last.indexOf('乙方（盖章）'));
    fs.rmSync(out, { recursive: true, force: true });
  }, 180_000);

  it('puts several letters in one file, each starting on a new page numbered from 1', async () => {
    const units = queriesFor(store).letters.units().slice(0, 2);
    const out = tempDir('fupin-letters-docx-out-');
    const { paths } = await exportLetters(store, { level: 'unit', ids: units.map((u) => u.unitId), format: 'docx', each: false, path: path.join(out, 'two.docx') });
    const pdf = toPdf(paths[0], out);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    const starts = [];
    for (let n = 1; n <= pages; n++) if (text(pdf, n).includes('精准扶贫结对帮扶责任状编号')) starts.push(n);
    expect(starts).toHaveLength(2);
    expect(text(pdf, starts[1])).toContain('—1—');
    expect(text(pdf, starts[1])).toContain(`乙方：${units[1].unitName}`);
    fs.rmSync(out, { recursive: true, force: true });
  }, 180_000);
});
