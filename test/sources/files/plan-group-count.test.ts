import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planDropSpec, planGroupCount } from '../../../src/sources/files/plan-group-count.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { USERALE_MAPPING } from '../../../src/core/schema/presets/userale.js';

const userale = resolveMapping('userale').mapping;
const countBy = (params: Record<string, unknown>) => ({ op: 'count-by', params: { explode: false, missing: 'include', sort: 'count', share: false, ...params } });

test('a count-by of string roles over the whole file is counted while reading: the fields it reads and what the workers decide', () => {
  assert.deepEqual(planGroupCount(countBy({ by: ['type'] }), {}, userale, false), {
    by: ['type'],
    roles: ['type'],
    spec: {
      time: [
        { field: 'clientTime', format: 'auto' },
        { field: 'startTime', format: 'auto' },
      ],
      by: [['type']],
      requireTime: false,
    },
    needs: ['clientTime', 'startTime', 'type'],
  });
  const plan = planGroupCount(countBy({ by: ['session', 'user', 'kind'] }), {}, resolveMapping({ ...USERALE_MAPPING, requireTime: true }).mapping, false);
  assert.deepEqual(plan?.spec.by, [['sessionId', 'sessionID'], ['userId'], ['logType']]);
  assert.equal(plan?.spec.requireTime, true);
  assert.deepEqual(plan?.needs, ['clientTime', 'logType', 'sessionID', 'sessionId', 'startTime', 'userId']);
});

test('not counted while reading: other operators, strict runs, a query, explode, non-string roles, document fields, dotted mapping fields', () => {
  const no = (step: { op: string; params: unknown }, query: Record<string, unknown> = {}, strict = false, mapping = userale) => assert.equal(planGroupCount(step, query, mapping, strict), undefined, JSON.stringify([step, query, strict]));
  no({ op: 'stats', params: {} });
  no(countBy({ by: ['type'] }), {}, true);
  no(countBy({ by: ['type'] }), { where: { field: 'type', op: 'eq', value: 'click' } });
  no(countBy({ by: ['type'] }), { time: { from: 0 } });
  no(countBy({ by: ['type'] }), { fields: ['type'] });
  no(countBy({ by: ['type'] }), { sort: [{ field: 'time', order: 'asc' }] });
  no(countBy({ by: ['type'] }), { limit: 5 });
  no(countBy({ by: ['type'], explode: true }));
  for (const by of ['path', 'time', 'end', 'id', 'doc.type', 'pageTitle', 'attrs.x']) no(countBy({ by: [by] }));
  no(countBy({ by: ['user'] }), {}, false, resolveMapping({ ...USERALE_MAPPING, user: 'details.user' }).mapping);
  no(countBy({ by: ['type'] }), {}, false, resolveMapping({ ...USERALE_MAPPING, time: ['meta.time'] }).mapping);
});

test('one by field given as a string is one role, as in a list', () => {
  assert.deepEqual(planGroupCount(countBy({ by: 'type' }), {}, userale, false), planGroupCount(countBy({ by: ['type'] }), {}, userale, false));
  assert.deepEqual(planGroupCount(countBy({ by: 'type' }), {}, userale, false)?.by, ['type']);
});

const TIME = [
  { field: 'clientTime', format: 'auto' },
  { field: 'startTime', format: 'auto' },
];

test('planDropSpec: eq on a string and in on strings, for string roles read from top-level fields, nested all lists included', () => {
  assert.deepEqual(planDropSpec({ where: { field: 'kind', op: 'eq', value: 'raw' } }, userale), { time: TIME, tests: [{ fields: ['logType'], values: ['raw'] }] });
  assert.deepEqual(planDropSpec({ where: { field: 'session', op: 'in', value: ['a', 'b'] } }, userale), { time: TIME, tests: [{ fields: ['sessionId', 'sessionID'], values: ['a', 'b'] }] });
  assert.deepEqual(planDropSpec({ where: { field: 'type', op: 'in', value: [] } }, userale), { time: TIME, tests: [{ fields: ['type'], values: [] }] }, 'in [] holds for nothing');
  const where = {
    all: [
      { field: 'user', op: 'eq', value: 'ana' },
      { field: 'doc.logType', op: 'eq', value: 'raw' },
      { any: [{ field: 'type', op: 'eq', value: 'click' }] },
      { not: { field: 'type', op: 'eq', value: 'click' } },
      { all: [{ field: 'page', op: 'eq', value: 'p' }, { all: [{ field: 'target', op: 'in', value: ['#a'] }] }] },
      { field: 'type', op: 'ne', value: 'click' },
      { field: 'type', op: 'nin', value: ['click'] },
      { field: 'type', op: 'prefix', value: 'cl' },
      { field: 'type', op: 'exists' },
    ],
  };
  assert.deepEqual(planDropSpec({ where } as never, userale), {
    time: TIME,
    tests: [
      { fields: ['userId'], values: ['ana'] },
      { fields: ['pageUrl'], values: ['p'] },
      { fields: ['target'], values: ['#a'] },
    ],
  });
});

test('planDropSpec: nothing for no condition, other operands (numbers, booleans, null), other fields, dotted mapping fields', () => {
  assert.equal(planDropSpec({}, userale), undefined);
  assert.equal(planDropSpec({ time: { from: 0 } }, userale), undefined, 'a time range is the main thread’s');
  for (const value of [1, true, null]) assert.equal(planDropSpec({ where: { field: 'kind', op: 'eq', value } }, userale), undefined, String(value));
  assert.equal(planDropSpec({ where: { field: 'kind', op: 'in', value: ['raw', 1] } }, userale), undefined, 'one non-string in the list');
  assert.equal(planDropSpec({ where: { field: 'kind', op: 'in', value: ['raw', null] } }, userale), undefined, 'null: missing is wanted');
  for (const field of ['doc.type', 'time', 'id', 'path', 'details.x', 'attrs.segment']) {
    assert.equal(planDropSpec({ where: { field, op: 'eq', value: 'x' } }, userale), undefined, field);
  }
  const dottedRole = resolveMapping({ ...USERALE_MAPPING, kind: ['details.kind'] }).mapping;
  assert.equal(planDropSpec({ where: { field: 'kind', op: 'eq', value: 'raw' } }, dottedRole), undefined, 'a dotted role field');
  assert.deepEqual(planDropSpec({ where: { all: [{ field: 'kind', op: 'eq', value: 'raw' }, { field: 'type', op: 'eq', value: 'click' }] } }, dottedRole)?.tests, [{ fields: ['type'], values: ['click'] }]);
  const dottedTime = resolveMapping({ ...USERALE_MAPPING, time: [{ field: 'meta.t' }] }).mapping;
  assert.equal(planDropSpec({ where: { field: 'type', op: 'eq', value: 'click' } }, dottedTime), undefined, 'a dotted time field');
  const oneDottedTime = resolveMapping({ ...USERALE_MAPPING, time: ['clientTime', { field: 'meta.t' }] }).mapping;
  assert.equal(planDropSpec({ where: { field: 'type', op: 'eq', value: 'click' } }, oneDottedTime), undefined, 'one dotted time field of two');
  const { page: _page, ...withoutPage } = USERALE_MAPPING;
  const unmapped = resolveMapping(withoutPage).mapping;
  assert.deepEqual(planDropSpec({ where: { field: 'page', op: 'eq', value: 'p' } }, unmapped)?.tests, [{ fields: [], values: ['p'] }], 'an unmapped role is missing everywhere');
});
