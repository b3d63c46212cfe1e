// The renderer's typed client, derived from the contract. window.api is the preload's (or the
// Chromium bridge's) two functions; every answer is a { ok, data } / { ok, error } envelope.
import type { Channel, EventName, Events, InputOf, OutputOf, PreloadApi } from '../shared/contract';
import type { AppErrorData, Result } from '../shared/errors';

declare global {
  interface Window {
    api: PreloadApi;
  }
}

export class ApiError extends Error implements AppErrorData {
  readonly code: AppErrorData['code'];
  readonly details?: unknown;
  constructor(data: AppErrorData) {
    super(data.message);
    this.code = data.code;
    this.details = data.details;
  }
}

export async function call<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const result = (await window.api.invoke(channel, input)) as Result<OutputOf<C>>;
  if (!result.ok) throw new ApiError(result.error);
  return result.data;
}

/** For grids: the rows arrive as one JSON string. */
export async function callRows<C extends 'households.list' | 'members.list' | 'households.get' | 'members.get', R>(channel: C, input: InputOf<C>): Promise<R[]> {
  const { json } = await call(channel, input);
  return JSON.parse(json) as R[];
}

export function onEvent<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
  return window.api.on(event, (p) => listener(p as Events[E]));
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
