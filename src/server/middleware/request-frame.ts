import type { ServerResponse } from 'node:http';
import type { Middleware, Next } from 'koa';
import { AbortedError, DistillError } from '../../core/errors.js';
import { Deadlines, type Expiring } from '../deadlines.js';
import { LazyAbort } from '../lazy-abort.js';
import { RequestState } from '../request-state.js';
import type { AppState, ServerContext, ServerEnv } from '../server-deps.js';
import { rawHeader } from '../raw-header.js';
import { logRequest } from './access-log.js';
import { answerProblem } from './problems.js';
import { requestIdFor } from './request-id.js';
import { setSecurityHeaders } from './security-headers.js';

/** The reason a shutdown aborts requests with. */
export class ShutdownError extends AbortedError {
  constructor() {
    super('The server is shutting down. Retry the request once it is back.');
  }
}

/**
 * The outermost middleware: everything each request gets, in one object with one `close` listener (measured: the
 * five separate middlewares it replaces cost ~50 µs per request, mostly promises, listeners and closures).
 * - **Request id** ({@link requestIdFor}) in `ctx.state.requestId` and the `X-Request-Id` response header.
 * - **Security headers** ({@link setSecurityHeaders}).
 * - **Problem documents**: whatever the rest of the stack throws is answered by {@link answerProblem}.
 * - **Abort and timeout**: one abort handle per request, whose signal every source read gets as
 *   `ctx.state.signal` (made only when read, see {@link LazyAbort}). It is aborted when the client disconnects before
 *   the response is complete (the read stops; files and Elasticsearch point-in-time cursors close), when the request
 *   outlives `limits.requestTimeoutMs` (504 if nothing was sent yet, else the connection is cut), and when the server
 *   shuts down (503). The request is tracked in `env.work` until its work has settled and the response has closed.
 * - **Access log**: one line per request when the response has closed ({@link logRequest}).
 *
 * Cost per request: this object, a `RequestState`, an entry in a set of {@link Deadlines} and one `close`
 * listener; no timer, and no promise beyond the one Koa awaits.
 */
export function requestFrame(env: ServerEnv): Middleware<AppState> {
  const deadlines = new Deadlines(env.limits.requestTimeoutMs);
  return (ctx, next) => new RequestFrame(ctx as ServerContext, env, deadlines).run(next);
}

class RequestFrame implements Expiring {
  readonly #ctx: ServerContext;
  readonly #env: ServerEnv;
  readonly #res: ServerResponse;
  readonly #started = performance.now();
  readonly deadline: number;
  readonly #deadlines: Deadlines;
  readonly #handle: LazyAbort;
  readonly #release: () => void;
  #resolve: (() => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;
  /** The handler chain has answered (or the request was stopped): Koa may respond. */
  #answered = false;
  /** The handler chain's promise has settled. */
  #settled = false;
  #closed = false;

  constructor(ctx: ServerContext, env: ServerEnv, deadlines: Deadlines) {
    this.#ctx = ctx;
    this.#env = env;
    this.#deadlines = deadlines;
    this.deadline = this.#started + env.limits.requestTimeoutMs;
    const res = ctx.res;
    this.#res = res;
    // Inline closures, not arrow-function class fields: those are made (and, under esbuild's keepNames, renamed)
    // for every instance.
    this.#handle = new LazyAbort((reason) => this.#onAbort(reason));
    const requestId = requestIdFor(rawHeader(ctx.req.rawHeaders, 'x-request-id', true));
    ctx.state = new RequestState({ requestId }, this.#handle);
    res.setHeader('X-Request-Id', requestId);
    setSecurityHeaders(res, env);
    this.#release = env.work.add(this.#handle);
    res.once('close', () => this.#onClose());
  }

  run(next: Next): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
      this.#deadlines.add(this);
      next().then(
        () => this.#onDone(),
        (error: unknown) => this.#onFailed(error),
      );
    });
  }

  #onDone(): void {
    this.#settled = true;
    this.#answer(false, undefined);
    this.#maybeRelease();
  }

  #onFailed(error: unknown): void {
    this.#settled = true;
    // An abort surfaced by the work itself: report its real reason (timeout, shutdown) rather than "aborted".
    const reason: unknown = this.#handle.reason;
    const real = this.#handle.aborted && reason instanceof DistillError && (error instanceof AbortedError || (error as { name?: string } | undefined)?.name === 'AbortError') ? reason : error;
    this.#answer(true, real);
    this.#maybeRelease();
  }

  /** Let Koa respond, once: with what the handlers set, or with the problem document of `error`. */
  #answer(failed: boolean, error: unknown): void {
    if (this.#answered) return;
    this.#answered = true;
    this.#deadlines.delete(this);
    if (!failed) return this.#resolve!();
    try {
      answerProblem(this.#ctx, this.#env, error);
      this.#resolve!();
    } catch (unexpected) {
      this.#reject!(unexpected);
    }
  }

  /** The request outlived `limits.requestTimeoutMs` (called by {@link Deadlines}). */
  expire(): void {
    const error = new DistillError(
      'timeout',
      `The request took longer than ${this.#env.limits.requestTimeoutMs} ms and was stopped. Narrow the query (time range, conditions) or ask the operator to raise server.requestTimeoutMs.`,
    );
    this.#handle.abort(error);
    if (this.#res.headersSent) this.#res.destroy();
    this.#answer(true, error);
  }

  /** Shutdown answers 503 at once when nothing was sent yet; other aborts let the work end on its own. */
  #onAbort(reason: unknown): void {
    if (reason instanceof ShutdownError && !this.#res.headersSent) this.#answer(true, reason);
  }

  #onClose(): void {
    const res = this.#res;
    this.#closed = true;
    logRequest(this.#env, this.#ctx, res, this.#started);
    if (!res.writableFinished) {
      const state = this.#ctx.state;
      state.clientGone = state.streamError === undefined;
      this.#handle.abort(new AbortedError('The client closed the connection.'));
    }
    this.#maybeRelease();
  }

  /** Released once the work has settled and the response is over (Koa writes the body after the handlers return). */
  #maybeRelease(): void {
    if (this.#settled && this.#closed) this.#release();
  }
}
