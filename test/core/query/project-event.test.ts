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
