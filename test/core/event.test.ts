import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, STRING_ROLES, copyEvent, isRole, withAttrs, type CanonicalEvent } from '../../src/core/event.js';

const doc = { clientTime: 1, details: { clicks: 2 } };
const full: CanonicalEvent = {
  id: 'a.ndjson#3',
  time: 1000.5,
  end: 2000,
  user: 'ann',
  session: 's1',
  type: 'click',
  target: 'button#go',
  path: ['button#go', 'body', 'Window'],
  page: 'https://example.org/',
  kind: 'raw',
  doc,
  attrs: { segment: 'intro', step: 1 },
};

test('withAttrs copies every role, keeps the document and merges the attributes over the existing ones', () => {
  const out = withAttrs(full, { step: 2, label: 'x' });
  assert.deepEqual(out, {
    id: 'a.ndjson#3',
    time: 1000.5,
    end: 2000,
    user: 'ann',
    session: 's1',
    type: 'click',
    target: 'button#go',
    path: ['button#go', 'body', 'Window'],
    page: 'https://example.org/',
    kind: 'raw',
    doc: { clientTime: 1, details: { clicks: 2 } },
    attrs: { segment: 'intro', step: 2, label: 'x' },
  });
  assert.equal(out.doc, doc, 'the document is shared, not copied');
  assert.equal(out.path, full.path);
  assert.deepEqual(full.attrs, { segment: 'intro', step: 1 }, 'the input event is untouched');
});

test('withAttrs on an event without attributes gives a copy of the attributes passed, not the object itself', () => {
  const bare: CanonicalEvent = { id: 'e1', doc: {} };
  const attrs = { segment: 'a' };
  const out = withAttrs(bare, attrs);
  assert.deepEqual(out, {
    id: 'e1',
    time: undefined,
    end: undefined,
    user: undefined,
    session: undefined,
    type: undefined,
    target: undefined,
    path: undefined,
    page: undefined,
    kind: undefined,
    doc: {},
    attrs: { segment: 'a' },
  });
  assert.notEqual(out.attrs, attrs);
  assert.deepEqual(Object.keys(out), ['id', 'time', 'end', 'user', 'session', 'type', 'target', 'path', 'page', 'kind', 'doc', 'attrs']);
});

test('copyEvent sets user and session, even to undefined, and merges the attributes', () => {
  const out = copyEvent(full, { sourceUser: 'ann' }, 'bob', undefined);
  assert.equal(out.user, 'bob');
  assert.equal(out.session, undefined);
  assert.equal(Object.hasOwn(out, 'session'), true);
  assert.deepEqual(out.attrs, { segment: 'intro', step: 1, sourceUser: 'ann' });
  assert.equal(out.type, 'click');
  assert.equal(full.user, 'ann');
  assert.equal(full.session, 's1');
});

test('the roles in canonical column order, the string roles, and isRole', () => {
  assert.deepEqual(ROLES, ['id', 'time', 'end', 'user', 'session', 'type', 'target', 'path', 'page', 'kind']);
  assert.deepEqual(STRING_ROLES, ['user', 'session', 'type', 'target', 'page', 'kind']);
  for (const role of ROLES) assert.equal(isRole(role), true, role);
  for (const name of ['doc', 'attrs', 'details', 'Time', '', 'constructor', 'toString', '__proto__']) assert.equal(isRole(name), false, name);
});
