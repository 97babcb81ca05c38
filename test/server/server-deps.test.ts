import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapStatistics } from 'node:v8';
import { openDistill } from '../../src/distill.js';
import { createLogger } from '../../src/server/logger.js';
import { normalizeDeps } from '../../src/server/server-deps.js';
import { defaultSortMemoryBytes } from '../../src/scratch/default-sort-budget.js';

const quiet = createLogger({ write: () => true } as unknown as NodeJS.WritableStream);

test('server sort budget: the default is shared out over the run slots, a configured budget applies to each run', async () => {
  const heap = getHeapStatistics().heap_size_limit;
  const plain = await openDistill({ config: { sources: {} }, userPlugins: false });
  assert.equal(normalizeDeps({ distill: plain, token: 'x'.repeat(32), logger: quiet }).sortMemoryBytes, defaultSortMemoryBytes(heap / 4));
  assert.equal(normalizeDeps({ distill: plain, token: 'x'.repeat(32), logger: quiet, limits: { maxConcurrentRuns: 1 } }).sortMemoryBytes, defaultSortMemoryBytes(heap));
  // 64 slots: each run still gets the 256 MiB floor.
  assert.equal(normalizeDeps({ distill: plain, token: 'x'.repeat(32), logger: quiet, limits: { maxConcurrentRuns: 64 } }).sortMemoryBytes, 268435456);
  const set = await openDistill({ config: { sources: {}, run: { sortMemoryBytes: 8 * 1048576 } }, userPlugins: false });
  assert.equal(normalizeDeps({ distill: set, token: 'x'.repeat(32), logger: quiet }).sortMemoryBytes, undefined);
});
