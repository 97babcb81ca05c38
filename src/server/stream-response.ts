import { once } from 'node:events';
import { AbortedError } from '../core/errors.js';
import type { ServerContext } from './server-deps.js';

/**
 * Answers up to this many characters are sent whole, with `Content-Length`, in one write; longer ones are streamed
 * chunked in writes of about this size. Per request in flight this is the most text held beyond what the producer
 * holds (a batch), so 128 concurrent runs hold at most ~8 MiB (UTF-16) more.
 */
export const WHOLE_ANSWER_CHARS = 64 * 1024;

export interface StreamOptions {
  readonly headers: Readonly<Record<string, string>>;
  /** HTTP trailers computed once the body is complete (declare them in a `Trailer` header). */
  readonly trailers?: (() => Readonly<Record<string, string>>) | undefined;
}

/**
 * Write a body of text chunks to the response as they are produced, respecting back-pressure (a slow client
 * slows the source read; memory stays bounded by a chunk plus {@link WHOLE_ANSWER_CHARS}). Chunks are gathered
 * until they pass {@link WHOLE_ANSWER_CHARS}: an answer that ends before that is sent whole (status 200,
 * `Content-Length`, one write — a small answer costs what a buffered one costs); a longer one is sent as it grows,
 * chunked, in writes of about that size, status 200 with the first. If producing a chunk fails before anything was
 * sent, the error is thrown (the problem middleware answers); once something was sent, the connection is
 * destroyed — the client sees a truncated body instead of a false success — and the error is kept in
 * `ctx.state.streamError` for the log. Chunks are pulled only while the request is live: an abort (disconnect,
 * timeout, shutdown) stops the producer, which releases its source.
 *
 * Responses with trailers are always chunked (trailers need it); a small one still goes out in one write.
 *
 * @throws whatever producing the chunks throws before anything is sent, or AbortedError (the request was aborted
 *   before anything was sent).
 */
export async function streamResponse(ctx: ServerContext, chunks: AsyncIterable<string>, options: StreamOptions): Promise<void> {
  const { res } = ctx;
  const signal = ctx.state.signal;
  const iterator = chunks[Symbol.asyncIterator]();
  const stopped = (): Error => (signal.reason instanceof Error ? signal.reason : new AbortedError());
  let pending = '';
  let next: IteratorResult<string>;
  // Gather: nothing is sent yet, so failures are still problem responses.
  try {
    for (;;) {
      next = await iterator.next();
      if (next.done === true) break;
      pending += next.value;
      if (signal.aborted) throw stopped();
      if (pending.length > WHOLE_ANSWER_CHARS) break;
    }
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
  if (signal.aborted || res.headersSent || res.destroyed) {
    await iterator.return?.();
    throw stopped();
  }
  // Headers go straight to the response (Koa's setter would validate and delegate each); Koa keeps a Content-Type
  // already set.
  for (const name in options.headers) res.setHeader(name, options.headers[name]!);
  if (next.done === true && options.trailers === undefined) {
    // Whole: Koa writes it with its length once the handlers return (one write; no chunked framing).
    const body = Buffer.from(pending, 'utf8');
    ctx.body = body;
    ctx.state.bytes = body.length;
    return;
  }
  ctx.respond = false;
  res.statusCode = 200;
  let bytes = 0;
  try {
    for (;;) {
      if (pending.length > 0) {
        bytes += Buffer.byteLength(pending);
        ctx.state.bytes = bytes;
        const more = res.write(pending);
        pending = '';
        if (!more) await once(res, 'drain', { signal });
      }
      if (next.done === true) break;
      if (signal.aborted) throw stopped();
      // Gather the next write's worth.
      do {
        next = await iterator.next();
        if (next.done !== true) pending += next.value;
      } while (next.done !== true && pending.length <= WHOLE_ANSWER_CHARS && !signal.aborted);
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
