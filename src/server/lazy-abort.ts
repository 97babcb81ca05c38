/**
 * An abort handle whose `AbortController` is made only when someone asks for its `signal`. Most requests (health,
 * lists, documents) never read their signal, and a Node `AbortController` with a listener costs ~20 µs — a fifth of
 * a small request's whole server time. Aborting before the signal exists is remembered: a signal asked for later
 * is already aborted with the same reason.
 *
 * @example
 * const handle = new LazyAbort((reason) => log(reason));
 * handle.abort(new Error('gone')); // calls the hook once
 * handle.signal.aborted // true, reason: the Error
 */
export class LazyAbort {
  #controller: AbortController | undefined;
  #aborted = false;
  #reason: unknown;
  readonly #onAbort: ((reason: unknown) => void) | undefined;

  /** @param onAbort called once, synchronously, on the first `abort()` (after the signal, if any, has fired). */
  constructor(onAbort?: (reason: unknown) => void) {
    this.#onAbort = onAbort;
  }

  /** The request's signal, made on first use. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  /** The first `abort()`'s reason (undefined while not aborted). */
  get reason(): unknown {
    return this.#reason;
  }

  /** Abort once; later calls do nothing, like `AbortController.abort`. */
  abort(reason?: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
    this.#onAbort?.(reason);
  }
}
