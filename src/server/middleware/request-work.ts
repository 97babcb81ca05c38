import type { Middleware } from 'koa';
import { AbortedError, DistillError } from '../../core/errors.js';
import type { AppState, ServerEnv } from '../server-deps.js';

/** The reason a shutdown aborts requests with. */
export class ShutdownError extends AbortedError {
  constructor() {
    super('The server is shutting down. Retry the request once it is back.');
  }
}

/**
 * One AbortController per request, passed to every source read as `ctx.state.signal`. It is aborted when the
 * client disconnects before the response is complete (the read stops and files and Elasticsearch point-in-time
 * cursors close), when the request outlives `limits.requestTimeoutMs` (504 if nothing was sent yet, else the
 * connection is cut), and when the server shuts down (503). The request is tracked in `env.work` until it settles.
 */
export function requestWork(env: ServerEnv): Middleware<AppState> {
  return async (ctx, next) => {
    const controller = new AbortController();
    ctx.state.signal = controller.signal;
    const release = env.work.add(controller);
    const res = ctx.res;
    const onClose = (): void => {
      if (!res.writableFinished) {
        ctx.state.clientGone = ctx.state.streamError === undefined;
        controller.abort(new AbortedError('The client closed the connection.'));
      }
    };
    res.once('close', onClose);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new DistillError(
          'timeout',
          `The request took longer than ${env.limits.requestTimeoutMs} ms and was stopped. Narrow the query (time range, conditions) or ask the operator to raise server.requestTimeoutMs.`,
        );
        controller.abort(error);
        if (res.headersSent) res.destroy();
        reject(error);
      }, env.limits.requestTimeoutMs);
      timer.unref();
    });
    timedOut.catch(() => {});
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => {
        if (controller.signal.reason instanceof ShutdownError && !res.headersSent) reject(controller.signal.reason);
      }, { once: true });
    });
    aborted.catch(() => {});
    const work = next();
    const settled = work.then(
      () => {},
      () => {},
    );
    try {
      await Promise.race([work, timedOut, aborted]);
    } catch (error) {
      // An abort surfaced by the work itself: report its real reason (timeout, shutdown) rather than "aborted".
      const reason: unknown = controller.signal.reason;
      if (controller.signal.aborted && reason instanceof DistillError && (error instanceof AbortedError || (error as { name?: string } | undefined)?.name === 'AbortError')) throw reason;
      throw error;
    } finally {
      clearTimeout(timer);
      // Released once the work has settled and the response is over (koa may still be writing the body).
      const responseDone = res.writableFinished || res.destroyed ? Promise.resolve() : new Promise<void>((resolve) => res.once('close', () => resolve()));
      void Promise.all([settled, responseDone]).then(() => {
        res.off('close', onClose);
        release();
      });
    }
  };
}
