import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sessionize, USERALE_SESSION_FIELDS, type SessionizeOptions } from '../../../src/core/sequence/sessionize.js';
import { idPart } from '../../../src/core/sequence/id-part.js';
import { sortPartition } from './seq-helpers.js';
import { ev } from '../../helpers/events.js';
import { untimed } from './seq-helpers.js';

const MIN30 = 30 * 60_000;
const base: SessionizeOptions = { fields: [], pageField: 'page', tabField: 'browserSessionId', prefix: 'u' };

test('gap: exactly 30 min does not split, 30 min + 1 ms does', () => {
  const r = sessionize([ev('a', 0), ev('b', MIN30), ev('c', 2 * MIN30 + 1)], { ...base, gap: MIN30 });
  assert.deepEqual(r.ids, ['u/1', 'u/1', 'u/2']);
  assert.deepEqual(r.sessions, [
    { id: 'u/1', start: 0, end: MIN30, count: 2, firstId: 'a', lastId: 'b' },
    { id: 'u/2', start: 2 * MIN30 + 1, end: 2 * MIN30 + 1, count: 1, firstId: 'c', lastId: 'c' },
  ]);
});

test('empty input and one event', () => {
  assert.deepEqual(sessionize([], { ...base, gap: 1 }), { ids: [], sessions: [] });
  assert.deepEqual(sessionize([ev('a', 5)], { ...base, gap: 1 }).ids, ['u/1']);
});

test('field: sessionId, then sessionID (older UserALE), then browserSessionId; missing values form ∅', () => {
  const events = [
    ev('a', 1, { session: 's1' }),
    ev('b', 2, {}, { sessionID: 'old' }),
    ev('c', 3, {}, { browserSessionId: 'tab9' }),
    ev('d', 4, { session: 's1' }),
    ev('e', 5, {}, { sessionID: null, httpSessionId: '' }),
  ];
  const r = sessionize(events, { ...base, fields: ['session', 'sessionID', 'browserSessionId', 'httpSessionId'] });
  assert.deepEqual(r.ids, ['u/s1/1', 'u/old/1', 'u/tab9/1', 'u/s1/1', 'u/∅/1']);
  assert.deepEqual(
    r.sessions.map((s) => [s.id, s.value, s.count]),
    [
      ['u/s1/1', 's1', 2],
      ['u/old/1', 'old', 1],
      ['u/tab9/1', 'tab9', 1],
      ['u/∅/1', null, 1],
    ],
  );
});

test('both: the gap splits within each session value; interleaved sessions keep their own clocks', () => {
  const events = [ev('a', 0, { session: 'x' }), ev('b', 10, { session: 'y' }), ev('c', 40, { session: 'x' }), ev('d', 45, { session: 'y' })];
  const r = sessionize(events, { ...base, fields: ['session'], gap: 30 });
  // x: 0 → 40 is a 40 ms gap (> 30): split; y: 10 → 45 is 35 ms: split.
  assert.deepEqual(r.ids, ['u/x/1', 'u/y/1', 'u/x/2', 'u/y/2']);
});

test('ids cannot collide whatever the values look like: "/" is encoded, missing is ∅', () => {
  const a = sessionize([ev('a', 0, { session: 'b/1' })], { ...base, prefix: 'a', fields: ['session'] }).ids[0];
  const b = sessionize([ev('a', 0, { session: '1' })], { ...base, prefix: idPart('a/b'), fields: ['session'] }).ids[0];
  assert.equal(a, 'a/b%2F1/1');
  assert.equal(b, 'a%2Fb/1/1');
  assert.notEqual(a, b);
});

test('per domain and per tab', () => {
  const events = [
    ev('a', 0, { page: 'https://Shop.example.com/a' }, { browserSessionId: 't1' }),
    ev('b', 1, { page: 'https://help.example.com/' }, { browserSessionId: 't2' }),
    ev('c', 2, { page: 'https://shop.example.com/b' }, { browserSessionId: 't2' }),
    ev('d', 3, { page: 'not a url' }),
  ];
  assert.deepEqual(sessionize(events, { ...base, per: 'domain' }).ids, ['u/shop.example.com/1', 'u/help.example.com/1', 'u/shop.example.com/1', 'u/∅/1']);
  assert.deepEqual(sessionize(events, { ...base, per: 'tab' }).ids, ['u/t1/1', 'u/t2/1', 'u/t2/1', 'u/∅/1']);
});

test('untimed events join the session open for their value; alone they open one', () => {
  const events = sortPartition([untimed('z', { session: 'x' }), ev('a', 0, { session: 'x' }), ev('b', 100, { session: 'x' }), untimed('y', { session: 'q' })]);
  const r = sessionize(events, { ...base, fields: ['session'], gap: 10 });
  assert.deepEqual(
    events.map((e, i) => [e.id, r.ids[i]]),
    [
      ['a', 'u/x/1'],
      ['b', 'u/x/2'],
      ['y', 'u/q/1'],
      ['z', 'u/x/2'],
    ],
  );
  assert.deepEqual(r.sessions.find((s) => s.id === 'u/q/1'), { id: 'u/q/1', value: 'q', start: undefined, end: undefined, count: 1, firstId: 'y', lastId: 'y' });
});

test('ties and events a few ms out of order around a click: the partition sort decides, no event lost', () => {
  const events = sortPartition([ev('f#3', 1000, { type: 'click' }), ev('f#4', 997, { type: 'blur' }), ev('f#5', 997, { type: 'focus' }), ev('f#1', 0)]);
  const r = sessionize(events, { ...base, gap: 500 });
  assert.deepEqual(events.map((e) => e.id), ['f#1', 'f#4', 'f#5', 'f#3']);
  assert.deepEqual(r.ids, ['u/1', 'u/2', 'u/2', 'u/2']);
});

test("Flagon's chunk_by_idle_time collision (last chunk a single log after a gap) loses nothing here", () => {
  // Flagon keys chunk [a, b] by "time" + t(c) and the last chunk [c] by "time" + t(c): the first is overwritten.
  const r = sessionize([ev('a', 0), ev('b', 1000), ev('c', 200_000)], { ...base, gap: 60_000 });
  assert.deepEqual(r.sessions.map((s) => [s.id, s.count]), [['u/1', 2], ['u/2', 1]]);
});

test('the UserALE session fields in order: session, sessionId, sessionID, browserSessionId, httpSessionId; null and "" fall through', () => {
  assert.deepEqual(USERALE_SESSION_FIELDS, ['session', 'sessionId', 'sessionID', 'browserSessionId', 'httpSessionId']);
  const events = [
    ev('a', 1, {}, { sessionID: 'old' }),
    ev('b', 2, {}, { browserSessionId: 'tab' }),
    ev('c', 3, {}, { httpSessionId: 'http' }),
    ev('d', 4, { session: null } as never, { sessionId: 'sid' }),
    ev('e', 5, {}, { sessionId: '', browserSessionId: 'tab' }),
  ];
  const r = sessionize(events, { fields: USERALE_SESSION_FIELDS, pageField: 'page', tabField: 'browserSessionId', prefix: 'u' });
  assert.deepEqual(r.ids, ['u/old/1', 'u/tab/1', 'u/http/1', 'u/sid/1', 'u/tab/1']);
  assert.deepEqual(r.sessions.map((s) => s.value), ['old', 'tab', 'http', 'sid']);
});

test('session summaries: the per value is the domain; an untimed event joining keeps the timed end', () => {
  const events = [ev('a', 10, { page: 'https://A.example.org/x' }), ev('b', 20, { page: 'https://a.example.org/y' }), untimed('c', { page: 'https://a.example.org/z' })];
  const r = sessionize(events, { fields: [], per: 'domain', pageField: 'page', tabField: 'browserSessionId', prefix: 'u' });
  assert.deepEqual(r.sessions, [{ id: 'u/a.example.org/1', per: 'a.example.org', start: 10, end: 20, count: 3, firstId: 'a', lastId: 'c' }]);
});
