import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';

/** Read size per chunk. */
const CHUNK = 1 << 20;

/**
 * Stream a file as decoded UTF-8 text chunks, gunzipping when the file starts with the gzip magic bytes (whatever
 * its name). Opens the file read-only and never writes, locks or creates anything next to it. A UTF-8 byte-order
 * mark is dropped. `onBytes` reports raw bytes read from disk (for progress).
 */
export async function* openTextChunks(
  file: string,
  onBytes?: (bytes: number) => void,
  signal?: AbortSignal,
): AsyncGenerator<string> {
  const gzip = await isGzip(file);
  const raw = createReadStream(file, { flags: 'r', highWaterMark: CHUNK, ...(signal === undefined ? {} : { signal }) });
  if (onBytes !== undefined) raw.on('data', (b) => onBytes((b as Buffer).length));
  const stream = gzip ? raw.pipe(createGunzip({ chunkSize: CHUNK })) : raw;
  if (gzip) raw.on('error', (e) => stream.destroy(e));
  const decoder = new StringDecoder('utf8');
  let first = true;
  try {
    for await (const chunk of stream) {
      let text = decoder.write(chunk as Buffer);
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      if (text.length > 0) yield text;
    }
    const tail = decoder.end();
    if (tail.length > 0) yield tail;
  } finally {
    raw.destroy();
    if (stream !== raw) stream.destroy();
  }
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await handle.close();
  }
}
