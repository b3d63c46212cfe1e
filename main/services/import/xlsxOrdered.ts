// exceljs's streaming reader reads a zip front to back. When a worksheet comes before
// sharedStrings.xml — as in files Excel and exceljs itself write — it spools the worksheet to a
// temp file in plain text (ID numbers, names, bank accounts) until the strings arrive. Reading
// through the zip's central directory instead, the parts go to the reader in the order it needs,
// one worksheet at a time, and nothing of the file's content touches the disk.
import { Transform, pipeline } from 'node:stream';
import { crc32 } from 'node:zlib';
import { Open } from 'unzipper';
import { AppError } from '../../../shared/errors';

interface Event {
  eventType: string;
  value: unknown;
}

/** The reader's own part parsers (exceljs 4.4 WorkbookReader), called in a safe order. */
interface ReaderParts {
  options: { styles?: string };
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<Event>;
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<Event>;
}

const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/** A worksheet's XML ends with its root's end tag (and nothing but space after it). */
const SHEET_END = /<\/(?:[A-Za-z_][\w.-]*:)?worksheet>\s*$/;

interface ZipEntry {
  path: string;
  crc32: number;
  uncompressedSize: number;
  stream(): NodeJS.ReadableStream;
}

function damaged(part: string, what: string): AppError {
  return new AppError('VALIDATION', `该 .xlsx 文件已损坏（${part} ${what}），未导入任何数据：请用 Excel 或 WPS 打开并另存后重新导入`);
}

/**
 * A part's bytes, checked against the zip's directory as they pass: its CRC-32 and size, and
 * for a worksheet that its XML is complete. unzipper checks neither, and exceljs's parser stops
 * quietly where the text stops; a file cut or damaged inside is refused whole instead, with an
 * error at the end of the part (so before the import can commit).
 */
function verified(entry: ZipEntry, isSheet: boolean): Transform {
  let crc = 0;
  let size = 0;
  let tail = Buffer.alloc(0);
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      if (isSheet) tail = Buffer.concat([tail, chunk.subarray(Math.max(0, chunk.length - 64))]).subarray(-64);
      done(null, chunk);
    },
    flush(done) {
      if (size !== entry.uncompressedSize) return done(damaged(entry.path, `长度应为 ${entry.uncompressedSize} 字节，实际 ${size} 字节`));
      if ((crc >>> 0) !== (entry.crc32 >>> 0)) return done(damaged(entry.path, 'CRC 校验失败'));
      if (isSheet && !SHEET_END.test(tail.toString('latin1'))) return done(damaged(entry.path, '内容不完整（工作表在结束前被截断）'));
      done();
    },
  });
  // pipeline carries an inflate error (data cut short) into the checked stream too.
  return pipeline(entry.stream(), check, () => {});
}

async function* counted(source: AsyncIterable<Buffer>, onBytes: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    onBytes(chunk.length);
    yield chunk;
  }
}

/**
 * Yields the workbook's worksheet readers, as iterating the WorkbookReader itself would.
 * onProgress gets the fraction (0–1) of the worksheets' XML read so far.
 */
export async function* worksheetsInOrder(reader: object, file: string, onProgress: (fraction: number) => void = () => {}): AsyncGenerator<unknown> {
  const r = reader as ReaderParts;
  const { files } = await Open.file(file);
  const part = (name: string) => {
    const f = files.find((x) => x.path === name);
    return f && verified(f as unknown as ZipEntry, false);
  };
  const rels = part('xl/_rels/workbook.xml.rels');
  if (rels) await r._parseRels(rels);
  const workbook = part('xl/workbook.xml');
  if (workbook) await r._parseWorkbook(workbook);
  const strings = part('xl/sharedStrings.xml');
  if (strings) for await (const _ of r._parseSharedStrings(strings)); // fills the reader's cache
  const styles = part('xl/styles.xml');
  if (styles && r.options.styles === 'cache') await r._parseStyles(styles);
  const sheets = files
    .map((f) => ({ f, m: SHEET.exec(f.path) }))
    .filter((x): x is { f: (typeof files)[number]; m: RegExpExecArray } => x.m !== null)
    .sort((a, b) => Number(a.m[1]) - Number(b.m[1]));
  const total = Math.max(1, sheets.reduce((n, s) => n + s.f.uncompressedSize, 0));
  let read = 0;
  const onBytes = (n: number) => onProgress(Math.min(1, (read += n) / total));
  for (const { f, m } of sheets) {
    for (const event of r._parseWorksheet(counted(verified(f as unknown as ZipEntry, true), onBytes), m[1])) {
      if (event.eventType === 'worksheet') yield event.value;
    }
  }
}
