import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inferFields } from '../../../src/core/schema/infer-fields.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';

test('fields, types, counts, roles and examples from a sample', () => {
  const docs = [
    { clientTime: 1, microTime: 0.5, type: 'click', details: { clicks: 1 }, path: ['a', 'b'], userId: null },
    { clientTime: 2, type: 'blur', details: null, sessionID: 's', items: [{ name: 'x' }] },
  ];
  const fields = inferFields(docs, resolveMapping('userale').mapping);
  const byName = Object.fromEntries(fields.map((f) => [f.field, f]));
  assert.deepEqual(Object.keys(byName), ['clientTime', 'details', 'details.clicks', 'items', 'items.name', 'microTime', 'path', 'sessionID', 'type', 'userId']);
  assert.deepEqual(byName.clientTime!.types, ['integer']);
  assert.deepEqual(byName.clientTime!.roles, ['time']);
  assert.deepEqual(byName.microTime!.roles, ['time']);
  assert.deepEqual(byName.microTime!.types, ['number']);
  assert.deepEqual(byName.details!.types, ['null', 'object']);
  assert.equal(byName.details!.count, 1);
  assert.deepEqual(byName.path!.types, ['array', 'array<string>']);
  assert.deepEqual(byName.path!.roles, ['path']);
  assert.deepEqual(byName.userId!.types, ['null']);
  assert.equal(byName.userId!.count, 0);
  assert.deepEqual(byName.sessionID!.roles, ['session']);
  assert.deepEqual(byName.type!.examples, ['click', 'blur']);
  assert.equal(byName['items.name']!.count, 1);
});
