/** Something with a deadline (epoch of `performance.now()`, in ms) to be told once it has passed. */
export interface Expiring {
  readonly deadline: number;
  expire(): void;
}

/**
 * Request time-outs without a timer per request: entries sit in a set, and one unref'd interval sweeps it while it is
 * not empty. A per-request `setTimeout` + `unref` + `clearTimeout` costs two native calls (the loop's ref count) and,
 * at one client, a timer list made and dropped per request; a set add and delete costs neither.
 *
 * Precision: an entry expires between its deadline and one period later; the period is a tenth of the time-out,
 * between 10 ms and 1 s (the default 5-minute time-out is enforced to the second). The interval stops at the first
 * sweep that finds the set empty, so an idle server has no timer.
 *
 * @example
 * const deadlines = new Deadlines(300_000);
 * const entry = { deadline: performance.now() + 300_000, expire: () => abort() };
 * deadlines.add(entry); … deadlines.delete(entry);
 */
export class Deadlines {
  readonly #entries = new Set<Expiring>();
  readonly #periodMs: number;
  #timer: NodeJS.Timeout | undefined;

  /** @param timeoutMs the time-out the entries' deadlines are computed with (sets the sweep period). */
  constructor(timeoutMs: number) {
    this.#periodMs = Math.min(1000, Math.max(10, Math.floor(timeoutMs / 10)));
  }

  get size(): number {
    return this.#entries.size;
  }

  add(entry: Expiring): void {
    this.#entries.add(entry);
    if (this.#timer === undefined) {
      this.#timer = setInterval(this.#sweep, this.#periodMs);
      this.#timer.unref();
    }
  }

  delete(entry: Expiring): void {
    this.#entries.delete(entry);
  }

  readonly #sweep = (): void => {
    if (this.#entries.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      return;
    }
    const now = performance.now();
    for (const entry of this.#entries) {
      if (entry.deadline > now) continue;
      this.#entries.delete(entry);
      entry.expire();
    }
  };
}
