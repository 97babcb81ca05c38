import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { isMappingFailure } from '../../../src/core/schema/compile-mapping.js';
import type { CanonicalEvent } from '../../../src/core/event.js';

const shapes = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../fixtures/userale-shapes.json'), 'utf8')) as Record<string, unknown>[];
const userale = resolveMapping('userale');
const mapAll = shapes.map((doc, i) => userale.map(doc, `f#${i + 1}`));

function event(i: number): CanonicalEvent {
  const e = mapAll[i]!;
  assert.ok(!isMappingFailure(e), `document ${i} should map`);
  return e as CanonicalEvent;
}

test('raw log: clientTime plus microTime, roles filled, document kept untouched', () => {
  const e = event(0);
  assert.equal(e.time, 1708000000123.4);
  assert.equal(e.user, 'alice');
  assert.equal(e.session, 'session_1708000000000');
  assert.equal(e.type, 'click');
  assert.equal(e.target, 'button#checkout.btn primary');
  assert.deepEqual(e.path, ['button#checkout.btn primary', 'div.cart-actions', 'div#app', 'body', 'html', '#document', 'Window']);
  assert.equal(e.page, 'http://localhost:8080/cart');
  assert.equal(e.kind, 'raw');
  assert.equal(e.end, undefined);
  assert.equal(e.id, 'f#1');
  assert.equal(e.doc, shapes[0]);
});

test('focus/blur logged twice with the same clientTime stay two events with distinct ids', () => {
  const [a, b] = [event(1), event(2)];
  assert.equal(a.time, b.time);
  assert.notEqual(a.id, b.id);
  assert.deepEqual([a.target, b.target], ['Window', 'input#q']);
});

test('older sessionID and a null userId: session from sessionID, no user', () => {
  const e = event(3);
  assert.equal(e.session, 'session_1707990000000');
  assert.equal(e.user, undefined);
  assert.equal(e.time, 1708000001000);
});

test('custom log from userale.log() without any time is kept without a time; requireTime skips it', () => {
  const e = event(4);
  assert.equal(e.time, undefined);
  assert.equal(e.type, 'add_to_cart');
  assert.equal(e.session, 'session_1708000000000');
  const strict = resolveMapping('strict', { strict: { time: ['clientTime', 'startTime'], requireTime: true } });
  assert.deepEqual(strict.map(shapes[4], 'x'), { failure: 'missing_time' });
});

test('custom log with clientTime and nested details maps; details stay reachable', () => {
  const e = event(5);
  assert.equal(e.kind, 'custom');
  assert.equal(e.type, 'checkout_step');
  assert.equal(e.time, 1708000002000);
  assert.equal(e.target, undefined);
  assert.deepEqual((e.doc.details as { attributes: unknown }).attributes, { 'data-id': 42 });
});

test('interval log: time from startTime, end from endTime, count kept in doc', () => {
  const e = event(6);
  assert.equal(e.kind, 'interval');
  assert.equal(e.time, 1708000105000);
  assert.equal(e.end, 1708000107350);
  assert.equal(e.doc.count, 14);
});

test('interval with a negative duration maps as it is (end before time), extra fields kept', () => {
  const e = event(7);
  assert.equal(e.time, 1708000109003);
  assert.equal(e.end, 1708000109000);
  assert.equal(e.doc.extraTag, 'kept');
});

test('a non-object document is not_an_object', () => {
  assert.deepEqual(userale.map([1, 2], 'x'), { failure: 'not_an_object' });
  assert.deepEqual(userale.map('text', 'x'), { failure: 'not_an_object' });
  assert.deepEqual(userale.map(null, 'x'), { failure: 'not_an_object' });
});

test('a second, non-UserALE schema works by config alone: ISO timestamps, actor/action/object', () => {
  const generic = resolveMapping('events', {
    events: { time: { field: 'ts', format: 'iso' }, user: 'actor', type: 'action', target: 'object', session: 'ctx.visit', id: 'eventId' },
  });
  const e = generic.map({ eventId: 'e-1', ts: '2024-05-01T10:00:00.250+02:00', actor: 'u7', action: 'open', object: 'report-3', ctx: { visit: 9 } }, 'fallback');
  assert.ok(!isMappingFailure(e));
  const ev = e as CanonicalEvent;
  assert.equal(ev.id, 'e-1');
  assert.equal(ev.time, Date.UTC(2024, 4, 1, 8, 0, 0, 250));
  assert.equal(ev.user, 'u7');
  assert.equal(ev.type, 'open');
  assert.equal(ev.target, 'report-3');
  assert.equal(ev.session, '9');
  assert.equal(ev.kind, undefined);
});

test('string paths are split on pathSeparator; numbers and booleans become text roles; empty strings are absent', () => {
  const m = resolveMapping('x', { x: { time: 't', timeFormat: 'epoch_s', path: 'p', pathSeparator: ' > ', user: ['u', 'v'], type: 'flag' } });
  const e = m.map({ t: 10, p: 'a > b > c', u: '', v: 12, flag: true }, 'id') as CanonicalEvent;
  assert.equal(e.time, 10_000);
  assert.deepEqual(e.path, ['a', 'b', 'c']);
  assert.equal(e.user, '12');
  assert.equal(e.type, 'true');
});

test('isMappingFailure tells failures from events', () => {
  assert.equal(isMappingFailure(userale.map(null, 'x')), true);
  assert.equal(isMappingFailure(userale.map({ clientTime: 1 }, 'x')), false);
});

test('requireTime keeps documents that have a time', () => {
  const strict = resolveMapping('strict', { strict: { time: 't', requireTime: true, user: 'u' } });
  assert.deepEqual(strict.map({ t: 5, u: 'a' }, 'id-1'), {
    id: 'id-1', time: 5, end: undefined, user: 'a', session: undefined, type: undefined, target: undefined, path: undefined, page: undefined, kind: undefined, doc: { t: 5, u: 'a' },
  });
});

test('path arrays: strings kept, other items as text, an empty array falls through to the next field', () => {
  const m = resolveMapping('p', { p: { time: 't', path: ['p1', 'p2'] } });
  assert.deepEqual((m.map({ t: 1, p1: ['a', 'b'] }, 'x') as CanonicalEvent).path, ['a', 'b']);
  assert.deepEqual((m.map({ t: 1, p1: ['a', 2, true, null] }, 'x') as CanonicalEvent).path, ['a', '2', 'true', 'null']);
  assert.deepEqual((m.map({ t: 1, p1: [], p2: 'c' }, 'x') as CanonicalEvent).path, ['c']);
  assert.equal((m.map({ t: 1, p1: [], p2: '' }, 'x') as CanonicalEvent).path, undefined);
});
