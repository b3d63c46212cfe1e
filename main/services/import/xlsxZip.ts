// The parts of an .xlsx file (a zip of XML parts), read through the zip's central directory: any
// part, in any order, inflated as a stream (unzipper over node:zlib) and never spooled to disk.
//
// unzipper checks neither a part's CRC nor its size, and a SAX parser stops quietly where the text
// stops. So each part's bytes are checked here as they pass — CRC-32 and size against the zip's
// directory, and for a worksheet that its XML is complete — and a file cut or damaged inside is
// refused whole: the error comes at the end of the part, before the import can commit.
import path from 'node:path';
import { Transform, pipeline, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { crc32 } from 'node:zlib';
import { Open } from 'unzipper';
import { AppError } from '../../../shared/errors';

/** A central-directory entry, with the fields unzipper reads but its published types leave out. */
interface ZipEntry {
  path: string;
  crc32: number;
  uncompressedSize: number;
  stream(): NodeJS.ReadableStream;
}

/** A worksheet's XML ends with its root's end tag (and nothing but space after it). */
const SHEET_END = /<\/(?:[A-Za-z_][\w.-]*:)?worksheet>\s*$/;

export function damaged(part: string, what: string): AppError {
  return new AppError('VALIDATION', `该 .xlsx 文件已损坏（${part} ${what}），未导入任何数据：请用 Excel 或 WPS 打开并另存后重新导入`);
}

/** A part's bytes, checked against the zip's directory as they pass (see the top of this file). */
function verified(entry: ZipEntry, isSheet: boolean): Readable {
  let crc = 0;
  let size = 0;
  let tail = Buffer.alloc(0);
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      // A part that inflates past the size its directory declares (a zip bomb) stops here, not at its end.
      if (size > entry.uncompressedSize) return done(damaged(entry.path, `解压后超过目录中记录的 ${entry.uncompressedSize} 字节`));
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

export interface PartOptions {
  /** The part is a worksheet: it must also end with its root's end tag. */
  worksheet?: boolean;
  /** Told the length of each inflated chunk as it passes (progress). */
  onBytes?: (n: number) => void;
}

export interface XlsxZip {
  /** Part names as the zip spells them, found case-insensitively (OPC names are). */
  find(name: string): string | undefined;
  /** The part's inflated size, from the zip's directory. */
  size(name: string): number;
  /** The part's text, decoded as UTF-8 across chunk borders, checked as it passes. */
  text(name: string, opts?: PartOptions): AsyncGenerator<string>;
  /** The names of all parts, for a workbook that does not say where its worksheets are. */
  names(): string[];
}

/** Opens the zip's central directory; a file that is no zip (or is cut short) fails here. */
export async function openZip(file: string): Promise<XlsxZip> {
  const { files } = await Open.file(file);
  const entries = new Map<string, ZipEntry>();
  for (const f of files) {
    if (f.type !== 'File') continue;
    const key = normalizePart(f.path).toLowerCase();
    if (!entries.has(key)) entries.set(key, f as unknown as ZipEntry);
  }
  const entry = (name: string) => entries.get(normalizePart(name).toLowerCase());
  return {
    find: (name) => entry(name)?.path,
    size: (name) => entry(name)?.uncompressedSize ?? 0,
    names: () => [...entries.values()].map((e) => e.path),
    async *text(name, opts = {}) {
      const e = entry(name);
      if (!e) throw damaged(name, '缺失');
      const decoder = new StringDecoder('utf8');
      for await (const chunk of verified(e, opts.worksheet === true) as AsyncIterable<Buffer>) {
        opts.onBytes?.(chunk.length);
        yield decoder.write(chunk);
      }
      const rest = decoder.end();
      if (rest) yield rest;
    },
  };
}

/** A part name without a leading slash, with '.' and '..' resolved ('/xl/../xl/a.xml' → 'xl/a.xml'). */
export function normalizePart(name: string): string {
  return path.posix.normalize(`/${name.replace(/\\/g, '/')}`).slice(1);
}

/** A relationship's target, relative to the folder of the part that names it (or absolute). */
export function resolveTarget(fromPart: string, target: string): string {
  return target.startsWith('/') ? normalizePart(target) : normalizePart(path.posix.join(path.posix.dirname(fromPart), target));
}

/** The relationships part of a part: xl/workbook.xml → xl/_rels/workbook.xml.rels. */
export function relsOf(part: string): string {
  return normalizePart(path.posix.join(path.posix.dirname(part), '_rels', `${path.posix.basename(part)}.rels`));
}
