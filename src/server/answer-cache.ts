import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { NormalizedPipeline } from '../core/pipeline/pipeline-schema.js';
import type { OperatorRegistry } from '../core/pipeline/registry.js';

/** Largest answer kept: bigger ones are streamed as usual and not cached. */
export const ANSWER_CACHE_ENTRY_BYTES = 1024 * 1024;
/** A file changed less than this long before an answer's read began may change again unseen (git's "racy clean"). */
export const RACY_MS = 2000;

/** What identifies one version of a file: device, inode, size, modification and status-change times (ns). */
export type FileFingerprint = readonly [dev: bigint, ino: bigint, size: bigint, mtimeNs: bigint, ctimeNs: bigint];

/** A cached answer: the JSON envelope's bytes and their entity tag. */
export interface Answer {
  readonly body: Buffer;
  /** Strong entity tag (`"…"`): a hash of the body. */
  readonly etag: string;
}

interface Entry extends Answer {
  readonly fingerprints: readonly FileFingerprint[];
}

/**
 * Answers of named pipelines over local files, kept in memory and served again while every file they read is
 * unchanged. Correct by construction, not by expiry:
 * - only pipelines whose result is a function of the files alone are eligible ({@link answerFiles}): a files source
 *   named by literal paths (no directories, no globs — a new file in a folder would go unseen), built-in operators
 *   only (a plugin may read anything), and no date math relative to `now` anywhere in the pipeline;
 * - every request fingerprints each file first ({@link fingerprintFiles}: `stat` of device, inode, size, mtime and
 *   ctime in nanoseconds — a rewrite, an append, a rename over the file or a `touch` all change one of them) and a
 *   stored answer is used only when all fingerprints are equal;
 * - an answer is stored only when no file's mtime or ctime is within {@link RACY_MS} of the moment the read began
 *   (a file written in the same clock tick as the read could change again without changing its fingerprint) and
 *   the fingerprints taken after the run equal those taken before it.
 * Elasticsearch sources are never cached. Memory: at most `maxBytes` of bodies (least recently used evicted first),
 * each at most {@link ANSWER_CACHE_ENTRY_BYTES}; `maxBytes` 0 turns the cache off.
 *
 * @example
 * const cache = new AnswerCache(16 * 2 ** 20);
 * const prints = fingerprintFiles(files); // undefined: a file is missing or not a regular file
 * const hit = prints && cache.get(key, prints);
 */
export class AnswerCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  get enabled(): boolean {
    return this.#maxBytes > 0;
  }

  /** Bytes of bodies held. */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The answer stored under `key` for exactly these file versions (and mark it recently used), else undefined. */
  get(key: string, fingerprints: readonly FileFingerprint[]): Answer | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (!sameFingerprints(entry.fingerprints, fingerprints)) {
      this.#drop(key, entry);
      return undefined;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  /**
   * Keep `answer` under `key` if the rules allow: `before` were taken before the read began at `readStartMs` (epoch
   * ms), `after` once the answer was complete. Returns whether it was stored.
   */
  set(key: string, answer: Answer, before: readonly FileFingerprint[], after: readonly FileFingerprint[] | undefined, readStartMs: number): boolean {
    if (!this.enabled || answer.body.length > Math.min(ANSWER_CACHE_ENTRY_BYTES, this.#maxBytes)) return false;
    if (after === undefined || !sameFingerprints(before, after)) return false;
    const racyFrom = BigInt(readStartMs - RACY_MS) * 1_000_000n;
    if (before.some(([, , , mtimeNs, ctimeNs]) => mtimeNs >= racyFrom || ctimeNs >= racyFrom)) return false;
    const old = this.#entries.get(key);
    if (old !== undefined) this.#drop(key, old);
    this.#entries.set(key, { ...answer, fingerprints: before });
    this.#bytes += answer.body.length;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#drop(oldest, entry);
    }
    return true;
  }

  #drop(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#bytes -= entry.body.length;
  }
}

/** The entity tag of a body: a strong tag of 32 base64url characters of its SHA-256. */
export function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** Whether an `If-None-Match` header value matches `etag` (weak comparison, `*` matches anything; RFC 9110 §13.1.2). */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined || header === '') return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return (t.startsWith('W/') ? t.slice(2) : t) === etag;
  });
}

/**
 * Fingerprint each file (`stat` with nanosecond times). `undefined` when one is missing, unreadable or not a regular
 * file: then nothing is cached and the run reports the problem as usual.
 */
export function fingerprintFiles(files: readonly string[]): FileFingerprint[] | undefined {
  const out: FileFingerprint[] = [];
  for (const file of files) {
    const s = statSync(file, { bigint: true, throwIfNoEntry: false });
    if (s === undefined || !s.isFile()) return undefined;
    out.push([s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs]);
  }
  return out;
}

function sameFingerprints(a: readonly FileFingerprint[], b: readonly FileFingerprint[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    for (let j = 0; j < 5; j++) if (x[j] !== y[j]) return false;
  }
  return true;
}

const GLOB = /[*?[\]{}()!]/;

/**
 * The files a pipeline's answer depends on, when that answer is a function of those files alone; `undefined` when
 * it is not cacheable: the source is not a `files` source, a path is a glob (or the source names none), a step
 * (shared or of a named output) uses an operator that is not built in, or any string in the query or the steps
 * starts with `now` (date math relative to the time of the request). Paths are resolved against `baseDir` (the
 * config's folder); whether each is a regular file is checked at every request by {@link fingerprintFiles}.
 */
export function answerFiles(
  pipeline: NormalizedPipeline,
  source: { readonly kind: string; readonly paths?: string | readonly string[] } | undefined,
  baseDir: string,
  registry: OperatorRegistry,
): string[] | undefined {
  if (source === undefined || source.kind !== 'files' || source.paths === undefined) return undefined;
  const paths = typeof source.paths === 'string' ? [source.paths] : source.paths;
  if (paths.length === 0 || paths.some((p) => GLOB.test(p))) return undefined;
  const builtin = new Set(registry.list().filter((o) => o.origin === 'builtin').map((o) => o.definition.name));
  const steps = [...pipeline.steps, ...Object.values(pipeline.outputs ?? {}).flat()];
  if (steps.some((s) => !builtin.has(s.op))) return undefined;
  if (mentionsNow([pipeline.query, steps])) return undefined;
  return paths.map((p) => path.resolve(baseDir, p));
}

function mentionsNow(value: unknown): boolean {
  if (typeof value === 'string') return value.trim().startsWith('now');
  if (Array.isArray(value)) return value.some(mentionsNow);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(mentionsNow);
  return false;
}
