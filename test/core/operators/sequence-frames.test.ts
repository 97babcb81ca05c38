import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { derive, eventPartitions, eventsFrame, keyColumns, keyRow, partitionPrefix, tableOf } from '../../../src/core/operators/sequence-frames.js';
import { batches, collect, ev } from '../../helpers/events.js';

const base: CanonicalEvent = { id: 'e1', time: 5, end: 9, user: 'u', session: 's', type: 'click', target: 'button', path: ['button', 'body'], page: 'https://x/', kind: 'raw', doc: { a: 1 } };

test('derive on an event without attributes: the given object becomes the attributes as it is; roles kept unless replaced', () => {
  const attrs = { segment: 'home' };
  const copy = derive(base, attrs);
  assert.equal(copy.attrs, attrs); // the same object, not a copy
  assert.deepEqual(copy, { ...base, attrs: { segment: 'home' } });
  assert.deepEqual(Object.keys(copy), ['id', 'time', 'end', 'user', 'session', 'type', 'target', 'path', 'page', 'kind', 'doc', 'attrs']);
  assert.equal(copy.doc, base.doc);
  assert.deepEqual(derive(base, {}, { user: 'v', session: undefined }), { ...base, user: 'v', session: undefined, attrs: {} });
  assert.equal(base.attrs, undefined);
});

test('derive on an event with attributes: merged over them in a new object; the event is untouched', () => {
  const event: CanonicalEvent = { ...base, attrs: { segment: 'home', tab: 1 } };
  const attrs = { segment: 'cart' };
  const copy = derive(event, attrs, { session: 's2' });
  assert.notEqual(copy.attrs, attrs);
  assert.deepEqual(copy, { ...base, session: 's2', attrs: { segment: 'cart', tab: 1 } });
  assert.deepEqual(event.attrs, { segment: 'home', tab: 1 });
  assert.deepEqual(attrs, { segment: 'cart' });
});

test('keyColumns and keyRow: one column of any type per partition field; missing key values are null', () => {
  assert.deepEqual(keyColumns(['user', 'attrs.tab']), [
    { name: 'user', type: 'any', description: 'Partition key.' },
    { name: 'attrs.tab', type: 'any', description: 'Partition key.' },
  ]);
  assert.deepEqual(keyColumns([]), []);
  assert.deepEqual(keyRow(['user', 'session', 'page'], ['u', undefined]), { user: 'u', session: null, page: null });
  assert.deepEqual(keyRow(['n'], [0]), { n: 0 });
});

test('frames and partitions: events and table frames over the given batches; partitions of an ordered stream with their keys', async () => {
  const source = batches([ev('1', 1, { session: 'a' }), ev('2', 2, { session: 'a' }), ev('3', 1, { session: 'b' })], 2);
  const parts = [];
  for await (const p of eventPartitions(source, ['session'])) parts.push({ key: p.key, ids: p.events.map((e) => e.id) });
  assert.deepEqual(parts, [
    { key: ['a'], ids: ['1', '2'] },
    { key: ['b'], ids: ['3'] },
  ]);
  const rows = batches([{ x: 1 }]);
  const table = tableOf([{ name: 'x', type: 'integer' }], rows);
  assert.deepEqual({ ...table, batches: undefined }, { kind: 'table', columns: [{ name: 'x', type: 'integer' }], batches: undefined });
  assert.equal(table.kind === 'table' ? table.batches : undefined, rows);
  const list = batches([ev('1', 1)]);
  const events = eventsFrame(list);
  assert.equal(events.kind, 'events');
  assert.equal(events.batches, list);
  assert.deepEqual(await collect(events.batches as AsyncIterable<readonly CanonicalEvent[]>), [ev('1', 1)]);
  assert.equal(partitionPrefix(['chloe.a', 'session_1']), 'chloe.a/session_1');
  assert.equal(partitionPrefix([]), 'all');
});
