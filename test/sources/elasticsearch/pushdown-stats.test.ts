import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize, summaryRow } from '../../../src/core/analytics/summarize.js';
import type { Frame, Row } from '../../../src/core/frame.js';
import { StatsParams } from '../../../src/core/operators/stats.js';
import { fromArray } from '../../../src/core/stream.js';
import { statsAsCountBy, statsFromCounts } from '../../../src/sources/elasticsearch/pushdown-stats.js';

// Which stats steps become a count-by of the partition fields, and the stats rows made from its counts.

const params = (p: Record<string, unknown>) => StatsParams.parse(p);
const counts = (rows: Row[]): Frame => ({ kind: 'table', columns: [], batches: fromArray(rows) });
async function rowsOf(frame: Frame): Promise<Row[]> {
  const out: Row[] = [];
  for await (const batch of frame.batches) for (const r of batch as Row[]) out.push(r);
  return out;
}

describe('statsAsCountBy', () => {
  test('events per partition at value or between level: a count-by of the partition fields, by key, missing included', () => {
    const expected = { by: ['user', 'session'], explode: false, missing: 'include', sort: 'key', share: false };
    assert.deepEqual(statsAsCountBy(params({ partition: ['user', 'session'], level: 'value' })), expected);
    assert.deepEqual(statsAsCountBy(params({ partition: 'user', level: 'between' })), { ...expected, by: ['user'] });
  });
  test('anything else runs in memory', () => {
    assert.equal(statsAsCountBy(params({ partition: 'user' })), undefined, 'partition level');
    assert.equal(statsAsCountBy(params({ partition: 'user', level: 'value', measure: 'duration' })), undefined);
    assert.equal(statsAsCountBy(params({ partition: 'user', level: 'value', where: { field: 'type', op: 'eq', value: 'click' } })), undefined);
    assert.equal(statsAsCountBy(params({ partition: 'user', level: 'value', unit: 'session' })), undefined);
    assert.equal(statsAsCountBy(params({ partition: 'user', level: 'between', interval: '1h' })), undefined);
  });
});

describe('statsFromCounts', () => {
  const columns = [{ name: 'user', type: 'string' as const }];
  test('value level: one row per partition, its count as the value, missing keys null', async () => {
    const p = params({ partition: ['user', 'session'], level: 'value' });
    const frame = statsFromCounts(counts([{ user: 'a', session: 's', count: 3 }, { user: null, count: 2 }]), p, columns);
    assert.equal(frame.kind, 'table');
    assert.equal(frame.columns, columns);
    assert.deepEqual(await rowsOf(frame), [
      { user: 'a', session: 's', value: 3 },
      { user: null, session: null, value: 2 },
    ]);
  });
  test('between level: one summary row over the partition counts, with the quantiles asked for', async () => {
    const p = params({ partition: 'user', level: 'between', quantiles: [0.5] });
    const rows = await rowsOf(statsFromCounts(counts([{ user: 'a', count: 1 }, { user: 'b', count: 4 }, { user: 'c', count: 4 }]), p, columns));
    assert.deepEqual(rows, [summaryRow(summarize([1, 4, 4], [0.5]))]);
    assert.equal(rows[0]!.mean, 3);
    assert.equal(rows[0]!.count, 3);
  });
  test('a count-by that is not a table is a bug', async () => {
    const p = params({ partition: 'user', level: 'value' });
    await assert.rejects(rowsOf(statsFromCounts({ kind: 'events', batches: fromArray([]) }, p, columns)), { message: 'unreachable: count-by produces a table' });
  });
});
