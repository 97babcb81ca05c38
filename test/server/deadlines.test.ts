import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Deadlines } from '../../src/server/deadlines.js';

test('entries past their deadline are expired once by the sweep; removed ones never; the sweep stops when empty', async () => {
  const deadlines = new Deadlines(100); // sweeps every 10 ms
  const expired: string[] = [];
  const entry = (name: string, inMs: number) => ({ deadline: performance.now() + inMs, expire: () => expired.push(name) });
  const soon = entry('soon', 20);
  const removed = entry('removed', 20);
  const later = entry('later', 60_000);
  deadlines.add(soon);
  deadlines.add(removed);
  deadlines.add(later);
  deadlines.delete(removed);
  await new Promise((r) => setTimeout(r, 80));
  assert.deepEqual(expired, ['soon']);
  assert.equal(deadlines.size, 1);
  deadlines.delete(later);
  await new Promise((r) => setTimeout(r, 40));
  assert.deepEqual(expired, ['soon']);
  assert.equal(deadlines.size, 0);
});
