import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateUserale } from '../../../scripts/sample/generate-userale.js';

/**
 * The data every source adapter is tested on: generated UserALE.js logs (seeded) plus hand-made documents with
 * the awkward values real logs have — an empty `sessionId` next to a legacy `sessionID`, a null user, an ISO and a
 * numeric-string `clientTime`, a fractional value in an integer-mapped field, a number in a keyword field, empty
 * and `""`-holding paths, a value longer than a keyword's `ignore_above`, untimed custom logs, arrays.
 */
export interface Dataset {
  readonly docs: readonly Record<string, unknown>[];
  /** Ids as the file source gives them: `events.ndjson#<n>`. */
  readonly ids: readonly string[];
  /** The instant date math resolves against. */
  readonly now: number;
}

export const FILE_NAME = 'events.ndjson';

/** `now` for every conformance query: the end of the generated week. */
export const NOW = Date.UTC(2024, 2, 11);

const T0 = Date.UTC(2024, 2, 5, 12);

/** Documents with edge cases, appended after the generated ones. */
export const EDGE_DOCS: readonly Record<string, unknown>[] = [
  {
    type: 'click',
    logType: 'raw',
    clientTime: T0,
    microTime: 0,
    sessionId: '',
    sessionID: 'legacy-fallback',
    userId: 'edge.user',
    target: 'button#x.btn primary',
    path: ['button#x.btn primary', 'body'],
    details: { y: 100.5, clicks: 0 },
    pageUrl: 'https://shop.example.com/edge',
  },
  { type: '', logType: 'raw', clientTime: '2024-03-05T12:00:00.250Z', sessionId: 'edge-session', userId: null, path: [], details: {} },
  { type: 'custom_edge', logType: 'custom', clientTime: '1709640000123', sessionId: 'edge-session', userId: 'edge.user', details: { pageLoadTime: null }, pageTitle: 12345 },
  { type: 'focus', logType: 'raw', clientTime: T0 + 5, microTime: 0.999, sessionId: 'edge-session', path: ['', 'body'], details: { window: true }, note: 'x'.repeat(40) },
  { type: 'interval_edge', logType: 'interval', startTime: T0 + 10, endTime: T0 + 5, sessionID: 'legacy-fallback', count: 0, duration: -5, note: 'short' },
  { type: 'untimed_edge', logType: 'custom', sessionId: 'edge-session', tags: ['a', 'b'] },
  { type: 'array_edge', logType: 'raw', clientTime: T0 + 20, microTime: 0.5, sessionId: 'edge-session', userId: 'edge.user', tags: ['b'], details: { y: 7 } },
];

const T1 = Date.UTC(2024, 2, 8, 9);

/**
 * One session (`boundary`, user `bea`) with integer times placed exactly on the limits the sequence operators
 * state: a 1 s step (`within` inclusive, neighbours), a 60,000 ms gap (not idle, no split at `gap: 1m`) then a
 * 60,001 ms one, an event on a clock minute (half-open windows), two events at the same millisecond (ties by id),
 * duplicate focus/blur pairs (first in, first out) and an untimed custom log in the session.
 */
export const BOUNDARY_DOCS: readonly Record<string, unknown>[] = [
  ['raw', 0, 'mousedown', 'button#go'],
  ['raw', 1000, 'click', 'button#go'],
  ['raw', 1000, 'focus', 'input#a'],
  ['raw', 2000, 'focus', 'input#a'],
  ['raw', 3000, 'blur', 'input#a'],
  ['raw', 4000, 'blur', 'input#a'],
  ['raw', 60_000, 'scroll', 'window'],
  ['raw', 61_000, 'scroll', 'window'],
  ['raw', 121_000, 'click', 'button#go'],
  ['raw', 181_001, 'submit', 'form#f'],
  ['raw', 181_001, 'change', 'input#a'],
  ['custom', undefined, 'boundary_note', undefined],
].map(([logType, at, type, target]) => ({
  logType,
  ...(at === undefined ? {} : { clientTime: T1 + (at as number) }),
  type,
  ...(target === undefined ? {} : { target, path: [target, 'body'] }),
  userId: 'bea',
  sessionId: 'boundary',
  pageUrl: 'https://shop.example.com/boundary',
}));

/** A session shared by two users and an anonymous event (stitch-users reports it, guesses nothing). */
export const SHARED_SESSION_DOCS: readonly Record<string, unknown>[] = [
  { logType: 'raw', clientTime: T1 + 500_000, type: 'load', sessionId: 'shared', userId: null, pageUrl: 'https://shop.example.com/' },
  { logType: 'raw', clientTime: T1 + 501_000, type: 'click', target: 'a#login', sessionId: 'shared', userId: 'bea', pageUrl: 'https://shop.example.com/' },
  { logType: 'raw', clientTime: T1 + 502_000, type: 'click', target: 'a#login', sessionId: 'shared', userId: 'cy', pageUrl: 'https://shop.example.com/' },
  // Labels beyond U+FFFF order after U+FF5E by code point (JavaScript's < on UTF-16 code units says before).
  { logType: 'raw', clientTime: T1 + 503_000, type: 'click', target: 'a#😀', sessionId: 'shared', userId: 'cy', pageUrl: 'https://shop.example.com/' },
  { logType: 'raw', clientTime: T1 + 504_000, type: 'click', target: 'a#～', sessionId: 'shared', userId: 'cy', pageUrl: 'https://shop.example.com/' },
  { logType: 'raw', clientTime: T1 + 505_000, type: 'click', target: 'a#😀', sessionId: 'shared', userId: 'cy', pageUrl: 'https://shop.example.com/' },
];

/**
 * Build the dataset: `events` generated documents (seed 7) and the edge documents; with `boundaries`, the
 * boundary and shared sessions too. Cost: O(events).
 */
export function buildDataset(events = 3000, seed = 7, options: { boundaries?: boolean } = {}): Dataset {
  const docs = [...generateUserale({ seed, events }), ...EDGE_DOCS, ...(options.boundaries === true ? [...BOUNDARY_DOCS, ...SHARED_SESSION_DOCS] : [])];
  return { docs, ids: docs.map((_, i) => `${FILE_NAME}#${i + 1}`), now: NOW };
}

/** Write the dataset as NDJSON into a fresh temporary directory; returns it and a cleanup. */
export async function writeDataset(dataset: Dataset): Promise<{ dir: string; file: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'distill-conformance-'));
  const file = path.join(dir, FILE_NAME);
  await writeFile(file, dataset.docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  return { dir, file, remove: () => rm(dir, { recursive: true, force: true }) };
}
