import type { ServerResponse } from 'node:http';
import type { ServerContext, ServerEnv } from '../server-deps.js';

/**
 * Write the access-log line of a finished request (the request frame calls it once, when the response has closed):
 * `{ ts, level, msg: "request", reqId, method, path, status, ms, bytes }` (plus `query` when there is one). A client
 * that went away before the end is logged with status 499 and `aborted: true`; a stream cut short by an error with
 * `truncated: true`. Query strings longer than 200 characters are shortened; tokens never appear (they travel in a
 * header). Status 5xx other than 503 is logged at level `error`.
 *
 * Cost: one object and one logger call; no listener or closure of its own.
 */
export function logRequest(env: ServerEnv, ctx: ServerContext, res: ServerResponse, started: number): void {
  const state = ctx.state;
  const truncated = state.streamError !== undefined;
  const clientGone = state.clientGone === true || (!res.writableFinished && res.destroyed && !truncated);
  const status = clientGone && !truncated ? 499 : res.statusCode;
  const bytes = state.bytes ?? Number(res.getHeader('Content-Length') ?? 0);
  const querystring = ctx.querystring;
  // One object literal of a fixed shape (JSON leaves out the undefined keys): serialised on V8's fast path.
  const fields = {
    reqId: state.requestId,
    method: ctx.method,
    path: ctx.path,
    query: querystring === '' ? undefined : querystring.length > 200 ? `${querystring.slice(0, 200)}…` : querystring,
    status,
    ms: Math.round((performance.now() - started) * 1000) / 1000,
    bytes,
    aborted: clientGone ? true : undefined,
    truncated: truncated ? true : undefined,
  };
  if (status >= 500 && status !== 503) env.logger.error('request', fields);
  else env.logger.info('request', fields);
}
