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

/** The DistillError a registration fails with: code and exact message. */
function rejects(registry: OperatorRegistry, definition: unknown, message: string): void {
  assert.throws(
    () => registry.register(definition as never, 'x.js'),
    (e: unknown) => {
      assert.ok(e instanceof DistillError);
      assert.equal(e.code, 'invalid_argument');
      assert.equal(e.message, message);
      return true;
    },
  );
}

test('every reserved word is refused as an operator name', () => {
  const registry = new OperatorRegistry();
  const reserved = [
    'op', 'source', 'query', 'steps', 'output', 'format', 'help', 'version', 'run', 'validate', 'sources', 'fields',
    'serve', 'ops', 'operators', 'pipelines', 'health', 'openapi', 'docs',
  ];
  for (const name of reserved) rejects(registry, identity(name), `Cannot register operator from x.js: "${name}" is a reserved word; choose another name.`);
  assert.deepEqual(registry.names(), []);
});

test('names are kebab-case from start to end', () => {
  const registry = new OperatorRegistry();
  const illegal = (name: unknown) =>
    `Cannot register operator from x.js: illegal name ${JSON.stringify(name)}: use kebab-case letters and digits, starting with a letter (e.g. "my-transform").`;
  for (const name of ['my_op', 'my-op!', 'my-op ', 'my--op', 'my-op-', '1op', 'Op', '']) rejects(registry, identity(name), illegal(name));
  // A missing or non-string name is illegal too, though String(undefined) would pass the pattern.
  rejects(registry, { ...identity('x'), name: undefined }, illegal(undefined));
  rejects(registry, { ...identity('x'), name: 42 }, illegal(42));
  for (const name of ['a', 'my-op', 'op2', 'a1-b2-c3']) registry.register(identity(name), 'x.js');
  assert.deepEqual(registry.names(), ['a', 'a1-b2-c3', 'my-op', 'op2']);
});

test('a definition missing a part is refused with what it misses', () => {
  const registry = new OperatorRegistry();
  const prefix = 'Cannot register operator from x.js: ';
  rejects(registry, null, `${prefix}an operator must be an object.`);
  rejects(registry, 42, `${prefix}an operator must be an object.`);
  rejects(registry, 'sort', `${prefix}an operator must be an object.`);
  rejects(registry, { ...identity('a'), summary: undefined }, `${prefix}"a" needs a one-line summary.`);
  rejects(registry, { ...identity('a'), summary: ' \t' }, `${prefix}"a" needs a one-line summary.`);
  rejects(registry, { ...identity('a'), description: undefined }, `${prefix}"a" needs a description.`);
  rejects(registry, { ...identity('a'), params: {} }, `${prefix}"a" needs a zod schema as params.`);
  rejects(registry, { ...identity('a'), accepts: undefined }, `${prefix}"a" must list the frame kinds it accepts.`);
  rejects(registry, { ...identity('a'), accepts: [] }, `${prefix}"a" must list the frame kinds it accepts.`);
  rejects(registry, { ...identity('a'), produces: 'table' }, `${prefix}"a" must say what it produces (produces(kind)).`);
  rejects(registry, { ...identity('a'), run: undefined }, `${prefix}"a" needs a run function.`);
  assert.deepEqual(registry.names(), []);
  // An empty description is allowed (the summary is the one line users see).
  registry.register(defineOperator({ ...identity('a'), description: '' }), 'x.js');
  assert.equal(registry.describe('a').description, '');
});

test('the origin defaults to builtin; describing an unknown operator fails like get', () => {
  const registry = new OperatorRegistry().register(identity('mine'));
  assert.equal(registry.describe('mine').origin, 'builtin');
  assert.deepEqual(registry.list().map((r) => [r.definition.name, r.origin]), [['mine', 'builtin']]);
  assert.throws(() => registry.describe('nope'), (e: unknown) => {
    assert.ok(e instanceof UnknownOperatorError);
    assert.equal(e.code, 'unknown_operator');
    assert.equal(e.message, 'Unknown operator "nope". Known operators: mine.');
    return true;
  });
});

test('describe: name, summary, description, accepts, produces per kind, params as input JSON Schema, examples', () => {
  const registry = new OperatorRegistry().register(
    defineOperator({
      name: 'demo',
      summary: 'A demo.',
      description: 'Longer text.',
      params: z.strictObject({ n: z.number().default(1) }),
      accepts: ['events', 'table'],
      produces: () => 'table',
      examples: [{ description: 'Twice.', params: { n: 2 } }],
      run: (input) => input,
    }),
    'p.js',
  );
  assert.deepEqual(registry.describe('demo'), {
    name: 'demo',
    summary: 'A demo.',
    description: 'Longer text.',
    accepts: ['events', 'table'],
    produces: { events: 'table', table: 'table' },
    origin: 'p.js',
    params: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { n: { default: 1, type: 'number' } },
      additionalProperties: false,
    },
    examples: [{ description: 'Twice.', params: { n: 2 } }],
  });
  assert.deepEqual(new OperatorRegistry().register(identity('plain')).describe('plain').examples, []);
});
