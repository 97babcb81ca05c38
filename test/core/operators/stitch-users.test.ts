import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ev } from '../../helpers/events.js';
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
