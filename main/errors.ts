// Whatever was thrown, as { code, message, details? } with a Chinese message a clerk can act on:
// the one translation used by the IPC router, the worker thread (whose errors reach a window
// through the router) and the CLI. Main-side only: it reads Node's and SQLite's error codes.
import { z } from 'zod';
import { AppError, type AppErrorData } from '../shared/errors';

/** One Chinese sentence per problem, each saying where ("value: …"). */
export function validationMessage(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      // Messages written for a clerk already name their field; zod's own defaults do not.
      const where = i.path.length > 0 && !/[\u4e00-\u9fff]/.test(i.message) ? `${i.path.join('.')}：` : '';
      return `${where}${i.message}`;
    })
    .join('；');
}

// System errors a clerk can act on, by the code Node or SQLite gives them.
const SYSTEM_ERRORS: readonly [RegExp, AppErrorData['code'], string][] = [
  [/^SQLITE_BUSY/, 'BUSY', '数据库正忙（可能正在导入数据），本次操作未保存，请稍后再试'],
  [/^(SQLITE_FULL|ENOSPC)$/, 'IO', '磁盘空间不足，操作未完成：请清理磁盘，或换一个位置'],
  [/^(SQLITE_CANTOPEN|SQLITE_READONLY.*|EACCES|EPERM|EROFS)$/, 'IO', '无法写入该位置（没有权限，或是只读的盘），操作未完成：请换一个文件夹'],
  [/^EBUSY$/, 'IO', '文件正被其他程序占用，操作未完成：请关闭占用它的程序后再试'],
  [/^ENOENT$/, 'IO', '找不到文件或文件夹（U盘是否已拔出？），操作未完成'],
  [/^SQLITE_IOERR/, 'IO', '读写磁盘出错，操作未完成：请检查磁盘或U盘是否已拔出'],
  // "database disk image is malformed": damage found after open (or by a worker's connection);
  // CORRUPT is what the app answers with the offer to restore from a backup.
  [/^(SQLITE_CORRUPT.*|SQLITE_NOTADB)$/, 'CORRUPT', '数据库文件已损坏，操作未完成：请从备份恢复'],
];

/** Node refuses a path with a NUL byte before the system sees it (ERR_INVALID_ARG_VALUE / _TYPE). */
function isNulInPath(code: string, message: string): boolean {
  return code.startsWith('ERR_INVALID_ARG') && /null bytes|\\0|\\x00/i.test(message);
}

function systemCode(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The file a Node file-system error concerns: a rename's or copy's destination, else its path. */
function pathOf(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const { dest, path } = e as { dest?: unknown; path?: unknown };
  return typeof dest === 'string' ? dest : typeof path === 'string' ? path : undefined;
}

/** A clerk's sentence says where: the file the system named, or the one the caller was writing. */
function withPlace(message: string, where: string | undefined): string {
  return where ? `${message}。位置：${where}` : message;
}

/**
 * onUnexpected hears of what no rule explains (a bug, answered as INTERNAL): the app logs it with
 * its stack; the CLI does not, since a clerk reads its output.
 */
export function toErrorData(e: unknown, onUnexpected?: (e: unknown) => void): AppErrorData {
  return translate(e, onUnexpected, undefined);
}

function translate(e: unknown, onUnexpected: ((e: unknown) => void) | undefined, where: string | undefined): AppErrorData {
  if (e instanceof AppError) return e.toData();
  if (e instanceof z.ZodError) return { code: 'VALIDATION', message: validationMessage(e), details: { issues: e.issues.map((i) => ({ path: i.path.map(String), message: i.message })) } };
  const code = systemCode(e);
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') return { code: 'CONFLICT', message: '该值已被其他记录使用，不能重复' };
  if (code.startsWith('SQLITE_CONSTRAINT')) return { code: 'RULE', message: '该操作违反数据约束，未做任何修改' };
  if (isNulInPath(code, messageOf(e))) return { code: 'VALIDATION', message: '文件路径中含有不允许的字符（NUL），请重新选择文件' };
  const system = SYSTEM_ERRORS.find(([re]) => re.test(code));
  if (system) return { code: system[1], message: withPlace(system[2], where ?? pathOf(e)), details: { cause: messageOf(e) } };
  // Any other refusal of the file system (a name too long, one the disk's format forbids) while writing a file.
  if (where && /^E[A-Z]+$/.test(code)) return { code: 'IO', message: `无法写入文件，操作未完成。位置：${where}`, details: { cause: messageOf(e) } };
  onUnexpected?.(e);
  return { code: 'INTERNAL', message: `内部错误，操作未完成：${messageOf(e)}` };
}

/** The same, as an error to rethrow (an AppError passes through unchanged). */
export function toAppError(e: unknown, onUnexpected?: (e: unknown) => void): AppError {
  if (e instanceof AppError) return e;
  const data = toErrorData(e, onUnexpected);
  return new AppError(data.code, data.message, data.details);
}

/**
 * An error met while writing the file `where` (through a temp file beside it): the same translation,
 * naming that file rather than the temp file the system names.
 */
export function locatedError(e: unknown, where: string): AppError {
  if (e instanceof AppError) return e;
  const data = translate(e, undefined, where);
  return new AppError(data.code, data.message, data.details);
}
