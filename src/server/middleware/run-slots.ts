import type { Middleware } from 'koa';
import { DistillError } from '../../core/errors.js';
import type { AppState, ServerEnv } from '../server-deps.js';

/** Seconds a client is asked to wait (`Retry-After`) when every run slot is taken. */
export const RETRY_AFTER_S = 1;

/**
 * Requests that read a source: running pipelines, operators and queries (every POST) and sampling fields. The
 * cheap routes — health, version, lists, documentation — never wait for a slot, so the server stays observable
 * under load.
 */
export function isHeavyRequest(method: string, path: string): boolean {
  return method === 'POST' || /^\/v1\/sources\/[^/]+\/fields\/?$/.test(path);
}

/**
 * Bound the number of heavy requests in flight to `limits.maxConcurrentRuns`. One more is refused at once with
 * 503 `busy` and `Retry-After` rather than queued: queued work holds memory and sockets, and a client that retries
 * later gets a faster answer than one waiting behind a full server. A slot is held while the request reads: until
 * its whole answer is in memory (a string or buffer body), else — streamed results keep working after the handler
 * returns — until the response has been sent completely or the connection closed.
 * Mounted after authentication, so unauthenticated requests never take a slot.
 */
export function runSlots(env: ServerEnv): Middleware<AppState> {
  const slots = { active: 0 };
  const hold: Middleware<AppState> = async (ctx, next) => {
    if (slots.active >= env.limits.maxConcurrentRuns) {
      ctx.set('Retry-After', String(RETRY_AFTER_S));
      throw new DistillError(
        'busy',
        `The server is already running ${env.limits.maxConcurrentRuns} requests that read sources (server.maxConcurrentRuns). Retry in ${RETRY_AFTER_S} s.`,
        { details: { maxConcurrentRuns: env.limits.maxConcurrentRuns, retryAfterS: RETRY_AFTER_S } },
      );
    }
    slots.active++;
    // A plain object and an inline callback rather than a named closure per request (esbuild's keepNames renames those).
    const slot = { held: true, slots };
    ctx.res.once('close', () => free(slot));
    try {
      await next();
    } catch (error) {
      free(slot);
      throw error;
    }
    // Done reading once the response is complete, or once the whole answer is in memory (Koa sends it next): a
    // keep-alive client's next request may otherwise arrive before this response's `close` and find no slot.
    if (ctx.res.writableFinished || ctx.res.destroyed || (ctx.respond !== false && inMemory(ctx.body))) free(slot);
  };
  return (ctx, next) => (isHeavyRequest(ctx.method, ctx.path) ? hold(ctx, next) : next());
}

/** A body Koa writes from memory (nothing left to read from a source). */
function inMemory(body: unknown): boolean {
  return body === undefined || body === null || typeof body === 'string' || Buffer.isBuffer(body);
}

/** Give a slot back, once. */
function free(slot: { held: boolean; readonly slots: { active: number } }): void {
  if (!slot.held) return;
  slot.held = false;
  slot.slots.active--;
}
