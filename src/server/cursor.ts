import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '../core/errors.js';
import { isDateTime } from '../core/time/date-math.js';

/** What a page cursor carries. */
export interface CursorState {
  /** Records to skip. */
  readonly offset: number;
  /** The instant `now` stood for on the first page, so date math (`now-7d`) means the same on every page. */
  readonly now: number;
}

/**
 * Opaque page cursors: base64url of `{ v, o: offset, n: now, h }`, where `h` is a hash of the normalised request
 * (pipeline, source, route) so a cursor cannot be replayed against a different request. Distill keeps no cache:
 * each page recomputes the result and skips to its offset.
 */
export function encodeCursor(state: CursorState, requestHash: string): string {
  return Buffer.from(JSON.stringify({ v: 1, o: state.offset, n: state.now, h: requestHash })).toString('base64url');
}

/**
 * @throws InvalidArgumentError (400, issue path `query.cursor`) for a damaged cursor (including a `now` outside
 *   the Date range, which no cursor Distill issued can hold) or one from another request.
 */
export function decodeCursor(cursor: string, requestHash: string): CursorState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const c = parsed as { v?: unknown; o?: unknown; n?: unknown; h?: unknown } | undefined;
  if (c === undefined || c === null || c.v !== 1 || !Number.isSafeInteger(c.o) || (c.o as number) < 0 || typeof c.n !== 'number' || !isDateTime(c.n) || typeof c.h !== 'string') {
    throw new InvalidArgumentError('The cursor is damaged. Use the `next` cursor of the previous page exactly as returned, or start again without a cursor.', {
      issues: [{ code: 'invalid_cursor', path: ['query', 'cursor'], message: 'Not a cursor Distill issued.' }],
    });
  }
  if (c.h !== requestHash) {
    throw new InvalidArgumentError('This cursor belongs to a different request. Send the same body and route as for the first page, or start again without a cursor.', {
      issues: [{ code: 'cursor_mismatch', path: ['query', 'cursor'], message: 'The cursor was issued for another request.' }],
    });
  }
  return { offset: c.o as number, now: c.n };
}

/** A short, stable hash of a JSON-able value (keys sorted, so key order does not matter). */
export function requestHash(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('base64url').slice(0, 22);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
