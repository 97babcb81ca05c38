import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { InvalidQueryError } from '../../../src/core/errors.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { filterOperator } from '../../../src/core/operators/filter.js';
import { defineOperator } from '../../../src/core/pipeline/operator.js';
import { runPipeline } from '../../../src/core/pipeline/run-pipeline.js';
import type { EventSource } from '../../../src/core/source.js';
import { batches, ev } from '../../helpers/events.js';
import { docSections } from './operator-doc-section.js';
import { rowsOf, runOp } from './run-op.js';

const events = [
  ev('1', 1, { user: 'a', type: 'click' }),
  ev('2', 2, { user: 'b', type: 'focus' }),
  ev('3', 3, { user: 'a', type: 'click' }),
  ev('4', 4, { user: 'c', type: 'click' }),
  ev('5', 5, { user: 'b', type: 'blur' }),
];

test('on events: keeps the matching events in their order; on tables: the matching rows', async () => {
  assert.deepEqual(
    ((await rowsOf(runOp('filter', { where: { field: 'type', op: 'eq', value: 'click' } }, events))) as CanonicalEvent[]).map((e) => e.id),
    ['1', '3', '4'],
  );
  const rows = [{ a: 1, b: 'x' }, { a: 2, b: 'y' }, { a: 3, b: 'x' }];
  assert.deepEqual(await rowsOf(runOp('filter', { where: { field: 'b', op: 'eq', value: 'x' } }, { rows })), [{ a: 1, b: 'x' }, { a: 3, b: 'x' }]);
});

test('on events, a time value that is no time is invalid_query naming its path under where', () => {
  const where = { any: [{ field: 'user', op: 'eq', value: 'a' }, { field: 'time', op: 'gte', value: 'yesterday' }] };
  assert.throws(() => runOp('filter', { where }, events), (error: unknown) => {
    assert.ok(error instanceof InvalidQueryError);
    assert.equal(error.code, 'invalid_query');
    assert.equal(error.message, 'Invalid time "yesterday" at where.any[1].value.');
    assert.deepEqual(error.issues, [
      {
        code: 'invalid_time',
        path: ['where', 'any', 1, 'value'],
        message: '"yesterday" is not a time: use epoch milliseconds, ISO 8601 (2024-05-01T10:00:00Z) or date math (now-7d/d).',
      },
    ]);
    return true;
  });
});

/** A source of `events` with no native filter or sort. */
function source(list: readonly CanonicalEvent[]): EventSource {
  const self: EventSource = {
    id: 'mem',
    kind: 'memory',
    capabilities: { filter: false, sort: false, aggregate: false },
    describe: () => ({ id: 'mem', kind: 'memory', schema: 'none', capabilities: self.capabilities, details: {} }),
    read: () => ({ sorted: false, limited: false, batches: batches(list, 2) }),
    fields: async () => [],
  };
  return self;
}

test('filter preserves the partition order of its input: the next partitioned step is not sorted again', async () => {
  // `reversing` partitions by user, then yields its partition-ordered input reversed while claiming to keep the
  // order: whether the step after the filter was sorted again shows in the order it receives.
  const seen: string[][] = [];
  const probe = (name: string, reverse: boolean) =>
    defineOperator({
      name,
      summary: 'test probe',
      description: 'test',
      params: z.strictObject({}),
      accepts: ['events'],
      produces: () => 'events',
      examples: [],
      fields: () => [],
      partition: () => ({ by: ['user'] }),
      capabilities: { preservesOrder: true },
      run(input) {
        const upstream = input.kind === 'events' ? input.batches : (async function* () {})();
        return {
          kind: 'events',
          batches: (async function* () {
            const got: CanonicalEvent[] = [];
            for await (const batch of upstream) got.push(...batch);
            seen.push(got.map((e) => e.id));
            yield reverse ? [...got].reverse() : got;
          })(),
        };
      },
    });
  const registry = createRegistry();
  registry.register(probe('reversing', true) as never, 'test');
  registry.register(probe('next', false) as never, 'test');
  const run = (steps: unknown[]) =>
    runPipeline({ steps }, { registry, defaultSource: 'mem', now: 0, resolveSource: () => source(events) });
  await run([{ op: 'reversing' }, { op: 'filter', where: { field: 'type', op: 'ne', value: 'blur' } }, { op: 'next' }]);
  assert.deepEqual(seen, [
    ['1', '3', '2', '5', '4'], // by user (a, b, c), then time
    ['4', '2', '3', '1'], // reversed, blur left out, not sorted again
  ]);
});

test('docs/operators.md documents filter as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(filterOperator);
  assert.equal(rendered, committed);
});
