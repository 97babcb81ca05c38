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

test('the errors name what is wrong: an empty spec, an empty or unbalanced placeholder', () => {
  const message = (spec: string): string => {
    try {
      compileLabel(spec, resolve);
    } catch (err) {
      assert.ok(err instanceof DistillError);
      assert.equal(err.code, 'invalid_argument');
      return err.message;
    }
    return 'no error';
  };
  assert.match(message(''), /A label spec must name a field/);
  assert.match(message('{ }:{type}'), /Label template "\{ \}:\{type\}" has an empty or unbalanced \{\} placeholder/);
  assert.match(message('{}'), /has an empty or unbalanced \{\} placeholder/);
  assert.match(message('{type}}'), /has an empty or unbalanced \{\} placeholder/);
});

test('templates: fields trimmed, text kept before, between and after the placeholders', () => {
  assert.equal(compileLabel('{ type }', resolve)(e), 'click');
  assert.equal(compileLabel('<{type}|{target}>', resolve)(e), '<click|button#buy>');
  assert.equal(compileLabel('{type}{n}', resolve)(e), 'click3');
  assert.deepEqual(labelFields('target'), ['target']);
  assert.deepEqual(labelFields('a'), ['a']);
  assert.deepEqual(labelFields('{a}{ b }'), ['a', 'b']);
});

test('values: null and empty arrays give no label; booleans and numbers as text; array items that are not strings as JSON', () => {
  const with_ = (doc: Record<string, unknown>): CanonicalEvent => ({ id: '2', time: 0, doc });
  const label = compileLabel('v', resolve);
  assert.deepEqual([null, [], true, 2.5, ['a', { x: 1 }, 3, null], { k: 'v' }].map((v) => label(with_({ v }))), [null, null, 'true', '2.5', 'a < {"x":1} < 3 < null', '{"k":"v"}']);
});
