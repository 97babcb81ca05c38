import { createHash } from 'node:crypto';

/**
 * The SEA preparation blob Node writes with `--experimental-sea-config` and reads at start: it begins with a
 * little-endian magic number; the main script is stored verbatim inside it.
 */
export const SEA_BLOB_MAGIC = 0x0143da20;

/** Facts about a blob found in an executable: its size, hash, whether the magic matches, and whether it holds `main` verbatim. */
export interface SeaBlobFacts {
  readonly size: number;
  readonly sha256: string;
  readonly magicOk: boolean;
  /** Only when a main script was given to look for. */
  readonly containsMain?: boolean;
}

/** Describe a blob; with `main`, also check that the bundle it should carry is inside, byte for byte. */
export function describeSeaBlob(blob: Uint8Array, main?: Uint8Array): SeaBlobFacts {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const facts = {
    size: buf.length,
    sha256: createHash('sha256').update(buf).digest('hex'),
    magicOk: buf.length >= 4 && buf.readUInt32LE(0) === SEA_BLOB_MAGIC,
  };
  if (main === undefined) return facts;
  return { ...facts, containsMain: buf.indexOf(Buffer.from(main.buffer, main.byteOffset, main.byteLength)) !== -1 };
}
