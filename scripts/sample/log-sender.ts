import type { Prng } from "./prng.js";

/** One POST a logging server receives: the logs of one flush, in queue order, and when they arrived. */
export interface Batch {
  /** Epoch ms (fractional) at which the logging server received the batch. */
  readonly receivedAt: number;
  readonly logs: readonly Record<string, unknown>[];
}

/** The sender settings UserALE.js reads from its script tag (2.4.0 defaults: 5000 ms, 5 logs). */
export interface SenderSettings {
  /** `data-interval`: ms between queue checks. */
  readonly transmitInterval: number;
  /** `data-threshold`: the queue is only flushed on a tick when it holds at least this many logs. */
  readonly logCountThreshold: number;
}

/** The per-tab log queue and sender of one simulated session. */
export interface LogSender {
  /** A page (re)loaded at `time`: the send interval restarts ~100 ms later (UserALE's setup timeout). */
  pageStart(time: number): void;
  /** Queues a log created at `time` (ticks due before `time` are processed first). */
  push(log: Record<string, unknown>, time: number): void;
  /** `pagehide` at `time`: the queue is flushed with a keepalive fetch, or lost when `delivered` is false. */
  pageHide(time: number, delivered: boolean): void;
  /** Batches sent so far, in send order (not necessarily arrival order). */
  readonly batches: Batch[];
  /** Number of logs sent so far. */
  sent(): number;
  /** Number of logs lost (page closed and the final flush never arrived). */
  lost(): number;
}

/**
 * Simulates UserALE.js 2.4.0's sender (`sendOnInterval` + `sendOnClose`): a `setInterval(transmitInterval)` that
 * flushes the whole queue when it holds ≥ `logCountThreshold` logs, and a flush on `pagehide`. Network latency is
 * usually tens of ms, but ~3 % of POSTs take seconds, so a later batch can overtake an earlier one — batches
 * arrive "slightly out of order". Cost: O(1) amortised per log; idle periods are skipped arithmetically.
 *
 * @example
 * const sender = createLogSender(createPrng(1), { transmitInterval: 5000, logCountThreshold: 5 });
 * sender.pageStart(0);
 * for (let i = 0; i < 5; i++) sender.push({ i }, 1000 + i);
 * sender.push({ i: 5 }, 6000); // the tick at 5100 flushed the first five logs
 * sender.batches.length; // → 1
 */
export function createLogSender(rng: Prng, settings: SenderSettings): LogSender {
  let queue: Record<string, unknown>[] = [];
  let nextTick = Number.POSITIVE_INFINITY;
  let sentCount = 0;
  let lostCount = 0;
  const batches: Batch[] = [];

  const latency = (): number => {
    const base = Math.min(2000, rng.lognormal(45, 0.5));
    return rng.chance(0.03) ? base + rng.float(2000, 9000) : base;
  };

  const flush = (time: number): void => {
    if (queue.length === 0) return;
    batches.push({ receivedAt: time + latency(), logs: queue });
    sentCount += queue.length;
    queue = [];
  };

  const advance = (time: number): void => {
    if (nextTick > time) return;
    if (queue.length >= settings.logCountThreshold) {
      flush(nextTick);
      nextTick += settings.transmitInterval;
    }
    if (nextTick <= time) {
      nextTick += Math.ceil((time - nextTick + 1) / settings.transmitInterval) * settings.transmitInterval;
    }
  };

  return {
    pageStart(time) {
      nextTick = time + 100 + settings.transmitInterval;
    },
    push(log, time) {
      advance(time);
      queue.push(log);
    },
    pageHide(time, delivered) {
      advance(time);
      if (delivered) {
        flush(time);
      } else {
        lostCount += queue.length;
        queue = [];
      }
      nextTick = Number.POSITIVE_INFINITY;
    },
    batches,
    sent: () => sentCount,
    lost: () => lostCount,
  };
}
