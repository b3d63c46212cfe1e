// exceljs's streaming reader reads a zip front to back. When a worksheet comes before
// sharedStrings.xml — as in files Excel and exceljs itself write — it spools the worksheet to a
// temp file in plain text (ID numbers, names, bank accounts) until the strings arrive. Reading
// through the zip's central directory instead, the parts go to the reader in the order it needs,
// one worksheet at a time, and nothing of the file's content touches the disk.
import { Open } from 'unzipper';

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
  const part = (name: string) => files.find((f) => f.path === name)?.stream();
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
    for (const event of r._parseWorksheet(counted(f.stream(), onBytes), m[1])) {
      if (event.eventType === 'worksheet') yield event.value;
    }
  }
}
