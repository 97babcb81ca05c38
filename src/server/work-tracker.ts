/**
 * The requests in flight and their abort handles (an `AbortController` or a `LazyAbort`): shutdown aborts them all
 * and waits for them to settle; tests read `size` to prove a disconnect stopped the work.
 */
export interface Abortable {
  abort(reason?: unknown): void;
}

export class WorkTracker {
  readonly #controllers = new Set<Abortable>();
  #waiters: (() => void)[] = [];

  /** Requests currently being handled. */
  get size(): number {
    return this.#controllers.size;
  }

  /** Track a request's controller until the returned release function is called. */
  add(controller: Abortable): () => void {
    this.#controllers.add(controller);
    return () => {
      this.#controllers.delete(controller);
      if (this.#controllers.size === 0) {
        const waiters = this.#waiters;
        this.#waiters = [];
        for (const w of waiters) w();
      }
    };
  }

  /** Abort every request in flight with `reason`. */
  abortAll(reason: unknown): void {
    for (const c of this.#controllers) c.abort(reason);
  }

  /** Resolves once no request is in flight (immediately when none is). */
  idle(): Promise<void> {
    if (this.#controllers.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}
