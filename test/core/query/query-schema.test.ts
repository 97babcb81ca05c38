import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { QuerySchema, toSortSpec } from '../../../src/core/query/query-schema.js';
import { validate } from '../../../src/core/validation.js';

test('the query schema published in dist-config (what editors show) is the zod schema, descriptions included', () => {
  const file = path.join(import.meta.dirname, '../../../dist-config/distill.pipeline.schema.json');
  const published = JSON.parse(readFileSync(file, 'utf8')) as { properties: { query: unknown }; $defs: unknown };
  const { $schema: _, $defs, ...body } = z.toJSONSchema(QuerySchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  assert.deepEqual(body, published.properties.query);
  assert.deepEqual($defs, published.$defs);
  const props = body.properties as Record<string, { description?: string }>;
  assert.equal(props.limit!.description, 'Return at most this many events.');
  assert.equal(body.description, 'Which events to read: time range, condition tree, projection, sort and limit.');
});

test('sort shorthands: "-f" descending, "+f" and "f" ascending, objects as they are', () => {
  assert.deepEqual(toSortSpec('-time'), { field: 'time', order: 'desc' });
  assert.deepEqual(toSortSpec('+user'), { field: 'user', order: 'asc' });
  assert.deepEqual(toSortSpec('user'), { field: 'user', order: 'asc' });
  assert.deepEqual(toSortSpec({ field: 'x', order: 'desc' }), { field: 'x', order: 'desc' });
});

test('a condition of no known shape gets the message that lists the shapes; an empty time bound is refused', () => {
  const r = validate(QuerySchema, { where: { foo: 1 }, time: { from: '' } }, ['query']);
  assert.equal(r.ok, false);
  const issues = r.ok ? [] : r.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message }));
  assert.deepEqual(issues.map((i) => i.path), ['query.time.from', 'query.where']);
  assert.equal(issues[1]!.message, 'A condition is {"all": [...]}, {"any": [...]}, {"not": {...}} or {"field": "...", "op": "...", "value": ...}.');
});
