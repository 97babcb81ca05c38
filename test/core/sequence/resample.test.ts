import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resampleCounts, sampleMask } from '../../../src/core/sequence/resample.js';
import { hash53 } from '../../../src/core/sequence/seeded-hash.js';
import { ev } from '../../helpers/events.js';
import { untimed } from './seq-helpers.js';
import { InvalidPipelineError } from '../../../src/core/errors.js';

const events = [ev('a', 100, {}, { v: 2 }), ev('b', 999, { type: 'x' }, { v: '4' }), ev('c', 1000, { type: 'x' }, { v: 'n/a' }), ev('d', 3500, { type: 'y' }), untimed('u')];

test('buckets aligned to the epoch with counts and aggregates; empty buckets filled like pandas resample', () => {
  const r = resampleCounts(events, { every: 1000, fill: true, maxBuckets: 100 }, [
    { name: 'sum', op: 'sum', field: 'v' },
    { name: 'mean', op: 'mean', field: 'v' },
    { name: 'max', op: 'max', field: 'v' },
    { name: 'types', op: 'distinct', field: 'type' },
    { name: 'withV', op: 'count', field: 'v' },
  ]);
  assert.equal(r.untimed, 1);
  assert.deepEqual(r.rows, [
    { bucket: 0, end: 1000, count: 2, sum: 6, mean: 3, max: 4, types: 1, withV: 2 },
    { bucket: 1000, end: 2000, count: 1, sum: 0, mean: null, max: null, types: 1, withV: 1 },
    { bucket: 2000, end: 3000, count: 0, sum: 0, mean: null, max: null, types: 0, withV: 0 },
    { bucket: 3000, end: 4000, count: 1, sum: 0, mean: null, max: null, types: 1, withV: 0 },
  ]);
  assert.deepEqual(resampleCounts(events, { every: 1000, fill: false, maxBuckets: 100 }, []).rows.map((x) => x.bucket), [0, 1000, 3000]);
  assert.deepEqual(resampleCounts([], { every: 1000, fill: true, maxBuckets: 1 }, []), { rows: [], untimed: 0 });
  assert.throws(() => resampleCounts([ev('a', 0), ev('b', 1e9)], { every: 1, fill: true, maxBuckets: 10 }, []), { code: 'invalid_pipeline' });
});

test('seeded sampling: n per bucket, the smallest keys of hash(seed, id); same seed same sample; fraction rounds half up', () => {
  const many = Array.from({ length: 10 }, (_, i) => ev(`e${i}`, i * 100));
  const keys = many.map((e) => hash53(`7\u0000${e.id}`));
  const expected = [...keys.keys()].sort((a, b) => keys[a]! - keys[b]!).slice(0, 3).sort((a, b) => a - b);
  const mask = sampleMask(many, { every: 10_000, n: 3, seed: '7' });
  assert.deepEqual(mask.flatMap((k, i) => (k ? [i] : [])), expected);
  assert.deepEqual(sampleMask(many, { every: 10_000, n: 3, seed: '7' }), mask);
  assert.equal(sampleMask(many, { every: 10_000, fraction: 0.25, seed: '1' }).filter(Boolean).length, 3);
  assert.equal(sampleMask(many, { every: 500, n: 1, seed: '1' }).filter(Boolean).length, 2);
  assert.deepEqual(sampleMask([untimed('u'), untimed('v')], { every: 10, n: 5, seed: 's' }), [true, true]);
});

test('hash53 is stable across runs (pinned values)', () => {
  assert.equal(hash53('a'), hash53('a'));
  assert.notEqual(hash53('a'), hash53('b'));
  assert.ok(Number.isSafeInteger(hash53('any text')));
});

test('resampleCounts: buckets in time order whatever the input order; fill up to exactly maxBuckets, one more is a typed error', () => {
  const unsorted = [ev('c', 2500), ev('a', 100), ev('d', 4200), ev('b', 1100)];
  assert.deepEqual(resampleCounts(unsorted, { every: 1000, fill: false, maxBuckets: 10 }, []).rows.map((r) => r.bucket), [0, 1000, 2000, 4000]);
  assert.deepEqual(resampleCounts(unsorted, { every: 1000, fill: true, maxBuckets: 5 }, []).rows.map((r) => [r.bucket, r.count]), [[0, 1], [1000, 1], [2000, 1], [3000, 0], [4000, 1]]);
  assert.throws(
    () => resampleCounts(unsorted, { every: 1000, fill: true, maxBuckets: 4 }, []),
    (e: unknown) => {
      const err = e as InvalidPipelineError;
      assert.ok(err instanceof InvalidPipelineError);
      assert.equal(err.code, 'invalid_pipeline');
      assert.match(err.message, /1000 ms would list 5 buckets, more than 4/);
      assert.equal(err.issues.length, 1);
      assert.equal(err.issues[0]!.code, 'too_many_buckets');
      assert.deepEqual(err.issues[0]!.path, ['every']);
      assert.match(err.issues[0]!.message, /5 buckets exceed 4/);
      return true;
    },
  );
  assert.deepEqual(resampleCounts([untimed('u')], { every: 1000, fill: true, maxBuckets: 5 }, []), { rows: [], untimed: 1 });
});

test('resampleCounts aggregates: count of present values, distinct, sum/mean/min/max of numbers and numeric text; blanks and booleans are not numbers', () => {
  const list = [
    ev('a', 0, {}, { v: 3, w: 'x' }),
    ev('b', 1, {}, { v: ' ', w: 'x' }),
    ev('c', 2, {}, { v: true, w: null }),
    ev('d', 3, {}, { v: '-1.5', w: 'y' }),
    ev('e', 4, {}, { v: null }),
    ev('f', 5, {}, {}),
  ];
  const aggs = [
    { name: 'n', op: 'count' as const, field: 'w' },
    { name: 'nv', op: 'count' as const, field: 'v' },
    { name: 'all', op: 'count' as const },
    { name: 'nosum', op: 'sum' as const },
    { name: 'd', op: 'distinct' as const, field: 'w' },
    { name: 's', op: 'sum' as const, field: 'v' },
    { name: 'm', op: 'mean' as const, field: 'v' },
    { name: 'lo', op: 'min' as const, field: 'v' },
    { name: 'hi', op: 'max' as const, field: 'v' },
  ];
  assert.deepEqual(resampleCounts(list, { every: 1000, fill: false, maxBuckets: 10 }, aggs).rows, [
    { bucket: 0, end: 1000, count: 6, n: 3, nv: 4, all: 6, nosum: null, d: 2, s: 1.5, m: 0.75, lo: -1.5, hi: 3 },
  ]);
});

test('sampleMask: one flag per event, false for those not drawn', () => {
  const three = [ev('a', 0), ev('b', 1), ev('c', 2)];
  const keys = three.map((e) => hash53(`s\u0000${e.id}`));
  const smallest = keys.indexOf(Math.min(...keys));
  assert.deepEqual(sampleMask(three, { every: 1000, n: 1, seed: 's' }), three.map((_, i) => i === smallest));
});
