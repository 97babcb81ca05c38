import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import type { PartitionOrder } from '../../../src/core/frame.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { sessionizeOperator } from '../../../src/core/operators/sessionize.js';
import { batches, ev, opContext } from '../../helpers/events.js';
import { docSections } from './operator-doc-section.js';
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

// --- Exact checks of the two output paths, the declared fields and the docs (mutation testing, issue 16) ---

/** Run sessionize directly over events claiming `order`: the frame's order and its batches as [id, session id]. */
async function runDirect(params: Record<string, unknown>, input: readonly CanonicalEvent[], order?: PartitionOrder): Promise<{ order: unknown; batches: string[][][] }> {
  const op = createRegistry().get('sessionize');
  const frame = op.run({ kind: 'events', batches: batches(input, 2), ...(order === undefined ? {} : { order }) }, op.params.parse(params), opContext());
  const out: string[][][] = [];
  for await (const batch of frame.batches as AsyncIterable<readonly CanonicalEvent[]>) out.push(batch.map((e) => [e.id, e.session!]));
  return { order: frame.kind === 'events' ? frame.order : frame.kind, batches: out };
}

// One user whose session values alternate: in time order, not in session order.
const alternating = [
  ev('1', 1, { user: 'ann', session: 's2' }),
  ev('2', 2, { user: 'ann', session: 's1' }),
  ev('3', 3, { user: 'ann', session: 's2' }),
  ev('4', 1, { user: 'bo', session: 's1' }),
];

test('sessionize in its ordinary input order: events stay in time order per partition, no order claimed', async () => {
  const { out } = await run('sessionize', { by: 'field' }, alternating);
  assert.deepEqual(brief(out, 'session'), [['1', 'ann/s2/1'], ['2', 'ann/s1/1'], ['3', 'ann/s2/1'], ['4', 'bo/s1/1']]);
  assert.deepEqual(await runDirect({ by: 'field' }, alternating, { by: ['user'] }), {
    order: undefined,
    batches: [[['1', 'ann/s2/1'], ['2', 'ann/s1/1'], ['3', 'ann/s2/1']], [['4', 'bo/s1/1']]],
  });
});

test('sessionize in id-prefix order by its partition fields: each partition emitted regrouped in session order, order claimed', async () => {
  assert.deepEqual(await runDirect({ by: 'field' }, alternating, { by: ['user'], keys: 'id-prefix' }), {
    order: { by: ['session'] },
    batches: [[['2', 'ann/s1/1'], ['1', 'ann/s2/1'], ['3', 'ann/s2/1']], [['4', 'bo/s1/1']]],
  });
});

test('sessionize in id-prefix order: partitions sharing a prefix (1 and "1") are one block, merged in session then time order', async () => {
  const shared = [
    ev('a', 5, { user: 1 as unknown as string, session: 's' }),
    ev('b', 9, { user: 1 as unknown as string, session: 'r' }),
    ev('c', 1, { user: '1', session: 's' }),
    ev('d', 2, { user: '1', session: 'q' }),
    ev('e', 0, { user: 'z', session: 's' }),
  ];
  assert.deepEqual(await runDirect({ by: 'field' }, shared, { by: ['user'], keys: 'id-prefix' }), {
    order: { by: ['session'] },
    batches: [
      [['d', '1/q/1'], ['b', '1/r/1'], ['c', '1/s/1'], ['a', '1/s/1']],
      [['e', 'z/s/1']],
    ],
  });
});

test('sessionize in an id-prefix order by other fields than its partition: the ordinary path, no order claimed', async () => {
  const ordinary = (batchesOut: string[][][]) => ({ order: undefined, batches: batchesOut });
  // one field, not the partition field
  assert.deepEqual(await runDirect({ by: 'field' }, alternating, { by: ['session'], keys: 'id-prefix' }), ordinary([[['1', 'ann/s2/1'], ['2', 'ann/s1/1'], ['3', 'ann/s2/1']], [['4', 'bo/s1/1']]]));
  // a prefix of the partition fields
  const byUserAndG = alternating.map((e) => ({ ...e, doc: { g: 1 } }));
  assert.deepEqual(
    await runDirect({ by: 'field', partitionBy: ['user', 'doc.g'] }, byUserAndG, { by: ['user'], keys: 'id-prefix' }),
    ordinary([[['1', 'ann/1/s2/1'], ['2', 'ann/1/s1/1'], ['3', 'ann/1/s2/1']], [['4', 'bo/1/s1/1']]]),
  );
  // as many fields, the first one equal
  assert.deepEqual(
    await runDirect({ by: 'field', partitionBy: ['user', 'doc.g'] }, byUserAndG, { by: ['user', 'session'], keys: 'id-prefix' }),
    ordinary([[['1', 'ann/1/s2/1'], ['2', 'ann/1/s1/1'], ['3', 'ann/1/s2/1']], [['4', 'bo/1/s1/1']]]),
  );
});

test('sessionize declares the session fields it reads, and the page or tab field when it splits per domain or tab', () => {
  const fieldsOf = (params: Record<string, unknown>) => sessionizeOperator.fields!(sessionizeOperator.params.parse(params));
  assert.deepEqual(fieldsOf({}), ['session', 'sessionId', 'sessionID', 'browserSessionId', 'httpSessionId']);
  assert.deepEqual(fieldsOf({ fields: 'doc.visit', per: 'domain' }), ['doc.visit', 'page']);
  assert.deepEqual(fieldsOf({ fields: 'doc.visit', per: 'domain', pageField: 'doc.url', tabField: 'doc.tab' }), ['doc.visit', 'doc.url']);
  assert.deepEqual(fieldsOf({ fields: ['doc.visit'], per: 'tab' }), ['doc.visit', 'browserSessionId']);
  assert.deepEqual(fieldsOf({ fields: ['doc.visit'], per: 'tab', pageField: 'doc.url', tabField: 'doc.tab' }), ['doc.visit', 'doc.tab']);
  assert.deepEqual(sessionizeOperator.partition!(sessionizeOperator.params.parse({ partitionBy: ['user', 'doc.g'] })), { by: ['user', 'doc.g'] });
  assert.deepEqual(sessionizeOperator.derives!(sessionizeOperator.params.parse({})), ['sourceSession']);
});

test('docs/operators.md documents sessionize as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(sessionizeOperator);
  assert.equal(rendered, committed);
});
