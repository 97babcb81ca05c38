import type { MappingInput } from '../mapping-schema.js';
import type { QueryInput } from '../../query/query-schema.js';

/**
 * Built-in mapping for Apache Flagon UserALE.js logs (raw, custom and interval `logType`s).
 *
 * - time: `clientTime` (epoch ms) plus `microTime` (fraction of a ms) for raw and custom logs; interval logs carry
 *   no `clientTime`, so `startTime` is next; `end` is the interval's `endTime`.
 * - session: `sessionId` (current UserALE) then `sessionID` (older versions).
 * - user: `userId`; null (anonymous pages) maps to no user.
 * - `details` of any shape and every extra field stay in `doc`.
 *
 * Custom logs sent with `userale.log()` may carry no time at all; they are kept without a time (counted, excluded
 * by time ranges, sorted last) and reported in the result's warnings (`missing_time`). A mapping may add another
 * time field (for example Logstash's `@timestamp`), or set `requireTime` to skip them.
 *
 * **What an action is.** UserALE writes three kinds of logs (role `kind`, document `logType`): `raw` logs are single
 * user actions (one click, one input); `interval` logs *summarise* a span of repeated events on one target (their
 * `type` can be `click` too, with `count` and `duration`); `custom` logs are business events sent by the page. An
 * analysis that counts actions — clicks per user, top click targets, transitions between clicks — must count `raw`
 * logs only (`USERALE_ACTION`), or every burst of clicks is counted again as its interval summary. The bundled
 * pipelines do so; the analytics operators default to "not an interval summary" (`kind ne interval`) so they stay
 * right on schemas without a `kind`.
 */
export const USERALE_MAPPING: MappingInput = {
  description: 'Apache Flagon UserALE.js logs (raw, custom, interval)',
  time: [{ field: 'clientTime', format: 'auto', fraction: 'microTime' }, 'startTime'],
  end: ['endTime'],
  user: 'userId',
  session: ['sessionId', 'sessionID'],
  type: 'type',
  target: 'target',
  path: 'path',
  page: 'pageUrl',
  kind: 'logType',
};

/**
 * The UserALE notion of a user action as a query condition: a `raw` log (`logType: raw`). Combine it with a type to
 * count actions of that type, e.g. raw clicks: `{ all: [USERALE_ACTION, { field: 'type', op: 'eq', value: 'click' }] }`.
 * In pipeline JSON: `{ "field": "kind", "op": "eq", "value": "raw" }`.
 */
export const USERALE_ACTION = { field: 'kind', op: 'eq', value: 'raw' } as const satisfies NonNullable<QueryInput['where']>;

/** Raw clicks: clicks that are single actions, not interval summaries of clicks. */
export const USERALE_CLICK = {
  all: [USERALE_ACTION, { field: 'type', op: 'eq', value: 'click' }],
} as const satisfies NonNullable<QueryInput['where']>;
