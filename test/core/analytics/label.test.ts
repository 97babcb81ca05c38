import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { compileLabel, labelFields } from '../../../src/core/analytics/label.js';
import { DistillError } from '../../../src/core/errors.js';

const resolve = (f: string) => (e: CanonicalEvent) => (f in e ? (e as unknown as Record<string, unknown>)[f] : (e.doc as Record<string, unknown>)[f]);
const e: CanonicalEvent = { id: '1', time: 0, type: 'click', target: 'button#buy', path: ['button#buy', 'body'], doc: { n: 3 } };

test('a field or a template; arrays joined innermost first; a missing part means no label', () => {
  assert.equal(compileLabel('target', resolve)(e), 'button#buy');
  assert.equal(compileLabel('{type}:{target}', resolve)(e), 'click:button#buy');
  assert.equal(compileLabel('path', resolve)(e), 'button#buy < body');
  assert.equal(compileLabel('n={n}', resolve)(e), 'n=3');
  assert.equal(compileLabel('{type}:{page}', resolve)(e), null);
  assert.deepEqual(labelFields('{type}:{ target }'), ['type', 'target']);
});

test('an empty spec or placeholder is invalid_argument', () => {
  assert.throws(() => compileLabel(' ', resolve), (err: unknown) => err instanceof DistillError && err.code === 'invalid_argument');
  assert.throws(() => compileLabel('{}x', resolve), (err: unknown) => err instanceof DistillError && err.code === 'invalid_argument');
});
