import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileCondition } from '../../../src/core/query/compile-predicate.js';
import { parseQuery } from '../../../src/core/query/parse-query.js';
import { condition, event } from '../../helpers/arbitraries.js';

const options = { now: 1_700_000_000_000 };

test('random valid queries always compile and evaluate without throwing', () => {
  fc.assert(
    fc.property(condition, fc.array(event, { maxLength: 30 }), (where, events) => {
      const query = parseQuery({ where });
      const p = compileCondition(query.where!, options);
      for (const e of events) assert.equal(typeof p(e), 'boolean');
    }),
    { numRuns: 500, seed: 20261127 },
  );
});

test('not(q) and q partition the events: every event is in exactly one', () => {
  fc.assert(
    fc.property(condition, fc.array(event, { maxLength: 30 }), (q, events) => {
      const yes = compileCondition(q, options);
      const no = compileCondition({ not: q }, options);
      for (const e of events) assert.notEqual(yes(e), no(e));
      const kept = events.filter(yes).length + events.filter(no).length;
      assert.equal(kept, events.length);
    }),
    { numRuns: 500, seed: 42 },
  );
});

test('all([q, not q]) keeps nothing and any([q, not q]) keeps everything', () => {
  fc.assert(
    fc.property(condition, fc.array(event, { maxLength: 20 }), (q, events) => {
      assert.equal(events.filter(compileCondition({ all: [q, { not: q }] }, options)).length, 0);
      assert.equal(events.filter(compileCondition({ any: [q, { not: q }] }, options)).length, events.length);
    }),
    { numRuns: 300, seed: 7 },
  );
});

test('time conditions with non-time values are invalid_query, never a crash', () => {
  assert.throws(() => parseQuery({ where: { field: 'time', op: 'in', value: ['click'] } }), { code: 'invalid_query' });
});

test('arbitrary JSON as a query never crashes validation: it parses or throws invalid_query', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), (input) => {
      try {
        parseQuery({ where: input });
      } catch (error) {
        assert.equal((error as { code?: string }).code, 'invalid_query');
      }
    }),
    { numRuns: 500, seed: 99 },
  );
});
