import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentPartition } from '../../../src/core/sequence/segment-partition.js';
import { filterSegments } from '../../../src/core/sequence/filter-segments.js';
import { ev } from '../../helpers/events.js';
import { typeIs } from './seq-helpers.js';

const events = [
  ev('a', 0, { type: 'click' }),
  ev('b', 1000, { type: 'scroll' }),
  ev('c', 2000, { type: 'scroll' }),
  ev('d', 70_000, { type: 'click' }),
  ev('e', 71_000, { type: 'scroll' }),
];

test('definitions, then set operations on a definition label or a segment name, then filters', () => {
  const out = segmentPartition(events, {
    definitions: [
      { mode: 'idle', limit: 60_000, before: 0, after: 0, closed: 'both', label: 'idle' },
      { mode: 'collapsing', label: 'scroll', match: typeIs('scroll') },
    ],
    operations: [
      { op: 'intersection', name: 'idleScroll', left: 'idle', right: 'scroll' },
      { op: 'difference', name: 'scrollNotIdle', left: 'scroll', right: 'idle0' },
      { op: 'union', name: 'nothing', left: 'missing', right: 'alsoMissing' },
    ],
    keepOperands: false,
    filter: {},
  });
  assert.deepEqual(
    out.map((s) => [s.name, s.kind, s.start, s.end, s.eventIds]),
    [
      ['idleScroll', 'intersection', 2000, 70_000, ['c']],
      ['scrollNotIdle', 'difference', 1000, 71_000, ['b', 'e']],
      ['nothing', 'union', null, null, []],
    ],
  );
});

test('keepOperands lists the operands first; filters by count, time and kind', () => {
  const plan = {
    definitions: [{ mode: 'collapsing' as const, label: 's', match: typeIs('scroll') }],
    operations: [],
    keepOperands: true,
    filter: { minCount: 2 },
  };
  assert.deepEqual(segmentPartition(events, plan).map((s) => s.name), ['s0']);
  const all = segmentPartition(events, { ...plan, filter: {} });
  assert.deepEqual(filterSegments(all, { from: 1000 }).map((s) => s.name), ['s0', 's1']);
  assert.deepEqual(filterSegments(all, { from: 1001 }).map((s) => s.name), ['s1']);
  assert.deepEqual(filterSegments(all, { to: 2000 }).map((s) => s.name), ['s0']);
  assert.deepEqual(filterSegments(all, { maxCount: 1, kinds: ['collapsing'] }).map((s) => s.name), ['s1']);
  assert.deepEqual(filterSegments(all, { kinds: ['idle'] }), []);
  assert.deepEqual(segmentPartition([], { ...plan, filter: {} }), []);
});

test('a union lists its events in partition order, whichever operand holds the earlier ones; no operations keeps every segment', () => {
  const out = segmentPartition(events, {
    definitions: [{ mode: 'explicit', label: 'w', closed: 'left', windows: [{ name: 'late', start: 60_000, end: 80_000 }, { name: 'early', start: 0, end: 1500 }] }],
    operations: [{ op: 'union', name: 'both', left: 'late', right: 'early' }],
    keepOperands: false,
    filter: {},
  });
  assert.deepEqual(out, [{ name: 'both', kind: 'union', start: 0, end: 80_000, count: 4, eventIds: ['a', 'b', 'd', 'e'] }]);
  const plain = segmentPartition(events, {
    definitions: [{ mode: 'explicit', label: 'w', closed: 'left', windows: [{ name: 'early', start: 0, end: 1500 }] }],
    operations: [],
    keepOperands: false,
    filter: {},
  });
  assert.deepEqual(plain, [{ name: 'early', kind: 'explicit', start: 0, end: 1500, count: 2, eventIds: ['a', 'b'] }]);
});
