import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldGetter, isTimeRef, resolveFieldRef } from '../../../src/core/query/field-ref.js';
import { ev } from '../../helpers/events.js';

test('resolveFieldRef: roles, attrs., doc. and shadowable document paths', () => {
  assert.deepEqual(resolveFieldRef('user'), { kind: 'role', role: 'user' });
  assert.deepEqual(resolveFieldRef('attrs.segment'), { kind: 'attr', name: 'segment' });
  assert.deepEqual(resolveFieldRef('doc.type'), { kind: 'doc', path: 'type' });
  assert.deepEqual(resolveFieldRef('details.clicks'), { kind: 'doc', path: 'details.clicks', shadowable: true });
  assert.deepEqual(resolveFieldRef('docs.x'), { kind: 'doc', path: 'docs.x', shadowable: true });
  assert.deepEqual(resolveFieldRef('attrsx'), { kind: 'doc', path: 'attrsx', shadowable: true });
});

test('fieldGetter: a derived attribute shadows a plain path but never doc. or a role; own properties only', () => {
  const e = { ...ev('1', 5, { user: 'u' }, { segment: 'from-doc', type: 'doc-type', nested: { x: 1 } }), attrs: { segment: 'derived', user: 'attr-user' } };
  const get = (name: string) => fieldGetter(resolveFieldRef(name))(e);
  assert.equal(get('segment'), 'derived');
  assert.equal(get('doc.segment'), 'from-doc');
  assert.equal(get('attrs.segment'), 'derived');
  assert.equal(get('user'), 'u');
  assert.equal(get('nested.x'), 1);
  assert.equal(get('attrs.missing'), undefined);
  assert.equal(get('attrs.toString'), undefined);
  const plain = ev('2', 5, {}, { segment: 'from-doc' });
  assert.equal(fieldGetter(resolveFieldRef('segment'))(plain), 'from-doc');
  assert.equal(fieldGetter(resolveFieldRef('attrs.segment'))(plain), undefined);
});

test('isTimeRef: only the time and end roles', () => {
  assert.equal(isTimeRef(resolveFieldRef('time')), true);
  assert.equal(isTimeRef(resolveFieldRef('end')), true);
  assert.equal(isTimeRef(resolveFieldRef('user')), false);
  assert.equal(isTimeRef(resolveFieldRef('doc.time')), false);
  assert.equal(isTimeRef(resolveFieldRef('attrs.time')), false);
});

test('conditionKind and isFieldCondition', async () => {
  const { conditionKind, isFieldCondition } = await import('../../../src/core/query/condition-kind.js');
  assert.equal(isFieldCondition({ field: 'x', op: 'eq', value: 1 }), true);
  assert.equal(isFieldCondition({ all: [] }), false);
  assert.equal(isFieldCondition({ not: { all: [] } }), false);
  assert.deepEqual([{ all: [] }, { any: [] }, { not: { all: [] } }, { field: 'x', op: 'prefix', value: 'a' }].map((c) => conditionKind(c as never)), ['all', 'any', 'not', 'prefix']);
});
