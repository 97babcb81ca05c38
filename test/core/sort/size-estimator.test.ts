import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sizeEstimator } from '../../../src/core/sort/size-estimator.js';
import { DEFAULT_SORT_MEMORY_BYTES } from '../../../src/core/sort/spill-store.js';

test('the first record is measured: twice its JSON length plus 96', () => {
  assert.equal(sizeEstimator()({ a: 1 }), 2 * '{"a":1}'.length + 96);
  assert.equal(sizeEstimator()('x'.repeat(100)), 2 * 102 + 96);
  assert.equal(sizeEstimator()(undefined), 2 * 16 + 96, 'a value JSON cannot write counts as 16 characters');
});

test('every 64th record is measured; the records between get the running mean of the measured ones', () => {
  const estimate = sizeEstimator();
  const big = { text: 'y'.repeat(1000) };
  const bigSize = 2 * JSON.stringify(big).length + 96;
  assert.equal(estimate({ a: 1 }), 110);
  for (let i = 1; i < 64; i++) assert.equal(estimate(big), 110, `record ${i} is not measured`);
  assert.equal(estimate(big), (110 + bigSize) / 2, 'record 64 is measured');
  for (let i = 65; i < 128; i++) assert.equal(estimate(undefined), (110 + bigSize) / 2);
  assert.equal(estimate(undefined), (110 + bigSize + 128) / 3, 'record 128 is measured');
});

test('each estimator keeps its own running mean', () => {
  const a = sizeEstimator();
  const b = sizeEstimator();
  assert.equal(a({ a: 1 }), 110);
  assert.equal(b('x'), 2 * 3 + 96);
  assert.equal(a('x'), 110);
});

test('the default sort budget is 256 MiB', () => {
  assert.equal(DEFAULT_SORT_MEMORY_BYTES, 268_435_456);
});
