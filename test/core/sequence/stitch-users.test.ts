import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stitchUsers } from '../../../src/core/sequence/stitch-users.js';
import { ev } from '../../helpers/events.js';
import { untimed } from './seq-helpers.js';

const opts = { userField: 'user', sessionKnown: true };

test('an anonymous start (login page) becomes the one user of the session', () => {
  const events = [ev('a', 0), ev('b', 1, { user: 'ann' }), untimed('c'), ev('d', 2, { user: 'ann' })];
  assert.deepEqual(stitchUsers(events, opts), { status: 'stitched', user: 'ann', filled: 2 });
});

test('already one user: single; nobody: anonymous; empty session: anonymous', () => {
  assert.deepEqual(stitchUsers([ev('a', 0, { user: 'bo' })], opts), { status: 'single', user: 'bo' });
  assert.deepEqual(stitchUsers([ev('a', 0), ev('b', 1, {}, { userId: null })], opts), { status: 'anonymous' });
  assert.deepEqual(stitchUsers([], opts), { status: 'anonymous' });
});

test('two distinct users: a conflict listing both with counts, in order of first appearance, nothing guessed', () => {
  const events = [ev('a', 0), ev('b', 1, { user: 'zed' }), ev('c', 2, { user: 'amy' }), ev('d', 3, { user: 'zed' })];
  assert.deepEqual(stitchUsers(events, opts), { status: 'conflict', users: [{ user: 'zed', count: 2 }, { user: 'amy', count: 1 }] });
});

test('events without a session are never stitched; an empty-string user counts as missing', () => {
  assert.deepEqual(stitchUsers([ev('a', 0), ev('b', 1, { user: 'ann' })], { ...opts, sessionKnown: false }), { status: 'no-session' });
  assert.deepEqual(stitchUsers([ev('a', 0, { user: '' }), ev('b', 1, { user: 'ann' })], opts), { status: 'stitched', user: 'ann', filled: 1 });
});

test('a document field can hold the user (doc.userId)', () => {
  assert.deepEqual(stitchUsers([ev('a', 0, {}, { userId: 7 }), ev('b', 1, {}, { userId: null })], { ...opts, userField: 'doc.userId' }), {
    status: 'stitched',
    user: '7',
    filled: 1,
  });
});

test('an object user value is the user as JSON text', () => {
  assert.deepEqual(stitchUsers([ev('a', 1), ev('b', 2, {}, { u: { id: 7 } })], { userField: 'u', sessionKnown: true }), { status: 'stitched', user: '{"id":7}', filled: 1 });
});
