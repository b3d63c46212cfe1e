// The .xlsx reader takes a workbook's parts through the zip's directory, in the order it needs
// them: a worksheet written before sharedStrings.xml (as Excel and exceljs write them) is never
// spooled to a plain-text temp file, and sheets come in the workbook's tab order, whatever the
// order or the names of their parts.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { openSource, type SheetRow } from '../../../main/services/import/sources';
import { tempDir } from '../main/helpers';
import { sheetXml, workbookParts, writeZip, type ZipPart } from './rawXlsx';

const dir = tempDir('fupin-xlsx-order-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type TmpModule = { file: (...args: unknown[]) => unknown };
const tmp = createRequire(import.meta.url)('tmp') as TmpModule;

async function readAll(file: string): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const r of openSource(file).rows()) rows.push(r);
  return rows;
}

describe('xlsx parts in the reader’s order', () => {
  it('reads what exceljs reads, without any temp file, the sheet named, progress to the end', async () => {
    const file = path.join(dir, 'order.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const sheet = writer.addWorksheet('贫困人口');
    for (let i = 0; i < 3000; i++) sheet.addRow([`户主${i}`, `42011519700101${String(i).padStart(4, '0')}`, '低保贫困户']).commit();
    sheet.commit();
    await writer.commit();
    // The precondition: this file really has its worksheet ahead of sharedStrings.xml.
    const raw = fs.readFileSync(file).toString('latin1');
    expect(raw.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(raw.indexOf('xl/sharedStrings.xml'));

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const expected: string[][] = [];
    wb.worksheets[0].eachRow((row) => expected.push((row.values as unknown[]).slice(1).map(String)));

    const original = tmp.file;
    let spooled = 0;
    tmp.file = (...args: unknown[]) => {
      spooled++;
      return original(...args);
    };
    try {
      const source = openSource(file);
      const imported: string[][] = [];
      for await (const row of source.rows()) {
        expect(row.sheet).toBe('贫困人口');
        imported.push(row.cells.map(String));
      }
      expect(spooled).toBe(0);
      expect(imported).toHaveLength(3000);
      expect(imported).toEqual(expected);
      expect(imported[2999]).toEqual(['户主2999', '420115197001012999', '低保贫困户']);
      expect(source.bytesRead()).toBe(fs.statSync(file).size);
    } finally {
      tmp.file = original;
    }
  });

  it('sheets come in the workbook’s tab order (through its relationships), not in part-name order', async () => {
    const b = (s: string) => Buffer.from(s, 'utf8');
    const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
    const parts: ZipPart[] = workbookParts(sheetXml([['第一']])).filter((p) => !p.name.startsWith('xl/'));
    parts.push(
      {
        name: 'xl/workbook.xml',
        data: b(
          `${head}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="乙" sheetId="2" r:id="rId2"/><sheet name="图表" sheetId="3" r:id="rId3"/><sheet name="甲" sheetId="1" r:id="rId1"/></sheets></workbook>`,
        ),
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: b(
          `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>`,
        ),
      },
      { name: 'xl/worksheets/sheet1.xml', data: b(sheetXml([['甲的单元格']])) },
      { name: 'xl/worksheets/data.xml', data: b(sheetXml([['乙的单元格']])) },
    );
    const rows = await readAll(writeZip(path.join(dir, 'tabs.xlsx'), parts));
    expect(rows.map((r) => `${r.sheet}|${r.cells.join(',')}`)).toEqual(['乙|乙的单元格', '甲|甲的单元格']);
  });
});
