import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DirectedGraph } from 'graphology';
import type { Graph } from '../../../src/core/frame.js';
import { graphEdgeRecords, graphNodeRecords, inferColumnType, recordColumns } from '../../../src/core/graph/graph-records.js';

test('node records: key first, then the attributes in order; undefined left out; a clashing name gets underscores until free', () => {
  const g: Graph = new DirectedGraph();
  g.addNode('home', { count: 3, gone: undefined, none: null });
  g.addNode('k', { key: 'a', _key: 'b', x: 1 });
  g.addNode('bare');
  assert.deepEqual(graphNodeRecords(g), [
    { key: 'home', count: 3, none: null },
    { key: 'k', _key: 'a', __key: 'b', x: 1 },
    { key: 'bare' },
  ]);
  assert.deepEqual(Object.keys(graphNodeRecords(g)[1]!), ['key', '_key', '__key', 'x']);
});

test('edge records: source, target, then the attributes; source and target attributes prefixed, key is not reserved for edges', () => {
  const g: Graph = new DirectedGraph();
  g.addNode('a');
  g.addNode('b');
  g.addEdge('a', 'b', { count: 2, source: 's', target: 't', _target: 'u', key: 'k', gone: undefined });
  g.addEdge('b', 'a');
  assert.deepEqual(graphEdgeRecords(g), [
    { source: 'a', target: 'b', count: 2, _source: 's', _target: 't', __target: 'u', key: 'k' },
    { source: 'b', target: 'a' },
  ]);
});

test('column types: the first value decides, nulls ignored, integers and fractions widen to number, other mixes are any', () => {
  assert.equal(inferColumnType([]), 'any');
  assert.equal(inferColumnType([null, undefined]), 'any');
  assert.equal(inferColumnType([null, 'a', undefined, 'b']), 'string');
  assert.equal(inferColumnType([false, true]), 'boolean');
  assert.equal(inferColumnType([1, -2, 0]), 'integer');
  assert.equal(inferColumnType([1.5, 2.5]), 'number');
  assert.equal(inferColumnType([1, 1.5, 2]), 'number');
  assert.equal(inferColumnType([1.5, 1]), 'number');
  assert.equal(inferColumnType([{ a: 1 }, [1]]), 'json');
  assert.equal(inferColumnType([1, 'a']), 'any');
  assert.equal(inferColumnType(['a', true]), 'any');
  assert.equal(inferColumnType([1.5, true]), 'any');
  assert.equal(inferColumnType(['a', 1.5]), 'any');
  assert.equal(inferColumnType([true, 2.5]), 'any');
  assert.equal(inferColumnType([true, 1]), 'any');
  assert.equal(inferColumnType([1, { a: 1 }]), 'any');
  assert.equal(inferColumnType(new Set([2, 3])), 'integer');
});

test('record columns: the union of keys in first-seen order, given columns first and kept as given', () => {
  const rows = [{ a: 1, b: 'x' }, { b: 'y', c: true, a: 2.5 }, { d: null }];
  assert.deepEqual(recordColumns(rows), [
    { name: 'a', type: 'number' },
    { name: 'b', type: 'string' },
    { name: 'c', type: 'boolean' },
    { name: 'd', type: 'any' },
  ]);
  assert.deepEqual(recordColumns(rows, [{ name: 'c', type: 'string' }]), [
    { name: 'c', type: 'string' },
    { name: 'a', type: 'number' },
    { name: 'b', type: 'string' },
    { name: 'd', type: 'any' },
  ]);
  assert.deepEqual(recordColumns([]), []);
});
