import type { ServerResponse } from 'node:http';
import type { ServerEnv } from '../server-deps.js';

/**
 * Headers on every response: nothing is cached by intermediaries (`no-store`; a named pipeline's answer may be
 * revalidated with its ETag, see `answer-cache.ts`), no MIME sniffing, no referrer, no framing. During shutdown,
 * `Connection: close` so keep-alive clients reconnect elsewhere. Set straight on the Node response (the request
 * frame calls this once per request).
 */
export function setSecurityHeaders(res: ServerResponse, env: ServerEnv): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  if (env.shuttingDown) res.setHeader('Connection', 'close');
}
