/**
 * Warnings travel with every result (`envelope.warnings`): nothing Distill skips is skipped silently.
 * Repeated problems are grouped per (code, file) with a count and the first line numbers, so a file with a
 * million bad lines yields one warning, not a million.
 */

export interface Warning {
  /** Stable code: `malformed_json`, `not_an_object`, `missing_time`, `truncated_json`, `residual_filter`, … */
  readonly code: string;
  /** What happened and what to do about it. */
  readonly message: string;
  /** How many times it happened. */
  readonly count: number;
  /** The file it happened in, when it concerns one. */
  readonly file?: string;
  /** Line numbers (1-based) of the first occurrences, at most {@link MAX_LINES}. */
  readonly lines?: readonly number[];
}

export interface WarningInput {
  readonly code: string;
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
  readonly #groups = new Map<string, { code: string; message: string; count: number; file?: string; lines: number[] }>();

  /** Record one occurrence. */
  add(input: WarningInput): void {
    const key = `${input.code}\u0000${input.file ?? ''}`;
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
  count(code: string): number {
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
