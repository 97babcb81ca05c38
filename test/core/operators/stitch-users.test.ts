import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ev } from '../../helpers/events.js';
import { stitchUsersOperator } from '../../../src/core/operators/stitch-users.js';
import { docSections } from './operator-doc-section.js';
import { brief, run } from './sequence-run.js';

test('stitch-users: anonymous login page events get the session’s user; conflicts are reported, not guessed', async () => {
  const events = [
    ev('1', 0, { session: 's1' }, { userId: null }),
    ev('2', 1, { session: 's1', user: 'ann' }, { userId: 'ann' }),
    ev('3', 0, { session: 's2', user: 'x' }),
    ev('4', 1, { session: 's2', user: 'y' }),
    ev('5', 0, {}),
    ev('6', 2, { session: 's3' }),
  ];
  const { out, warnings } = await run('stitch-users', {}, events);
  assert.deepEqual(brief(out, 'user', 'attrs.sourceUser', 'attrs.userStitch'), [
    ['1', 'ann', null, 'stitched'],
    ['2', 'ann', 'ann', 'stitched'],
    ['3', 'x', 'x', 'conflict'],
    ['4', 'y', 'y', 'conflict'],
    ['6', undefined, null, 'anonymous'],
    ['5', undefined, null, 'no-session'],
  ]);
  assert.equal((out[0] as { doc: { userId: unknown } }).doc.userId, null);
  assert.deepEqual(warnings.toArray().map((w) => [w.code, w.message]), [['user_conflict', 'Session s2 has 2 users (x ×1, y ×1): not stitched.']]);
});

// --- Exact checks of the declared fields, a user field other than the role, and the docs (mutation testing, issue 16) ---

test('stitch-users with another user field: the one user found there becomes the `user` role, also when none was anonymous', async () => {
  const events = [
    ev('1', 0, { session: 's1', user: 'kiosk' }, { login: 'ann' }),
    ev('2', 1, { session: 's1' }, { login: ['ann'] }),
    ev('3', 0, { session: 's2', user: 'kiosk' }, { login: 'bo' }),
    ev('4', 1, { session: 's2' }, { login: null }),
    ev('5', 0, { session: 's3', user: 'kiosk' }, { login: 7 }),
  ];
  const { out, warnings } = await run('stitch-users', { userField: 'doc.login' }, events);
  assert.deepEqual(brief(out, 'user', 'attrs.sourceUser', 'attrs.userStitch'), [
    ['1', 'ann', 'ann', 'single'],
    ['2', 'ann', 'ann', 'single'],
    ['3', 'bo', 'bo', 'stitched'],
    ['4', 'bo', null, 'stitched'],
    ['5', '7', '7', 'single'],
  ]);
  assert.deepEqual(warnings.toArray(), []);
});

test('stitch-users declares the session and user fields it reads, partitions by the session field and derives sourceUser, userStitch', () => {
  const params = stitchUsersOperator.params.parse({ sessionField: 'doc.visit', userField: 'doc.login' });
  assert.deepEqual(stitchUsersOperator.fields!(params), ['doc.visit', 'doc.login']);
  assert.deepEqual(stitchUsersOperator.fields!(stitchUsersOperator.params.parse({})), ['session', 'user']);
  assert.deepEqual(stitchUsersOperator.partition!(params), { by: ['doc.visit'] });
  assert.deepEqual(stitchUsersOperator.derives!(params), ['sourceUser', 'userStitch']);
});

test('docs/operators.md documents stitch-users as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(stitchUsersOperator);
  assert.equal(rendered, committed);
});
