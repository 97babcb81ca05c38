import type { CanonicalEvent } from '../event.js';
import { fieldGetter, resolveFieldRef } from '../query/field-ref.js';
import { idPart } from './id-part.js';
import { domainOf } from './domain-of.js';

/** The session fields UserALE has used, tried in this order: `session` (mapped from `sessionId`, then `sessionID`), then the extension's ids. */
export const USERALE_SESSION_FIELDS: readonly string[] = ['session', 'sessionId', 'sessionID', 'browserSessionId', 'httpSessionId'];

/** Normalised options of {@link sessionize}. */
export interface SessionizeOptions {
  /**
   * Fields holding a session id, tried in order per event; the first one present (not null, not empty) is the
   * event's session value. Empty: sessions are not split by a field.
   */
  readonly fields: readonly string[];
  /**
   * Inactivity gap in milliseconds: within one session value, a new session starts when the time since the
   * previous timed event is strictly greater than the gap (a gap exactly equal does not split). Undefined: no
   * gap split.
   */
  readonly gap?: number | undefined;
  /** Also split per page domain (host of `pageField`) or per tab (value of `tabField`). */
  readonly per?: 'domain' | 'tab' | undefined;
  readonly pageField: string;
  readonly tabField: string;
  /** The partition's id component(s), already built with `idPart` (for example the user). Ids start with it. */
  readonly prefix: string;
}

/** One session found by {@link sessionize}. */
export interface SessionSummary {
  /** `<prefix>/<session value>/<domain or tab>/<n>`: the components present depend on the options; `n` counts from 1 per value. */
  readonly id: string;
  /** The session value (null when the events had none), when split by a field. */
  readonly value?: unknown;
  /** The domain or tab, when split per domain or tab. */
  readonly per?: unknown;
  /** First and last event time (undefined for a session of untimed events only). */
  start: number | undefined;
  end: number | undefined;
  count: number;
  readonly firstId: string;
  lastId: string;
}

export interface SessionizeResult {
  /** The session id of each input event, by position. */
  readonly ids: string[];
  /** The sessions in order of their first event. */
  readonly sessions: SessionSummary[];
}

/**
 * Split one partition's events (usually one user's) into sessions: by a session field with fallbacks, by an
 * inactivity gap, or both (the gap splits within each session value), optionally per page domain or tab.
 *
 * Every event gets exactly one session: events without a session value form the value `∅`; untimed events (last
 * in partition order) join the session open for their value when they arrive, or open one if there is none.
 * Ids are deterministic — the same events give the same ids whatever the batch boundaries — unique within the
 * partition and, with a unique prefix, across partitions; readable (`chloe.a/session_1709542694061/2`).
 *
 * Expects partition order (time, then id; untimed last: `compareWithinPartition`). Cost: O(n) time, O(sessions) memory beyond the ids.
 * Fixes Flagon Distill's `chunk_by_idle_time`, which keyed chunks by a timestamp (`time<ms>`) so that two chunks
 * could share a key and one was silently overwritten.
 *
 * @example sessionize([ev('a', 0), ev('b', 1800000), ev('c', 3600001)], { fields: [], gap: 1800000, pageField: 'page', tabField: 'browserSessionId', prefix: 'u' }).ids
 * // → ['u/1', 'u/1', 'u/2']   (30 min exactly does not split; 30 min + 1 ms does)
 */
export function sessionize(events: readonly CanonicalEvent[], options: SessionizeOptions): SessionizeResult {
  const getters = options.fields.map((f) => fieldGetter(resolveFieldRef(f)));
  const perGet =
    options.per === 'domain'
      ? ((get) => (e: CanonicalEvent) => domainOf(get(e)))(fieldGetter(resolveFieldRef(options.pageField)))
      : options.per === 'tab'
        ? fieldGetter(resolveFieldRef(options.tabField))
        : undefined;
  const gap = options.gap;
  interface Group {
    n: number;
    lastTime: number | undefined;
    current: SessionSummary | undefined;
    readonly value: unknown;
    readonly per: unknown;
    readonly parts: string;
  }
  const groups = new Map<string, Group>();
  const ids: string[] = new Array<string>(events.length);
  const sessions: SessionSummary[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    let parts = options.prefix;
    let value: unknown;
    let per: unknown;
    if (getters.length > 0) {
      value = firstPresent(getters, e);
      parts += `/${idPart(value)}`;
    }
    if (perGet !== undefined) {
      per = scalar(perGet(e));
      parts += `/${idPart(per)}`;
    }
    let g = groups.get(parts);
    if (g === undefined) {
      g = { n: 0, lastTime: undefined, current: undefined, value: value ?? null, per: per ?? null, parts };
      groups.set(parts, g);
    }
    const t = e.time;
    const split = g.current === undefined || (gap !== undefined && t !== undefined && g.lastTime !== undefined && t - g.lastTime > gap);
    if (split) {
      g.n++;
      const s: SessionSummary = { id: `${g.parts}/${g.n}`, start: undefined, end: undefined, count: 0, firstId: e.id, lastId: e.id };
      if (getters.length > 0) (s as { value?: unknown }).value = g.value;
      if (perGet !== undefined) (s as { per?: unknown }).per = g.per;
      g.current = s;
      sessions.push(s);
    }
    const s = g.current!;
    s.count++;
    s.lastId = e.id;
    if (t !== undefined) {
      if (s.start === undefined) s.start = t;
      s.end = t;
      g.lastTime = t;
    }
    ids[i] = s.id;
  }
  return { ids, sessions };
}

function firstPresent(getters: readonly ((e: CanonicalEvent) => unknown)[], e: CanonicalEvent): unknown {
  for (const get of getters) {
    const v = scalar(get(e));
    if (v !== undefined) return v;
  }
  return undefined;
}

/** A field value as one scalar: null, '' and [] are missing; an array gives its first element. */
function scalar(v: unknown): unknown {
  if (Array.isArray(v)) v = v[0];
  if (v === null || v === undefined || v === '') return undefined;
  return v;
}
