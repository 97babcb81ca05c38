import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planGroupCount } from '../../../src/sources/files/plan-group-count.js';
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
