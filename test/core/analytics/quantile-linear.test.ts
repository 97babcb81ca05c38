import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantileLinear } from '../../../src/core/analytics/quantile-linear.js';

// Expected values: pandas 3.1.1 `pd.Series([...]).quantile(q)` (linear interpolation), computed by hand as
// x[floor(h)] + (h - floor(h)) * (x[floor(h)+1] - x[floor(h)]) with h = (n-1)q, and checked in pandas.
test('linear interpolation between closest ranks, as pandas quantile()', () => {
  const x = [1, 2, 3, 4];
  assert.equal(quantileLinear(x, 0), 1);
  assert.equal(quantileLinear(x, 1), 4);
  assert.equal(quantileLinear(x, 0.5), 2.5);
  assert.equal(quantileLinear(x, 0.25), 1.75);
  assert.equal(quantileLinear(x, 0.9), 3.7);
  assert.equal(quantileLinear([5], 0.3), 5);
  assert.equal(quantileLinear([], 0.5), null);
  assert.equal(quantileLinear([2, 2, 2], 0.7), 2);
});

test('the two-sided interpolation of numpy: exact to the last bit where the one-sided form rounds differently', () => {
  // Values from pandas 2 / numpy (`pd.Series([0.1, 1.1]).quantile(0.3)` etc.), where a + (b − a)·t and
  // b − (b − a)·(1 − t) differ in the last bit: numpy takes the first below t = 0.5 and the second from 0.5 on.
  assert.equal(quantileLinear([0.1, 1.1], 0.3), 0.4);
  assert.equal(quantileLinear([0.1, 1.1], 0.7), 0.8);
  assert.equal(quantileLinear([0.1, 0.7], 0.5), 0.39999999999999997);
});
