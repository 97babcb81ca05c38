import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { MappingSchema, normalizeMapping } from '../../../src/core/schema/mapping-schema.js';
import { validate } from '../../../src/core/validation.js';

test('the mapping schema published in dist-config (what editors show) is the zod schema, descriptions included', () => {
  const file = path.join(import.meta.dirname, '../../../dist-config/distill.config.schema.json');
  const published = (JSON.parse(readFileSync(file, 'utf8')) as { properties: { schemas: { additionalProperties: unknown } } }).properties.schemas.additionalProperties;
  const fromZod = z.toJSONSchema(MappingSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete fromZod.$schema;
  assert.deepEqual(published, fromZod);
  // The descriptions are what a user reads in the editor: spot-check that they are really there.
  const props = (fromZod as { properties: Record<string, { description?: string }> }).properties;
  assert.equal(props.session!.description, 'Session id.');
  assert.equal(props.requireTime!.description, 'Skip (and report) documents with no usable time instead of keeping them without one.');
  assert.equal((fromZod as { description: string }).description, 'How a source document maps onto the canonical event.');
});

test('an empty field name and an empty fallback list are refused with messages that say why', () => {
  const r = validate(MappingSchema, { time: [], user: '', session: [], end: [{ field: '' }] }, ['m']);
  assert.equal(r.ok, false);
  const issues = r.ok ? [] : r.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  assert.deepEqual(issues, [
    { path: 'm.time', message: 'List at least one field.' },
    { path: 'm.end.0.field', message: 'A field name cannot be empty.' },
    { path: 'm.user', message: 'A field name cannot be empty.' },
    { path: 'm.session', message: 'List at least one field.' },
  ]);
});

test('normalizeMapping: every role becomes a list (empty when unmapped); time fields take the default format', () => {
  const parsed = MappingSchema.parse({ time: ['a', { field: 'b', format: 'iso', fraction: 'f' }], timeFormat: 'epoch_s', user: 'u', session: ['s1', 's2'] });
  assert.deepEqual(normalizeMapping(parsed), {
    description: undefined,
    id: [],
    time: [
      { field: 'a', format: 'epoch_s' },
      { field: 'b', format: 'iso', fraction: 'f' },
    ],
    requireTime: false,
    end: [],
    user: ['u'],
    session: ['s1', 's2'],
    type: [],
    target: [],
    path: [],
    pathSeparator: undefined,
    page: [],
    kind: [],
  });
});
