import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapStatistics } from 'node:v8';
import { defaultSortMemoryBytes } from '../../src/scratch/default-sort-budget.js';
import { DEFAULT_SORT_MEMORY_BYTES } from '../../src/core/sort/spill-store.js';

test('default sort budget: a third of the heap limit, never below 256 MiB', () => {
  assert.equal(defaultSortMemoryBytes(4144 * 1048576), 1448432981);
  assert.equal(defaultSortMemoryBytes(3 * 1024 * 1048576), 1024 * 1048576);
  assert.equal(defaultSortMemoryBytes(512 * 1048576), DEFAULT_SORT_MEMORY_BYTES);
  assert.equal(defaultSortMemoryBytes(), Math.max(DEFAULT_SORT_MEMORY_BYTES, Math.floor(getHeapStatistics().heap_size_limit / 3)));
});
