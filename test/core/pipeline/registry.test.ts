import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { OperatorRegistry } from '../../../src/core/pipeline/registry.js';
import { defineOperator } from '../../../src/core/pipeline/operator.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { DistillError, UnknownOperatorError } from '../../../src/core/errors.js';

const identity = (name: string) =>
  defineOperator({
    name,
    summary: 'Pass events through.',
    description: 'Test operator.',
    params: z.strictObject({ n: z.number().default(1) }),
    accepts: ['events'],
    produces: (k) => k,
    run: (input) => input,
  });

test('built-in operators are registered with descriptions and JSON Schemas of their params', () => {
  const registry = createRegistry();
  assert.deepEqual(registry.names(), [
    'collapse-repeats', 'compare', 'count-by', 'count-over-time', 'drop-dangling', 'features', 'filter', 'funnel', 'intervals', 'limit',
    'neighbours', 'path-probabilities', 'project', 'resample', 'rewrite', 'sample', 'sandwich', 'sankey', 'segment', 'sessionize', 'sort',
    'stats', 'stitch-users', 'transition-graph', 'transition-matrix', 'variants',
  ]);
  const d = registry.describe('count-by');
  assert.equal(d.origin, 'builtin');
  assert.deepEqual(d.accepts, ['events', 'table']);
  assert.deepEqual(d.produces, { events: 'table', table: 'table' });
  assert.equal((d.params as { type: string }).type, 'object');
  assert.deepEqual((d.params as { required: string[] }).required, ['by']);
  assert.ok(Object.keys((d.params as { properties: object }).properties).includes('explode'));
  for (const name of registry.names()) assert.equal(typeof registry.describe(name).params, 'object');
  // filter's params embed the recursive condition schema
  assert.match(JSON.stringify(registry.describe('filter').params), /"\$ref"/);
});

test('illegal, reserved and duplicate names are rejected with the origin named', () => {
  const registry = new OperatorRegistry().register(identity('my-op'), 'plugins/a.js');
  assert.throws(() => registry.register(identity('my-op'), 'plugins/b.js'), (e: unknown) => {
    assert.ok(e instanceof DistillError);
    assert.match(e.message, /plugins\/b\.js/);
    assert.match(e.message, /already taken by plugins\/a\.js/);
    return true;
  });
  assert.throws(() => registry.register(identity('My_Op'), 'x.js'), /illegal name/);
  assert.throws(() => registry.register(identity('query'), 'x.js'), /reserved/);
  assert.throws(() => registry.register({ ...identity('no-run'), run: undefined } as never, 'x.js'), /run function/);
  assert.throws(() => registry.register({ ...identity('no-params'), params: {} } as never, 'x.js'), /zod schema/);
});

test('unknown operators list the known names', () => {
  assert.throws(() => createRegistry().get('count_by'), (e: unknown) => {
    assert.ok(e instanceof UnknownOperatorError);
    assert.equal(e.code, 'unknown_operator');
    assert.ok(e.message.endsWith(`Known operators: ${createRegistry().names().join(', ')}.`));
    return true;
  });
});

test('clone keeps operators and origins without sharing later registrations', () => {
  const base = createRegistry();
  const copy = base.clone().register(identity('extra'), 'plugin.js');
  assert.equal(base.has('extra'), false);
  assert.equal(copy.describe('extra').origin, 'plugin.js');
  assert.equal(copy.describe('sort').origin, 'builtin');
});
