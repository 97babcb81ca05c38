/**
 * Benchmark data: generated UserALE NDJSON files of a given size, cached under .bench/ (gitignored) and made
 * once per size with the seeded generator (scripts/sample), so every run measures the same bytes.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { generateUserale } from '../scripts/sample/generate-userale.js';

const root = path.resolve(import.meta.dirname, '..');

/** Path of an NDJSON file with exactly `events` generated UserALE logs (seed 7). */
export async function benchData(events: number): Promise<string> {
  const dir = path.join(root, '.bench');
  const file = path.join(dir, `userale-${events}.ndjson`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.partial`;
  const out = createWriteStream(tmp);
  let n = 0;
  let chunk = '';
  for (const doc of generateUserale({ seed: 7, events: Math.ceil(events * 1.05) })) {
    chunk += `${JSON.stringify(doc)}\n`;
    if (++n % 2000 === 0) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
    if (n === events) break;
  }
  out.end(chunk);
  await once(out, 'close');
  if (n !== events) throw new Error(`generator produced ${n} events, wanted ${events}`);
  renameSync(tmp, file);
  return file;
}
