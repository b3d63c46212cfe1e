// Reading an .xlsx whose worksheets come before its shared strings (as Excel and exceljs write
// them) must not spool the worksheet to a plain-text temp file.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { worksheetsInOrder } from '../../../main/services/import/xlsxOrdered';
import { openSource } from '../../../main/services/import/sources';
import { tempDir } from '../main/helpers';

const dir = tempDir('fupin-xlsx-order-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type TmpModule = { file: (...args: unknown[]) => unknown };
const tmp = createRequire(import.meta.url)('tmp') as TmpModule;

async function rowsOf(worksheets: AsyncIterable<unknown>): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const ws of worksheets) {
    for await (const row of ws as AsyncIterable<{ values: unknown[] }>) rows.push(row.values.slice(1).map(String));
  }
  return rows;
}

describe('xlsx parts in the reader’s order', () => {
  it('reads the same rows as exceljs’s own order, without any temp file', async () => {
    const file = path.join(dir, 'order.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const sheet = writer.addWorksheet('贫困人口');
    for (let i = 0; i < 3000; i++) sheet.addRow([`户主${i}`, `42011519700101${String(i).padStart(4, '0')}`, '低保贫困户']).commit();
    sheet.commit();
    await writer.commit();
    // The precondition: this file really has its worksheet ahead of sharedStrings.xml.
    const raw = fs.readFileSync(file).toString('latin1');
    expect(raw.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(raw.indexOf('xl/sharedStrings.xml'));

    const original = tmp.file;
    let spooled = 0;
    tmp.file = (...args: unknown[]) => {
      spooled++;
      return original(...args);
    };
    try {
      const plain = await rowsOf(new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', worksheets: 'emit' }));
      expect(spooled).toBe(1); // exceljs alone spools the sheet to disk
      spooled = 0;
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', worksheets: 'emit', styles: 'cache' });
      const ordered = await rowsOf(worksheetsInOrder(reader, file));
      expect(spooled).toBe(0);
      expect(ordered).toEqual(plain);
      expect(ordered).toHaveLength(3000);
      expect(ordered[2999]).toEqual(['户主2999', '420115197001012999', '低保贫困户']);
      // And the import's own reader goes this way: no spooling, the sheet named, progress to the end.
      spooled = 0;
      const source = openSource(file);
      const imported: string[][] = [];
      for await (const row of source.rows()) {
        expect(row.sheet).toBe('贫困人口');
        imported.push(row.cells.map(String));
      }
      expect(spooled).toBe(0);
      expect(imported).toEqual(plain);
      expect(source.bytesRead()).toBe(fs.statSync(file).size);
    } finally {
      tmp.file = original;
    }
  });
});
