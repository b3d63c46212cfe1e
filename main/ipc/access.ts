// The one place the contract's access declarations are enforced: which window kind may call a
// channel, what answers while the clerk's window is locked, and what while the open database is
// known to be damaged. Handlers hold no such checks.
import { contract, type Channel, type ChannelAccess } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { RequestContext } from './context';
import type { Handlers } from './router';

/** Why a window may not call a channel, or null when it may. */
export function refusal(access: ChannelAccess, ctx: RequestContext, locked: boolean): AppError | null {
  const kind = ctx.window.kind;
  if (kind === 'wall' && !access.wall) return new AppError('FORBIDDEN', '大屏窗口只能显示汇总数字，不能读取个人信息或修改数据');
  if (kind === 'print' && access.kind !== 'read') return new AppError('FORBIDDEN', '打印窗口只能读取数据，不能修改');
  // The wall keeps showing its aggregates while the clerk's window is locked.
  if (locked && !access.whileLocked && !(kind === 'wall' && access.wall)) return new AppError('SESSION_LOCKED', '窗口已锁定：请先输入密码解锁');
  return null;
}

/**
 * The writes still answered once a check found damage in the open database: the restore that
 * repairs it, and stopping an import that was already running.
 */
const WRITES_WHILE_DAMAGED: ReadonlySet<Channel> = new Set<Channel>(['backup.restore', 'import.cancel']);

/** Why a write is refused on a database a background check found damaged, or null. */
export function damageRefusal(channel: Channel, access: ChannelAccess, damaged: boolean): AppError | null {
  if (!damaged || access.kind !== 'write' || WRITES_WHILE_DAMAGED.has(channel)) return null;
  return new AppError('CORRUPT', '数据库完整性检查发现损坏，已停止修改数据，以免损坏扩大：请到“数据安全”页从备份恢复');
}

export function withAccessRules(handlers: Handlers, isLocked: () => boolean, isDamaged: () => boolean = () => false): Handlers {
  const guarded = {} as Record<Channel, (input: never, ctx: RequestContext) => unknown>;
  for (const channel of Object.keys(handlers) as Channel[]) {
    const inner = handlers[channel] as (input: never, ctx: RequestContext) => unknown;
    const access = contract[channel].access;
    guarded[channel] = (input, ctx) => {
      const refused = refusal(access, ctx, isLocked()) ?? damageRefusal(channel, access, isDamaged());
      if (refused) throw refused;
      return inner(input, ctx);
    };
  }
  return guarded as unknown as Handlers;
}
