// The one place the contract's access declarations are enforced: which window kind may call a
// channel, and what answers while the clerk's window is locked. Handlers hold no such checks.
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

export function withAccessRules(handlers: Handlers, isLocked: () => boolean): Handlers {
  const guarded = {} as Record<Channel, (input: never, ctx: RequestContext) => unknown>;
  for (const channel of Object.keys(handlers) as Channel[]) {
    const inner = handlers[channel] as (input: never, ctx: RequestContext) => unknown;
    const access = contract[channel].access;
    guarded[channel] = (input, ctx) => {
      const refused = refusal(access, ctx, isLocked());
      if (refused) throw refused;
      return inner(input, ctx);
    };
  }
  return guarded as unknown as Handlers;
}
