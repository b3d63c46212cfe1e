// Who is asking: every IPC request carries the window it came from and the person behind it.
// The person is the 操作员 the clerk chose in that window at unlock (services/operators.ts); until
// one is chosen (or for a database without operators) it is the PC's login the shell names.
import type { WindowKind } from '../../shared/contract';
import type { Actor } from '../db/audit';
import { operatorActor, type ChosenOperators } from '../services/operators';
import type { Router } from './router';

export interface WindowRef {
  /** Electron's webContents id, or the bridge's page number. */
  id: number;
  kind: WindowKind;
}

export interface RequestContext {
  window: WindowRef;
  /** Recorded in the audit log for every write this request makes. */
  actor: Actor;
}

/** A request from a window of the app, made by the clerk using it. */
export function windowContext(window: WindowRef, person: string): RequestContext {
  return { window, actor: { kind: 'clerk', name: person, windowId: window.id } };
}

/** The request's context with its window's operator as the actor, when the window chose one. */
export function actingAsOperator(ctx: RequestContext, chosen: ChosenOperators): RequestContext {
  const operator = ctx.actor.kind === 'clerk' ? chosen.of(ctx.window.id) : null;
  return operator ? { ...ctx, actor: operatorActor(operator, ctx.window.id) } : ctx;
}

/** The router as the shell and the bridge serve it: each request acts as its window's operator. */
export function withChosenOperators(router: Router, chosen: ChosenOperators): Router {
  return { channels: router.channels, handle: (ctx, channel, payload) => router.handle(actingAsOperator(ctx, chosen), channel, payload) };
}
