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

test('dropRoles: the listed roles become undefined, the other roles and the listed document fields stay, missing fields are not added', () => {
  const e = ev('1', 5, { user: 'u', type: 'click', path: ['button#a', 'body'], page: 'https://x/a' }, { details: { clicks: 1, alt: false }, pageTitle: 'T' });
  const out = compileProjection(['details.clicks', 'missing.field', 'path'], { dropRoles: ['path', 'page'] })(e);
  assert.deepEqual(out, { id: '1', time: 5, user: 'u', type: 'click', path: undefined, page: undefined, doc: { details: { clicks: 1 } } });
  assert.deepEqual(Object.keys(out.doc), ['details']);
  assert.deepEqual([e.path, e.page], [['button#a', 'body'], 'https://x/a'], 'source event untouched');
  // An empty list drops nothing: the same event as without the option.
  assert.deepEqual(compileProjection(['pageTitle'], { dropRoles: [] })(e), { id: '1', time: 5, user: 'u', type: 'click', path: ['button#a', 'body'], page: 'https://x/a', doc: { pageTitle: 'T' } });
});

test('no document field listed: every event gets one shared, frozen, empty document (with and without dropRoles); a listed field gives each event its own', () => {
  const a = ev('1', 5, { user: 'u' }, { pageTitle: 'T' });
  const b = ev('2', 6, { user: 'v' }, { pageTitle: 'U' });
  for (const project of [compileProjection(['user', 'type']), compileProjection([], { dropRoles: ['path'] })]) {
    const [x, y] = [project(a), project(b)];
    assert.deepEqual([x.doc, y.doc], [{}, {}]);
    assert.equal(x.doc, y.doc, 'one document for all');
    assert.ok(Object.isFrozen(x.doc));
    assert.deepEqual([x.user, y.user], ['u', 'v']);
  }
  const own = compileProjection(['pageTitle']);
  const [x, y] = [own(a), own(b)];
  assert.notEqual(x.doc, y.doc);
  assert.ok(!Object.isFrozen(x.doc));
  assert.deepEqual([x.doc, y.doc], [{ pageTitle: 'T' }, { pageTitle: 'U' }]);
});
