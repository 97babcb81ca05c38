import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileQueryPredicate } from '../../../src/core/query/compile-predicate.js';
import { compileSort } from '../../../src/core/query/compile-sort.js';
import { compileProjection } from '../../../src/core/query/project-event.js';
import { parseQuery } from '../../../src/core/query/parse-query.js';
import { resolveTimeBound } from '../../../src/core/time/date-math.js';
import { condition, event } from '../../helpers/arbitraries.js';
import { CONDITIONS, matches, type Node } from '../../sources/conformance/reference/conditions.js';
import { dateMath } from '../../sources/conformance/reference/naive.js';
import { project } from '../../sources/conformance/reference/run.js';
import { sortEvents } from '../../sources/conformance/reference/steps.js';

// The in-memory query compiler against the independent reference (test/sources/conformance/reference/: naive
// evaluators written from the documented semantics, no Distill code), on random condition trees and random events
// with the awkward values real data has. Unlike `q` vs `not q`, agreement with a second implementation fails for a
// wrong operator, not only for an inconsistent one.

const NOW = 10_000;
const bound = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom('now', 'now-10s', 'now/s', '1970-01-01T00:00:00.005Z', '1970-01-01||+7s/s'));

test('every condition kind has a reference evaluator', () => {
  assert.deepEqual(Object.keys(CONDITIONS).sort(), ['all', 'any', 'contains', 'eq', 'exists', 'gt', 'gte', 'in', 'lt', 'lte', 'ne', 'nin', 'not', 'prefix']);
});

test('compileQueryPredicate keeps exactly the events the reference keeps', () => {
  fc.assert(
    fc.property(condition, fc.option(bound, { nil: undefined }), fc.option(bound, { nil: undefined }), fc.array(event, { maxLength: 25 }), (where, from, to, events) => {
      const query = parseQuery({ where, ...(from === undefined && to === undefined ? {} : { time: { from, to } }) });
      const keep = compileQueryPredicate(query, { now: NOW });
      const lo = from === undefined ? undefined : dateMath(from, NOW);
      const hi = to === undefined ? undefined : dateMath(to, NOW);
      for (const e of events) {
        const want =
          (lo === undefined || (e.time !== undefined && e.time >= lo)) &&
          (hi === undefined || (e.time !== undefined && e.time < hi)) &&
          matches(query.where as unknown as Node, e, NOW);
        assert.equal(keep(e), want, `${JSON.stringify(where)} on ${JSON.stringify(e)}`);
      }
    }),
    { numRuns: 1500, seed: 20261130 },
  );
});

test('date math agrees with the reference on random anchors, offsets and roundings', () => {
  const unit = fc.constantFrom('y', 'M', 'w', 'd', 'h', 'H', 'm', 's');
  const step = fc.oneof(
    fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 40 }), unit).map(([s, n, u]) => `${s}${n}${u}`),
    unit.map((u) => `/${u}`),
  );
  const anchor = fc.oneof(
    fc.constant('now'),
    fc.integer({ min: Date.UTC(1999, 0, 1), max: Date.UTC(2031, 0, 1) }).map((t) => `${new Date(t).toISOString()}||`),
  );
  fc.assert(
    fc.property(anchor, fc.array(step, { maxLength: 4 }), fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) }), (a, steps, now) => {
      const text = `${a}${steps.join('')}`;
      assert.equal(resolveTimeBound(text, now), dateMath(text, now), text);
    }),
    { numRuns: 3000, seed: 7 },
  );
});

test('compileSort orders random events exactly as the reference does (missing last, min/max of arrays, stable ties)', () => {
  const key = fc.record({ field: fc.constantFrom('time', 'user', 'type', 'path', 'details.clicks', 'details.value', 'n', 'tags', 'id', 'nope'), order: fc.constantFrom('asc' as const, 'desc' as const) });
  fc.assert(
    fc.property(fc.array(key, { minLength: 1, maxLength: 3 }), fc.array(event, { maxLength: 30 }), (keys, events) => {
      const got = [...events].sort(compileSort(keys)).map((e) => e.id);
      const want = sortEvents(events, keys.map((k) => ({ field: k.field, desc: k.order === 'desc' }))).map((e) => e.id);
      assert.deepEqual(got, want);
    }),
    { numRuns: 1000, seed: 11 },
  );
});

test('projection keeps the same document fields as the reference', () => {
  const fields = fc.array(fc.constantFrom('details.clicks', 'details', 'n', 'tags', 'doc.n', 'type', 'nope.x', 'details.value'), { maxLength: 4 });
  fc.assert(
    fc.property(fields, event, (list, e) => {
      assert.deepEqual(compileProjection(list)(e), project(e, list));
    }),
    { numRuns: 1000, seed: 5 },
  );
});
