import type { Middleware } from 'koa';
import { AbortedError, DistillError } from '../../core/errors.js';
import { LazyAbort } from '../lazy-abort.js';
import { RequestState } from '../request-state.js';
import type { AppState, ServerEnv } from '../server-deps.js';

/** The reason a shutdown aborts requests with. */
export class ShutdownError extends AbortedError {
  constructor() {
    super('The server is shutting down. Retry the request once it is back.');
  }
}

/**
 * One abort handle per request, whose signal every source read gets as `ctx.state.signal`. It is aborted when the
 * client disconnects before the response is complete (the read stops and files and Elasticsearch point-in-time
 * cursors close), when the request outlives `limits.requestTimeoutMs` (504 if nothing was sent yet, else the
 * connection is cut), and when the server shuts down (503). The request is tracked in `env.work` until it settles.
 * Cost: one timer, two promises and two `close` listeners per request; the `AbortController` itself is made only
 * when a route reads `ctx.state.signal` (see {@link LazyAbort}).
 */
export function requestWork(env: ServerEnv): Middleware<AppState> {
  return async (ctx, next) => {
    const res = ctx.res;
    // Rejected when the request must stop before its work ends: on timeout, and on shutdown before headers went out.
    let stop: ((error: unknown) => void) | undefined;
    const stopped = new Promise<never>((_, reject) => {
      stop = reject;
    });
    stopped.catch(() => {});
    const handle = new LazyAbort((reason) => {
      if (reason instanceof ShutdownError && !res.headersSent) stop!(reason);
    });
    ctx.state = new RequestState(ctx.state, handle);
    const release = env.work.add(handle);
    const onClose = (): void => {
      if (!res.writableFinished) {
        ctx.state.clientGone = ctx.state.streamError === undefined;
        handle.abort(new AbortedError('The client closed the connection.'));
      }
    };
    res.once('close', onClose);
    const timer = setTimeout(() => {
      const error = new DistillError(
        'timeout',
        `The request took longer than ${env.limits.requestTimeoutMs} ms and was stopped. Narrow the query (time range, conditions) or ask the operator to raise server.requestTimeoutMs.`,
      );
      handle.abort(error);
      if (res.headersSent) res.destroy();
      stop!(error);
    }, env.limits.requestTimeoutMs);
    timer.unref();
    const work = next();
    try {
      await Promise.race([work, stopped]);
    } catch (error) {
      // An abort surfaced by the work itself: report its real reason (timeout, shutdown) rather than "aborted".
      const reason: unknown = handle.reason;
      if (handle.aborted && reason instanceof DistillError && (error instanceof AbortedError || (error as { name?: string } | undefined)?.name === 'AbortError')) throw reason;
      throw error;
    } finally {
      clearTimeout(timer);
      // Released once the work has settled and the response is over (koa may still be writing the body).
      const done = (): void => {
        res.off('close', onClose);
        release();
      };
      const settled = work.then(
        () => {},
        () => {},
      );
      if (res.writableFinished || res.destroyed) void settled.then(done);
      else void Promise.all([settled, new Promise<void>((resolve) => res.once('close', () => resolve()))]).then(done);
    }
  };
}
