import type { Middleware } from 'koa';
import type { AppState, ServerEnv } from '../server-deps.js';

/**
 * One structured line per request, written when the response is done (or the connection dropped):
 * `{ ts, level, msg: "request", reqId, method, path, status, ms, bytes }`. A client that went away before the end is
 * logged with status 499 and `aborted: true`; a stream cut short by an error with `truncated: true`. Query strings
 * are logged without values of `cursor` shortened; tokens never appear (they travel in a header).
 */
export function accessLog(env: ServerEnv): Middleware<AppState> {
  return async (ctx, next) => {
    const started = performance.now();
    const res = ctx.res;
    let logged = false;
    const log = (): void => {
      if (logged) return;
      logged = true;
      const clientGone = ctx.state.clientGone === true || (!res.writableFinished && res.destroyed && ctx.state.streamError === undefined);
      const truncated = ctx.state.streamError !== undefined;
      const status = clientGone && !truncated ? 499 : res.statusCode;
      const bytes = ctx.state.bytes ?? Number(res.getHeader('Content-Length') ?? 0);
      const fields = {
        reqId: ctx.state.requestId,
        method: ctx.method,
        path: ctx.path,
        ...(ctx.querystring === '' ? {} : { query: ctx.querystring.length > 200 ? `${ctx.querystring.slice(0, 200)}…` : ctx.querystring }),
        status,
        ms: Math.round((performance.now() - started) * 1000) / 1000,
        bytes,
        ...(clientGone ? { aborted: true } : {}),
        ...(truncated ? { truncated: true } : {}),
      };
      if (status >= 500 && status !== 503) env.logger.error('request', fields);
      else env.logger.info('request', fields);
    };
    res.once('finish', log);
    res.once('close', log);
    await next();
  };
}
