import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modes } from '../../../src/core/analytics/modes.js';

test('every most frequent value, ascending', () => {
  assert.deepEqual(modes([3, 1, 3, 1, 2]), [1, 3]);
  assert.deepEqual(modes([4]), [4]);
  assert.deepEqual(modes([5, 4, 3]), [3, 4, 5]);
  assert.deepEqual(modes([]), []);
});
