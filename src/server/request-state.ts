import type { LazyAbort } from './lazy-abort.js';
import type { AppState } from './server-deps.js';

/**
 * A request's `ctx.state` from `requestWork` on: the fields the earlier middleware set, plus `signal` as a getter of
 * the request's {@link LazyAbort}, so the `AbortController` is made only for the routes that read it. A class rather
 * than `Object.defineProperty` on Koa's plain state object: a per-object accessor turns that object into a slow
 * dictionary for every later access (measured: ~20 µs per request).
 */
export class RequestState implements AppState {
  requestId = '';
  authenticated = false;
  bytes?: number;
  streamError?: unknown;
  clientGone?: boolean;
  readonly #abort: LazyAbort;

  /** @param earlier the state the outer middleware filled (request id, authentication), copied over. */
  constructor(earlier: Partial<AppState>, abort: LazyAbort) {
    Object.assign(this, earlier);
    this.#abort = abort;
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }
}
