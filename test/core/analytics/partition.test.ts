import { test } from 'node:test';
import assert from 'node:assert/strict';
import { partitionId } from '../../../src/core/analytics/partition.js';

test('partitionId: the key values joined by |, missing values empty, strings as they are, other values as JSON', () => {
  assert.equal(partitionId(['ann', 's1']), 'ann|s1');
  assert.equal(partitionId([null, undefined, 'a', 5, true, { x: 1 }, ['y']]), '||a|5|true|{"x":1}|["y"]');
  assert.equal(partitionId([]), '');
});
