import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { EmbeddedAssets } from '../src/config/extract-assets.js';

/**
 * Collect the files of `dist-config/` that a bundle embeds (the default config, the sample data, the JSON
 * Schemas), leaving out build-only folders such as `targets/`. Paths use forward slashes and are sorted, text
 * stays text (base64 only for bytes that are not valid UTF-8), and the id is `<version>-<first 16 hex digits of a
 * SHA-256 over names and bytes>` — the same files always give the same object, byte for byte.
 */
export function collectAssets(dir: string, version: string, exclude: readonly string[] = ['targets']): EmbeddedAssets {
  const names = listFiles(dir, '', exclude).sort();
  const hash = createHash('sha256');
  const files: Record<string, EmbeddedAssets['files'][string]> = {};
  for (const name of names) {
    const bytes = readFileSync(path.join(dir, ...name.split('/')));
    hash.update(`${name}\0${bytes.length}\0`).update(bytes);
    const text = bytes.toString('utf8');
    files[name] = Buffer.from(text, 'utf8').equals(bytes) ? { encoding: 'utf8', data: text } : { encoding: 'base64', data: bytes.toString('base64') };
  }
  return { id: `${version}-${hash.digest('hex').slice(0, 16)}`, files };
}

function listFiles(dir: string, prefix: string, exclude: readonly string[]): string[] {
  return readdirSync(path.join(dir, prefix)).flatMap((name) => {
    const rel = prefix === '' ? name : `${prefix}/${name}`;
    if (exclude.includes(rel) || name.startsWith('.')) return [];
    return statSync(path.join(dir, rel)).isDirectory() ? listFiles(dir, rel, exclude) : [rel];
  });
}
