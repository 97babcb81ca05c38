import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery } from '../../../src/core/query/parse-query.js';
import { InvalidQueryError } from '../../../src/core/errors.js';

function issues(input: unknown): { path: string; code: string }[] {
  try {
    parseQuery(input);
  } catch (e) {
    assert.ok(e instanceof InvalidQueryError);
    assert.equal(e.code, 'invalid_query');
    return e.issues.map((i) => ({ path: i.path.join('.'), code: i.code }));
  }
  assert.fail('expected invalid_query');
}

test('a valid query is normalised: sort shorthands become objects', () => {
  assert.deepEqual(parseQuery({ sort: ['-time', 'user', { field: 'type' }], limit: 5 }), {
    sort: [
      { field: 'time', order: 'desc' },
      { field: 'user', order: 'asc' },
      { field: 'type', order: 'asc' },
    ],
    limit: 5,
  });
  assert.deepEqual(parseQuery(undefined), {});
});

test('issues carry the JSON path of the offending part', () => {
  assert.deepEqual(issues({ where: { field: 'type', op: 'eqq', value: 'x' } }), [{ path: 'query.where.op', code: 'invalid_value' }]);
  assert.deepEqual(issues({ where: { all: [{ field: 'type', op: 'eq', value: 'x' }, { field: 'n', op: 'in', value: 3 }] } }), [
    { path: 'query.where.all.1.value', code: 'invalid_type' },
  ]);
  assert.deepEqual(issues({ limit: -1 }), [{ path: 'query.limit', code: 'too_small' }]);
  assert.deepEqual(issues({ lmit: 3 }), [{ path: 'query.lmit', code: 'unknown_key' }]);
  assert.deepEqual(issues({ time: { from: 'last tuesday' } }), [{ path: 'query.time.from', code: 'invalid_time' }]);
  assert.deepEqual(issues({ where: { not: { field: 'time', op: 'gte', value: 'soon' } } }), [{ path: 'query.where.not.value', code: 'invalid_time' }]);
});

test('several problems are all reported', () => {
  const found = issues({ where: { field: '', op: 'eq', value: 1 }, limit: 1.5, fields: 'type' });
  assert.deepEqual(found.map((i) => i.path).sort(), ['query.fields', 'query.limit', 'query.where.field']);
});

test('the error message names the first problem and how many more; time issues carry the base path', () => {
  const message = (input: unknown, base?: (string | number)[]): string => {
    try {
      parseQuery(input, base);
    } catch (e) {
      return (e as Error).message;
    }
    return assert.fail('expected invalid_query');
  };
  assert.equal(message({ limit: -1 }), 'Invalid query at query.limit: Too small: expected number to be >=0');
  assert.equal(message({ where: { field: '', op: 'eq', value: 1 }, limit: 1.5, fields: 'type' }), 'Invalid query at query.where.field: A field name cannot be empty. (and 2 more)');
  assert.equal(
    message({ time: { from: 'x' } }, ['pipeline', 'query']),
    'Invalid query at pipeline.query.time.from: "x" is not a time: use epoch milliseconds, ISO 8601 (2024-05-01T10:00:00Z) or date math (now-7d/d).',
  );
});

test('normalisation: every part kept, + and - sort prefixes, exists defaults to true', () => {
  assert.deepEqual(parseQuery({ sort: ['+user', { field: 'x', order: 'desc' }], time: { from: 1, to: 'now' }, where: { field: 'type', op: 'exists' }, fields: ['a'] }), {
    time: { from: 1, to: 'now' },
    where: { field: 'type', op: 'exists', value: true },
    fields: ['a'],
    sort: [
      { field: 'user', order: 'asc' },
      { field: 'x', order: 'desc' },
    ],
  });
});
