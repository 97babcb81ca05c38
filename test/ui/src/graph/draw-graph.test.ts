import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayLabels } from '../../../../ui/src/graph/draw-graph.js';

test('pages of one site are shown without the shared https://host; mixed labels stay as they are', () => {
  const shown = displayLabels(['https://shop.example.com/', 'https://shop.example.com/cart?x=1']);
  assert.deepEqual(['https://shop.example.com/cart?x=1', 'https://shop.example.com', 'https://shop.example.com/'].map(shown), ['/cart?x=1', '/', '/']);
  const mixed = displayLabels(['https://a.example/x', 'https://b.example/y']);
  assert.equal(mixed('https://a.example/x'), 'https://a.example/x');
  assert.equal(displayLabels(['button#buy', 'a.nav'])('button#buy'), 'button#buy');
});
