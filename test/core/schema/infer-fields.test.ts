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

test('the whole answer for a small sample: sorted fields, roles, no examples key for fields without scalars', () => {
  const mapping = resolveMapping('m', { m: { time: ['t', { field: 't', fraction: 'f' }], user: ['u', 'u'], end: 'f' } }).mapping;
  const fields = inferFields([{ z: { y: 1 }, u: 'a', t: 2, f: 0.5, arr: [null, 1, { k: true }] }], mapping);
  assert.deepEqual(fields, [
    { field: 'arr', types: ['array', 'array<integer>', 'array<null>', 'object'], count: 1, roles: [] },
    { field: 'arr.k', types: ['boolean'], count: 1, roles: [], examples: [true] },
    { field: 'f', types: ['number'], count: 1, roles: ['time', 'end'], examples: [0.5] },
    { field: 't', types: ['integer'], count: 1, roles: ['time'], examples: [2] },
    { field: 'u', types: ['string'], count: 1, roles: ['user'], examples: ['a'] },
    { field: 'z', types: ['object'], count: 1, roles: [] },
    { field: 'z.y', types: ['integer'], count: 1, roles: [], examples: [1] },
  ]);
});

test('fields come out sorted whatever order the documents have them in', () => {
  const fields = inferFields([{ e: 1, d: 1, c: 1, b: 1, a: 1 }]);
  assert.deepEqual(fields.map((f) => f.field), ['a', 'b', 'c', 'd', 'e']);
});

test('examples: at most five distinct values; strings over 80 characters cut to 77 plus "..."', () => {
  const docs = [1, 2, 2, 3, 4, 5, 6, 7].map((n) => ({ n, b: n % 2 === 0 }));
  const long = 'x'.repeat(81);
  const exact = 'y'.repeat(80);
  const fields = inferFields([...docs, { s: long }, { s: exact }]);
  const byName = Object.fromEntries(fields.map((f) => [f.field, f]));
  assert.deepEqual(byName.n!.examples, [1, 2, 3, 4, 5]);
  assert.deepEqual(byName.b!.examples, [false, true]);
  assert.deepEqual(byName.s!.examples, [`${'x'.repeat(77)}...`, exact]);
});

test('undefined values (documents built in code) count as absent and type null; scalar or array documents add no fields', () => {
  assert.deepEqual(inferFields([{ a: undefined }]), [{ field: 'a', types: ['null'], count: 0, roles: [] }]);
  assert.deepEqual(inferFields([[1, 'a'], 'text', null, 3]), []);
});
