// The router: channel name → handler, with every input parsed by the contract's zod schema first.
// Whatever goes wrong crosses back as { code, message, details? } (../errors.ts); nothing is thrown
// across IPC.
import { contract, type Channel, type OutputOf, type ParsedInputOf } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import { toErrorData } from '../errors';
import type { RequestContext } from './context';

export type Handlers = { [C in Channel]: (input: ParsedInputOf<C>, ctx: RequestContext) => OutputOf<C> | Promise<OutputOf<C>> };

export interface Router {
  readonly channels: readonly Channel[];
  /** ctx says which window asks and who is behind it; the shell builds it, never the renderer. */
  handle(ctx: RequestContext, channel: unknown, payload: unknown): Promise<Result<unknown>>;
}

function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

export function createRouter(handlers: Handlers): Router {
  return {
    channels: Object.keys(contract) as Channel[],
    async handle(ctx, channel, payload) {
      if (!isChannel(channel)) {
        return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `未知的请求：${String(channel).slice(0, 100)}` } };
      }
      // A call without input means an empty object; null or anything else is validated as sent.
      const parsed = contract[channel].input.safeParse(payload === undefined ? {} : payload);
      if (!parsed.success) {
        return { ok: false, error: toErrorData(parsed.error) };
      }
      try {
        const handler = handlers[channel] as (input: unknown, ctx: RequestContext) => unknown;
        const data = await handler(parsed.data, ctx);
        return { ok: true, data: data === undefined ? null : data };
      } catch (e) {
        return { ok: false, error: toErrorData(e, (bug) => console.error(`[ipc] ${channel} failed`, bug)) };
      }
    },
  };
}
