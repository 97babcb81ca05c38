import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigSchema } from '../../src/config/config-schema.js';
import { USERALE_MAPPING } from '../../src/core/schema/presets/userale.js';
import { createSource } from '../../src/sources/create-source.js';

// The config path an unknown or invalid mapping is reported under: the source's own `schema` entry.

const files = (schema: unknown) => ConfigSchema.parse({ sources: { web: { kind: 'files', paths: 'logs', schema } } }).sources.web!;

test('an unknown mapping name is reported at sources.<id>.schema', () => {
  assert.throws(() => createSource('web', files('nope'), { baseDir: '.', schemas: {} }), (e: Error & { code?: string; issues?: { code: string; path: unknown }[] }) => {
    assert.equal(e.code, 'invalid_config');
    assert.deepEqual(e.issues?.map((i) => [i.code, i.path]), [['unknown_schema', ['sources', 'web', 'schema']]]);
    return true;
  });
});

test('an invalid inline mapping is reported under sources.<id>.schema', () => {
  const config = files({ ...USERALE_MAPPING });
  const broken = { ...config, schema: { ...USERALE_MAPPING, time: 5 } } as unknown as typeof config;
  assert.throws(() => createSource('web', broken, { baseDir: '.', schemas: {} }), (e: Error & { code?: string; issues?: { path: (string | number)[] }[] }) => {
    assert.equal(e.code, 'invalid_config');
    assert.ok((e.issues?.length ?? 0) > 0);
    for (const issue of e.issues ?? []) assert.deepEqual(issue.path.slice(0, 3), ['sources', 'web', 'schema'], JSON.stringify(issue));
    return true;
  });
});
