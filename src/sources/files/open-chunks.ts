import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import { SourceUnavailableError } from '../../core/errors.js';

/** Read size per chunk (the projection-aware reader's parallel pieces group documents by these chunks too). */
export const CHUNK = 1 << 20;

/** Errors zlib raises for a cut or damaged gzip stream (as opposed to a failing disk). */
const GZIP_DAMAGE = new Set(['Z_BUF_ERROR', 'Z_DATA_ERROR', 'Z_STREAM_ERROR', 'Z_NEED_DICT']);

export interface OpenChunksOptions {
  /** Raw bytes read from disk (for progress). */
  readonly onBytes?: ((bytes: number) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
  /**
   * A gzip stream that is cut or damaged: called once with what zlib said, after every chunk decoded before the
   * damage was yielded; the stream then ends normally, so what was read is kept. Throw here to fail instead
   * (strict mode). Without it, the damage fails the read with `malformed_input`.
   */
  readonly onDamagedGzip?: ((message: string) => void) | undefined;
  /** The name shown in errors (relative to the source's base directory). */
  readonly name?: string | undefined;
}

/**
 * Stream a file as decoded UTF-8 text chunks, gunzipping when the file starts with the gzip magic bytes (whatever
 * its name). Opens the file read-only and never writes, locks or creates anything next to it. A UTF-8 byte-order
 * mark is dropped.
 *
 * @throws SourceUnavailableError (`source_unavailable`) naming the file when it cannot be opened or read
 *   (permissions, a directory, a socket, an I/O error).
 */
export async function* openTextChunks(file: string, options: OpenChunksOptions = {}): AsyncGenerator<string> {
  yield* decodeTextChunks(openByteChunks(file, options));
}

/**
 * Byte chunks decoded as UTF-8 text chunks, a character cut between chunks joined, a leading byte-order mark dropped
 * (the text side of {@link openTextChunks}, for any source of byte chunks).
 */
export async function* decodeTextChunks(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of chunks) {
    let text = decoder.write(chunk);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text.length > 0) yield text;
  }
  const tail = decoder.end();
  if (tail.length > 0) yield tail;
}

/**
 * The bytes behind {@link openTextChunks}, chunk for chunk (1 MiB reads; gunzipped, not decoded, BOM kept): the
 * projection-aware reader scans them and must see the text in the same chunks as the reference reader. Same
 * read-only opening, gzip damage handling and errors.
 *
 * @throws SourceUnavailableError as {@link openTextChunks}.
 */
export async function* openByteChunks(file: string, options: OpenChunksOptions = {}): AsyncGenerator<Buffer> {
  const { onBytes, signal } = options;
  const name = options.name ?? file;
  if (signal?.aborted !== true) {
    const small = readSmallFile(file, name);
    if (small !== undefined) {
      if (small.length > 0) {
        onBytes?.(small.length);
        yield small;
      }
      return;
    }
  }
  const gzip = await isGzip(file, name);
  const raw = createReadStream(file, { flags: 'r', highWaterMark: CHUNK, ...(signal === undefined ? {} : { signal }) });
  if (onBytes !== undefined) raw.on('data', (b) => onBytes((b as Buffer).length));
  const stream = gzip ? raw.pipe(createGunzip({ chunkSize: CHUNK })) : raw;
  if (gzip) raw.on('error', (e) => stream.destroy(e));
  try {
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (gzip && code !== undefined && GZIP_DAMAGE.has(code)) {
        const message = `${name}: the gzip data is cut or damaged (${(error as Error).message}); every complete document before the damage was read`;
        if (options.onDamagedGzip === undefined) throw new SourceUnavailableError(message, { cause: error, details: { file: name } });
        options.onDamagedGzip(message);
      } else throw unreadable(error, name);
    }
  } finally {
    raw.destroy();
    if (stream !== raw) stream.destroy();
  }
}

/** Files up to this size (not gzip) are read in one synchronous call: the same single chunk, without a stream. */
export const SMALL_FILE_BYTES = 256 * 1024;

/**
 * A small plain file's bytes, read synchronously (open, fstat, one read, close: ~10 µs for a few KiB, where the
 * stream path costs an open, a gzip sniff and reads through the thread pool — most of a small run's fixed cost).
 * `undefined` (read it as a stream) for gzip, files over {@link SMALL_FILE_BYTES} and anything not a regular file.
 *
 * @throws SourceUnavailableError naming the file when it cannot be opened or read, as {@link isGzip}.
 */
function readSmallFile(file: string, name: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw unreadable(error, name);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > SMALL_FILE_BYTES) return undefined;
    // One byte more than the size: a file that grew since the fstat is left to the stream path.
    const buf = Buffer.allocUnsafe(info.size + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buf, length, buf.length - length, length);
      if (n === 0) break;
      length += n;
      if (length === buf.length) return undefined;
    }
    if (length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return undefined;
    return buf.subarray(0, length);
  } catch (error) {
    throw unreadable(error, name);
  } finally {
    closeSync(fd);
  }
}

/**
 * Open `file`, read its first two bytes and close it: whether it is gzip (magic bytes). Also the cheap readability
 * check of the source's `ping`.
 *
 * @throws SourceUnavailableError naming the file when it cannot be opened or read.
 */
export async function isGzip(file: string, name: string = file): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw unreadable(error, name);
  }
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } catch (error) {
    throw unreadable(error, name);
  } finally {
    await handle.close();
  }
}

/** An I/O error as the documented source error naming the file; aborts and Distill's own errors pass through. */
function unreadable(error: unknown, name: string): unknown {
  const e = error as NodeJS.ErrnoException;
  if (e.name === 'AbortError' || e.code === undefined || !/^E[A-Z]+$/.test(e.code)) return error;
  return new SourceUnavailableError(`Cannot read ${name}: ${e.code} (${e.message}). Check that it is a readable file.`, {
    cause: error,
    details: { file: name, errno: e.code },
  });
}
