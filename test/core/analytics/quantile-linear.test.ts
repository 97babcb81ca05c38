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
