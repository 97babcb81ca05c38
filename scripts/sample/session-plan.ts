import { createPrng } from "./prng.js";
import { spread } from "./spread.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Shortest gap between two session starts of one user; sessions are capped well below it, so never overlap. */
export const MIN_SESSION_GAP_MS = 4 * HOUR;

/** Share of users who answer the newsletter campaign (low-discrepancy: 4 of 8). */
export const CAMPAIGN_SHARE = 0.5;

/** One planned session of one user. */
export interface PlannedSession {
  /** Epoch ms of the first page load. */
  readonly start: number;
  /** Whether the session comes from the newsletter e-mail (lands on `/?utm_source=newsletter…`). */
  readonly campaign: boolean;
}

/**
 * When the newsletter goes out: 18:00 UTC on the second day of the run (the first day when the run is one day
 * long). Campaign sessions of many users start within the following two hours, so their batches interleave at
 * the logging server. Cost: O(1).
 *
 * @example
 * campaignTime(Date.UTC(2024, 2, 4), 7); // → Date.UTC(2024, 2, 5, 18)
 */
export function campaignTime(start: number, days: number): number {
  return start + (days >= 2 ? DAY : 0) + 18 * HOUR;
}

/**
 * When one user's sessions start: between `sessionsPerUser[0]` and `sessionsPerUser[1]` sessions, each at a
 * daytime hour (07:00–23:00 UTC) of a random day within `days` days of `start`; for a {@link CAMPAIGN_SHARE} of
 * users the first session is replaced by one starting 0–2 h after the {@link campaignTime}. Sorted, at least
 * {@link MIN_SESSION_GAP_MS} apart (hours to days between sessions). Depends only on `(seed, userIndex)` and the
 * arguments. Cost: O(sessions · log sessions).
 *
 * @example
 * planUserSessions(42, 0, [2, 4], Date.UTC(2024, 2, 4), 7);
 * // → e.g. [{ start: 1709571234567, campaign: false }, { start: 1709663456789, campaign: true }, …]
 */
export function planUserSessions(
  seed: number,
  userIndex: number,
  sessionsPerUser: readonly [number, number],
  start: number,
  days: number,
): PlannedSession[] {
  const rng = createPrng(seed, 0x9a1, userIndex);
  const campaignOffset = createPrng(seed, 0xca1).next();
  const count = rng.int(sessionsPerUser[0], sessionsPerUser[1]);
  const sessions: PlannedSession[] = [];
  for (let i = 0; i < count; i++) {
    const day = rng.int(0, Math.max(0, Math.ceil(days) - 1));
    const timeOfDay = 7 * HOUR + Math.floor(rng.next() * 16 * HOUR);
    sessions.push({ start: start + day * DAY + timeOfDay, campaign: false });
  }
  if (spread(userIndex, campaignOffset) < CAMPAIGN_SHARE) {
    const delay = Math.min(2 * HOUR, Math.floor(rng.lognormal(20 * 60_000, 0.9)));
    sessions[0] = { start: campaignTime(start, days) + delay, campaign: true };
  }
  sessions.sort((a, b) => a.start - b.start);
  for (let i = 1; i < sessions.length; i++) {
    const previous = (sessions[i - 1] as PlannedSession).start;
    const current = sessions[i] as PlannedSession;
    if (current.start - previous < MIN_SESSION_GAP_MS) {
      sessions[i] = { ...current, start: previous + MIN_SESSION_GAP_MS + Math.floor(rng.next() * 2 * HOUR) };
    }
  }
  return sessions;
}
