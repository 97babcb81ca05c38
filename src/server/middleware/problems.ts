import { toDistillError } from '../../core/errors.js';
import { toProblem } from '../problem.js';
import type { ServerContext, ServerEnv } from '../server-deps.js';

/**
 * The one place errors become HTTP (the request frame calls it with whatever the rest of the stack threw): every DistillError (and anything else, as `internal`) turns into an RFC 9457
 * `application/problem+json` response with the status mapped from its code. Never a stack trace or a back-end body;
 * those go to the log (internal errors only). If the response has already started (a streamed result), the status
 * cannot change: the connection is destroyed so the client sees a truncated body, not a false success.
 */
export function answerProblem(ctx: ServerContext, env: ServerEnv, thrown: unknown): void {
  const error = toDistillError(thrown);
  if (ctx.res.headersSent || ctx.res.destroyed) {
    if (ctx.res.headersSent) ctx.state.streamError = error;
    else ctx.state.clientGone = true;
    if (ctx.res.headersSent) env.logger.error('response cut short', { reqId: ctx.state.requestId, code: error.code, message: error.message });
    ctx.res.destroy();
    return;
  }
  const { problem } = toProblem(error, ctx.state.requestId);
  if (error.code === 'internal') {
    const cause = (error.cause ?? thrown) as { stack?: string; message?: string } | undefined;
    env.logger.error('internal error', { reqId: ctx.state.requestId, error: cause?.stack ?? cause?.message ?? String(cause) });
  }
  ctx.respond = true;
  // Headers a route may have set for a success (pagination, trailers) do not belong on a problem.
  for (const name of ['Trailer', 'Distill-Next-Cursor', 'Link', 'Content-Disposition']) ctx.remove(name);
  ctx.status = problem.status;
  if (error.code === 'unauthorized') {
    const presented = ctx.get('Authorization') !== '';
    ctx.set('WWW-Authenticate', presented ? 'Bearer realm="distill", error="invalid_token"' : 'Bearer realm="distill"');
  }
  const allow = error.details.allow;
  if (error.code === 'method_not_allowed' && Array.isArray(allow)) ctx.set('Allow', allow.join(', '));
  if (error.code === 'payload_too_large' || error.code === 'timeout' || error.code === 'aborted') ctx.set('Connection', 'close');
  if (error.code === 'source_unavailable' || error.code === 'aborted') ctx.set('Retry-After', '5');
  ctx.body = JSON.stringify(problem);
  ctx.set('Content-Type', 'application/problem+json; charset=utf-8');
}
