import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loggedIntervals, pairIntervals } from '../../../src/core/sequence/intervals.js';
import { pairEvents } from '../../../src/core/sequence/pair-events.js';
import { danglingEvents } from '../../../src/core/sequence/drop-dangling.js';
import { ev } from '../../helpers/events.js';
import { typeIs, untimed } from './seq-helpers.js';

const focus = (id: string, t: number, target = 'input#q') => ev(id, t, { type: 'focus', target });
const blur = (id: string, t: number, target = 'input#q') => ev(id, t, { type: 'blur', target });
const fb = { start: typeIs('focus'), end: typeIs('blur'), match: ['target'] };

test('pairs per target, first in first out; dangling starts and ends', () => {
  const events = [blur('b0', 0), focus('f1', 1), focus('g1', 2, 'select'), ev('k', 3), blur('b1', 4), focus('f2', 5), blur('h', 6, 'other')];
  assert.deepEqual(pairEvents(events, fb), { pairs: [[1, 4]], danglingStarts: [2, 5], danglingEnds: [0, 6] });
  assert.deepEqual(danglingEvents(events, fb), ['end', undefined, 'start', undefined, undefined, 'start', 'end']);
});

test('the duplicate focus/blur pair at the same millisecond gives two equal intervals', () => {
  const events = [focus('f1', 10), focus('f2', 10), blur('b1', 30), blur('b2', 30)];
  assert.deepEqual(pairIntervals(events, fb, ['target']), [
    { source: 'pair', start: 10, end: 30, duration: 20, count: 3, startId: 'f1', endId: 'b1', fields: { target: 'input#q' } },
    { source: 'pair', start: 10, end: 30, duration: 20, count: 3, startId: 'f2', endId: 'b2', fields: { target: 'input#q' } },
  ]);
});

test('an event matching both conditions closes an open start, else opens; untimed pairs have null times', () => {
  const either = { start: typeIs('toggle'), end: typeIs('toggle'), match: [] };
  const t = (id: string, time: number) => ev(id, time, { type: 'toggle' });
  assert.deepEqual(pairEvents([t('a', 0), t('b', 1), t('c', 2)], either), { pairs: [[0, 1]], danglingStarts: [2], danglingEnds: [] });
  const r = pairIntervals([focus('f', 0), untimed('b', { type: 'blur', target: 'input#q' })], fb, []);
  assert.deepEqual(r.map((x) => [x.start, x.end, x.duration]), [[0, null, null]]);
  assert.deepEqual(pairEvents([], fb), { pairs: [], danglingStarts: [], danglingEnds: [] });
});

test('UserALE interval logs are read as logged: negative durations kept, count from the log, string numbers read', () => {
  const events = [
    ev('i1', 1000, { kind: 'interval', type: 'mouseover', target: 'a.nav' }, { startTime: 1000, endTime: 1250, duration: 250, count: 3 }),
    ev('i2', 2000, { kind: 'interval', type: 'focus' }, { startTime: 2000, endTime: 1997, duration: -3, count: 1 }),
    ev('i3', 3000, { kind: 'interval' }, { startTime: '3000', endTime: '3010' }),
    ev('r', 3500, { kind: 'raw', type: 'click' }),
  ];
  assert.deepEqual(loggedIntervals(events, ['type']), [
    { source: 'logged', start: 1000, end: 1250, duration: 250, count: 3, startId: 'i1', endId: 'i1', fields: { type: 'mouseover' } },
    { source: 'logged', start: 2000, end: 1997, duration: -3, count: 1, startId: 'i2', endId: 'i2', fields: { type: 'focus' } },
    { source: 'logged', start: 3000, end: 3010, duration: 10, count: null, startId: 'i3', endId: 'i3', fields: { type: null } },
  ]);
});

test('logged intervals: startTime, endTime and duration read from the log as logged (numbers or numeric text), blanks and booleans are not numbers', () => {
  const log = ev('i', 500, { kind: 'interval', end: 700 }, { startTime: '100', endTime: 90, duration: 7, count: ' ' });
  const odd = ev('j', 500, { kind: 'interval', end: 700 }, { count: true, duration: '' });
  assert.deepEqual(loggedIntervals([log, odd], []), [
    { source: 'logged', start: 100, end: 90, duration: 7, count: null, startId: 'i', endId: 'i', fields: {} },
    { source: 'logged', start: 500, end: 700, duration: 200, count: null, startId: 'j', endId: 'j', fields: {} },
  ]);
});
