import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { pathProbabilities } from '../../../src/core/analytics/path-probabilities.js';

const ev = (id: string, type: string, kind: string, target: string): CanonicalEvent => ({ id, time: Number(id), type, kind, target, doc: {} });
const users = [
  { key: ['u1'], events: [ev('1', 'click', 'raw', '#buy'), ev('2', 'click', 'raw', '#buy'), ev('3', 'click', 'raw', '#help'), ev('4', 'click', 'interval', '#buy')] },
  { key: ['u2'], events: [ev('5', 'click', 'raw', '#help'), ev('6', 'focus', 'raw', '#q')] },
  { key: ['u3'], events: [ev('7', 'focus', 'raw', '#q')] },
];
const isAction = (e: CanonicalEvent) => e.type === 'click' && e.kind === 'raw';

test('probability of a raw click on each target, overall and per user, with counts and denominators', () => {
  assert.deepEqual(pathProbabilities(users, { label: (e) => e.target ?? null, isAction, perPartition: true }), [
    { partition: null, label: '#buy', count: 2, denominator: 4, probability: 0.5, partitions: 1, partition_share: 0.5 },
    { partition: null, label: '#help', count: 2, denominator: 4, probability: 0.5, partitions: 2, partition_share: 1 },
    { partition: 'u1', label: '#buy', count: 2, denominator: 3, probability: 2 / 3, partitions: 1, partition_share: 1 },
    { partition: 'u1', label: '#help', count: 1, denominator: 3, probability: 1 / 3, partitions: 1, partition_share: 1 },
    { partition: 'u2', label: '#help', count: 1, denominator: 1, probability: 1, partitions: 1, partition_share: 1 },
  ]);
});

test('rows by count, most frequent first, whatever the order labels were met; per-partition rows by partition then count', () => {
  const users2 = [
    { key: ['u2'], events: [ev('1', 'click', 'raw', '#a'), ev('2', 'click', 'raw', '#b'), ev('3', 'click', 'raw', '#b')] },
    { key: ['u1'], events: [ev('4', 'click', 'raw', '#c'), ev('5', 'click', 'raw', '#b'), ev('6', 'click', 'raw', '#b')] },
  ];
  assert.deepEqual(
    pathProbabilities(users2, { label: (e) => e.target ?? null, isAction, perPartition: true }).map((r) => [r.partition, r.label, r.count]),
    [[null, '#b', 4], [null, '#a', 1], [null, '#c', 1], ['u1', '#b', 2], ['u1', '#c', 1], ['u2', '#b', 2], ['u2', '#a', 1]],
  );
});
