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

test('an unknown mapping: the exact message and one unknown_schema issue at the given path', () => {
  assert.throws(() => resolveMapping('nope', { mine: { time: 't' } }, ['sources', 'a', 'schema']), (e: unknown) => {
    assert.ok(e instanceof InvalidConfigError);
    assert.equal(e.message, 'Unknown schema mapping "nope". Known mappings: mine, userale.');
    assert.deepEqual(e.issues, [
      { code: 'unknown_schema', path: ['sources', 'a', 'schema'], message: 'Unknown schema mapping "nope"; use one of mine, userale.' },
    ]);
    return true;
  });
  // Without a path the issue sits at `schema`.
  assert.throws(() => resolveMapping('nope'), (e: unknown) => {
    assert.ok(e instanceof InvalidConfigError);
    assert.deepEqual(e.issues.map((i) => i.path), [['schema']]);
    return true;
  });
});

test('an invalid inline mapping is named "inline", its issues under the default path `schema`', () => {
  assert.throws(() => resolveMapping({ user: 'u' } as never), (e: unknown) => {
    assert.ok(e instanceof InvalidConfigError);
    assert.equal(e.message, 'Schema mapping "inline" is invalid.');
    assert.deepEqual(e.issues.map((i) => i.path), [['schema', 'time']]);
    return true;
  });
  assert.throws(() => resolveMapping('bad', { bad: { time: 1 } as never }), { message: 'Schema mapping "bad" is invalid.' });
  assert.equal(resolveMapping({ time: 't' }).name, 'inline');
  assert.equal(resolveMapping('userale').name, 'userale');
});

test('the userale preset, normalised: every role and time field exactly', () => {
  assert.deepEqual(resolveMapping('userale').mapping, {
    description: 'Apache Flagon UserALE.js logs (raw, custom, interval)',
    id: [],
    time: [
      { field: 'clientTime', format: 'auto', fraction: 'microTime' },
      { field: 'startTime', format: 'auto' },
    ],
    requireTime: false,
    end: [{ field: 'endTime', format: 'auto' }],
    user: ['userId'],
    session: ['sessionId', 'sessionID'],
    type: ['type'],
    target: ['target'],
    path: ['path'],
    pathSeparator: undefined,
    page: ['pageUrl'],
    kind: ['logType'],
  });
});
