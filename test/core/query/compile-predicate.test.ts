import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCondition, compileQueryPredicate, rowAccess } from '../../../src/core/query/compile-predicate.js';
import { InvalidQueryError } from '../../../src/core/errors.js';
import type { Condition } from '../../../src/core/query/query-schema.js';
import { ev } from '../../helpers/events.js';

const NOW = Date.UTC(2024, 4, 15, 12);
const events = [
  ev('1', Date.UTC(2024, 4, 14, 9), { user: 'alice', type: 'click', path: ['button#a', 'body'], target: 'button#a.btn primary' }, { details: { clicks: 2 }, n: '5' }),
  ev('2', Date.UTC(2024, 4, 14, 10), { user: 'bob', type: 'focus' }, { details: null, flag: true }),
  ev('3', Date.UTC(2024, 4, 15, 11), { type: 'click', path: ['div', 'body'] }, { details: { clicks: 0 }, tags: [], obj: {} }),
  ev('4', Date.UTC(2024, 4, 10), { user: 'carol', type: 'custom_step', kind: 'custom' }, { details: { step: 3, labels: ['x', 'y'] }, n: 5 }),
];

function ids(where: Condition): string[] {
  const p = compileCondition(where, { now: NOW });
  return events.filter(p).map((e) => e.id);
}

test('eq and ne on roles, with missing values', () => {
  assert.deepEqual(ids({ field: 'type', op: 'eq', value: 'click' }), ['1', '3']);
  assert.deepEqual(ids({ field: 'user', op: 'ne', value: 'alice' }), ['2', '3', '4']);
  assert.deepEqual(ids({ field: 'user', op: 'eq', value: null }), ['3']);
  assert.deepEqual(ids({ field: 'user', op: 'ne', value: null }), ['1', '2', '4']);
});

test('eq is loose across number/string/boolean, like keyword and numeric mappings', () => {
  assert.deepEqual(ids({ field: 'n', op: 'eq', value: 5 }), ['1', '4']);
  assert.deepEqual(ids({ field: 'n', op: 'eq', value: '5' }), ['1', '4']);
  assert.deepEqual(ids({ field: 'flag', op: 'eq', value: 'true' }), ['2']);
  assert.deepEqual(ids({ field: 'details.clicks', op: 'eq', value: '0' }), ['3']);
});

test('arrays match when any element matches', () => {
  assert.deepEqual(ids({ field: 'path', op: 'eq', value: 'body' }), ['1', '3']);
  assert.deepEqual(ids({ field: 'path', op: 'eq', value: 'div' }), ['3']);
  assert.deepEqual(ids({ field: 'details.labels', op: 'in', value: ['y', 'z'] }), ['4']);
  assert.deepEqual(ids({ field: 'path', op: 'prefix', value: 'butt' }), ['1']);
});

test('in and nin, including null for missing', () => {
  assert.deepEqual(ids({ field: 'user', op: 'in', value: ['alice', 'carol'] }), ['1', '4']);
  assert.deepEqual(ids({ field: 'user', op: 'in', value: ['alice', null] }), ['1', '3']);
  assert.deepEqual(ids({ field: 'user', op: 'nin', value: ['alice', 'carol'] }), ['2', '3']);
  assert.deepEqual(ids({ field: 'user', op: 'in', value: [] }), []);
});

test('ranges: numbers numerically, numeric strings as numbers, strings lexically', () => {
  assert.deepEqual(ids({ field: 'details.clicks', op: 'gte', value: 1 }), ['1']);
  assert.deepEqual(ids({ field: 'details.clicks', op: 'lt', value: 1 }), ['3']);
  assert.deepEqual(ids({ field: 'n', op: 'gt', value: 4 }), ['1', '4']);
  assert.deepEqual(ids({ field: 'user', op: 'gt', value: 'b' }), ['2', '4']);
  assert.deepEqual(ids({ field: 'user', op: 'lte', value: 'bob' }), ['1', '2']);
});

test('exists: null, [] and {} count as missing', () => {
  assert.deepEqual(ids({ field: 'details', op: 'exists', value: true }), ['1', '3', '4']);
  assert.deepEqual(ids({ field: 'tags', op: 'exists', value: true }), []);
  assert.deepEqual(ids({ field: 'obj', op: 'exists', value: true }), []);
  assert.deepEqual(ids({ field: 'user', op: 'exists', value: false }), ['3']);
});

test('prefix and contains are case-sensitive and keep spaces in class names', () => {
  assert.deepEqual(ids({ field: 'target', op: 'contains', value: '.btn primary' }), ['1']);
  assert.deepEqual(ids({ field: 'target', op: 'contains', value: 'PRIMARY' }), []);
  assert.deepEqual(ids({ field: 'type', op: 'prefix', value: 'custom_' }), ['4']);
});

test('prefix and contains test text only: numbers and booleans never match, as in Elasticsearch keyword semantics', () => {
  // n is "5" (text) in event 1 and 5 (a number) in event 4; flag is the boolean true in event 2.
  assert.deepEqual(ids({ field: 'n', op: 'prefix', value: '5' }), ['1']);
  assert.deepEqual(ids({ field: 'n', op: 'contains', value: '5' }), ['1']);
  assert.deepEqual(ids({ field: 'details.step', op: 'prefix', value: '3' }), []);
  assert.deepEqual(ids({ field: 'details.clicks', op: 'contains', value: '' }), []);
  assert.deepEqual(ids({ field: 'flag', op: 'prefix', value: 't' }), []);
  assert.deepEqual(ids({ field: 'flag', op: 'contains', value: 'ru' }), []);
  // An empty value matches every text, and only text.
  assert.deepEqual(ids({ field: 'n', op: 'prefix', value: '' }), ['1']);
  assert.deepEqual(ids({ field: 'type', op: 'contains', value: '' }), ['1', '2', '3', '4']);
});

test('all, any, not, and their empty forms', () => {
  assert.deepEqual(ids({ all: [{ field: 'type', op: 'eq', value: 'click' }, { field: 'user', op: 'exists', value: true }] }), ['1']);
  assert.deepEqual(ids({ any: [{ field: 'user', op: 'eq', value: 'bob' }, { field: 'kind', op: 'eq', value: 'custom' }] }), ['2', '4']);
  assert.deepEqual(ids({ not: { field: 'type', op: 'eq', value: 'click' } }), ['2', '4']);
  assert.deepEqual(ids({ all: [] }), ['1', '2', '3', '4']);
  assert.deepEqual(ids({ any: [] }), []);
});

test('time role comparisons take ISO and date math', () => {
  assert.deepEqual(ids({ field: 'time', op: 'gte', value: 'now-1d/d' }), ['1', '2', '3']);
  assert.deepEqual(ids({ field: 'time', op: 'lt', value: '2024-05-14T10:00:00Z' }), ['1', '4']);
  assert.deepEqual(ids({ field: 'time', op: 'eq', value: '2024-05-10' }), ['4']);
});

test('query time range is half-open: from inclusive, to exclusive', () => {
  const p = compileQueryPredicate({ time: { from: Date.UTC(2024, 4, 14, 9), to: Date.UTC(2024, 4, 14, 10) } }, { now: NOW });
  assert.deepEqual(events.filter(p).map((e) => e.id), ['1']);
  const q = compileQueryPredicate({ time: { from: 'now-1d/d', to: 'now/d' }, where: { field: 'type', op: 'eq', value: 'focus' } }, { now: NOW });
  assert.deepEqual(events.filter(q).map((e) => e.id), ['2']);
});

test('a bad time value is invalid_query with the path of the node', () => {
  assert.throws(
    () => compileCondition({ all: [{ field: 'type', op: 'eq', value: 'x' }, { field: 'time', op: 'gt', value: 'yesterday' }] }, { now: NOW }),
    (e: unknown) => {
      assert.ok(e instanceof InvalidQueryError);
      assert.deepEqual(e.issues[0]!.path, ['where', 'all', 1, 'value']);
      assert.equal(e.issues[0]!.code, 'invalid_time');
      return true;
    },
  );
});

test('rows: columns by name, dotted paths into rows', () => {
  const rows = [{ type: 'click', count: 3, 'a.b': 1 }, { type: 'focus', count: 1, nested: { x: 2 } }];
  const p = compileCondition<Record<string, unknown>>({ any: [{ field: 'count', op: 'gt', value: 2 }, { field: 'nested.x', op: 'eq', value: 2 }] }, { now: NOW, access: rowAccess });
  assert.deepEqual(rows.filter(p).map((r) => r.type), ['click', 'focus']);
  const q = compileCondition<Record<string, unknown>>({ field: 'a.b', op: 'eq', value: 1 }, { now: NOW, access: rowAccess });
  assert.deepEqual(rows.filter(q).map((r) => r.type), ['click']);
});

test('a time role compared with null or a boolean: no date parsing (null means missing, a boolean matches no time)', () => {
  const noTime = { ...ev('5', 0), time: undefined } as unknown as (typeof events)[number];
  const all = [...events, noTime];
  const p = (where: Condition) => all.filter(compileCondition(where, { now: NOW })).map((e) => e.id);
  assert.deepEqual(p({ field: 'time', op: 'eq', value: null }), ['5']);
  assert.deepEqual(p({ field: 'end', op: 'in', value: [null] }), ['1', '2', '3', '4', '5']);
  assert.deepEqual(p({ field: 'time', op: 'eq', value: true }), []);
  assert.deepEqual(p({ field: 'time', op: 'in', value: [false, '2024-05-10'] }), ['4']);
});

test('the query time range leaves out events without a time; from alone and to alone', () => {
  const noTime = { ...ev('5', 0), time: undefined } as unknown as (typeof events)[number];
  const all = [...events, noTime];
  const run = (time: { from?: number | string; to?: number | string }) => all.filter(compileQueryPredicate({ time }, { now: NOW })).map((e) => e.id);
  assert.deepEqual(run({ from: Date.UTC(2024, 4, 14, 10) }), ['2', '3']);
  assert.deepEqual(run({ to: Date.UTC(2024, 4, 14, 10) }), ['1', '4']);
  assert.deepEqual(all.filter(compileQueryPredicate({}, { now: NOW })).map((e) => e.id), ['1', '2', '3', '4', '5']);
});

test('a bad time bound in the query range: invalid_query naming time.from / time.to, with the exact message', () => {
  assert.throws(() => compileQueryPredicate({ time: { to: 'soon' } }, { now: NOW }), (e: unknown) => {
    assert.ok(e instanceof InvalidQueryError);
    assert.equal(e.message, 'Invalid time "soon" at time.to.');
    assert.deepEqual(e.issues, [
      { code: 'invalid_time', path: ['time', 'to'], message: '"soon" is not a time: use epoch milliseconds, ISO 8601 (2024-05-01T10:00:00Z) or date math (now-7d/d).' },
    ]);
    return true;
  });
  assert.throws(() => compileQueryPredicate({ time: { from: 'x' } }, { now: NOW }), { message: 'Invalid time "x" at time.from.' });
});

test('single-part all / any and a one-condition query act as that condition', () => {
  assert.deepEqual(ids({ all: [{ field: 'type', op: 'eq', value: 'focus' }] }), ['2']);
  assert.deepEqual(ids({ any: [{ field: 'type', op: 'eq', value: 'focus' }] }), ['2']);
  assert.deepEqual(ids({ any: [{ field: 'type', op: 'eq', value: 'nope' }, { field: 'user', op: 'eq', value: 'nobody' }] }), []);
  assert.deepEqual(ids({ all: [{ field: 'type', op: 'eq', value: 'click' }, { field: 'user', op: 'eq', value: 'nobody' }] }), []);
});

test('ranges on every operator at the boundary value', () => {
  assert.deepEqual(ids({ field: 'details.clicks', op: 'gt', value: 2 }), []);
  assert.deepEqual(ids({ field: 'details.clicks', op: 'gte', value: 2 }), ['1']);
  assert.deepEqual(ids({ field: 'details.clicks', op: 'lt', value: 0 }), []);
  assert.deepEqual(ids({ field: 'details.clicks', op: 'lte', value: 0 }), ['3']);
  assert.deepEqual(ids({ field: 'user', op: 'gt', value: 5 }), []);
});

test('in: loose matches and exact matches; eq on an array field by loose value', () => {
  assert.deepEqual(ids({ field: 'n', op: 'in', value: ['5'] }), ['1', '4']);
  assert.deepEqual(ids({ field: 'n', op: 'in', value: [5] }), ['1', '4']);
  assert.deepEqual(ids({ field: 'n', op: 'nin', value: [5, null] }), []);
  assert.deepEqual(ids({ field: 'details.labels', op: 'eq', value: 'y' }), ['4']);
});

test('time values inside any, eq and in are reported at their own paths', () => {
  const path = (where: Condition): unknown => {
    try {
      compileCondition(where, { now: NOW });
    } catch (e) {
      assert.ok(e instanceof InvalidQueryError);
      return e.issues[0]!.path;
    }
    return assert.fail('expected invalid_query');
  };
  assert.deepEqual(path({ any: [{ field: 'type', op: 'eq', value: 'x' }, { field: 'time', op: 'gt', value: 'bad' }] }), ['where', 'any', 1, 'value']);
  assert.deepEqual(path({ field: 'time', op: 'eq', value: 'bad' }), ['where', 'value']);
  assert.deepEqual(path({ field: 'end', op: 'in', value: ['2024-01-01', 'bad'] }), ['where', 'value', 1]);
});

test('rows: no column is a time, so text values are compared as text, never parsed as dates', () => {
  const rows = [{ type: 'click' }, { type: 'now' }];
  const p = compileCondition<Record<string, unknown>>({ field: 'type', op: 'in', value: ['now', 'x'] }, { now: NOW, access: rowAccess });
  assert.deepEqual(rows.filter(p), [{ type: 'now' }]);
  const q = compileCondition<Record<string, unknown>>({ field: 'type', op: 'eq', value: 'click' }, { now: NOW, access: rowAccess });
  assert.deepEqual(rows.filter(q), [{ type: 'click' }]);
});
