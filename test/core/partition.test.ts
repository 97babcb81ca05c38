import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  compareIds,
  compareKeyPrefixes,
  comparePartitionKeys,
  compareWithinPartition,
  partitionComparator,
  partitionIdPrefix,
  partitionKeyText,
  partitions,
  sortIntoPartitions,
  sortWithinPartitions,
} from '../../src/core/partition.js';
import type { CanonicalEvent } from '../../src/core/event.js';
import type { SpillStore } from '../../src/core/sort/spill-store.js';
import { batches, collect, ev } from '../helpers/events.js';
import { memorySpill } from './sort/memory-spill.js';

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

test('ids: digit runs by value, leading zeros, digits against other characters (exact signs both ways)', () => {
  const cases: [string, string, number][] = [
    ['x1', 'xa', -1], // a digit against a letter: code point order ('1' < 'a'), not a digit run against nothing
    ['x0', 'x#', 1], // '#' is not a digit: '0' > '#'
    ['x9', 'x:', -1], // ':' (just above '9') is not a digit either
    ['ab', 'b', -1], // letters compare by code point, not as runs
    ['a#0', 'a#0', 0],
    ['a#00', 'a#00', 0],
    ['a#009', 'a#10', -1], // 9 < 10 whatever the leading zeros
    ['a#0010', 'a#9', 1],
    ['a#13', 'a#12', 1], // equal length: digit by digit
    ['a#21', 'a#12', 1],
    ['13', '12', 1], // a run at the very start
    ['a#9', 'a#09', -1], // equal values: fewer leading zeros first
    ['a#9x', 'a#09a', -1], // ... decided before what follows
    ['a#0', 'a#00', -1],
    ['a#09', 'a#009', -1],
  ];
  for (const [a, b, sign] of cases) {
    assert.equal(Math.sign(compareIds(a, b)), sign, `${a} vs ${b}`);
    assert.equal(Math.sign(compareIds(b, a)), -sign || 0, `${b} vs ${a}`);
  }
});

test('within a partition, compared directly: the later time is after, whatever the ids; untimed after timed', () => {
  assert.equal(compareWithinPartition(ev('f#1', 5), ev('f#2', 1)), 1);
  assert.equal(compareWithinPartition(ev('f#2', 1), ev('f#1', 5)), -1);
  assert.equal(compareWithinPartition({ id: 'f#1', doc: {} }, ev('f#2', 1)), 1);
  assert.equal(compareWithinPartition(ev('f#2', 1), { id: 'f#1', doc: {} }), -1);
  assert.equal(compareWithinPartition(ev('f#2', 1), ev('f#10', 1)), -1);
  assert.equal(compareWithinPartition({ id: 'f#2', doc: {} }, { id: 'f#10', doc: {} }), -1);
});

test('partition keys: a later component decides when the first ones are equal, whatever the times', () => {
  const events = [ev('1', 0, { user: 'u', session: 'b' }), ev('2', 1, { user: 'u', session: 'a' })];
  assert.deepEqual([...events].sort(partitionComparator(['user', 'session'])).map((e) => e.id), ['2', '1']);
  assert.equal(comparePartitionKeys(['a', 'x'], ['a', 'y']), -1);
  assert.equal(comparePartitionKeys([1, 'y'], [1, 'x']), 1);
  assert.equal(comparePartitionKeys(['a', 'x'], ['a', 'x']), 0);
});

test('partition keys: numbers and arrays as Elasticsearch sorts them (an array by its least value), missing last', () => {
  assert.equal(comparePartitionKeys([1], [2]), -1);
  assert.equal(comparePartitionKeys([10], [9]), 1);
  assert.equal(comparePartitionKeys([1], ['1']), -1); // numbers before strings
  assert.equal(comparePartitionKeys([['a', 'c']], ['b']), -1); // ['a','c'] sorts by 'a'
  assert.equal(comparePartitionKeys(['b'], [['a', 'c']]), 1);
  assert.equal(comparePartitionKeys([[3, 1]], [2]), -1);
  assert.equal(comparePartitionKeys([null], ['a']), 1);
  assert.equal(comparePartitionKeys(['a'], [null]), -1);
});

test('partition keys that sort alike are told apart by their JSON text (strings as s<text>), then by later components', () => {
  // ['a','b'] and 'a' both sort by 'a': the text '["a","b"]' is before 'sa'.
  assert.equal(comparePartitionKeys([['a', 'b']], ['a']), -1);
  assert.equal(comparePartitionKeys(['a'], [['a', 'b']]), 1);
  assert.equal(comparePartitionKeys([['a', 'b']], [['a', 'c']]), -1);
  assert.equal(comparePartitionKeys([{ k: 2 }], [{ k: 1 }]), 1); // objects have no sort value: JSON text
  // Equal arrays that are different objects are equal keys; the next component decides.
  assert.equal(comparePartitionKeys([['a'], 'x'], [['a'], 'y']), -1);
  assert.equal(comparePartitionKeys([['a'], 'y'], [['a'], 'x']), 1);
  assert.equal(comparePartitionKeys([['a']], [['a']]), 0);
});

test('partitionComparator and partitions read missing and empty-array values as null, other arrays as they are', async () => {
  const events = [ev('1', 0, {}, { g: [] }), ev('2', 1, {}, {}), ev('3', 2, {}, { g: null }), ev('4', 0, {}, { g: ['a'] }), ev('5', 1, {}, { g: ['a'] })];
  const got = [];
  for await (const p of partitions(batches(events, 2), ['g'])) got.push([p.key, p.events.map((e) => e.id)]);
  assert.deepEqual(got, [[[null], ['1', '2', '3']], [[['a']], ['4', '5']]]);
});

test('partitions(): keys equal by value but not identical (arrays, objects) stay one partition; a new value starts the next', async () => {
  const events = [
    ev('1', 0, {}, { g: ['x', 'y'] }),
    ev('2', 1, {}, { g: ['x', 'y'] }),
    ev('3', 2, {}, { g: ['x', 'y'] }),
    ev('4', 0, {}, { g: ['z'] }),
    ev('5', 1, {}, { g: ['z'] }),
    ev('6', 0, {}, { g: 'x' }),
  ];
  const got = [];
  for await (const p of partitions(batches(events, 4), ['g'])) got.push([p.key, p.events.map((e) => e.id)]);
  assert.deepEqual(got, [[[['x', 'y']], ['1', '2', '3']], [[['z']], ['4', '5']], [['x'], ['6']]]);
});

test('partitionIdPrefix: components joined by /, idPart-encoded; no component is "all"', () => {
  assert.equal(partitionIdPrefix([]), 'all');
  assert.equal(partitionIdPrefix(['chloe.a']), 'chloe.a');
  assert.equal(partitionIdPrefix(['u', 's/1', null, 7]), 'u/s%2F1/∅/7');
});

test('compareKeyPrefixes: by the id-prefix text plus /, keys with the same text by comparePartitionKeys', () => {
  assert.equal(Math.sign(compareKeyPrefixes(['a'], ['b'])), -1);
  assert.equal(Math.sign(compareKeyPrefixes(['b'], ['a'])), 1);
  assert.equal(Math.sign(compareKeyPrefixes([10], [9])), -1); // '10/' < '9/' (comparePartitionKeys: 9 < 10)
  assert.equal(Math.sign(compareKeyPrefixes([9], [10])), 1);
  // As ids 'a/…' and 'a-/…' order ('-' 0x2D < '/' 0x2F): the key 'a' after 'a-', though 'a' alone is a prefix of 'a-'.
  assert.equal(Math.sign(compareKeyPrefixes(['a'], ['a-'])), 1);
  assert.equal(compareKeyPrefixes([1], ['1']), -1); // same prefix '1/': number before string
  assert.equal(compareKeyPrefixes(['a', 'b'], ['a', 'b']), 0);
});

test('partitionKeyText: one text per key that compares differently; the exact texts', () => {
  const keys: unknown[][] = [
    ['1'], [1], [2], [-0.5], [true], [false], [null], [['x']], [['y']], [['x', 'y']], [{ k: 1 }], [{ k: 2 }],
    ['a', 'b'], ['a', 'c'], ['b', 'b'], [1, 'b'], ['1', 'b'], [null, 'b'], [['x'], 'b'], [['y'], 'b'], [true, 1], [true, 2],
  ];
  const texts = keys.map(partitionKeyText);
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++) {
      if (keys[i]!.length === keys[j]!.length) assert.notEqual(texts[i], texts[j], `${JSON.stringify(keys[i])} vs ${JSON.stringify(keys[j])}`);
    }
  }
  assert.deepEqual(texts.slice(0, 12), ['s1', 'n1', 'n2', 'n-0.5', 't', 'f', 'z', 'j["x"]', 'j["y"]', 'j["x","y"]', 'j{"k":1}', 'j{"k":2}']);
  assert.equal(partitionKeyText(['a', 'b']), '2:sa2:sb');
  assert.equal(partitionKeyText([null, false, 3]), '1:z1:f2:n3');
  assert.equal(partitionKeyText([undefined]), 'ju'); // never produced by partitionKeyGetter (missing is null); still total
  assert.equal(partitionKeyText([]), '');
});

test('sortIntoPartitions: plain key order, or id-prefix order (9 after 10) when asked', async () => {
  const events = [ev('1', 0, {}, { g: 9 }), ev('2', 0, {}, { g: 10 }), ev('3', 1, {}, { g: 9 }), ev('4', 0, {}, { g: 'a' })];
  const plain = await collect(sortIntoPartitions(batches(events, 2), ['g'], { memoryBytes: 1 << 30 }));
  assert.deepEqual(plain.map((e) => e.id), ['1', '3', '2', '4']);
  const prefix = await collect(sortIntoPartitions(batches(events, 2), ['g'], { memoryBytes: 1 << 30 }, 'id-prefix'));
  assert.deepEqual(prefix.map((e) => e.id), ['2', '1', '3', '4']);
});

test('sortIntoPartitions keeps partitions that differ only in a later component or in type apart', async () => {
  const two = [ev('1', 0, { user: 'a', session: 'y' }), ev('2', 1, { user: 'a', session: 'x' }), ev('3', 2, { user: 'a', session: 'y' })];
  const got = await collect(sortIntoPartitions(batches(two, 2), ['user', 'session'], { memoryBytes: 1 << 30 }));
  assert.deepEqual(got.map((e) => e.id), ['2', '1', '3']);
  const typed = [ev('1', 0, {}, { g: '1' }), ev('2', 1, {}, { g: 1 }), ev('3', 2, {}, { g: 2 }), ev('4', 3, {}, { g: 1 }), ev('5', 0, {}, { g: ['b'] }), ev('6', 1, {}, { g: ['a'] }), ev('7', 2, {}, { g: null })];
  const got2 = await collect(sortIntoPartitions(batches(typed, 3), ['g'], { memoryBytes: 1 << 30 }));
  assert.deepEqual(got2.map((e) => e.id), ['2', '4', '3', '1', '6', '5', '7']);
});

test('sortIntoPartitions without partition fields merges spilled runs streaming: one read batch per run, not the whole stream', async () => {
  // 3000 untimed-id events in reverse time order; a small budget spills several runs.
  const events = Array.from({ length: 3000 }, (_, i) => ev(`f#${i}`, 3000 - i));
  const spill = memorySpill(10);
  let read = 0;
  const counting = (): SpillStore => {
    const inner = spill.make();
    return {
      writeRun: async (records) => {
        const run = await inner.writeRun(records);
        return {
          read: () =>
            (async function* () {
              for await (const batch of run.read()) {
                read += batch.length;
                yield batch;
              }
            })(),
        };
      },
      dispose: () => inner.dispose(),
    };
  };
  const sizes: number[] = [];
  let readAtFirst = -1;
  const ids: string[] = [];
  for await (const batch of sortIntoPartitions(batches(events, 100), [], { memoryBytes: 40_000, spill: counting })) {
    if (readAtFirst < 0) readAtFirst = read;
    sizes.push(batch.length);
    ids.push(...batch.map((e) => e.id));
  }
  assert.ok(spill.runs.length >= 3, `several runs (${spill.runs.length})`);
  assert.deepEqual(sizes, [1000, 1000, 1000]);
  assert.deepEqual(ids, events.map((e) => e.id).reverse());
  // The first 1000 events out need at most 1000 records plus one read batch (10) per run: the external merge.
  assert.ok(readAtFirst <= 1000 + 10 * spill.runs.length, `read ${readAtFirst} records before the first batch`);
});

test('sortWithinPartitions yields batches of at most 1000 events, never an empty one', async () => {
  const big = [
    ...Array.from({ length: 1000 }, (_, i) => ev(`a#${i}`, 1000 - i, { session: 'a' })),
    ...Array.from({ length: 2500 }, (_, i) => ev(`b#${i}`, i, { session: 'b' })),
  ];
  const sizes: number[] = [];
  const ids: string[] = [];
  for await (const batch of sortWithinPartitions(batches(big, 700), ['session'])) {
    sizes.push(batch.length);
    ids.push(...batch.map((e) => e.id));
  }
  assert.deepEqual(sizes, [1000, 1000, 1000, 500]);
  assert.equal(ids[0], 'a#999');
  assert.equal(ids[999], 'a#0');
  assert.deepEqual(ids.slice(1000), big.slice(1000).map((e) => e.id));
});
