import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileProjection } from '../../../src/core/query/project-event.js';
import { ev } from '../../helpers/events.js';

test('projection keeps roles and only the listed document fields, nested', () => {
  const e = ev('1', 5, { user: 'u', type: 'click' }, { details: { clicks: 1, alt: false }, pageTitle: 'T', big: 'x'.repeat(100) });
  const p = compileProjection(['user', 'details.clicks', 'pageTitle', 'missing.field', 'doc.big']);
  const out = p(e);
  assert.deepEqual(out, { id: '1', time: 5, user: 'u', type: 'click', doc: { details: { clicks: 1 }, pageTitle: 'T', big: 'x'.repeat(100) } });
  assert.deepEqual(e.doc.details, { clicks: 1, alt: false }, 'source event untouched');
});

test('projection: a nested field under a value that is not an object gets an object; null values are kept, undefined ones dropped', () => {
  const e = ev('1', 5, {}, { a: null, 'a.b': 2, s: 'text', 'arr.x': 1, arr: [1], keep: null });
  assert.deepEqual(compileProjection(['a', 'a.b', 'keep', 'arr', 'arr.x', 'none'])(e).doc, { a: { b: 2 }, keep: null, arr: { x: 1 } });
  assert.deepEqual(compileProjection(['s'])(e).doc, { s: 'text' });
  assert.deepEqual(compileProjection([])(e).doc, {});
});
