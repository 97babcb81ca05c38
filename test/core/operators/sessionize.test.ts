import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ev } from '../../helpers/events.js';
import { untimed } from '../sequence/seq-helpers.js';
import { brief, run } from './sequence-run.js';

const MIN = 60_000;
const events = [
  ev('f#4', 40 * MIN, { user: 'ann', session: 's1' }),
  ev('f#1', 0, { user: 'ann', session: 's1' }),
  ev('f#2', 30 * MIN, { user: 'ann', session: 's1' }),
  ev('f#3', 5 * MIN, { user: 'bo' }, { sessionID: 'old' }),
  ev('f#5', 71 * MIN, { user: 'ann', session: 's1' }),
  untimed('f#6', { user: 'ann', session: 's1' }),
];

test('sessionize (default): session field, then a 30-min gap; the session role becomes the id, the old value an attribute', async () => {
  const { out } = await run('sessionize', {}, events);
  assert.deepEqual(brief(out, 'session', 'attrs.sourceSession'), [
    ['f#1', 'ann/s1/1', 's1'],
    ['f#2', 'ann/s1/1', 's1'],
    ['f#4', 'ann/s1/1', 's1'],
    ['f#5', 'ann/s1/2', 's1'],
    ['f#6', 'ann/s1/2', 's1'],
    ['f#3', 'bo/old/1', null],
  ]);
});

test('sessionize by gap only, by field only; same answer in batches of 1 and of 100', async () => {
  const gap = await run('sessionize', { by: 'gap', gap: '30m' }, events, 1);
  assert.deepEqual(brief(gap.out, 'session'), [['f#1', 'ann/1'], ['f#2', 'ann/1'], ['f#4', 'ann/1'], ['f#5', 'ann/2'], ['f#6', 'ann/2'], ['f#3', 'bo/1']]);
  assert.deepEqual((await run('sessionize', { by: 'gap', gap: 1_800_000 }, events, 100)).out, gap.out);
  const field = await run('sessionize', { by: 'field' }, events);
  assert.deepEqual(brief(field.out, 'session'), [['f#1', 'ann/s1/1'], ['f#2', 'ann/s1/1'], ['f#4', 'ann/s1/1'], ['f#5', 'ann/s1/1'], ['f#6', 'ann/s1/1'], ['f#3', 'bo/old/1']]);
});

test('sessionize rejects a gap that is not a duration', async () => {
  await assert.rejects(run('sessionize', { gap: '30 minutes' }, []), { code: 'invalid_pipeline' });
});
