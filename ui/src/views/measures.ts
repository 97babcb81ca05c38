import type { PipelineRequest } from '../api/types.js';

/** A per-partition measure the Statistics view can show: its pipeline and which column holds the partition. */
export interface Measure {
  readonly label: string;
  /** The partition each value belongs to (`user`, `session`). */
  readonly per: 'user' | 'session';
  readonly where?: Readonly<Record<string, unknown>>;
  /** Counts raw events of the event type picked in the view (`?type=`). */
  readonly byType?: boolean;
  readonly steps: PipelineRequest['steps'];
}

/**
 * The measures, each one pipeline of existing operators whose result has one row per partition and a `count`
 * column. Clicks count raw UserALE events only (interval logs summarise repeated events; counting them too would
 * count clicks twice). Partitions without a value (no user, no session) are left out (`missing: "skip"`).
 */
export const MEASURES: Readonly<Record<string, Measure>> = {
  'events-per-user': { label: 'Events per user', per: 'user', steps: [{ op: 'count-by', by: 'user', missing: 'skip' }] },
  'clicks-per-user': {
    label: 'Clicks per user (raw events)',
    per: 'user',
    where: { all: [{ field: 'type', op: 'eq', value: 'click' }, { field: 'kind', op: 'eq', value: 'raw' }] },
    steps: [{ op: 'count-by', by: 'user', missing: 'skip' }],
  },
  'sessions-per-user': { label: 'Sessions per user', per: 'user', steps: [{ op: 'count-by', by: ['user', 'session'], missing: 'skip' }, { op: 'count-by', by: 'user' }] },
  'pages-per-user': { label: 'Distinct pages per user', per: 'user', steps: [{ op: 'count-by', by: ['user', 'page'], missing: 'skip' }, { op: 'count-by', by: 'user' }] },
  'events-per-session': { label: 'Events per session', per: 'session', steps: [{ op: 'count-by', by: 'session', missing: 'skip' }] },
  'type-per-user': { label: 'Raw events of one type per user', per: 'user', byType: true, steps: [{ op: 'count-by', by: 'user', missing: 'skip' }] },
};

/** The condition of a measure, with the chosen event type for `byType` measures. */
export function measureWhere(m: Measure, type: string): Readonly<Record<string, unknown>> | undefined {
  if (m.byType !== true) return m.where;
  return { all: [{ field: 'type', op: 'eq', value: type }, { field: 'kind', op: 'eq', value: 'raw' }] };
}
