import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explicitWindows } from '../../../src/core/sequence/explicit-windows.js';
import { anchoredWindows, type AnchoredOptions } from '../../../src/core/sequence/anchored-windows.js';
import { fixedWindows, type FixedOptions } from '../../../src/core/sequence/fixed-windows.js';
import { idleGaps } from '../../../src/core/sequence/idle-gaps.js';
import { collapsingWindows } from '../../../src/core/sequence/collapsing-windows.js';
import { sortPartition } from './seq-helpers.js';
import type { Segment } from '../../../src/core/sequence/segment.js';
import { ev } from '../../helpers/events.js';
import { cond, typeIs, untimed } from './seq-helpers.js';

const brief = (s: readonly Segment[]): unknown[] => s.map((x) => [x.name, x.start, x.end, x.eventIds.join(',')]);

const E = [ev('a', 0), ev('b', 5), ev('c', 10), ev('d', 10), ev('e', 22), untimed('u')];

test('explicit windows: half-open by default, closed both on request; untimed never inside', () => {
  const w = [{ name: 'w', start: 0, end: 10 }, { name: 'v', start: 10, end: 10 }, { name: 'empty', start: 30, end: 40 }];
  assert.deepEqual(explicitWindows(E, w, 'left'), [
    { name: 'w', kind: 'explicit', start: 0, end: 10, count: 2, eventIds: ['a', 'b'] },
    { name: 'v', kind: 'explicit', start: 10, end: 10, count: 0, eventIds: [] },
    { name: 'empty', kind: 'explicit', start: 30, end: 40, count: 0, eventIds: [] },
  ]);
  assert.deepEqual(brief(explicitWindows(E, w, 'both')), [['w', 0, 10, 'a,b,c,d'], ['v', 10, 10, 'c,d'], ['empty', 30, 40, '']]);
  assert.deepEqual(explicitWindows([], w, 'left').map((s) => s.count), [0, 0, 0]);
});

const anchor = (o: Partial<AnchoredOptions>): AnchoredOptions => ({ anchor: typeIs('click'), before: 0, after: 10, overlap: 'clip', closed: 'left', label: 'c', ...o });
const clicks = [ev('k1', 0, { type: 'click' }), ev('x', 4), ev('k2', 6, { type: 'click' }), ev('k3', 12, { type: 'click' }), ev('y', 25), ev('k4', 40, { type: 'dblclick' })];

test('anchored windows: exact matching (dblclick is not a click), clip / merge / keep overlap policies', () => {
  assert.deepEqual(brief(anchoredWindows(clicks, anchor({}))), [
    ['c0', 0, 10, 'k1,x,k2'],
    ['c1', 12, 22, 'k3'],
  ]);
  assert.deepEqual(brief(anchoredWindows(clicks, anchor({ before: 3, overlap: 'clip' }))), [
    ['c0', -3, 10, 'k1,x,k2'],
    ['c1', 10, 22, 'k3'],
  ]);
  assert.deepEqual(brief(anchoredWindows(clicks, anchor({ overlap: 'merge' }))), [['c0', 0, 22, 'k1,x,k2,k3']]);
  assert.deepEqual(brief(anchoredWindows(clicks, anchor({ overlap: 'keep' }))), [
    ['c0', 0, 10, 'k1,x,k2'],
    ['c1', 6, 16, 'k2,k3'],
    ['c2', 12, 22, 'k3'],
  ]);
});

test('anchored windows: an anchor exactly at the previous end opens a window when half-open, not when closed both', () => {
  const ev2 = [ev('k1', 0, { type: 'click' }), ev('k2', 10, { type: 'click' })];
  assert.deepEqual(brief(anchoredWindows(ev2, anchor({}))), [['c0', 0, 10, 'k1'], ['c1', 10, 20, 'k2']]);
  assert.deepEqual(brief(anchoredWindows(ev2, anchor({ closed: 'both' }))), [['c0', 0, 10, 'k1,k2']]);
  assert.deepEqual(anchoredWindows([], anchor({})), []);
  assert.deepEqual(anchoredWindows([untimed('k', { type: 'click' })], anchor({})), []);
});

test('anchored windows on a document field with a condition tree', () => {
  const events = [ev('a', 0, { type: 'click' }, { details: { clicks: 0 } }), ev('b', 3, { type: 'click' }, { details: { clicks: 1 } }), ev('c', 4)];
  const enter = cond({ all: [{ field: 'type', op: 'eq', value: 'click' }, { field: 'details.clicks', op: 'eq', value: 0 }] });
  assert.deepEqual(brief(anchoredWindows(events, anchor({ anchor: enter, after: 4 }))), [['c0', 0, 4, 'a,b']]);
});

const fixed = (o: Partial<FixedOptions>): FixedOptions => ({ size: 5, align: 'first', trim: false, keepEmpty: true, closed: 'left', label: 'w', maxWindows: 1000, ...o });

test('fixed windows anchored at the first event: every timed event in exactly one window, the last one included', () => {
  assert.deepEqual(brief(fixedWindows(E, fixed({}))), [
    ['w0', 0, 5, 'a'],
    ['w1', 5, 10, 'b'],
    ['w2', 10, 15, 'c,d'],
    ['w3', 15, 20, ''],
    ['w4', 20, 25, 'e'],
  ]);
  assert.deepEqual(brief(fixedWindows(E, fixed({ keepEmpty: false }))), [
    ['w0', 0, 5, 'a'],
    ['w1', 5, 10, 'b'],
    ['w2', 10, 15, 'c,d'],
    ['w4', 20, 25, 'e'],
  ]);
});

test('fixed windows: trim keeps only complete windows; clock alignment; closed both counts boundaries twice', () => {
  assert.deepEqual(brief(fixedWindows(E, fixed({ trim: true }))), [
    ['w0', 0, 5, 'a'],
    ['w1', 5, 10, 'b'],
    ['w2', 10, 15, 'c,d'],
    ['w3', 15, 20, ''],
  ]);
  const late = [ev('a', 7), ev('b', 13)];
  assert.deepEqual(brief(fixedWindows(late, fixed({ align: 'clock' }))), [['w0', 5, 10, 'a'], ['w1', 10, 15, 'b']]);
  assert.deepEqual(brief(fixedWindows(late, fixed({ align: 'clock', trim: true }))), []);
  assert.deepEqual(brief(fixedWindows(late, fixed({}))), [['w0', 7, 12, 'a'], ['w1', 12, 17, 'b']]);
  assert.deepEqual(brief(fixedWindows(E, fixed({ closed: 'both', keepEmpty: false }))), [
    ['w0', 0, 5, 'a,b'],
    ['w1', 5, 10, 'b,c,d'],
    ['w2', 10, 15, 'c,d'],
    ['w3', 15, 20, ''],
    ['w4', 20, 25, 'e'],
  ].filter((r) => r[3] !== ''));
});

test('fixed windows: empty input, one event, and the window limit as a typed error', () => {
  assert.deepEqual(fixedWindows([], fixed({})), []);
  assert.deepEqual(brief(fixedWindows([ev('a', 3)], fixed({}))), [['w0', 3, 8, 'a']]);
  assert.throws(() => fixedWindows([ev('a', 0), ev('b', 1e6)], fixed({ size: 1, maxWindows: 100 })), { code: 'invalid_pipeline' });
  assert.equal(fixedWindows([ev('a', 0), ev('b', 1e6)], fixed({ size: 1, maxWindows: 100, keepEmpty: false })).length, 2);
});

test('idle gaps: strictly longer than the limit; a gap exactly at the limit is not idle; margins', () => {
  const events = [ev('a', 0), ev('b', 1000), ev('c', 3000), ev('d', 6001), untimed('u')];
  const o = { limit: 2000, before: 0, after: 0, closed: 'left' as const, label: 'idle' };
  assert.deepEqual(brief(idleGaps(events, o)), [['idle0', 3000, 6001, 'c']]);
  assert.deepEqual(brief(idleGaps(events, { ...o, closed: 'both' })), [['idle0', 3000, 6001, 'c,d']]);
  assert.deepEqual(brief(idleGaps(events, { ...o, limit: 1999, before: 1000, after: 1 })), [
    ['idle0', 0, 3001, 'a,b,c'],
    ['idle1', 2000, 6002, 'c,d'],
  ]);
  assert.deepEqual(idleGaps([], o), []);
  assert.deepEqual(idleGaps([ev('a', 0)], o), []);
});

test('idle gaps come from time order even when the input arrived unsorted', () => {
  const events = sortPartition([ev('c', 9000), ev('a', 0), ev('b', 1000)]);
  assert.deepEqual(brief(idleGaps(events, { limit: 2000, before: 0, after: 0, closed: 'both', label: 'i' })), [['i0', 1000, 9000, 'b,c']]);
});

test('collapsing windows: runs, a run reaching the last event, a one-event run, ties with a non-matching event', () => {
  const s = (id: string, t: number) => ev(id, t, { type: 'scroll' });
  const events = [s('a', 0), s('b', 1), ev('c', 1, { type: 'click' }), s('d', 1), ev('e', 4), s('f', 7), s('g', 8), untimed('h', { type: 'scroll' })];
  assert.deepEqual(collapsingWindows(events, typeIs('scroll'), 'r'), [
    { name: 'r0', kind: 'collapsing', start: 0, end: 1, count: 2, eventIds: ['a', 'b'] },
    { name: 'r1', kind: 'collapsing', start: 1, end: 1, count: 1, eventIds: ['d'] },
    { name: 'r2', kind: 'collapsing', start: 7, end: 8, count: 2, eventIds: ['f', 'g'] },
  ]);
  assert.deepEqual(collapsingWindows([s('a', 0)], typeIs('scroll'), 'r').map((x) => x.eventIds), [['a']]);
  assert.deepEqual(collapsingWindows([], typeIs('scroll'), 'r'), []);
});
