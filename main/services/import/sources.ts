// The rows of a spreadsheet file, whatever its format, as (sheet, Excel row number, cells).
// Every reader yields the same primitive cell values, so the rest of the import never knows
// whether the file was .xlsx, .xls or a CSV in UTF-8 or GBK.
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import { worksheetsInOrder } from './xlsxOrdered';
import iconv from 'iconv-lite';
import * as XLSX from '@e965/xlsx';
import * as cptable from '@e965/xlsx/dist/cpexcel.full.mjs';
import { AppError } from '../../../shared/errors';

/** A cell as the import sees it. Dates are already ISO strings (YYYY-MM-DD). */
export type Cell = string | number | boolean | null;

export interface SheetRow {
  sheet: string;
  /** 1-based, as Excel shows it, title rows included. */
  row: number;
  cells: Cell[];
  /** Cells that hold no readable value (a formula never calculated), by 0-based index. */
  problems?: Map<number, string>;
}

/**
 * How many cells of a row the import wants: the readers build no cell past it, so a stray cell in
 * column XFD costs nothing. Asked before each row, by sheet and Excel row number.
 */
export type ColumnWidth = (sheet: string, row: number) => number;

const ALL_COLUMNS: ColumnWidth = () => Infinity;

export type FileFormat = 'xlsx' | 'xls' | 'csv';

export interface SourceInfo {
  format: FileFormat;
  encoding?: 'utf-8' | 'gb18030';
  bytes: number;
}

export interface RowSource {
  info: SourceInfo;
  rows(width?: ColumnWidth): AsyncGenerator<SheetRow>;
  /** Bytes of the file consumed so far: the honest measure of progress through a zip or a CSV. */
  bytesRead(): number;
}

XLSX.set_cptable(cptable);

export function formatOf(file: string): FileFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.xls' || ext === '.et') return 'xls';
  if (ext === '.csv' || ext === '.txt') return 'csv';
  throw new AppError('VALIDATION', `不支持的文件类型“${ext || '无扩展名'}”：请选择 .xlsx、.xls 或 .csv 文件`);
}

/** Refuses, before any work starts, a path that is not a readable spreadsheet file. */
export function assertImportable(file: string): fs.Stats {
  formatOf(file);
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new AppError('FILE_NOT_FOUND', `找不到要导入的文件：${file}`);
  }
  if (!st.isFile()) throw new AppError('FILE_NOT_FOUND', `不是文件：${file}`);
  return st;
}

export function openSource(file: string): RowSource {
  const st = assertImportable(file);
  const format = formatOf(file);
  switch (format) {
    case 'xlsx':
      return xlsxSource(file, st.size);
    case 'xls':
      return xlsSource(file, st.size);
    case 'csv':
      return csvSource(file, st.size);
  }
}

function isoFromUtcDate(d: Date): string {
  // Excel dates carry no zone; exceljs builds them at UTC midnight.
  const rounded = new Date(Math.round(d.getTime() / 1000) * 1000);
  return rounded.toISOString().slice(0, 10);
}

function counting(counter: { n: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      counter.n += chunk.length;
      done(null, chunk);
    },
  });
}

/** A cell the file has but whose value cannot be known; the import reports it at its place. */
class Unreadable {
  constructor(readonly message: string) {}
}

const UNCALCULATED = '该单元格是公式，但文件中没有保存计算结果（文件可能由程序生成）：请用 Excel 或 WPS 打开该文件、保存后重新导入';

/** exceljs cell values: rich text, formulas and hyperlinks carry their text in different places. */
function fromExcelJs(value: unknown): Cell | Unreadable {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return isoFromUtcDate(value);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) {
      // A formula whose cached result is an error (#N/A) comes back as NaN: as an error cell, empty.
      if (typeof v.result === 'number' && Number.isNaN(v.result)) return null;
      return v.result === undefined ? new Unreadable(UNCALCULATED) : fromExcelJs(v.result);
    }
    // Without a cached result exceljs gives only { formula } (or { sharedFormula }).
    if ('formula' in v || 'sharedFormula' in v) return new Unreadable(UNCALCULATED);
    if (typeof v.text === 'string') return v.text;
    if (v.error !== undefined) return null;
  }
  return new Unreadable(`无法读取该单元格的值`);
}

interface ReaderInternals {
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
}

interface SharedStringsState {
  options: { sharedStrings?: string };
  sharedStrings?: unknown[];
}

/**
 * A string that owns its characters. V8 makes a substring of 13 or more characters a view into
 * its parent, so an ID number cut out of a parser's 64 KB chunk keeps the whole chunk alive; what
 * the import keeps to the end of the file (ID numbers, 户编号, shared strings) is copied.
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

const CHUNK_CHARS = 1 << 16;
const ASCII = /^[\x00-\x7f]*$/;

/**
 * A workbook's shared strings, packed: ASCII ones (ID numbers, 户编号, phone numbers, amounts:
 * most of them) in one-byte strings, the others in two-byte ones, each joined into chunks of
 * 64K characters, and per entry its chunk, offset and length. exceljs reads entries by index
 * (sharedStrings[i]); a Proxy answers that, cutting the string out when a cell asks for it.
 */
class PackedStrings {
  private readonly streams = [new PackedStream(), new PackedStream()];
  private where = new Int32Array(1024);
  private length = new Int32Array(1024);
  private readonly other = new Map<number, unknown>();
  private count = 0;

  push(text: unknown): void {
    const i = this.count++;
    if (i === this.where.length) {
      this.where = grow(this.where);
      this.length = grow(this.length);
    }
    if (typeof text !== 'string') {
      // Rich text (rare): kept as exceljs made it.
      this.other.set(i, text);
      this.length[i] = 0;
      this.where[i] = -1;
      return;
    }
    const ascii = ASCII.test(text);
    this.where[i] = this.streams[ascii ? 0 : 1].add(text);
    // The sign says which stream: non-negative for ASCII, negative (minus one) for the rest.
    this.length[i] = ascii ? text.length : -text.length - 1;
  }

  seal(): unknown[] {
    for (const s of this.streams) s.seal();
    const get = (i: number): unknown => {
      if (!(i >= 0 && i < this.count)) return undefined;
      const w = this.where[i];
      if (w === -1 && this.other.has(i)) return this.other.get(i);
      const len = this.length[i];
      return len >= 0 ? this.streams[0].slice(w, len) : this.streams[1].slice(w, -len - 1);
    };
    const count = () => this.count;
    return new Proxy([] as unknown[], {
      get(target, key, receiver) {
        if (typeof key === 'string' && key !== '' && key.charCodeAt(0) >= 48 && key.charCodeAt(0) <= 57) return get(Number(key));
        if (key === 'length') return count();
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
  }
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Strings appended into chunks; an entry is (chunk << 16 | offset), or a chunk of its own when
 * long. Up to 32,767 chunks (2^31 characters), far beyond any workbook exceljs can open.
 */
class PackedStream {
  private readonly chunks: string[] = [];
  private pieces: string[] = [];
  private used = 0;

  add(text: string): number {
    if (this.used + text.length > CHUNK_CHARS) this.flush();
    const at = (this.chunks.length << 16) | this.used;
    this.pieces.push(text);
    this.used += text.length;
    // A string longer than a chunk fills one alone; its offset is 0.
    if (this.used >= CHUNK_CHARS) this.flush();
    return at;
  }

  slice(at: number, length: number): string {
    const offset = at & 0xffff;
    return this.chunks[at >>> 16].slice(offset, offset + length);
  }

  seal(): void {
    this.flush();
  }

  private flush(): void {
    if (this.pieces.length === 0) return;
    this.chunks.push(this.pieces.join(''));
    this.pieces = [];
    this.used = 0;
  }
}

/** Decodes UTF-8 across chunk borders, which exceljs 4.4's parse-sax does not. */
async function* utf8Chunks(iterator: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of iterator) yield typeof chunk === 'string' ? chunk : decoder.write(chunk);
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * exceljs 4.4.0 decodes each zip chunk on its own, so a Chinese character split between two chunks
 * becomes '��' (exceljs issues #2063, #2084, unreleased PR #2081). Every XML part it parses is
 * handed over already decoded instead.
 */
function decodeUtf8AcrossChunks(reader: object): void {
  const r = reader as ReaderInternals;
  const proto = Object.getPrototypeOf(reader) as ReaderInternals;
  r._parseSharedStrings = async function* (this: ReaderInternals & SharedStringsState, entry) {
    entry.setEncoding('utf8');
    // exceljs's own cache keeps one string per entry, each a slice of the XML text that keeps its
    // whole chunk alive (a 300k-person file: ~200 MB of heap). Taken as events instead and packed
    // into a few long strings (see PackedStrings), the same strings take ~20 MB.
    const options = this.options;
    const packed = new PackedStrings();
    this.options = { ...options, sharedStrings: 'emit' };
    try {
      for await (const s of proto._parseSharedStrings.call(this, entry) as AsyncGenerator<{ text: unknown }>) packed.push(s.text);
    } finally {
      this.options = options;
    }
    this.sharedStrings = packed.seal();
  };
  r._parseWorkbook = function (entry) {
    entry.setEncoding('utf8');
    return proto._parseWorkbook.call(this, entry);
  };
  r._parseWorksheet = function (iterator, sheetNo) {
    return proto._parseWorksheet.call(this, utf8Chunks(iterator), sheetNo);
  };
}

interface ExcelJsRowInternals {
  _cells: ({ col: number; type: number; value: unknown } | undefined)[];
}

const NULL_TYPE = ExcelJS.ValueType.Null;

/** The cells a row really has, in column order, without walking the holes between them. */
function* cellsOf(row: object): Generator<{ col: number; value: unknown }> {
  const cells = (row as ExcelJsRowInternals)._cells;
  // for…in visits the array's own indexes only, ascending; forEach would visit 16,384 for a
  // row whose one cell is in column XFD.
  for (const k in cells) {
    const cell = cells[k];
    if (cell && cell.type !== NULL_TYPE) yield cell;
  }
}

let rowWalkPatched = false;

/**
 * exceljs's streaming reader asks every row for its dimensions (row.js walks _cells with forEach:
 * every index up to the last cell), so one cell in column XFD costs 16,384 steps a row: 1M such
 * rows kept an import busy for 24 minutes. The getter is replaced, once, by one with the same
 * result that visits only the cells present. (The reader is to be replaced by our own SAX reader.)
 */
function patchRowWalk(): void {
  if (rowWalkPatched) return;
  rowWalkPatched = true;
  const proto = Object.getPrototypeOf(new ExcelJS.Workbook().addWorksheet('x').getRow(1)) as object;
  Object.defineProperty(proto, 'dimensions', {
    configurable: true,
    get(this: object) {
      let min = 0;
      let max = 0;
      for (const cell of cellsOf(this)) {
        if (!min || min > cell.col) min = cell.col;
        if (max < cell.col) max = cell.col;
      }
      return min > 0 ? { min, max } : null;
    },
  });
}

function xlsxSource(file: string, bytes: number): RowSource {
  const counter = { n: 0 };
  return {
    info: { format: 'xlsx', bytes },
    bytesRead: () => counter.n,
    async *rows(width = ALL_COLUMNS) {
      counter.n = 0;
      // The parts are read through the zip's directory (xlsxOrdered.ts), never spooled to disk.
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
        sharedStrings: 'cache',
        // Styles are needed to tell a date cell from a number cell.
        styles: 'cache',
        hyperlinks: 'ignore',
        worksheets: 'emit',
        entries: 'ignore',
      });
      decodeUtf8AcrossChunks(reader);
      patchRowWalk();
      try {
        for await (const sheetReader of worksheetsInOrder(reader, file, (f) => (counter.n = Math.round(f * bytes)))) {
          const worksheet = sheetReader as ExcelJS.stream.xlsx.WorksheetReader;
          const sheet = (worksheet as unknown as { name: string }).name;
          for await (const row of worksheet) {
            const limit = width(sheet, row.number);
            const cells: Cell[] = [];
            let problems: Map<number, string> | undefined;
            for (const { col, value } of cellsOf(row)) {
              if (col > limit) break;
              while (cells.length < col - 1) cells.push(null);
              const cell = fromExcelJs(value);
              if (cell instanceof Unreadable) {
                (problems ??= new Map()).set(col - 1, cell.message);
                cells.push(null);
              } else cells.push(cell);
            }
            yield problems ? { sheet, row: row.number, cells, problems } : { sheet, row: row.number, cells };
          }
        }
      } catch (e) {
        if (e instanceof AppError) throw e;
        throw new AppError('VALIDATION', `无法读取该 .xlsx 文件（文件可能已损坏，或不是 Excel 文件）：${(e as Error).message}`);
      }
    },
  };
}

interface SheetJsCell {
  t: string;
  v?: unknown;
  z?: string | number;
}

function fromSheetJs(cell: SheetJsCell | undefined): Cell {
  if (!cell || cell.v === undefined || cell.v === null) return null;
  if (cell.t === 'e' || cell.t === 'z') return null;
  if (cell.t === 'n' && typeof cell.v === 'number' && cell.z !== undefined && XLSX.SSF.is_date(cell.z)) {
    const d = XLSX.SSF.parse_date_code(cell.v) as { y: number; m: number; d: number };
    return `${String(d.y).padStart(4, '0')}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
  }
  if (cell.v instanceof Date) return isoFromUtcDate(cell.v);
  if (typeof cell.v === 'string' || typeof cell.v === 'number' || typeof cell.v === 'boolean') return cell.v;
  return String(cell.v);
}

/** Legacy .xls: a compound document SheetJS reads whole; such files stop at 65,536 rows anyway. */
function xlsSource(file: string, bytes: number): RowSource {
  let read = 0;
  return {
    info: { format: 'xls', bytes },
    bytesRead: () => read,
    async *rows(width = ALL_COLUMNS) {
      let wb: XLSX.WorkBook;
      try {
        // Dense: each sheet's cells as the rows the file has. Its declared range (a DIMENSION
        // record, or <dimension ref="A1:XFD1048576"/> in an .xlsx named .xls) is not walked.
        wb = XLSX.read(fs.readFileSync(file), { type: 'buffer', cellDates: false, cellNF: true, cellStyles: false, dense: true });
      } catch (e) {
        throw new AppError('VALIDATION', `无法读取该 .xls 文件（文件可能已损坏，或不是 Excel 文件）：${(e as Error).message}`);
      }
      read = bytes;
      for (const sheet of wb.SheetNames) {
        const data = (wb.Sheets[sheet] as { '!data'?: (SheetJsCell | undefined)[][] } | undefined)?.['!data'];
        if (!data) continue;
        // for…in visits only the rows, and in a row only the cells, that the file has (ascending):
        // forEach and index loops would walk every hole up to row 1,048,576 or column XFD.
        for (const rk in data) {
          const r = Number(rk);
          const row = data[r];
          if (!row) continue;
          const limit = Math.min(row.length, width(sheet, r + 1));
          const cells: Cell[] = [];
          for (const ck in row) {
            const i = Number(ck);
            if (i >= limit) break;
            while (cells.length < i) cells.push(null);
            cells.push(fromSheetJs(row[i]));
          }
          yield { sheet, row: r + 1, cells };
        }
      }
    },
  };
}

/** Bytes that are not valid UTF-8 mean the GBK family (what Excel on Chinese Windows writes). */
export function detectCsvEncoding(head: Buffer, complete: boolean): 'utf-8' | 'gb18030' {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

const SNIFF_BYTES = 256 * 1024;

function csvSource(file: string, bytes: number): RowSource {
  const counter = { n: 0 };
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(Math.min(SNIFF_BYTES, bytes));
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const encoding = detectCsvEncoding(head, head.length === bytes);
  // A CSV has no sheets; its name stands in for one in the report.
  const sheet = path.basename(file, path.extname(file));
  return {
    info: { format: 'csv', encoding, bytes },
    bytesRead: () => counter.n,
    async *rows(width = ALL_COLUMNS) {
      counter.n = 0;
      const parser = fs
        .createReadStream(file)
        .pipe(counting(counter))
        // iconv strips a UTF-8 BOM by default (stripBOM), so both flavours of UTF-8 read the same.
        .pipe(iconv.decodeStream(encoding === 'utf-8' ? 'utf8' : 'gb18030'))
        .pipe(parseCsv({ relax_column_count: true, relax_quotes: true, skip_empty_lines: false, info: true, bom: true }));
      for await (const record of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
        const row = record.info.records;
        const limit = width(sheet, row);
        const fields = record.record.length > limit ? record.record.slice(0, limit) : record.record;
        const cells: Cell[] = fields.map((v) => (v === '' ? null : v));
        yield { sheet, row, cells };
      }
    },
  };
}
