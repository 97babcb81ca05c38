import {
  normalizeGenerateOptions,
  type GenerateUseraleOptions,
  type NormalizedGenerateOptions,
} from "./generator-options.js";
import { createMinHeap } from "./min-heap.js";
import { createPrng } from "./prng.js";
import { planUserSessions } from "./session-plan.js";
import { simulateSession, type SessionSpec, type SimulationSettings } from "./session-simulator.js";
import { spread } from "./spread.js";
import { makeUserProfile } from "./user-profile.js";

export type { GenerateUseraleOptions } from "./generator-options.js";

/** What a finished run produced; the generator's return value. */
export interface UseraleRunSummary {
  /** Log documents yielded. */
  readonly events: number;
  /** Users with at least one delivered log. */
  readonly users: number;
  /** Sessions with at least one delivered log. */
  readonly sessions: number;
  /** Logging-server POSTs (UserALE batches) the documents arrived in. */
  readonly batches: number;
  /** Logs simulated but lost with a closed page (not yielded). */
  readonly lostEvents: number;
  readonly pageViews: number;
}

const MAX_SESSION_MS = 100 * 60_000;

function settingsOf(options: NormalizedGenerateOptions): SimulationSettings {
  return {
    toolName: options.toolName,
    toolVersion: options.toolVersion,
    useraleVersion: options.useraleVersion,
    sender: { transmitInterval: options.transmitInterval, logCountThreshold: options.logCountThreshold },
    anonymousShare: options.anonymousShare,
    lossShare: options.lossShare,
    maxSessionMs: MAX_SESSION_MS,
  };
}

/** Session specs of user 0, 1, 2, … (endless); each user's specs depend only on the seed and earlier users. */
function* userSessionSpecs(options: NormalizedGenerateOptions): Generator<SessionSpec[], never> {
  const settings = settingsOf(options);
  const funnelOffset = createPrng(options.seed, 0xf0e1).next();
  let sessionNumber = 0;
  for (let userIndex = 0; ; userIndex++) {
    const user = makeUserProfile(options.seed, userIndex, options.legacyShare);
    const starts = planUserSessions(options.seed, userIndex, options.sessionsPerUser, options.start, options.days);
    yield starts.map(({ start, campaign }, sessionIndex) => ({
      seed: options.seed,
      user,
      sessionIndex,
      start,
      campaign,
      funnelPosition: spread(sessionNumber++, funnelOffset),
      settings,
    }));
  }
}

/**
 * The number of users whose sessions deliver closest to `options.events` logs (at least 1): simulates users in
 * order, counting delivered logs, until the running total passes the target. Returns `options.users ?? 8` when
 * no `events` target is set. Cost: one simulation of every session (~the cost of generating the run itself).
 *
 * @example
 * usersForEvents({ seed: 42, events: 2500 }); // → 8 (≈ 100 logs per session, 2–4 sessions per user)
 */
export function usersForEvents(options: GenerateUseraleOptions): number {
  const normalized = normalizeGenerateOptions(options);
  if (normalized.events === null) return normalized.users ?? 1;
  const target = normalized.events;
  let total = 0;
  let users = 0;
  for (const specs of userSessionSpecs(normalized)) {
    let delivered = 0;
    for (const spec of specs) delivered += simulateSession(spec).sent;
    if (total + delivered >= target) {
      const withUser = total + delivered - target;
      const without = target - total;
      return users > 0 && without < withUser ? users : users + 1;
    }
    total += delivered;
    users += 1;
  }
  return users;
}

/** All sessions of the first `users` users, sorted by start, with start ms made unique (session ids are `session_<ms>`). */
function planRun(options: NormalizedGenerateOptions, users: number): SessionSpec[] {
  const specs: SessionSpec[] = [];
  let taken = 0;
  for (const userSpecs of userSessionSpecs(options)) {
    if (taken++ >= users) break;
    specs.push(...userSpecs);
  }
  specs.sort((a, b) => a.start - b.start || a.user.index - b.user.index || a.sessionIndex - b.sessionIndex);
  for (let i = 1; i < specs.length; i++) {
    const previous = (specs[i - 1] as SessionSpec).start;
    const spec = specs[i] as SessionSpec;
    if (spec.start <= previous) specs[i] = { ...spec, start: previous + 1 };
  }
  return specs;
}

interface PendingBatch {
  readonly receivedAt: number;
  readonly sessionOrder: number;
  readonly sequence: number;
  readonly logs: readonly Record<string, unknown>[];
}

/**
 * Streams realistic Apache Flagon UserALE.js 2.4.0 logs of a small web shop, in the order a logging server
 * receives them: batches from all users' sessions interleaved by arrival time, each batch in UserALE queue
 * order (so mostly chronological per session, with the small inversions real clocks and networks produce).
 *
 * A pure function of its options: the same options yield the same documents, byte for byte once serialised.
 * Memory is bounded by the sessions active at one moment, so 1M events stream in constant space. With
 * `events`, the user count is first chosen by {@link usersForEvents} (one extra simulation pass). The output
 * contains raw, custom (with and without metadata) and interval logs, legacy `sessionID` users, anonymous then
 * signed-in sessions, a catalog → product → cart → checkout → confirmation funnel with drop-off, rapid duplicate
 * clicks, double-logged focus/blur, click-triggered events stamped before the click, Enter-key synthetic clicks,
 * JSON-parsed attributes, idle gaps, abrupt session ends and lost final batches.
 * Cost: O(events · log active batches); ~100 events per session.
 *
 * @returns A generator of log documents whose return value is a {@link UseraleRunSummary}.
 * @throws RangeError for invalid options (see {@link normalizeGenerateOptions}).
 * @example
 * const docs = [...generateUserale({ seed: 42, events: 2500 })];
 * docs.length; // → ≈ 2500
 * docs[0];     // → { pageUrl: "https://shop.example.com/…", …, logType: "custom", type: "load", … }
 */
export function* generateUserale(
  options: GenerateUseraleOptions,
): Generator<Record<string, unknown>, UseraleRunSummary, undefined> {
  const normalized = normalizeGenerateOptions(options);
  const users = normalized.users ?? usersForEvents(options);
  const specs = planRun(normalized, users);
  const heap = createMinHeap<PendingBatch>(
    (a, b) => a.receivedAt - b.receivedAt || a.sessionOrder - b.sessionOrder || a.sequence - b.sequence,
  );
  const activeUsers = new Set<number>();
  let sessions = 0;
  let batches = 0;
  let events = 0;
  let lostEvents = 0;
  let pageViews = 0;
  let next = 0;

  for (;;) {
    // A session's batches all arrive after it starts, so sessions starting before the earliest pending
    // arrival must be simulated before that batch can be released.
    while (next < specs.length) {
      const earliest = heap.peek();
      const spec = specs[next] as SessionSpec;
      if (earliest !== undefined && spec.start > earliest.receivedAt) break;
      const result = simulateSession(spec);
      lostEvents += result.lost;
      pageViews += result.pageViews;
      if (result.sent > 0) {
        sessions += 1;
        activeUsers.add(spec.user.index);
      }
      result.batches.forEach((batch, sequence) => {
        heap.push({ receivedAt: batch.receivedAt, sessionOrder: next, sequence, logs: batch.logs });
      });
      next += 1;
    }
    const batch = heap.pop();
    if (batch === undefined) break;
    batches += 1;
    for (const log of batch.logs) {
      events += 1;
      yield log;
    }
  }
  return { events, users: activeUsers.size, sessions, batches, lostEvents, pageViews };
}
