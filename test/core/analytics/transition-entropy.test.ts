import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transitionEntropy } from '../../../src/core/analytics/transition-entropy.js';
import { close, partitionBy, reference, refEvents } from './reference-fixture.js';

test('per-session transition entropy equals scipy.stats.entropy(base=2) of the pair counts (1e-12)', () => {
  for (const p of partitionBy(refEvents, 'session')) {
    close(transitionEntropy(p.events.map((e) => e.target!)), reference.entropy[p.key[0] as string], 1e-12, String(p.key[0]));
  }
});

test('one repeated transition has no entropy; fewer than two steps neither', () => {
  assert.equal(transitionEntropy(['a', 'b', 'a', 'b']), 0.9182958340544896); // pairs ab ×2, ba ×1
  assert.equal(transitionEntropy(['a', 'a', 'a']), 0);
  assert.equal(transitionEntropy(['a']), 0);
});
