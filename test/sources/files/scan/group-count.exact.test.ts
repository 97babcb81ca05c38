// Exact summaries of the worker-side group counter, worked out by hand from the rules in group-count.ts: a time is
// the first time candidate that is an own property holding a finite number (not for the `iso` format), a text
// there defers the document to the main thread, anything else (null, booleans, objects, non-finite numbers) is
// skipped; a role value is the first candidate that is an own property holding a non-empty string, a finite number
// (String(n)) or a boolean; one counted role keys by its value (null when none), several by the JSON of the values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupCountModule, NOTE_DEFERRED, NOTE_MISSING_TIME, NOTE_NOT_AN_OBJECT, NOTE_UNTIMED, type GroupSummary } from '../../../../src/sources/files/scan/group-count.js';

const { createCounter, createDropFilter, keyOf } = groupCountModule();

test('the note kinds are the numbers the main thread reads', () => {
  assert.deepEqual([NOTE_NOT_AN_OBJECT, NOTE_MISSING_TIME, NOTE_UNTIMED, NOTE_DEFERRED], [0, 1, 2, 3]);
});

test('one counted role, untimed kept: every time case, every role value kind, non-objects and deferred documents', () => {
  const counter = createCounter({ time: [{ field: 't', format: 'auto' }, { field: 's', format: 'epoch_ms' }], by: [['type', 'kind']], requireTime: false });
  const textTime = { type: 'click', t: '2024-05-01', s: 9 };
  const skippedThenText = { type: ['a'], t: true, s: 'x' };
  const docs: unknown[] = [
    { type: 'click', t: 1 }, // 2: timed, 'click'
    null, // 3: not an object
    ['click'], // 5: an array is not an object here
    'click', // 6: nor a string
    textTime, // 7: text in the first time candidate: deferred (the later number is not read)
    { type: '', kind: 'view', t: 2 }, // 8: an empty string is no value: 'view'
    { type: 1.5, t: Infinity, s: 3 }, // 9: a non-finite time is skipped, s holds it; '1.5'
    { type: NaN, kind: -0, t: null, s: 4 }, // 11: NaN is no value; -0 is '0'
    { type: Infinity, kind: 1e21, s: 5 }, // 12: '1e+21'
    { type: true, t: 6 }, // 13: 'true'
    { type: false, kind: 'x', t: 7 }, // 14: 'false' (a boolean is a value even when false)
    { type: null, kind: {}, t: 8 }, // 15: null and objects are no value: null
    skippedThenText, // 16: a boolean time is skipped, then text: deferred
    { kind: 'view' }, // 17: no time: untimed, still counted
    Object.create({ type: 'click', t: 1 }) as object, // 18: inherited fields are not read: untimed, null
    { undefined: 'u', t: 10 }, // 19: a field named "undefined" is no candidate: null
    { t: {}, s: [] }, // 20: objects are no time: untimed, null
    { type: 'click', t: 11 }, // 21
    { type: 'view', t: -5 }, // 22
  ];
  counter.add(docs, [2, 3, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22]);
  const summary = counter.take();
  assert.deepEqual(summary, {
    keys: ['click', 'view', '1.5', '0', '1e+21', 'true', 'false', null],
    counts: [2, 3, 1, 1, 1, 1, 1, 4],
    counted: 14,
    noteLines: [3, 5, 6, 7, 16, 17, 18, 20],
    noteKinds: [NOTE_NOT_AN_OBJECT, NOTE_NOT_AN_OBJECT, NOTE_NOT_AN_OBJECT, NOTE_DEFERRED, NOTE_DEFERRED, NOTE_UNTIMED, NOTE_UNTIMED, NOTE_UNTIMED],
    deferred: [{ type: 'click', t: '2024-05-01', s: 9 }, { type: ['a'], t: true, s: 'x' }],
  } satisfies GroupSummary);
  assert.equal(summary!.deferred[0], textTime, 'the deferred documents themselves, in line order');
  assert.equal(summary!.deferred[1], skippedThenText);
});

test('several roles with fallback fields, requireTime and the iso format: keys are the JSON of the values, untimed documents noted and not counted', () => {
  const counter = createCounter({ time: [{ field: 't', format: 'iso' }, { field: 's', format: 'epoch_s' }], by: [['type'], ['user', 'uid']], requireTime: true });
  const textTime = { type: 'a', t: '2024-01-01T00:00:00Z' };
  counter.add(
    [
      { type: 'a', user: 'u', t: 5, s: 1 }, // 1: a number under iso is no time; s holds it
      { type: 'a', t: 5 }, // 2: only an iso number: missing time, not counted
      textTime, // 3: deferred
      { uid: 7, s: 2 }, // 4: [null, "7"]
      { type: 'a', user: '', uid: 'u', s: 3 }, // 5: ["a", "u"]
      { type: 'b', s: -Infinity }, // 6: missing time
      { s: 4 }, // 7: [null, null]
      [], // 8: not an object
    ],
    [1, 2, 3, 4, 5, 6, 7, 8],
  );
  assert.deepEqual(counter.take(), {
    keys: ['["a","u"]', '[null,"7"]', '[null,null]'],
    counts: [2, 1, 1],
    counted: 4,
    noteLines: [2, 3, 6, 8],
    noteKinds: [NOTE_MISSING_TIME, NOTE_DEFERRED, NOTE_MISSING_TIME, NOTE_NOT_AN_OBJECT],
    deferred: [{ type: 'a', t: '2024-01-01T00:00:00Z' }],
  } satisfies GroupSummary);
});

test('keyOf: one value is the key itself (null included), several are their JSON text', () => {
  assert.equal(keyOf(['click']), 'click');
  assert.equal(keyOf([null]), null);
  assert.equal(keyOf(['a', null]), '["a",null]');
  assert.equal(keyOf(['a"b', 'c']), '["a\\"b","c"]');
});

test('take: undefined before anything was added and after an empty add; counts accumulate over adds until taken, then start again', () => {
  const counter = createCounter({ time: [{ field: 't', format: 'auto' }], by: [['type']], requireTime: false });
  assert.equal(counter.take(), undefined);
  counter.add([], []);
  assert.equal(counter.take(), undefined, 'an empty batch adds nothing');
  counter.add([{ type: 'a', t: 1 }, { t: 'x' }], [1, 2]);
  counter.add([{ type: 'a', t: 2 }, { type: 'b' }, null], [3, 4, 5]);
  assert.deepEqual(counter.take(), {
    keys: ['a', 'b'],
    counts: [2, 1],
    counted: 3,
    noteLines: [2, 4, 5],
    noteKinds: [NOTE_DEFERRED, NOTE_UNTIMED, NOTE_NOT_AN_OBJECT],
    deferred: [{ t: 'x' }],
  } satisfies GroupSummary);
  assert.equal(counter.take(), undefined, 'taken: nothing left');
  counter.add([{ type: 'b', t: 3 }], [6]);
  assert.deepEqual(counter.take(), { keys: ['b'], counts: [1], counted: 1, noteLines: [], noteKinds: [], deferred: [] } satisfies GroupSummary);
  counter.add([{ t: 'y' }], [7]);
  assert.deepEqual(counter.take(), { keys: [], counts: [], counted: 0, noteLines: [7], noteKinds: [NOTE_DEFERRED], deferred: [{ t: 'y' }] } satisfies GroupSummary, 'a batch of only noted documents still gives a summary');
});

test('createDropFilter: drops only objects with a usable number time whose tested role value is missing or not listed', () => {
  const drop = createDropFilter({
    time: [{ field: 't', format: 'auto' }, { field: 's', format: 'iso' }, { field: 'u', format: 'epoch_s' }],
    tests: [{ fields: ['kind', 'logType'], values: ['raw', '7', 'true'] }],
  });
  const cases: [unknown, boolean, string][] = [
    [{ kind: 'raw', t: 1 }, false, 'listed'],
    [{ kind: 'custom', t: 1 }, true, 'not listed'],
    [{ t: 1 }, true, 'no value: the role is missing, which no string equals'],
    [{ kind: '', logType: 'raw', t: 1 }, false, 'an empty string is no value: the next candidate is read'],
    [{ kind: '', logType: 'custom', t: 1 }, true, 'the next candidate, not listed'],
    [{ kind: 7, t: 1 }, false, 'a number is its decimal text'],
    [{ kind: true, t: 1 }, false, 'a boolean is its text'],
    [{ kind: false, t: 1 }, true, "'false' is not listed"],
    [{ kind: NaN, logType: 'raw', t: 1 }, false, 'NaN is no value: the next candidate'],
    [{ kind: ['raw'], t: 1 }, true, 'an array is no value'],
    [{ kind: 'custom' }, false, 'no time: the main thread reports it'],
    [{ kind: 'custom', t: '2024-05-01' }, false, 'a text time: the main thread parses it'],
    [{ kind: 'custom', t: null, s: 5 }, false, 'a number under iso is no time, and no later candidate holds one'],
    [{ kind: 'custom', t: Infinity, u: 5 }, true, 'a non-finite time is skipped; the epoch_s candidate holds one'],
    [{ kind: 'custom', t: true, u: 'x' }, false, 'a boolean time is skipped, then text: kept'],
    [{ kind: 'custom', t: {}, s: 'x' }, false, 'an object time is skipped, then text under iso: kept'],
    [Object.assign(Object.create({ t: 1 }) as object, { kind: 'custom' }), false, 'an inherited time is no time'],
    [Object.assign(Object.create({ kind: 'raw' }) as object, { t: 1 }), true, 'an inherited role value is no value'],
    [null, false, 'not an object: the main thread reports it'],
    ['raw', false, 'a string is not an object'],
    [[{ kind: 'custom', t: 1 }], false, 'an array is not an object here'],
  ];
  for (const [doc, dropped, why] of cases) assert.equal(drop(doc), dropped, why);
});

test('createDropFilter: every test must pass (any failing one drops); an empty list drops every timed document', () => {
  const drop = createDropFilter({
    time: [{ field: 't', format: 'epoch_ms' }],
    tests: [
      { fields: ['type'], values: ['click', 'focus'] },
      { fields: ['user', 'uid'], values: ['ana'] },
    ],
  });
  assert.equal(drop({ type: 'click', user: 'ana', t: 1 }), false);
  assert.equal(drop({ type: 'focus', uid: 'ana', t: 1 }), false, 'the second candidate');
  assert.equal(drop({ type: 'click', user: 'bo', t: 1 }), true, 'the second test fails');
  assert.equal(drop({ type: 'blur', user: 'ana', t: 1 }), true, 'the first test fails');
  const none = createDropFilter({ time: [{ field: 't', format: 'auto' }], tests: [{ fields: ['type'], values: [] }] });
  assert.equal(none({ type: 'click', t: 1 }), true);
  assert.equal(none({ type: 'click' }), false, 'untimed: kept for the main thread');
  const noTests = createDropFilter({ time: [{ field: 't', format: 'auto' }], tests: [] });
  assert.equal(noTests({ type: 'click', t: 1 }), false, 'no test: nothing dropped');
});
