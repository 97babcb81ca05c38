import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { parsePipeline } from '../../../src/core/pipeline/parse-pipeline.js';
import { attrsReadBy, readsRole, requiredFields, stepAttrs } from '../../../src/core/pipeline/required-fields.js';
import { defineOperator } from '../../../src/core/pipeline/operator.js';
import { z } from 'zod';

const registry = createRegistry();
const parse = (doc: Record<string, unknown>) => parsePipeline(doc, { registry, defaultSource: 'files' });

test('requiredFields: document paths named by the query and the steps, sorted; roles left out', () => {
  const p = parse({ query: { where: { field: 'doc.details.clicks', op: 'gt', value: 1 } }, steps: [{ op: 'count-by', by: ['user', 'pageTitle'] }] });
  assert.deepEqual(requiredFields(p, registry), ['details.clicks', 'pageTitle']);
  assert.equal(requiredFields(parse({ steps: [{ op: 'limit', n: 3 }] }), registry), undefined, 'an events output needs whole documents');
});

test('readsRole: the DOM path is read only when something names it or events are the answer', () => {
  const dfg = parse({
    query: { where: { field: 'kind', op: 'eq', value: 'raw' } },
    outputs: {
      edges: [{ op: 'transition-graph', partition: 'session', label: 'target', metrics: [] }],
      clicks: [{ op: 'count-by', by: 'user' }],
    },
  });
  assert.equal(readsRole(dfg, registry, 'path'), false);
  assert.equal(readsRole(dfg, registry, 'target'), true);
  assert.equal(readsRole(parse({ steps: [{ op: 'transition-graph', partition: 'session', label: 'path', metrics: [] }] }), registry, 'path'), true);
  assert.equal(readsRole(parse({ steps: [{ op: 'count-by', by: 'path' }] }), registry, 'path'), true);
  // Events out (projected): their roles are part of the answer.
  assert.equal(readsRole(parse({ query: { fields: ['type'] }, steps: [{ op: 'sessionize' }] }), registry, 'path'), true);
  // Whole documents (unprojected events out).
  assert.equal(readsRole(parse({ steps: [{ op: 'sessionize' }] }), registry, 'path'), true);
});

test('attrsReadBy: the derived attributes the rest of a run can read (attrs.x, or a bare non-role name)', () => {
  const steps = (doc: Record<string, unknown>) => parse(doc).steps;
  const sequence = steps({ steps: [{ op: 'stitch-users' }, { op: 'sessionize' }, { op: 'collapse-repeats' }, { op: 'segment', segments: [{ mode: 'idle', limit: '1m' }] }] });
  // sessionize's default fields: the session role, then document fields an attribute of that name would shadow.
  assert.deepEqual([...attrsReadBy(sequence, registry)!].sort(), ['browserSessionId', 'httpSessionId', 'sessionID', 'sessionId']);
  assert.deepEqual([...attrsReadBy(sequence.slice(2), registry)!], [], 'collapse-repeats and segment read roles only');
  assert.deepEqual([...attrsReadBy(steps({ steps: [{ op: 'sessionize', fields: ['session'] }, { op: 'count-by', by: ['route', 'attrs.sourceUser', 'doc.route', 'user'] }] }), registry)!].sort(), ['route', 'sourceUser']);
  assert.equal(attrsReadBy(steps({ steps: [{ op: 'sessionize' }] }), registry), undefined, 'events out: attributes are part of the answer');
  assert.equal(attrsReadBy(steps({ steps: [{ op: 'sessionize' }, { op: 'limit', n: 2 }] }), registry), undefined);
});

/** An operator that does not declare the fields it reads (as a plugin may): it may read anything. */
const opaque = defineOperator({
  name: 'opaque',
  summary: 'test',
  description: 'test',
  params: z.strictObject({}),
  accepts: ['events', 'table'],
  produces: (input) => input,
  examples: [],
  run: (input) => input,
});
const withOpaque = createRegistry().register(opaque, 'test');
const parseOpaque = (doc: Record<string, unknown>) => parsePipeline(doc, { registry: withOpaque, defaultSource: 'files' });

test('requiredFields: sorted whatever the order they are named in; only steps reading events count', () => {
  const p = parse({ query: { where: { field: 'zeta', op: 'exists' } }, steps: [{ op: 'count-by', by: ['pageTitle', 'alpha'] }, { op: 'sort', by: '-count' }] });
  assert.deepEqual(requiredFields(p, registry), ['alpha', 'pageTitle', 'zeta']);
  // after a table, an undeclared step reads the table, not events
  assert.deepEqual(requiredFields(parseOpaque({ steps: [{ op: 'count-by', by: 'pageTitle' }, { op: 'opaque' }] }), withOpaque), ['pageTitle']);
  assert.equal(requiredFields(parseOpaque({ steps: [{ op: 'opaque' }, { op: 'count-by', by: 'pageTitle' }] }), withOpaque), undefined);
  // one output reading events without declaring its fields: whole documents
  const outputs = { a: [{ op: 'count-by', by: 'pageTitle' }], b: [{ op: 'opaque' }, { op: 'count-by', by: 'x' }] };
  assert.equal(requiredFields(parseOpaque({ outputs }), withOpaque), undefined);
  assert.equal(readsRole(parseOpaque({ outputs }), withOpaque, 'path'), true);
  assert.deepEqual(requiredFields(parseOpaque({ outputs: { a: outputs.a, b: [{ op: 'count-by', by: 'x' }, { op: 'opaque' }] } }), withOpaque), ['pageTitle', 'x']);
});

test('attrsReadBy: fields named by steps after the events became a table are not attributes', () => {
  const steps = parse({ steps: [{ op: 'count-by', by: 'route' }, { op: 'sort', by: ['-count', 'other'] }] }).steps;
  assert.deepEqual([...attrsReadBy(steps, registry)!], ['route']);
});

test('stepAttrs: the derived attributes steps attach, each once, in order of first appearance', () => {
  const steps = parse({ steps: [{ op: 'stitch-users' }, { op: 'limit', n: 2 }, { op: 'sessionize' }, { op: 'stitch-users' }] }).steps;
  assert.deepEqual(stepAttrs(steps, registry), ['sourceUser', 'userStitch', 'sourceSession']);
  assert.deepEqual(stepAttrs([], registry), []);
  assert.deepEqual(stepAttrs(steps.slice(1, 2), registry), []);
});
