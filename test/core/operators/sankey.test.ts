import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sankeyOperator } from '../../../src/core/operators/sankey.js';
import { ev } from '../../helpers/events.js';
import { docSections } from './operator-doc-section.js';
import { rowsOf, runOp } from './run-op.js';

// Pages per session, in time order:
//   s1: /home /home /search /cart
//   s2: /home /product
//   s3: /home /search /product /cart /search /home
let t = 0;
const events = [
  ...['/home', '/home', '/search', '/cart'].map((page) => ['s1', page]),
  ...['/home', '/product'].map((page) => ['s2', page]),
  ...['/home', '/search', '/product', '/cart', '/search', '/home'].map((page) => ['s3', page]),
].map(([session, page]) => ev(String(++t), t * 1000, { session, page }));

const link = (step: number, a: string, b: string, value = 1) => ({
  source: `${step}:${a}`,
  target: `${step + 1}:${b}`,
  source_step: step,
  target_step: step + 1,
  source_label: a,
  target_label: b,
  value,
});

const COLUMNS = [
  { name: 'source', type: 'string', description: 'Node id `<step>:<label>`.' },
  { name: 'target', type: 'string', description: 'Node id `<step>:<label>`.' },
  { name: 'source_step', type: 'integer' },
  { name: 'target_step', type: 'integer' },
  { name: 'source_label', type: 'string' },
  { name: 'target_label', type: 'string' },
  { name: 'value', type: 'integer', description: 'Partitions flowing along the link.' },
];

test('defaults: pages, first five steps, repeats collapsed, no end; sorted by step, descending value, ids', async () => {
  const frame = runOp('sankey', {}, events);
  assert.deepStrictEqual(frame.kind === 'table' ? frame.columns : frame.kind, COLUMNS);
  // s1 home search cart; s2 home product; s3 home search product cart search (the sixth step is cut)
  assert.deepStrictEqual(await rowsOf(frame), [
    link(1, '/home', '/search', 2),
    link(1, '/home', '/product'),
    link(2, '/search', '/cart'),
    link(2, '/search', '/product'),
    link(3, '/product', '/cart'),
    link(4, '/cart', '/search'),
  ]);
});

test('three steps, repeats kept, partitions shorter than the steps flow into [end]', async () => {
  // s1 home home search; s2 home product (+ [end]); s3 home search product
  assert.deepStrictEqual(await rowsOf(runOp('sankey', { steps: 3, selfLoops: 'keep', end: true }, events)), [
    link(1, '/home', '/home'),
    link(1, '/home', '/product'),
    link(1, '/home', '/search'),
    link(2, '/home', '/search'),
    link(2, '/product', '[end]'),
    link(2, '/search', '/product'),
  ]);
});

test('docs/operators.md documents sankey as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(sankeyOperator);
  assert.equal(rendered, committed);
});
