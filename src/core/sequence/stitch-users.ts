import type { CanonicalEvent } from '../event.js';
import { fieldGetter, resolveFieldRef } from '../query/field-ref.js';

/** What {@link stitchUsers} decided for one session. */
export type StitchResult =
  | { readonly status: 'stitched'; readonly user: string; readonly filled: number }
  | { readonly status: 'single'; readonly user: string }
  | { readonly status: 'anonymous' }
  | { readonly status: 'conflict'; readonly users: readonly { readonly user: string; readonly count: number }[] }
  | { readonly status: 'no-session' };

/**
 * Decide the user of one session's events. Real UserALE sessions start anonymous (`userId` null on a login page)
 * and become a user within the same `sessionId`: when exactly one distinct non-null user appears, every event of
 * the session belongs to that user (`stitched`, with the number of anonymous events filled; `single` when none was
 * anonymous). No user at all: `anonymous`. Two or more distinct users: `conflict`, listing them in order of first
 * appearance with their event counts — nothing is guessed, the events keep their own values. Events without a
 * session (`sessionKnown` false) are never stitched (`no-session`): they are not one visit.
 *
 * User values compare as strings after trimming nothing (exactly); an empty string counts as missing.
 * Cost: O(n) per session, O(distinct users) memory.
 *
 * @example stitchUsers([ev('a', 1), ev('b', 2, { user: 'ann' })], { userField: 'user', sessionKnown: true })
 * // → { status: 'stitched', user: 'ann', filled: 1 }
 */
export function stitchUsers(events: readonly CanonicalEvent[], options: { readonly userField: string; readonly sessionKnown: boolean }): StitchResult {
  if (!options.sessionKnown) return { status: 'no-session' };
  const get = fieldGetter(resolveFieldRef(options.userField));
  const counts = new Map<string, number>();
  let anonymous = 0;
  for (const e of events) {
    const u = userValue(get(e));
    if (u === undefined) anonymous++;
    else counts.set(u, (counts.get(u) ?? 0) + 1);
  }
  if (counts.size === 0) return { status: 'anonymous' };
  if (counts.size > 1) return { status: 'conflict', users: [...counts].map(([user, count]) => ({ user, count })) };
  const user = counts.keys().next().value as string;
  return anonymous === 0 ? { status: 'single', user } : { status: 'stitched', user, filled: anonymous };
}

/** A user field value as a string, or undefined when missing (null, '', []). */
export function userValue(v: unknown): string | undefined {
  if (Array.isArray(v)) v = v[0];
  if (v === undefined || v === null || v === '') return undefined;
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}
