import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWhere } from '../../src/cli/where-shorthand.js';

test('symbol forms', () => {
  assert.deepEqual(parseWhere('type=click'), { field: 'type', op: 'eq', value: 'click' });
  assert.deepEqual(parseWhere('details.clicks>=2'), { field: 'details.clicks', op: 'gte', value: 2 });
  assert.deepEqual(parseWhere('user != null'), { field: 'user', op: 'ne', value: null });
  assert.deepEqual(parseWhere('target^=button#'), { field: 'target', op: 'prefix', value: 'button#' });
  assert.deepEqual(parseWhere('page*=checkout'), { field: 'page', op: 'contains', value: 'checkout' });
  assert.deepEqual(parseWhere('time<now-1d'), { field: 'time', op: 'lt', value: 'now-1d' });
  assert.deepEqual(parseWhere('user?'), { field: 'user', op: 'exists', value: true });
  assert.deepEqual(parseWhere('!user?'), { field: 'user', op: 'exists', value: false });
  assert.deepEqual(parseWhere('target=button#x.btn primary'), { field: 'target', op: 'eq', value: 'button#x.btn primary' });
});

test('word forms and lists', () => {
  assert.deepEqual(parseWhere('type in click,focus'), { field: 'type', op: 'in', value: ['click', 'focus'] });
  assert.deepEqual(parseWhere('details.clicks in [0, 1]'), { field: 'details.clicks', op: 'in', value: [0, 1] });
  assert.deepEqual(parseWhere('type nin blur'), { field: 'type', op: 'nin', value: ['blur'] });
  assert.deepEqual(parseWhere('n gte 2'), { field: 'n', op: 'gte', value: 2 });
  assert.deepEqual(parseWhere('flag="true"'), { field: 'flag', op: 'eq', value: 'true' });
});

test('unreadable conditions are invalid_argument listing the forms', () => {
  assert.throws(() => parseWhere('just words'), { code: 'invalid_argument', message: /field=value/ });
  assert.throws(() => parseWhere('=x'), { code: 'invalid_argument' });
});
