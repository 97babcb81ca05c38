import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { InvalidConfigError } from '../../../src/core/errors.js';

test('an unknown mapping name lists the known ones', () => {
  assert.throws(() => resolveMapping('nope', { mine: { time: 't' } }), (e: unknown) => {
    assert.ok(e instanceof InvalidConfigError);
    assert.equal(e.code, 'invalid_config');
    assert.match(e.message, /mine, userale/);
    return true;
  });
});

test('bad keys are reported with their JSON path', () => {
  assert.throws(() => resolveMapping('bad', { bad: { time: 't', timeFormat: 'epoch_us', usr: 'u' } as never }), (e: unknown) => {
    assert.ok(e instanceof InvalidConfigError);
    const paths = e.issues.map((i) => i.path.join('.')).sort();
    assert.deepEqual(paths, ['schemas.bad.timeFormat', 'schemas.bad.usr']);
    assert.deepEqual(e.issues.map((i) => i.code).sort(), ['invalid_value', 'unknown_key']);
    return true;
  });
});

test('a mapping without time is rejected', () => {
  assert.throws(() => resolveMapping({ user: 'u' } as never, {}, ['sources', 's', 'schema']), (e: unknown) => {
    assert.ok(e instanceof InvalidConfigError);
    assert.deepEqual(e.issues[0]!.path, ['sources', 's', 'schema', 'time']);
    return true;
  });
});
