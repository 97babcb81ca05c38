import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ev } from '../../helpers/events.js';
import { run } from './sequence-run.js';

const events = [
  ev('a', 0, { session: 's', type: 'click' }),
  ev('b', 1000, { session: 's', type: 'scroll' }),
  ev('c', 2000, { session: 's', type: 'scroll' }),
  ev('d', 70_000, { session: 's', type: 'click' }),
  ev('e', 10, { session: 't', type: 'dblclick' }),
];

test('segment: idle gaps per session as table rows with event ids', async () => {
  const { out } = await run('segment', { segments: [{ mode: 'idle', limit: '1m' }] }, events);
  assert.deepEqual(out, [{ session: 's', name: 'idle0', kind: 'idle', start: 2000, end: 70_000, duration: 68_000, count: 1, eventIds: ['c'] }]);
});

test('segment: anchored windows match exactly (dblclick is not a click); combine and filters', async () => {
  const { out } = await run(
    'segment',
    {
      segments: [{ mode: 'anchored', where: { field: 'type', op: 'eq', value: 'click' }, after: '5s', label: 'c' }, { mode: 'idle', limit: 60_000, label: 'idle', }],
      closed: 'both',
      combine: [{ op: 'union', name: 'all', left: 'c', right: 'idle' }],
      minCount: 2,
    },
    events,
  );
  assert.deepEqual(
    (out as { session: string; name: string; eventIds: string[] }[]).map((r) => [r.session, r.name, r.eventIds]),
    [
      ['s', 'c0', ['a', 'b', 'c']],
      ['s', 'idle0', ['c', 'd']],
      ['s', 'all', ['a', 'b', 'c', 'd']],
    ],
  );
});

test('segment: fixed windows by user; labels and names are checked', async () => {
  const { out } = await run('segment', { segments: [{ mode: 'fixed', size: '1m', keepEmpty: false }], partitionBy: 'user' }, events, 1);
  assert.deepEqual((out as { user: unknown; name: string; count: number }[]).map((r) => [r.user, r.name, r.count]), [[null, 'fixed0', 4], [null, 'fixed1', 1]]);
  await assert.rejects(run('segment', { segments: [{ mode: 'idle', limit: 1, label: 'x' }, { mode: 'idle', limit: 2, label: 'x' }] }, events), { code: 'invalid_pipeline' });
  await assert.rejects(run('segment', { segments: [{ mode: 'idle', limit: 1, label: 'x' }], combine: [{ op: 'union', name: 'x0', left: 'x', right: 'x' }] }, events), { code: 'invalid_pipeline' });
  await assert.rejects(run('segment', { segments: [{ mode: 'anchored', where: { field: 'type', op: 'eq', value: 'click' } }] }, events), { code: 'invalid_pipeline' });
  await assert.rejects(run('segment', { segments: [{ mode: 'idle', limit: 1, label: 'x1' }] }, events), { code: 'invalid_pipeline' });
});
