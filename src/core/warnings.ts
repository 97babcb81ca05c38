/**
 * Warnings travel with every result (`envelope.warnings`): nothing Distill skips is skipped silently.
 * Repeated problems are grouped per (code, file) with a count and the first line numbers, so a file with a
 * million bad lines yields one warning, not a million.
 */

/**
 * Every warning code Distill reports, like error codes a closed, documented vocabulary (docs/pipelines.md):
 * - `malformed_json`, `truncated_json`, `not_an_object`: input that could not be read as documents (file, lines);
 * - `document_too_large`: a document over the files source's `maxDocumentLength`, skipped (file, line);
 * - `damaged_gzip`: a cut or corrupt gzip file, read up to the damage (file);
 * - `path_skipped`: a path a files source did not read — a duplicate reached through a link, a link loop, a broken
 *   link, something that is not a regular file (file, with the reason);
 * - `missing_time`: events kept without a time; `untimed_excluded`: left out by a time-bucketing step;
 * - `residual_filter`, `pushdown_fallback`: work Elasticsearch could not do exactly, done in memory instead;
 * - `tls_unverified`: a connection without certificate verification;
 * - `warnings_truncated`: more warnings than a trailer can carry;
 * - `plugin_warning`: raised by a user plugin (its message says what);
 * - `metrics_skipped`: graph metrics costing O(nodes × edges) not computed on a graph over the step's node cap.
 */
export type WarningCode =
  | 'malformed_json'
  | 'truncated_json'
  | 'not_an_object'
  | 'document_too_large'
  | 'damaged_gzip'
  | 'path_skipped'
  | 'missing_time'
  | 'untimed_excluded'
  | 'residual_filter'
  | 'pushdown_fallback'
  | 'tls_unverified'
  | 'warnings_truncated'
  | 'plugin_warning'
  // Sequence operators (src/core/operators): sessions with two users, intervals ending before they start, unpaired starts/ends.
  | 'user_conflict'
  | 'negative_duration'
  | 'dangling_dropped'
  // Analytics: betweenness/closeness skipped on a graph over transition-graph's pathMetricsMaxNodes.
  | 'metrics_skipped';

/** One grouped warning of a run's envelope: a code, what happened, how often, and where (file and first lines). */
export interface Warning {
  /** Stable code: `malformed_json`, `not_an_object`, `missing_time`, `truncated_json`, `residual_filter`, … */
  readonly code: WarningCode;
  /** What happened and what to do about it. */
  readonly message: string;
  /** How many times it happened. */
  readonly count: number;
  /** The file it happened in, when it concerns one. */
  readonly file?: string;
  /** Line numbers (1-based) of the first occurrences, at most `MAX_LINES` (100). */
  readonly lines?: readonly number[];
}

/** One occurrence to record (grouped with others of the same code and file). */
export interface WarningInput {
  readonly code: WarningCode;
  readonly message: string;
  readonly file?: string | undefined;
  readonly line?: number | undefined;
  /** Occurrences this record stands for (default 1), e.g. a count an aggregation returned. */
  readonly count?: number | undefined;
}

/** How many line numbers a grouped warning lists. */
export const MAX_LINES = 100;

/** Collects warnings, grouping repeats. */
export class WarningCollector {
  readonly #groups = new Map<string, { code: WarningCode; message: string; count: number; file?: string; lines: number[] }>();

  /** Record one occurrence. */
  add(input: WarningInput): void {
    // No file: the code alone (codes hold no NUL), so no file name — not even '' — shares a file-less group.
    const key = input.file === undefined ? input.code : `${input.code}\u0000${input.file}`;
    let group = this.#groups.get(key);
    if (group === undefined) {
      group = { code: input.code, message: input.message, count: 0, lines: [] };
      if (input.file !== undefined) group.file = input.file;
      this.#groups.set(key, group);
    }
    group.count += input.count ?? 1;
    if (input.line !== undefined && group.lines.length < MAX_LINES) group.lines.push(input.line);
  }

  /** Total occurrences recorded under a code (all files). */
  count(code: WarningCode): number {
    let n = 0;
    for (const g of this.#groups.values()) if (g.code === code) n += g.count;
    return n;
  }

  /** The grouped warnings, in the order first seen. */
  toArray(): Warning[] {
    return [...this.#groups.values()].map((g) => ({
      code: g.code,
      message: g.message,
      count: g.count,
      ...(g.file === undefined ? {} : { file: g.file }),
      ...(g.lines.length === 0 ? {} : { lines: [...g.lines] }),
    }));
  }
}
