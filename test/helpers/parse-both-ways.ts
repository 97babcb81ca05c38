import assert from 'node:assert/strict';
import { parseDocuments, type ParseProblem } from '../../src/sources/files/parse-documents.js';
import { scanDocuments } from '../../src/sources/files/scan/scan-documents.js';
import { scanModules } from '../../src/sources/files/scan/scan-modules.js';

/** The fields the projection-aware reader extracts (every key the exact tests' documents use). */
const KEYS = ['a', 'b', 'c', 'd', 'x', 'z', 't'];

export type Docs = [unknown, number][];
export type Problems = [string, number][];

/**
 * The documents, lines and problems of `text` cut into `chunks` (a chunk size, or the lengths of the chunks in turn,
 * the last repeated) through parseDocuments. The same text as bytes, cut the same way, through the projection-aware
 * reader must give the same batches and problems (documents projected onto {@link KEYS}): asserted here.
 */
export async function parseBothWays(text: string, chunks: number | number[] = 1e9, maxDocumentLength?: number): Promise<{ docs: Docs; problems: Problems; full: ParseProblem[] }> {
  const sizes = typeof chunks === 'number' ? [chunks] : chunks;
  const cuts = (length: number): [number, number][] => {
    const out: [number, number][] = [];
    for (let i = 0, k = 0; i < length; k++) {
      const size = sizes[Math.min(k, sizes.length - 1)]!;
      out.push([i, Math.min(length, i + size)]);
      i += size;
    }
    return out;
  };
  const full: ParseProblem[] = [];
  const log: unknown[] = [];
  const docs: Docs = [];
  const options = maxDocumentLength === undefined ? {} : { maxDocumentLength };
  const { tree } = scanModules();
  const root = tree.compileNeeds(KEYS);
  const project = (d: unknown): unknown => (d === null || typeof d !== 'object' || Array.isArray(d) ? null : tree.projectParsed(d, root));
  const textChunks = (async function* () {
    for (const [a, b] of cuts(text.length)) yield text.slice(a, b);
  })();
  for await (const batch of parseDocuments(textChunks, (p) => (full.push(p), log.push(p)), options)) {
    for (const d of batch) docs.push([d.doc, d.line]);
    log.push(batch.map((d) => [project(d.doc), d.line]));
  }
  const bytes = Buffer.from(text);
  const byteChunks = (async function* () {
    for (const [a, b] of cuts(bytes.length)) yield bytes.subarray(a, b);
  })();
  const scanned: unknown[] = [];
  for await (const batch of scanDocuments(byteChunks, root, (p) => scanned.push(p), maxDocumentLength)) scanned.push(batch.map((d) => [d.doc, d.line]));
  assert.deepEqual(scanned, log, 'the projection-aware reader reads as the reference');
  return { docs, problems: full.map((p) => [p.code, p.line]), full };
}
