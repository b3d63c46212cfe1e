// The .xlsx SAX reader on files written byte by byte (rawXlsx.ts), one feature of the format at a
// time: what each kind of cell reads as, where each cell lands, and what is left out and counted.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSource, type ColumnWidth, type SheetRow } from '../../../main/services/import/sources';
import { tempDir } from '../main/helpers';
import { SHEET_HEAD, SHEET_TAIL, sharedStringsXml, stylesXml, workbookParts, writeZip, type BookOptions } from './rawXlsx';

const dir = tempDir('fupin-xlsx-reader-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
function xlsx(sheetData: string, book: BookOptions = {}): string {
  return writeZip(path.join(dir, `${++n}.xlsx`), workbookParts(`${SHEET_HEAD}<sheetData>${sheetData}</sheetData>${SHEET_TAIL}`, '贫困人口', {}, book));
}

async function rowsOf(file: string, width?: ColumnWidth): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const r of openSource(file).rows(width)) rows.push(r);
  return rows;
}

const cellsOf = async (file: string) => (await rowsOf(file)).map((r) => r.cells);

describe('xlsx reader: strings', () => {
  it('shared strings: plain, rich-text runs joined, phonetic guides left out, spaces kept, _xHHHH_ escapes and entities decoded', async () => {
    const strings = sharedStringsXml([
      '<t>户编号</t>',
      '<r><t>张</t></r><r><rPr><b/><sz val="11"/></rPr><t xml:space="preserve"> 三</t></r>',
      '<t>山田</t><rPh sb="0" eb="2"><t>ヤマダ</t></rPh>',
      '<t xml:space="preserve">  前后有空格  </t>',
      '<t>第一行_x000D_\n第二行，下划线_x005F_x0041_</t>',
      '<t>A&amp;B &lt;C&gt;</t>',
      '<t/>',
    ]);
    const cells = (i: number) => `<c r="${String.fromCharCode(65 + i)}1" t="s"><v>${i}</v></c>`;
    const file = xlsx(`<row r="1">${[0, 1, 2, 3, 4, 5, 6].map(cells).join('')}</row>`, { sharedStrings: strings });
    expect(await cellsOf(file)).toEqual([['户编号', '张 三', '山田', '  前后有空格  ', '第一行\r\n第二行，下划线_x0041_', 'A&B <C>', '']]);
  });

  it('a shared-string index that does not exist is a problem at its cell, not a silent empty cell', async () => {
    const file = xlsx('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>7</v></c></row>', { sharedStrings: sharedStringsXml(['<t>甲</t>']) });
    const [row] = await rowsOf(file);
    expect(row.cells).toEqual(['甲', null]);
    expect(row.problems?.get(1)).toMatch(/共享字符串 7 不存在/);
  });

  it('inline strings, plain and in rich-text runs', async () => {
    const file = xlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>李四</t></is></c><c r="B1" t="inlineStr"><is><r><t>王</t></r><r><rPr><i/></rPr><t>五</t></r><rPh><t>ワン</t></rPh></is></c></row>');
    expect(await cellsOf(file)).toEqual([['李四', '王五']]);
  });
});

describe('xlsx reader: where cells land', () => {
  it('cells without r follow the previous cell; rows without r follow the previous row; empty rows are rows', async () => {
    const file = xlsx(
      '<row r="3"><c><v>1</v></c><c t="inlineStr"><is><t>x</t></is></c><c r="E3"><v>5</v></c><c><v>6</v></c></row>' +
        '<row><c r="B4"><v>7</v></c></row>' +
        '<row r="6"/>' +
        '<row><c r="A7" s="0"/><c><v>8</v></c></row>',
    );
    const rows = await rowsOf(file);
    expect(rows.map((r) => [r.row, r.cells])).toEqual([
      [3, [1, 'x', null, null, 5, 6]],
      [4, [null, 7]],
      [6, []],
      [7, [null, 8]],
    ]);
    expect(rows.every((r) => r.sheet === '贫困人口')).toBe(true);
  });

  it('a worksheet whose elements carry a namespace prefix (<x:row>, <x:c>) reads the same', async () => {
    const sheet =
      '<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
      '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>户编号</x:t></x:is></x:c><x:c r="B1"><x:v>2</x:v></x:c></x:row><x:row r="2"><x:c r="B2"><x:v>3</x:v></x:c></x:row>' +
      '</x:sheetData></x:worksheet>';
    const file = writeZip(path.join(dir, 'prefixed.xlsx'), workbookParts(sheet));
    expect((await rowsOf(file, () => 1)).map((r) => [r.row, r.cells, r.beyond?.count])).toEqual([
      [1, ['户编号'], 1],
      [2, [], 1],
    ]);
  });

  it('cells right of the width asked for are not built, only counted with their columns; the declared dimension is not read', async () => {
    const file = xlsx(
      '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c></row>' +
        '<row r="2"><c r="A2"><v>1</v></c><c r="D2" s="0"/><c r="F2" t="inlineStr"><is><t>右</t></is></c><c r="XFD2"><v>9</v></c></row>' +
        '<row r="3"><c r="C3"><f>1+1</f></c></row>',
    );
    const rows = await rowsOf(file, (_sheet, row) => (row === 1 ? Infinity : 2));
    expect(rows.map((r) => r.cells)).toEqual([[1, 2, 3], [1], []]);
    expect(rows.map((r) => r.beyond)).toEqual([undefined, { count: 2, first: 6, last: 16384 }, { count: 1, first: 3, last: 3 }]);
    // The uncalculated formula right of the width is counted, never reported as a problem.
    expect(rows[2].problems).toBeUndefined();
  });

  it('the width is asked after the previous row was handed out (the header decides the data rows’ width)', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c><c r="B${i + 1}"><v>${i}</v></c></row>`).join('');
    const file = xlsx(rows);
    let seen = 0;
    const got: number[] = [];
    for await (const r of openSource(file).rows((_s, row) => {
      // Every earlier row has been taken when this row's width is asked.
      expect(seen).toBe(row - 1);
      return row <= 100 ? Infinity : 1;
    })) {
      seen++;
      got.push(r.cells.length);
    }
    expect(got.slice(98, 102)).toEqual([2, 2, 1, 1]);
  });
});

describe('xlsx reader: kinds of value', () => {
  it('numbers, booleans, error cells (empty), ISO dates in t="d"', async () => {
    const file = xlsx(
      '<row r="1"><c r="A1"><v>42</v></c><c r="B1"><v>1.5E+3</v></c><c r="C1" t="b"><v>1</v></c><c r="D1" t="b"><v>0</v></c>' +
        '<c r="E1" t="e"><v>#N/A</v></c><c r="F1" t="n"><v>-0.25</v></c><c r="G1" t="d"><v>2015-10-24T00:00:00</v></c><c r="H1"><v></v></c><c r="I1" t="str"><v>文字</v></c></row>',
    );
    expect(await cellsOf(file)).toEqual([[42, 1500, true, false, null, -0.25, '2015-10-24', null, '文字']]);
  });

  it('cached formula values by type; a formula without a cached value is a problem at its cell', async () => {
    const file = xlsx(
      '<row r="1"><c r="A1"><f>3+3</f><v>6</v></c><c r="B1" t="str"><f>"一般"&amp;"贫困户"</f><v>一般贫困户</v></c><c r="C1" t="b"><f>1=1</f><v>1</v></c>' +
        '<c r="D1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="E1"><f>2*3</f></c><c r="F1" t="str"><f t="shared" si="0"/><v>共享公式</v></c></row>',
    );
    const [row] = await rowsOf(file);
    expect(row.cells).toEqual([6, '一般贫困户', true, null, null, '共享公式']);
    expect([...(row.problems ?? new Map<number, string>()).entries()]).toEqual([[4, expect.stringMatching(/该单元格是公式，但文件中没有保存计算结果/)]]);
  });

  it('dates: numbers in a date format (built-in, Chinese built-in, custom) become ISO dates; other formats stay numbers', async () => {
    const styles = stylesXml({ 164: 'yyyy"年"m"月"d"日"', 165: '0.00"元"', 166: '[$-F800]dddd, mmmm dd, yyyy' }, [0, 14, 31, 164, 165, 166, 22]);
    const row = [0, 1, 2, 3, 4, 5, 6].map((s) => `<c r="${String.fromCharCode(65 + s)}1" s="${s}"><v>${s === 6 ? '42301.75' : '42301'}</v></c>`).join('');
    const formula = '<c r="H1" s="1"><f>DATE(2015,10,24)</f><v>42301</v></c>';
    const file = xlsx(`<row r="1">${row}${formula}</row>`, { styles });
    expect(await cellsOf(file)).toEqual([[42301, '2015-10-24', '2015-10-24', '2015-10-24', 42301, '2015-10-24', '2015-10-24', '2015-10-24']]);
  });

  it('dates in the 1904 system', async () => {
    const file = xlsx('<row r="1"><c r="A1" s="1"><v>40839</v></c></row>', { styles: stylesXml({}, [0, 14]), date1904: true });
    expect(await cellsOf(file)).toEqual([['2015-10-24']]);
  });
});

describe('xlsx reader: damaged files', () => {
  it('XML that is not well formed is refused with the part named', async () => {
    const file = xlsx('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</c></row>');
    await expect(rowsOf(file)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/无法读取该 \.xlsx 文件.*sheet1\.xml/) });
  });

  it('a workbook whose worksheet part is missing is refused, not read as empty', async () => {
    const parts = workbookParts(`${SHEET_HEAD}<sheetData/>${SHEET_TAIL}`).filter((p) => p.name !== 'xl/worksheets/sheet1.xml');
    await expect(rowsOf(writeZip(path.join(dir, 'missing.xlsx'), parts))).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/已损坏.*sheet1\.xml 缺失/) });
  });

  it('a zip that is not a workbook is refused', async () => {
    const file = writeZip(path.join(dir, 'not-a-workbook.xlsx'), [{ name: 'word/document.xml', data: Buffer.from('<w/>') }]);
    await expect(rowsOf(file)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/不是 Excel 文件/) });
  });
});
