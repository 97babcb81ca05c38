import { once } from 'node:events';
import { AbortedError } from '../core/errors.js';
import type { ServerContext } from './server-deps.js';

export interface StreamOptions {
  readonly headers: Readonly<Record<string, string>>;
  /** HTTP trailers computed once the body is complete (declare them in a `Trailer` header). */
  readonly trailers?: (() => Readonly<Record<string, string>>) | undefined;
}

/**
 * Write a body of text chunks to the response as they are produced, respecting back-pressure (a slow client
 * slows the source read; memory stays bounded by a chunk). Status 200 is sent with the first chunk. If producing a
 * later chunk fails, the connection is destroyed — the client sees a truncated body instead of a false success —
 * and the error is kept in `ctx.state.streamError` for the log. Chunks are pulled only while the request is live:
 * an abort (disconnect, timeout, shutdown) stops the producer, which releases its source.
 *
 * @throws whatever producing the first chunk throws (nothing has been sent then: the problem middleware answers).
 */
export async function streamResponse(ctx: ServerContext, chunks: AsyncIterable<string>, options: StreamOptions): Promise<void> {
  const { res } = ctx;
  const signal = ctx.state.signal;
  const iterator = chunks[Symbol.asyncIterator]();
  let bytes = 0;
  let first: IteratorResult<string>;
  try {
    first = await iterator.next();
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
  if (signal.aborted || res.headersSent || res.destroyed) {
    await iterator.return?.();
    throw signal.reason instanceof Error ? signal.reason : new AbortedError();
  }
  ctx.respond = false;
  for (const [name, value] of Object.entries(options.headers)) res.setHeader(name, value);
  res.statusCode = 200;
  try {
    let next = first;
    while (next.done !== true) {
      const chunk = next.value;
      if (chunk.length > 0) {
        bytes += Buffer.byteLength(chunk);
        ctx.state.bytes = bytes;
        if (!res.write(chunk)) await once(res, 'drain', { signal });
      }
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new AbortedError();
      next = await iterator.next();
    }
    if (options.trailers !== undefined) res.addTrailers(options.trailers());
    await new Promise<void>((resolve) => {
      res.once('close', resolve);
      res.end(resolve);
    });
  } catch (error) {
    await iterator.return?.().catch(() => {});
    // Set before destroying: the close handler then knows the cut was ours, not the client's.
    if (ctx.state.clientGone !== true) ctx.state.streamError = error;
    res.destroy();
  } finally {
    ctx.state.bytes = bytes;
  }
}
