// The router: channel name → handler, with every input parsed by the contract's zod schema first.
// Whatever goes wrong crosses back as { code, message, details? }; nothing is thrown across IPC.
import { z } from 'zod';
import { contract, type Channel, type OutputOf, type ParsedInputOf } from '../../shared/contract';
import { AppError, type AppErrorData, type Result } from '../../shared/errors';

export type Handlers = { [C in Channel]: (input: ParsedInputOf<C>) => OutputOf<C> | Promise<OutputOf<C>> };

export interface Router {
  readonly channels: readonly Channel[];
  handle(channel: unknown, payload: unknown): Promise<Result<unknown>>;
}

function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

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
];

function toErrorData(e: unknown, channel: string): AppErrorData {
  if (e instanceof AppError) return e.toData();
  if (e instanceof z.ZodError) return { code: 'VALIDATION', message: validationMessage(e), details: { issues: e.issues.map((i) => ({ path: i.path.map(String), message: i.message })) } };
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') return { code: 'CONFLICT', message: '该值已被其他记录使用，不能重复' };
  if (code.startsWith('SQLITE_CONSTRAINT')) return { code: 'RULE', message: '该操作违反数据约束，未做任何修改' };
  const system = SYSTEM_ERRORS.find(([re]) => re.test(code));
  if (system) return { code: system[1], message: system[2], details: { cause: e instanceof Error ? e.message : String(e) } };
  console.error(`[ipc] ${channel} failed`, e);
  return { code: 'INTERNAL', message: `内部错误，操作未完成：${e instanceof Error ? e.message : String(e)}` };
}

export function createRouter(handlers: Handlers): Router {
  return {
    channels: Object.keys(contract) as Channel[],
    async handle(channel, payload) {
      if (!isChannel(channel)) {
        return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `未知的请求：${String(channel).slice(0, 100)}` } };
      }
      // A call without input means an empty object; null or anything else is validated as sent.
      const parsed = contract[channel].input.safeParse(payload === undefined ? {} : payload);
      if (!parsed.success) {
        return { ok: false, error: { code: 'VALIDATION', message: validationMessage(parsed.error), details: { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) } } };
      }
      try {
        const handler = handlers[channel] as (input: unknown) => unknown;
        const data = await handler(parsed.data);
        return { ok: true, data: data === undefined ? null : data };
      } catch (e) {
        return { ok: false, error: toErrorData(e, channel) };
      }
    },
  };
}
