/** One row of the Sessions table, computed from the projected events of the source. */
export interface SessionRow {
  readonly session: string;
  readonly user: string | null;
  readonly start: number;
  readonly end: number;
  readonly duration: number;
  readonly events: number;
  readonly pages: number;
}

/**
 * Group projected event rows (`session, user, time, page`) into sessions: first user seen, first and last time,
 * duration, event count, distinct pages. Rows without a session are left out. Cost: O(n) time, O(sessions + pages).
 *
 * @example
 * sessionRows([{ session: 's', user: 'u', time: 1, page: '/a' }, { session: 's', user: 'u', time: 5, page: '/b' }])
 * // → [{ session: 's', user: 'u', start: 1, end: 5, duration: 4, events: 2, pages: 2 }]
 */
export function sessionRows(rows: readonly Readonly<Record<string, unknown>>[]): SessionRow[] {
  const acc = new Map<string, { user: string | null; start: number; end: number; events: number; pages: Set<string> }>();
  for (const r of rows) {
    if (typeof r.session !== 'string') continue;
    const t = typeof r.time === 'number' ? r.time : Number.NaN;
    let a = acc.get(r.session);
    if (a === undefined) acc.set(r.session, (a = { user: null, start: Number.POSITIVE_INFINITY, end: Number.NEGATIVE_INFINITY, events: 0, pages: new Set() }));
    if (a.user === null && typeof r.user === 'string') a.user = r.user;
    if (Number.isFinite(t)) {
      a.start = Math.min(a.start, t);
      a.end = Math.max(a.end, t);
    }
    a.events++;
    if (typeof r.page === 'string') a.pages.add(r.page);
  }
  return [...acc.entries()].map(([session, a]) => ({
    session,
    user: a.user,
    start: a.start,
    end: a.end,
    duration: Number.isFinite(a.start) ? a.end - a.start : 0,
    events: a.events,
    pages: a.pages.size,
  }));
}

export type SessionSortKey = keyof SessionRow;
export const SESSION_COLUMNS: readonly SessionSortKey[] = ['session', 'user', 'start', 'duration', 'events', 'pages'];

/** Sort rows by a column (nulls last), ties by session id. */
export function sortSessions(rows: readonly SessionRow[], key: SessionSortKey, desc: boolean): SessionRow[] {
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null && y !== null) return 1;
    if (y === null && x !== null) return -1;
    const c = x === y ? 0 : (x as number | string) < (y as number | string) ? -1 : 1;
    return (desc ? -c : c) || (a.session < b.session ? -1 : a.session > b.session ? 1 : 0);
  });
}
