import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { InvalidQueryError } from '../../../src/core/errors.js';
import type { Column, Frame, TableFrame } from '../../../src/core/frame.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { statsOperator } from '../../../src/core/operators/stats.js';
import { batches, ev, opContext } from '../../helpers/events.js';
import { rowsOf, runOp } from './run-op.js';
import { docSections } from './operator-doc-section.js';
import { PARTITION_SCHEMA, schemaFacts } from './shared-params.js';

// `stats` alone, every expected value computed by hand in the comments next to it.
const registry = createRegistry();
const op = registry.get('stats');

/** The columns a table frame declares. */
function columnsOf(frame: Frame): readonly Column[] {
  assert.equal(frame.kind, 'table');
  return (frame as TableFrame).columns;
}

/** The stat columns as the table declares them (no quantiles). */
const STAT_COLUMNS: Column[] = [
  { name: 'count', type: 'integer' },
  { name: 'sum', type: 'number' },
  { name: 'mean', type: 'number' },
  { name: 'median', type: 'number' },
  { name: 'modes', type: 'json' },
  { name: 'min', type: 'number' },
  { name: 'max', type: 'number' },
  { name: 'range', type: 'number' },
  { name: 'variance_sample', type: 'number' },
  { name: 'variance_population', type: 'number' },
  { name: 'std_sample', type: 'number' },
  { name: 'std_population', type: 'number' },
];
const TIME: Column = { name: 'time', type: 'time', description: 'Start of the time bucket (UTC).' };
const VALUE: Column = { name: 'value', type: 'number', description: 'The partition’s value (reduced by `of` when it has several).' };
const quantile = (name: string, q: number): Column => ({ name, type: 'number', description: `Quantile ${q} (linear, as pandas).` });

/** The summary of one value v: sample variance needs two values. */
const one = (v: number) => ({ count: 1, sum: v, mean: v, median: v, modes: [v], min: v, max: v, range: 0, variance_sample: null, variance_population: 0, std_sample: null, std_population: 0 });

/** An event without a time. */
const untimed = (id: string, roles: Partial<CanonicalEvent>, doc: Record<string, unknown> = {}): CanonicalEvent => ({ id, ...roles, doc });

/** The batches of a frame as they are streamed (sizes matter, not just the rows). */
async function batchesOf(frame: Frame): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for await (const b of frame.batches as AsyncIterable<readonly unknown[]>) out.push([...b]);
  return out;
}

test('docs/operators.md documents stats as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(statsOperator);
  assert.equal(rendered, committed);
});

test('describe: name, kinds, origin and the parameter schema (its prose is pinned by the docs section)', () => {
  const d = registry.describe('stats');
  const { $defs, ...params } = d.params as Record<string, unknown>;
  // The `where` condition's schema is the query schema's (tested in test/core/query); here only that it is referenced.
  assert.deepEqual(Object.keys($defs as object), ['__schema0', '__schema1']);
  assert.deepEqual(schemaFacts({ ...d, params }), {
    name: 'stats',
    accepts: ['events'],
    produces: { events: 'table' },
    origin: 'builtin',
    params: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        partition: PARTITION_SCHEMA,
        measure: { default: 'events', type: 'string', enum: ['events', 'duration', 'gap', 'field', 'distinct'] },
        field: { type: 'string', minLength: 1 },
        where: { $ref: '#/$defs/__schema0' },
        unit: { type: 'string', minLength: 1 },
        level: { default: 'partition', type: 'string', enum: ['partition', 'value', 'between'] },
        of: { default: 'mean', type: 'string', enum: ['mean', 'sum', 'median', 'count', 'min', 'max'] },
        quantiles: { default: [0.25, 0.5, 0.75, 0.9], type: 'array', items: { type: 'number', minimum: 0, maximum: 1 } },
        interval: { type: 'string', pattern: '^(?:([1-9]\\d*)(ms|s|m|h|d)|1(w|M|q|y))$' },
      },
      additionalProperties: false,
    },
  });
});

test('fields: the partition fields, then field, unit and the condition fields — only those given', () => {
  const all = op.params.parse({ partition: ['user', 'session'], measure: 'field', field: 'details.ms', unit: 'page', where: { field: 'type', op: 'eq', value: 'click' } });
  assert.deepEqual(op.fields!(all as never), ['user', 'session', 'details.ms', 'page', 'type']);
  assert.deepEqual(op.fields!(op.params.parse({}) as never), ['session']);
  assert.deepEqual(op.partition!(all as never), { by: ['user', 'session'] });
});

test('params: field and distinct need a field (exact issue); unit must be non-empty; defaults', () => {
  for (const measure of ['field', 'distinct']) {
    assert.deepEqual(op.params.safeParse({ measure }).error?.issues, [
      { code: 'custom', path: ['field'], message: `measure "${measure}" needs a field, e.g. "field": "details.count".` },
    ]);
  }
  assert.deepEqual(op.params.safeParse({ unit: '' }).error?.issues, [
    { origin: 'string', code: 'too_small', minimum: 1, inclusive: true, path: ['unit'], message: 'Too small: expected string to have >=1 characters' },
  ]);
  assert.deepEqual(op.params.parse({}), { partition: 'session', measure: 'events', level: 'partition', of: 'mean', quantiles: [0.25, 0.5, 0.75, 0.9] });
});

test('partition level without interval: partition fields then statistics and quantile columns; gaps summarised', async () => {
  // user u, session a: times 0, 1000, 3000 → gaps [1000, 2000]; session b (no user): times 10, 20 → gap [10]
  const events = [
    ev('1', 0, { user: 'u', session: 'a' }),
    ev('2', 1000, { user: 'u', session: 'a' }),
    ev('3', 3000, { user: 'u', session: 'a' }),
    ev('4', 10, { session: 'b' }),
    ev('5', 20, { session: 'b' }),
  ];
  const frame = runOp('stats', { partition: ['user', 'session'], measure: 'gap', quantiles: [0.25, 0.9] }, events);
  assert.deepEqual(columnsOf(frame), [
    { name: 'user', type: 'any' },
    { name: 'session', type: 'any' },
    ...STAT_COLUMNS,
    quantile('p25', 0.25),
    quantile('p90', 0.9),
  ]);
  // [1000, 2000]: mean 1500, squared deviations 500² × 2 → sample variance 500000, population 250000;
  // p25 = 1000 + 0.25 × 1000, p90 = 1000 + 0.9 × 1000
  assert.deepEqual(await rowsOf(frame), [
    {
      user: 'u', session: 'a', count: 2, sum: 3000, mean: 1500, median: 1500, modes: [1000, 2000], min: 1000, max: 2000, range: 1000,
      variance_sample: 500000, variance_population: 250000, std_sample: Math.sqrt(500000), std_population: 500, p25: 1250, p90: 1900,
    },
    { user: null, session: 'b', ...one(10), p25: 10, p90: 10 },
  ]);
});

test('partition level with unit: one value per unit (events per session within a user)', async () => {
  // user u: session s1 two events, s2 one → values [2, 1]: mean 1.5, sample variance 0.5, population 0.25
  const events = [ev('1', 1, { user: 'u', session: 's1' }), ev('2', 2, { user: 'u', session: 's1' }), ev('3', 3, { user: 'u', session: 's2' })];
  assert.deepEqual(await rowsOf(runOp('stats', { partition: 'user', unit: 'session', quantiles: [] }, events)), [
    { user: 'u', count: 2, sum: 3, mean: 1.5, median: 1.5, modes: [1, 2], min: 1, max: 2, range: 1, variance_sample: 0.5, variance_population: 0.25, std_sample: Math.sqrt(0.5), std_population: 0.5 },
  ]);
});

test('partition level with interval: one row per partition and bucket, buckets ascending (before 1970 too), untimed left out', async () => {
  // session s1: -2500 (ms 10), -2400 (ms 30) → bucket -3000; -1500 (ms 5) → bucket -2000; one untimed (ms 1000) left out
  // session s2: -500 (ms 7) → bucket -1000
  const events = [
    ev('1', -2500, { session: 's1' }, { ms: 10 }),
    ev('2', -2400, { session: 's1' }, { ms: 30 }),
    ev('3', -1500, { session: 's1' }, { ms: 5 }),
    untimed('4', { session: 's1' }, { ms: 1000 }),
    ev('5', -500, { session: 's2' }, { ms: 7 }),
  ];
  const frame = runOp('stats', { measure: 'field', field: 'ms', interval: '1s', quantiles: [0.5] }, events);
  assert.deepEqual(columnsOf(frame), [{ name: 'session', type: 'any' }, TIME, ...STAT_COLUMNS, quantile('p50', 0.5)]);
  // [10, 30]: mean 20, squared deviations 100 + 100 → sample variance 200, population 100
  assert.deepEqual(await rowsOf(frame), [
    { session: 's1', time: -3000, count: 2, sum: 40, mean: 20, median: 20, modes: [10, 30], min: 10, max: 30, range: 20, variance_sample: 200, variance_population: 100, std_sample: Math.sqrt(200), std_population: 10, p50: 20 },
    { session: 's1', time: -2000, ...one(5), p50: 5 },
    { session: 's2', time: -1000, ...one(7), p50: 7 },
  ]);
});

test('value level: partition fields and value, with a time column per bucket when an interval is given', async () => {
  // user a: 100, 200 (bucket 0), 1100 (bucket 1000); user b: 50 (bucket 0)
  const events = [ev('1', 100, { user: 'a' }), ev('2', 200, { user: 'a' }), ev('3', 1100, { user: 'a' }), ev('4', 50, { user: 'b' })];
  const plain = runOp('stats', { partition: 'user', level: 'value' }, events);
  assert.deepEqual(columnsOf(plain), [{ name: 'user', type: 'any' }, VALUE]);
  assert.deepEqual(await rowsOf(plain), [
    { user: 'a', value: 3 },
    { user: 'b', value: 1 },
  ]);
  const bucketed = runOp('stats', { partition: 'user', level: 'value', interval: '1s' }, events);
  assert.deepEqual(columnsOf(bucketed), [{ name: 'user', type: 'any' }, TIME, VALUE]);
  assert.deepEqual(await rowsOf(bucketed), [
    { user: 'a', time: 0, value: 2 },
    { user: 'a', time: 1000, value: 1 },
    { user: 'b', time: 0, value: 1 },
  ]);
});

test('between level: one row over partitions; with an interval one row per bucket, buckets ascending', async () => {
  // user a: 2100 (bucket 2000); user b: 100 (bucket 0), 2200 (bucket 2000) — a's bucket 2000 is seen before b's 0
  const events = [ev('1', 2100, { user: 'a' }), ev('2', 100, { user: 'b' }), ev('3', 2200, { user: 'b' })];
  const all = runOp('stats', { partition: 'user', level: 'between', quantiles: [] }, events);
  assert.deepEqual(columnsOf(all), STAT_COLUMNS);
  // values a 1, b 2: mean 1.5, sample variance 0.5, population 0.25
  assert.deepEqual(await rowsOf(all), [
    { count: 2, sum: 3, mean: 1.5, median: 1.5, modes: [1, 2], min: 1, max: 2, range: 1, variance_sample: 0.5, variance_population: 0.25, std_sample: Math.sqrt(0.5), std_population: 0.5 },
  ]);
  const perBucket = runOp('stats', { partition: 'user', level: 'between', interval: '1s', quantiles: [] }, events);
  assert.deepEqual(columnsOf(perBucket), [TIME, ...STAT_COLUMNS]);
  // bucket 0: b's 1; bucket 2000: a's 1 and b's 1
  assert.deepEqual(await rowsOf(perBucket), [
    { time: 0, ...one(1) },
    { time: 2000, count: 2, sum: 2, mean: 1, median: 1, modes: [1], min: 1, max: 1, range: 0, variance_sample: 0, variance_population: 0, std_sample: 0, std_population: 0 },
  ]);
});

test('between level with an interval before 1970: buckets still ascending', async () => {
  // user a: -1500 (bucket -2000); user b: -2500 (bucket -3000) — seen in the order -2000, -3000
  const events = [ev('1', -1500, { user: 'a' }), ev('2', -2500, { user: 'b' })];
  const rows = await rowsOf(runOp('stats', { partition: 'user', level: 'between', interval: '1s', quantiles: [] }, events));
  assert.deepEqual(rows, [
    { time: -3000, ...one(1) },
    { time: -2000, ...one(1) },
  ]);
});

test('partition and value levels stream full batches of 1000 rows, then the rest, never an empty batch', async () => {
  const sessions = (n: number) => Array.from({ length: n }, (_, i) => ev(String(i), i, { session: `s${String(i).padStart(4, '0')}` }));
  for (const level of ['partition', 'value']) {
    const params = { level, quantiles: [] };
    const sizes = async (n: number) => (await batchesOf(runOp('stats', params, sessions(n)))).map((b) => b.length);
    assert.deepEqual(await sizes(1001), [1000, 1], level);
    assert.deepEqual(await sizes(1000), [1000], level);
    assert.deepEqual(await sizes(0), [], level);
  }
  // the rows themselves: one event per session, in partition order
  const rows = (await batchesOf(runOp('stats', { level: 'value' }, sessions(1001)))).flat();
  assert.deepEqual(rows, Array.from({ length: 1001 }, (_, i) => ({ session: `s${String(i).padStart(4, '0')}`, value: 1 })));
});

test('a where condition that fails to compile is invalid_query with a path under where (when the step starts)', () => {
  const events = [ev('1', 1, { session: 's' })];
  assert.throws(() => runOp('stats', { where: { field: 'time', op: 'gte', value: 'garbage' } }, events), (e: unknown) => {
    assert.ok(e instanceof InvalidQueryError);
    assert.equal(e.code, 'invalid_query');
    assert.equal(e.message, 'Invalid time "garbage" at where.value.');
    assert.deepEqual(e.issues, [
      { code: 'invalid_time', path: ['where', 'value'], message: '"garbage" is not a time: use epoch milliseconds, ISO 8601 (2024-05-01T10:00:00Z) or date math (now-7d/d).' },
    ]);
    return true;
  });
});

test('run on anything but events is a programming error (the runner only passes events)', () => {
  const table: Frame = { kind: 'table', columns: [], batches: batches([]) };
  assert.throws(() => statsOperator.run(table, op.params.parse({}) as never, opContext()), { name: 'Error', message: 'unreachable: stats accepts events' });
});
