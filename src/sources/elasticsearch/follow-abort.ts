import { AbortedError } from '../../core/errors.js';

/** A signal of its own for one read or aggregation, aborted when the caller's is; `stop` ends the link. */
export interface FollowedAbort {
  readonly signal: AbortSignal;
  /** Remove the listener from the caller's signal and abort this signal (requests still in flight stop). */
  stop(): void;
}

/**
 * Follow the caller's abort signal with an own controller, so requests can be stopped when the work ends early as
 * well as when the caller aborts, and no listener stays on the caller's signal once `stop` runs. A signal that is
 * already aborted would never fire its listener, so it is refused up front.
 *
 * Cost: one controller and one listener.
 *
 * @throws AbortedError when `signal` is already aborted.
 * @example
 * const link = followAbort(context.signal);
 * try { await client.search(body, { signal: link.signal }); } finally { link.stop(); }
 */
export function followAbort(signal: AbortSignal | undefined): FollowedAbort {
  if (signal?.aborted === true) throw new AbortedError();
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    stop: () => {
      signal?.removeEventListener('abort', onAbort);
      controller.abort();
    },
  };
}
