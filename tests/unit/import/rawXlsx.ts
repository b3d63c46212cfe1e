// .xlsx files written byte by byte, for what no spreadsheet program writes on purpose: a worksheet
// cut short inside a valid zip, a part whose CRC is wrong, formulas without a cached result, a
// declared dimension of A1:XFD1048576, a cell in column XFD on every row. The zip is written here
// (deflate from node:zlib) so that the tests do not depend on any reader's or writer's internals.
import fs from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';
import type { Table } from './fixtures';

export interface ZipPart {
  name: string;
  data: Buffer;
  /** Stored, not deflated: its bytes can be found and changed in the finished file. */
  stored?: boolean;
  /** The CRC written in the zip's headers, when a test wants it wrong. */
  crc?: number;
  /** The inflated size written in the zip's headers, when a test wants it wrong (a zip bomb's lie). */
  declaredSize?: number;
}

export function writeZip(file: string, parts: ZipPart[]): string {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const body = p.stored ? p.data : deflateRawSync(p.data);
    const crc = p.crc ?? crc32(p.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(p.stored ? 0 : 8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(p.declaredSize ?? p.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(p.stored ? 0 : 8, 10);
    dir.writeUInt32LE(crc >>> 0, 16);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(p.declaredSize ?? p.data.length, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    central.push(dir, name);
    offset += local.length + name.length + body.length;
  }
  const dirSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  fs.writeFileSync(file, Buffer.concat([...locals, ...central, end]));
  return file;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A formula cell; without `cached` the file holds no calculated value, as generators write it. */
export interface Formula {
  formula: string;
  cached?: string | number;
}

export type RawCell = string | number | null | Formula;

export function cellXml(ref: string, v: RawCell): string {
  if (v === null) return '';
  if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
  if (typeof v === 'string') return `<c r="${ref}" t="inlineStr"><is><t>${xmlEscape(v)}</t></is></c>`;
  const f = `<f>${xmlEscape(v.formula)}</f>`;
  if (v.cached === undefined) return `<c r="${ref}">${f}</c>`;
  return typeof v.cached === 'number' ? `<c r="${ref}">${f}<v>${v.cached}</v></c>` : `<c r="${ref}" t="str">${f}<v>${xmlEscape(v.cached)}</v></c>`;
}

export function rowXml(rowNumber: number, cells: readonly RawCell[]): string {
  return `<row r="${rowNumber}">${cells.map((v, i) => cellXml(`${columnName(i)}${rowNumber}`, v)).join('')}</row>`;
}

export const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
export const SHEET_TAIL = '</worksheet>';

/** A worksheet's XML: the table's rows, then any extra row XML (hostile rows) before the end. */
export function sheetXml(table: readonly (readonly RawCell[])[], opts: { dimension?: string; extraRows?: string } = {}): string {
  const rows = table.map((r, i) => rowXml(i + 1, r)).join('');
  const dim = opts.dimension ? `<dimension ref="${opts.dimension}"/>` : '';
  return `${SHEET_HEAD}${dim}<sheetData>${rows}${opts.extraRows ?? ''}</sheetData>${SHEET_TAIL}`;
}

/** Parts beside the worksheet, related from the workbook as Excel relates them. */
export interface BookOptions {
  /** The XML of xl/sharedStrings.xml. */
  sharedStrings?: string;
  /** The XML of xl/styles.xml. */
  styles?: string;
  /** Dates counted from 1904 (old Mac Excel). */
  date1904?: boolean;
}

const MAIN_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** xl/sharedStrings.xml holding the given <si> elements' inner XML. */
export function sharedStringsXml(items: readonly string[]): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst ${MAIN_NS} count="${items.length}" uniqueCount="${items.length}">${items.map((x) => `<si>${x}</si>`).join('')}</sst>`;
}

/** xl/styles.xml with the given custom number formats and one cell format per numFmtId, in order. */
export function stylesXml(customFormats: Readonly<Record<number, string>>, cellFormats: readonly number[]): string {
  const fmts = Object.entries(customFormats).map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${xmlEscape(code).replace(/"/g, '&quot;')}"/>`);
  const xfs = cellFormats.map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"/>`);
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet ${MAIN_NS}><numFmts count="${fmts.length}">${fmts.join('')}</numFmts><cellStyleXfs count="1"><xf numFmtId="14" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs></styleSheet>`;
}

/** The parts of a one-sheet workbook around the given worksheet XML. */
export function workbookParts(sheet: string | Buffer, sheetName = '贫困人口', sheetPart: Partial<ZipPart> = {}, book: BookOptions = {}): ZipPart[] {
  const b = (s: string) => Buffer.from(s, 'utf8');
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const extraRels = [
    book.sharedStrings !== undefined ? `<Relationship Id="rId2" Type="${REL_TYPE}/sharedStrings" Target="sharedStrings.xml"/>` : '',
    book.styles !== undefined ? `<Relationship Id="rId3" Type="${REL_TYPE}/styles" Target="styles.xml"/>` : '',
  ].join('');
  const extraParts: ZipPart[] = [
    ...(book.sharedStrings !== undefined ? [{ name: 'xl/sharedStrings.xml', data: b(book.sharedStrings) }] : []),
    ...(book.styles !== undefined ? [{ name: 'xl/styles.xml', data: b(book.styles) }] : []),
  ];
  const workbookPr = book.date1904 ? '<workbookPr date1904="1"/>' : '';
  return [
    {
      name: '[Content_Types].xml',
      data: b(
        `${head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      ),
    },
    {
      name: '_rels/.rels',
      data: b(`${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    },
    {
      name: 'xl/workbook.xml',
      data: b(
        `${head}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${workbookPr}<sheets><sheet name="${xmlEscape(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: b(`${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>${extraRels}</Relationships>`),
    },
    { name: 'xl/worksheets/sheet1.xml', data: typeof sheet === 'string' ? b(sheet) : sheet, ...sheetPart },
    ...extraParts,
  ];
}

/** A fixture table (strings as text cells, so ID numbers stay exact) as raw cells. */
export function rawTable(table: Table): RawCell[][] {
  return table.map((r) => r.map((v) => v));
}
