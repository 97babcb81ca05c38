import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** SHA-256 of a file, hex, streamed (the executables are ~100 MB). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface ChecksumEntry {
  readonly name: string;
  readonly sha256: string;
}

/**
 * A `SHA256SUMS` file in the format of GNU `sha256sum` (two spaces, then the file name; binary and text alike),
 * sorted by name, so `sha256sum -c SHA256SUMS` verifies it and PowerShell users can compare `Get-FileHash` output.
 *
 * @example formatChecksums([{ name: 'b', sha256: '00…' }, { name: 'a', sha256: 'ff…' }]) // → 'ff…  a\n00…  b\n'
 */
export function formatChecksums(entries: readonly ChecksumEntry[]): string {
  for (const e of entries) {
    if (!/^[0-9a-f]{64}$/.test(e.sha256)) throw new Error(`Not a SHA-256 hex digest for ${e.name}: ${e.sha256}`);
    if (/[\n\\/]/.test(e.name)) throw new Error(`Checksum entries are bare file names: ${JSON.stringify(e.name)}`);
  }
  return [...entries]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((e) => `${e.sha256}  ${e.name}\n`)
    .join('');
}

/** Read a `SHA256SUMS` file back (`<hex>  <name>` or `<hex> *<name>` lines). @throws Error on a malformed line. */
export function parseChecksums(text: string): ChecksumEntry[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
      if (m === null) throw new Error(`Malformed checksum line: ${JSON.stringify(line)}`);
      return { sha256: m[1]!, name: m[2]! };
    });
}
