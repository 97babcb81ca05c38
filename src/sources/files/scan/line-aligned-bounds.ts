import { open } from 'node:fs/promises';

/**
 * Piece boundaries of a file for parallel reading: 0, then each multiple of `piece` moved forward to just after the
 * next `\n`, then `size`. Every piece starts at a line start, so a worker's lines are whole lines of the file and
 * line numbers only need the count of the lines before. Cost: one 4 KiB read per boundary (more for longer lines).
 */
export async function lineAlignedBounds(file: string, size: number, piece: number): Promise<number[]> {
  const bounds = [0];
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 12);
    let at = piece;
    while (at < size) {
      let pos = Math.max(at, bounds[bounds.length - 1]!);
      let found = -1;
      while (pos < size && found < 0) {
        const { bytesRead } = await handle.read(buf, 0, buf.length, pos);
        if (bytesRead === 0) break;
        const nl = buf.subarray(0, bytesRead).indexOf(10);
        if (nl >= 0) found = pos + nl + 1;
        else pos += bytesRead;
      }
      if (found < 0 || found >= size) break;
      bounds.push(found);
      at = found + piece;
    }
  } finally {
    await handle.close();
  }
  bounds.push(size);
  return bounds;
}
