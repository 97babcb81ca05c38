import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareIds, compareWithinPartition, partitionComparator, partitions, sortWithinPartitions } from '../../src/core/partition.js';
import type { CanonicalEvent } from '../../src/core/event.js';
import { batches, collect, ev } from '../helpers/events.js';

test('ids compare digit runs as numbers, so file ids keep source order', () => {
  assert.deepEqual(['a#10', 'a#9', 'b#1', 'a#100', 'a#09'].sort(compareIds), ['a#9', 'a#09', 'a#10', 'a#100', 'b#1']);
  assert.deepEqual(['x/f2.ndjson#3', 'x/f10.ndjson#1', 'x/f2.ndjson#20'].sort(compareIds), ['x/f2.ndjson#3', 'x/f2.ndjson#20', 'x/f10.ndjson#1']);
  assert.equal(compareIds('abc', 'abc'), 0);
  assert.ok(compareIds('ab', 'abc') < 0);
  assert.ok(compareIds('a#1', 'a#1x') < 0);
});

test('ids: the order is total and consistent (antisymmetric, transitive on samples)', () => {
  fc.assert(
    fc.property(fc.array(fc.stringMatching(/^[a-c0-9#]{0,6}$/), { minLength: 3, maxLength: 3 }), ([a, b, c]) => {
      assert.equal(Math.sign(compareIds(a!, b!)) + Math.sign(compareIds(b!, a!)), 0);
      if (compareIds(a!, b!) <= 0 && compareIds(b!, c!) <= 0) assert.ok(compareIds(a!, c!) <= 0);
    }),
  );
});

test('within a partition: time ascending, untimed last, ties by id in source order', () => {
  const events: CanonicalEvent[] = [
    { id: 'f#12', doc: {} },
    ev('f#10', 5),
    ev('f#2', 5),
    ev('f#3', 1.5),
    { id: 'f#4', doc: {} },
  ];
  assert.deepEqual([...events].sort(compareWithinPartition).map((e) => e.id), ['f#3', 'f#2', 'f#10', 'f#4', 'f#12']);
});

test('partition order: key values as Elasticsearch sorts them (missing last), then time', () => {
  const events = [ev('1', 3, { session: 'b' }), ev('2', 1, {}), ev('3', 2, { session: 'a' }), ev('4', 1, { session: 'b' }), ev('5', 0, { session: 'a' })];
  assert.deepEqual([...events].sort(partitionComparator(['session'])).map((e) => e.id), ['5', '3', '4', '1', '2']);
  // two fields
  const two = [ev('1', 1, { user: 'u', session: 'y' }), ev('2', 1, { user: 't', session: 'z' }), ev('3', 0, { user: 'u', session: 'x' })];
  assert.deepEqual([...two].sort(partitionComparator(['user', 'session'])).map((e) => e.id), ['2', '3', '1']);
  // no fields: one partition in time order
  assert.deepEqual([...events].sort(partitionComparator([])).map((e) => e.id), ['5', '2', '4', '3', '1']);
});

test('partitions() yields complete partitions one at a time across batch boundaries; missing key is null', async () => {
  const sorted = [ev('1', 0, { session: 'a' }), ev('2', 1, { session: 'a' }), ev('3', 2, { session: 'a' }), ev('4', 0, { session: 'b' }), ev('5', 0, {})];
  const got = [];
  for await (const p of partitions(batches(sorted, 2), ['session'])) got.push([p.key, p.events.map((e) => e.id)]);
  assert.deepEqual(got, [[['a'], ['1', '2', '3']], [['b'], ['4']], [[null], ['5']]]);
  const none = [];
  for await (const p of partitions(batches([], 2), ['session'])) none.push(p);
  assert.deepEqual(none, []);
  const whole = [];
  for await (const p of partitions(batches(sorted, 2), [])) whole.push(p.events.length);
  assert.deepEqual(whole, [5]);
});

test('partitions() keeps number and string keys apart', async () => {
  const sorted = [ev('1', 0, {}, { g: 1 }), ev('2', 0, {}, { g: '1' })];
  const keys = [];
  for await (const p of partitions(batches(sorted), ['g'])) keys.push(p.key);
  assert.deepEqual(keys, [[1], ['1']]);
});

test('sortWithinPartitions puts a grouped stream into the exact tie order', async () => {
  const grouped = [ev('s#3', 5, { session: 'a' }), ev('s#1', 5, { session: 'a' }), ev('s#2', 1, { session: 'a' }), ev('s#9', 2, { session: 'b' })];
  assert.deepEqual((await collect(sortWithinPartitions(batches(grouped, 3), ['session']))).map((e) => e.id), ['s#2', 's#1', 's#3', 's#9']);
});
