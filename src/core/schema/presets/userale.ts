import type { MappingInput } from '../mapping-schema.js';

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
