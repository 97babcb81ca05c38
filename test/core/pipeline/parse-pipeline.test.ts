import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline } from '../../../src/core/pipeline/parse-pipeline.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { InvalidPipelineError, LimitExceededError } from '../../../src/core/errors.js';
import { defineOperator } from '../../../src/core/pipeline/operator.js';
import { z } from 'zod';

const options = { registry: createRegistry(), defaultSource: 'sample' };

function issues(input: unknown): { path: string; code: string }[] {
  try {
    parsePipeline(input, options);
  } catch (e) {
    assert.ok(e instanceof InvalidPipelineError);
    return e.issues.map((i) => ({ path: i.path.join('.'), code: i.code }));
  }
  assert.fail('expected invalid_pipeline');
}

test('a pipeline is normalised: default source, params with defaults, output format', () => {
  const p = parsePipeline({ steps: [{ op: 'count-by', by: 'type' }] }, options);
  assert.deepEqual(p, {
    source: 'sample',
    query: {},
    steps: [{ op: 'count-by', params: { by: ['type'], explode: false, missing: 'include', sort: 'count', share: false } }],
    output: { format: 'json' },
    strict: false,
  });
});

test('a misspelt top-level key is reported first, by name', () => {
  assert.deepEqual(issues({ steps: [], outptu: {} }), [{ path: 'outptu', code: 'unknown_key' }]);
});

test('every problem is reported with its path: query, unknown operator, bad params, unknown keys', () => {
  assert.deepEqual(
    issues({ query: { limit: 'ten' }, steps: [{ op: 'count_by', by: 'type' }, { op: 'count-by', by: 3 }, { op: 'limit', n: 5, extra: true }] }).sort((a, b) =>
      a.path.localeCompare(b.path),
    ),
    [
      { path: 'query.limit', code: 'invalid_type' },
      { path: 'steps.0.op', code: 'unknown_operator' },
      { path: 'steps.1.by', code: 'invalid_type' },
      { path: 'steps.2.extra', code: 'unknown_key' },
    ],
  );
});

test('steps must accept what the previous step produces', () => {
  const registry = createRegistry().register(
    defineOperator({
      name: 'events-only',
      summary: 'Takes events.',
      description: '',
      params: z.strictObject({}),
      accepts: ['events'],
      produces: () => 'events',
      run: (input) => input,
    }),
    'test',
  );
  const ok = parsePipeline({ steps: [{ op: 'events-only' }, { op: 'count-by', by: 'type' }, { op: 'sort', by: '-count' }] }, { ...options, registry });
  assert.deepEqual(ok.steps.map((s) => s.op), ['events-only', 'count-by', 'sort']);
  assert.throws(
    () => parsePipeline({ steps: [{ op: 'count-by', by: 'type' }, { op: 'events-only' }] }, { ...options, registry }),
    (e: unknown) => {
      assert.ok(e instanceof InvalidPipelineError);
      assert.deepEqual(e.issues.map((i) => [i.path.join('.'), i.code]), [['steps.1.op', 'incompatible_step']]);
      return true;
    },
  );
});

/** The InvalidPipelineError of an input: its message and its issues (path, code, message). */
function failure(input: unknown, registry = options.registry): { message: string; issues: [string, string, string][] } {
  try {
    parsePipeline(input, { ...options, registry });
  } catch (e) {
    assert.ok(e instanceof InvalidPipelineError);
    assert.equal(e.code, 'invalid_pipeline');
    return { message: e.message, issues: e.issues.map((i) => [i.path.join('.'), i.code, i.message]) };
  }
  assert.fail('expected invalid_pipeline');
}

test('the error message names the first problem and how many more there are', () => {
  assert.deepEqual(failure({ steps: [{ op: 'count_by' }] }).message, `Invalid pipeline at steps[0].op: Unknown operator "count_by". Known operators: ${options.registry.names().join(', ')}.`);
  const two = failure({ steps: [{ op: 'limit', n: 'x' }, { op: 'limit', n: -1 }] });
  assert.equal(two.issues.length, 2);
  assert.equal(two.message, `Invalid pipeline at steps[0].n: ${two.issues[0]![2]} (and 1 more)`);
  const three = failure({ steps: [{ op: 'limit', n: 'x' }, { op: 'limit', n: 'y' }, { op: 'nope' }] });
  assert.equal(three.issues.length, 3);
  assert.match(three.message, /^Invalid pipeline at steps\[0\]\.n: .* \(and 2 more\)$/);
});

test('too many steps: the input limit, before anything is parsed', () => {
  const steps = Array.from({ length: 101 }, () => ({ op: 'limit', n: 1 }));
  assert.throws(() => parsePipeline({ steps }, options), (e: unknown) => {
    assert.ok(e instanceof LimitExceededError);
    assert.equal(e.code, 'limit_exceeded');
    assert.deepEqual(e.issues.map((i) => i.path), [['steps']]);
    assert.equal(e.message, 'Input too large at steps: Exceeds the maxSteps limit of 100 (101 steps). Split the work into smaller requests; the limits are listed in docs/limits.md.');
    return true;
  });
  assert.equal(parsePipeline({ steps: steps.slice(1) }, options).steps.length, 100);
});

test('name, description and graph records are echoed when given, and only then', () => {
  const p = parsePipeline({ name: 'n1', description: 'd1', steps: [{ op: 'transition-graph' }], output: { format: 'csv', records: 'nodes' } }, options);
  assert.equal(p.name, 'n1');
  assert.equal(p.description, 'd1');
  assert.deepEqual(p.output, { format: 'csv', records: 'nodes' });
  assert.deepEqual(Object.keys(p), ['name', 'description', 'source', 'query', 'steps', 'output', 'strict']);
  const q = parsePipeline({ source: 'other', steps: [{ op: 'transition-graph' }], output: { format: 'gexf' }, strict: true }, options);
  assert.deepEqual(Object.keys(q), ['source', 'query', 'steps', 'output', 'strict']);
  assert.deepEqual([q.source, q.output, q.strict], ['other', { format: 'gexf' }, true]);
});

test('the output format must suit the result kind', () => {
  assert.deepEqual(failure({ steps: [{ op: 'count-by', by: 'type' }], output: { format: 'gexf' } }), {
    message: 'Invalid pipeline at output.format: A table result cannot be written as gexf; use json, ndjson, csv.',
    issues: [['output.format', 'invalid_value', 'A table result cannot be written as gexf; use json, ndjson, csv.']],
  });
  assert.deepEqual(failure({ output: { format: 'dot' } }).issues, [['output.format', 'invalid_value', 'An events result cannot be written as dot; use json, ndjson, csv.']]);
  assert.deepEqual(parsePipeline({ steps: [{ op: 'transition-graph' }], output: { format: 'dot' } }, options).output, { format: 'dot' });
  // After an unknown operator the kind is unknown: only that problem is reported.
  assert.deepEqual(failure({ steps: [{ op: 'nope' }], output: { format: 'dot' } }).issues.map((i) => i[1]), ['unknown_operator']);
});

test('named outputs: each branch checked from the shared kind, with its own path; at least one output', () => {
  assert.deepEqual(failure({ steps: [], outputs: {} }).issues, [['outputs', 'invalid_value', 'List at least one output, or leave `outputs` out.']]);
  const bad = failure({ steps: [{ op: 'count-by', by: 'type' }], outputs: { a: [{ op: 'limit', n: 1 }], b: [{ op: 'nope' }], c: [{ op: 'sessionize' }] } });
  assert.deepEqual(bad.issues.map((i) => [i[0], i[1]]), [['outputs.b.0.op', 'unknown_operator'], ['outputs.c.0.op', 'incompatible_step']]);
  const p = parsePipeline({ steps: [{ op: 'count-by', by: 'type' }], outputs: { top: [{ op: 'limit', n: 2 }], all: [] } }, options);
  assert.deepEqual(p.outputs, { top: [{ op: 'limit', params: { n: 2 } }], all: [] });
  // Each output is written in its own file, so a graph-only format does not fail a pipeline whose outputs are tables.
  assert.deepEqual(parsePipeline({ outputs: { t: [{ op: 'count-by', by: 'type' }], g: [{ op: 'transition-graph' }] }, output: { format: 'gexf' } }, options).output, { format: 'gexf' });
});

test('an incompatible step says what it takes and what the previous step produces', () => {
  const registry = createRegistry().register(
    defineOperator({
      name: 'events-or-graph',
      summary: 'Takes events or a graph.',
      description: '',
      params: z.strictObject({}),
      accepts: ['events', 'graph'],
      produces: () => 'events',
      run: (input) => input,
    }),
    'test',
  );
  assert.deepEqual(failure({ steps: [{ op: 'count-by', by: 'type' }, { op: 'events-or-graph' }] }, registry).issues, [
    [
      'steps.1.op',
      'incompatible_step',
      '"events-or-graph" takes events or graph, but the previous step produces table. Reorder the steps or add one that produces events or graph.',
    ],
  ]);
});
