import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveTimeBound } from '../../../src/core/time/date-math.js';
import { parseIso } from '../../../src/core/time/parse-iso.js';
import { parseTimeValue } from '../../../src/core/time/parse-time-value.js';
import { bucketer } from '../../../src/core/operators/count-over-time.js';
import { compileQueryPredicate } from '../../../src/core/query/compile-predicate.js';
import { parseQuery } from '../../../src/core/query/parse-query.js';
import { ev } from '../../helpers/events.js';
import { inTimeZone, TEST_ZONES } from '../../helpers/time-zone.js';

// Every time computation is UTC, whatever zone the process runs in. Instants are picked where the local date
// differs from the UTC date in each zone (late evening UTC is already tomorrow in Kolkata and Chatham; early
// morning UTC is still yesterday in New York), so any use of local-time Date methods changes a result.
// `npm test` also runs the whole unit suite with TZ=America/New_York and TZ=Asia/Kolkata (scripts/test.mjs).

const LATE = Date.UTC(2024, 4, 15, 23, 10, 5, 500); // Wed 2024-05-15 23:10 UTC: Thursday in Asia and the Pacific
const EARLY = Date.UTC(2024, 4, 13, 1, 20); // Mon 2024-05-13 01:20 UTC: still Sunday in New York
const NEW_YEAR = Date.UTC(2024, 0, 1, 0, 30); // 2024-01-01 00:30 UTC: still 2023 in New York

for (const zone of TEST_ZONES) {
  describe(`TZ=${zone}`, () => {
    test('date math rounds to UTC days, weeks, months and years', () =>
      inTimeZone(zone, () => {
        assert.equal(resolveTimeBound('now/d', LATE), Date.UTC(2024, 4, 15));
        assert.equal(resolveTimeBound('now/d', EARLY), Date.UTC(2024, 4, 13));
        assert.equal(resolveTimeBound('now-1d/d', EARLY), Date.UTC(2024, 4, 12));
        assert.equal(resolveTimeBound('now/w', EARLY), Date.UTC(2024, 4, 13)); // Monday 00:00 UTC
        assert.equal(resolveTimeBound('now/w', LATE), Date.UTC(2024, 4, 13));
        assert.equal(resolveTimeBound('now/M', NEW_YEAR), Date.UTC(2024, 0, 1));
        assert.equal(resolveTimeBound('now/y', NEW_YEAR), Date.UTC(2024, 0, 1));
        assert.equal(resolveTimeBound('now/h', LATE), Date.UTC(2024, 4, 15, 23));
        assert.equal(resolveTimeBound('now/m', LATE), Date.UTC(2024, 4, 15, 23, 10));
        assert.equal(resolveTimeBound('2024-01-31T23:30:00Z||+1M', 0), Date.UTC(2024, 1, 29, 23, 30));
        assert.equal(resolveTimeBound('2024-03-31T00:15:00Z||-1M/d', 0), Date.UTC(2024, 1, 29));
      }));

    test('ISO text without a zone is UTC, with a zone its offset', () =>
      inTimeZone(zone, () => {
        assert.equal(parseIso('2024-03-10T02:30:00'), Date.UTC(2024, 2, 10, 2, 30)); // a DST gap in New York
        assert.equal(parseIso('2024-05-15'), Date.UTC(2024, 4, 15));
        assert.equal(parseIso('2024-05-15T23:10:00+05:30'), Date.UTC(2024, 4, 15, 17, 40));
        assert.equal(parseTimeValue('2024-11-03 01:30:00', 'auto'), Date.UTC(2024, 10, 3, 1, 30)); // repeated hour in New York
      }));

    test('count-over-time buckets are UTC days, ISO weeks, months, quarters and years', () =>
      inTimeZone(zone, () => {
        assert.equal(bucketer('1d')(LATE), Date.UTC(2024, 4, 15));
        assert.equal(bucketer('1w')(EARLY), Date.UTC(2024, 4, 13));
        assert.equal(bucketer('1w')(Date.UTC(2024, 4, 12, 23, 59)), Date.UTC(2024, 4, 6));
        assert.equal(bucketer('1M')(NEW_YEAR), Date.UTC(2024, 0, 1));
        assert.equal(bucketer('1q')(Date.UTC(2024, 3, 1, 0, 5)), Date.UTC(2024, 3, 1));
        assert.equal(bucketer('1y')(NEW_YEAR), Date.UTC(2024, 0, 1));
      }));

    test('a time range written with date math selects the same UTC day', () =>
      inTimeZone(zone, () => {
        const query = parseQuery({ time: { from: 'now/d', to: 'now+1d/d' } });
        const keep = compileQueryPredicate(query, { now: LATE });
        const at = (t: number) => keep(ev('e', t));
        assert.deepEqual(
          [Date.UTC(2024, 4, 14, 23, 59, 59, 999), Date.UTC(2024, 4, 15), Date.UTC(2024, 4, 15, 23, 59), Date.UTC(2024, 4, 16)].map(at),
          [false, true, true, false],
        );
      }));
  });
}
