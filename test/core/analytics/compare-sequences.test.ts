import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pairwiseComparison } from '../../../src/core/analytics/compare-sequences.js';
import { edgeJaccard } from '../../../src/core/analytics/edge-jaccard.js';
import { editDistance } from '../../../src/core/analytics/edit-distance.js';

test('Levenshtein distance on label sequences (hand-computed)', () => {
  assert.equal(editDistance(['home', 'cart', 'pay'], ['home', 'pay']), 1);
  assert.equal(editDistance(['k', 'i', 't', 't', 'e', 'n'], ['s', 'i', 't', 't', 'i', 'n', 'g']), 3);
  assert.equal(editDistance([], ['a', 'b']), 2);
  assert.equal(editDistance(['a'], ['a']), 0);
});

test('edge Jaccard over distinct directly-follows pairs', () => {
  assert.equal(edgeJaccard(['a', 'b', 'c'], ['a', 'b', 'd']), 1 / 3);
  assert.equal(edgeJaccard(['a', 'b', 'a', 'b'], ['b', 'a', 'b']), 1);
  assert.equal(edgeJaccard(['a'], []), 1);
  assert.equal(edgeJaccard(['a', 'b'], ['c']), 0);
});

test('pairwise matrix in long form, each unordered pair once', () => {
  assert.deepEqual(
    pairwiseComparison([
      { id: 's1', labels: ['a', 'b'] },
      { id: 's2', labels: ['a', 'c'] },
      { id: 's3', labels: [] },
    ]),
    [
      { a: 's1', b: 's2', edit_distance: 1, edit_distance_normalized: 0.5, edge_jaccard: 0 },
      { a: 's1', b: 's3', edit_distance: 2, edit_distance_normalized: 1, edge_jaccard: 0 },
      { a: 's2', b: 's3', edit_distance: 2, edit_distance_normalized: 1, edge_jaccard: 0 },
    ],
  );
});

test('two empty sequences: distance 0, normalised 0, edge Jaccard 1', () => {
  assert.deepEqual(pairwiseComparison([{ id: 'a', labels: [] }, { id: 'b', labels: [] }]), [{ a: 'a', b: 'b', edit_distance: 0, edit_distance_normalized: 0, edge_jaccard: 1 }]);
});
