import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { parsePipeline } from '../../../src/core/pipeline/parse-pipeline.js';
import { attrsReadBy, readsRole, requiredFields } from '../../../src/core/pipeline/required-fields.js';

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
