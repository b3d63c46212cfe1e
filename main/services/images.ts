// A chart saved as a PNG file ('image.save'). The renderer cannot write files: it sends the chart's
// PNG as a data URL, and main checks that it really is a PNG before anything reaches the disk. The
// bytes go to a temp file beside the target and then one rename, so a failed save leaves no half
// a picture; an existing file is replaced only when the clerk confirmed it (FILE_EXISTS otherwise).
import fs from 'node:fs';
import path from 'node:path';
import { MAX_IMAGE_DATA_URL_CHARS } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { locatedError } from '../errors';
import { assertMayWrite } from './export';

const PNG_PREFIX = 'data:image/png;base64,';
/** Every PNG file starts with these eight bytes, then its IHDR chunk. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The file the clerk typed as a .png: without an extension .png is added; another one is refused. */
export function imageTarget(typed: string): string {
  const ext = path.extname(typed).toLowerCase();
  if (ext === '.png') return path.resolve(typed);
  if (ext === '' || /[^\x00-\x7f]/.test(ext)) return path.resolve(`${typed}.png`);
  throw new AppError('VALIDATION', `图表只能保存为 .png 图片，不能保存为“${ext}”：${typed}`);
}

/** The PNG's bytes from its data URL, or a refusal in Chinese when it is not a whole PNG. */
export function pngBytes(dataUrl: string): Buffer {
  if (!dataUrl.startsWith(PNG_PREFIX)) throw new AppError('VALIDATION', '只能保存 PNG 图片');
  if (dataUrl.length > MAX_IMAGE_DATA_URL_CHARS) throw new AppError('VALIDATION', '图片过大，无法保存');
  const base64 = dataUrl.slice(PNG_PREFIX.length);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new AppError('VALIDATION', '图片数据已损坏（不是有效的 Base64），未保存');
  const bytes = Buffer.from(base64, 'base64');
  // Signature, then the IHDR chunk (length 13) that every PNG starts with.
  const looksLikePng = bytes.length > 33 && bytes.subarray(0, 8).equals(PNG_SIGNATURE) && bytes.readUInt32BE(8) === 13 && bytes.toString('latin1', 12, 16) === 'IHDR';
  if (!looksLikePng) throw new AppError('VALIDATION', '图片数据不是有效的 PNG 图片，未保存');
  return bytes;
}

export function saveImage(req: { path: string; dataUrl: string; overwrite?: boolean }): { path: string; bytes: number } {
  const bytes = pngBytes(req.dataUrl);
  const target = imageTarget(req.path);
  if (!fs.existsSync(path.dirname(target))) throw new AppError('FILE_NOT_FOUND', `保存位置不存在：${path.dirname(target)}`);
  assertMayWrite(target, req.overwrite);
  const temp = `${target}.${process.pid}.part`;
  try {
    const fd = fs.openSync(temp, 'w');
    try {
      for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw locatedError(e, target);
  }
  return { path: target, bytes: bytes.length };
}
