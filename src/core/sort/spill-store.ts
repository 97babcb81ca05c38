/**
 * Where a memory-bounded sort puts sorted runs that do not fit its budget. Core defines the port; the Node
 * implementation (`src/scratch/temp-spill.ts`) writes to a private temporary directory — Distill's own scratch
 * space, never next to the source data — and removes it in `dispose()`.
 */
export interface SpillStore {
  /** Write one sorted run; records come back from `read` in the same order. */
  writeRun(records: readonly unknown[]): Promise<SpillRun>;
  /** Delete every run written (safe to call twice). */
  dispose(): Promise<void>;
}

export interface SpillRun {
  /** The run's records, in batches, in written order. */
  read(): AsyncIterable<readonly unknown[]>;
}

/** How a run may sort: the memory budget for records held at once, and where runs spill beyond it. */
export interface SortBudget {
  /** Approximate bytes of records held in memory before a sorted run is spilled (default 256 MiB). */
  readonly memoryBytes: number;
  /** Creates the spill store on first spill; without one, sorts stay in memory whatever the budget. */
  readonly spill?: (() => SpillStore) | undefined;
}

/** Default memory budget of a sort: 256 MiB. */
export const DEFAULT_SORT_MEMORY_BYTES = 256 * 1024 * 1024;
