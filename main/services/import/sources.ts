// The rows of a spreadsheet file, whatever its format, as (sheet, Excel row number, cells).
// Every reader yields the same primitive cell values, so the rest of the import never knows
// whether the file was .xlsx, .xls or a CSV in UTF-8 or GBK.
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import iconv from 'iconv-lite';
import * as XLSX from '@e965/xlsx';
import * as cptable from '@e965/xlsx/dist/cpexcel.full.mjs';
import { AppError } from '../../../shared/errors';
import { addBeyond, type Cell, type CellsBeyond, type ColumnWidth, type SheetRow } from './sheetRow';
import { asXlsxError, readXlsx } from './xlsxSax';
import { xlsxRowsFromThread } from './readerThread';

/**
 * From this size on an .xlsx file is read in a thread of its own beside the import's checks and
 * writes (readerThread.ts); below it a thread's start costs more than it saves.
 */
let readerThreadMinBytes = 2 * 1024 * 1024;

/** Tests: read small files in the reader thread too (0), or never (Infinity). */
export function setReaderThreadMinBytes(n: number): void {
  readerThreadMinBytes = n;
}

export type { Cell, CellsBeyond, ColumnWidth, SheetRow } from './sheetRow';

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
  // Excel dates carry no zone; SheetJS builds them at UTC midnight.
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

/**
 * A string that owns its characters. V8 makes a substring of 13 or more characters a view into
 * its parent, so an ID number cut out of a parser's 64 KB chunk keeps the whole chunk alive; what
 * the import keeps to the end of the file (ID numbers, 户编号) is copied.
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

/** .xlsx: the SAX reader of xlsxSax.ts over the zip's parts, progress by the worksheets' bytes. */
function xlsxSource(file: string, bytes: number): RowSource {
  const counter = { n: 0 };
  return {
    info: { format: 'xlsx', bytes },
    bytesRead: () => counter.n,
    async *rows(width?: ColumnWidth) {
      counter.n = 0;
      try {
        // A header's width (a SheetTracker's) is what the reader thread works out for itself.
        if (width && 'fromHeader' in width && bytes >= readerThreadMinBytes) yield* xlsxRowsFromThread(file, bytes, (n) => (counter.n = n));
        else yield* readXlsx(file, width ?? ALL_COLUMNS, (f) => (counter.n = Math.round(f * bytes)));
      } catch (e) {
        throw asXlsxError(e);
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

/** Whether a SheetJS cell holds anything (its value need not be built to know). */
function hasContent(cell: SheetJsCell | undefined): boolean {
  return cell !== undefined && cell.t !== 'z' && cell.v !== undefined && cell.v !== null && cell.v !== '';
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
          let beyond: CellsBeyond | undefined;
          for (const ck in row) {
            const i = Number(ck);
            if (i >= limit) {
              if (hasContent(row[i])) beyond = addBeyond(beyond, i + 1);
              continue;
            }
            while (cells.length < i) cells.push(null);
            cells.push(fromSheetJs(row[i]));
          }
          yield beyond ? { sheet, row: r + 1, cells, beyond } : { sheet, row: r + 1, cells };
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

/**
 * Text a spreadsheet must keep as typed, in the form Excel and WPS keep it when they open a CSV: a
 * formula giving the text, ="420115…". Bare digits there become a number (4.2E+17, the digits past
 * the 15th lost once saved), and an apostrophe in a CSV stays part of the text. Our exports write
 * digit columns so (export.ts); csvSource reads them back as the text.
 */
export function csvTextFormula(text: string): string {
  return `="${text.replaceAll('"', '""')}"`;
}

/** Excel refuses a string constant longer than this in a formula. */
export const CSV_TEXT_FORMULA_MAX = 255;

const TEXT_FORMULA = /^="((?:[^"]|"")*)"$/;

/** A CSV field in exactly the csvTextFormula form is its text; any other field is as it is. */
export function fromCsvTextFormula(field: string): string {
  if (field.charCodeAt(0) !== 0x3d) return field;
  const m = TEXT_FORMULA.exec(field);
  return m ? m[1].replaceAll('""', '"') : field;
}

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
        const fields = record.record;
        let beyond: CellsBeyond | undefined;
        for (let i = limit; i < fields.length; i++) if (fields[i] !== '') beyond = addBeyond(beyond, i + 1);
        const cells: Cell[] = (fields.length > limit ? fields.slice(0, limit) : fields).map((v) => fromCsvTextFormula(v) || null);
        yield beyond ? { sheet, row, cells, beyond } : { sheet, row, cells };
      }
    },
  };
}
