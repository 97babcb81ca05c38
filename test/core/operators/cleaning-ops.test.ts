import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ev } from '../../helpers/events.js';
import { brief, run } from './sequence-run.js';

const focus = { field: 'type', op: 'eq', value: 'focus' };
const blur = { field: 'type', op: 'eq', value: 'blur' };

test('collapse-repeats keeps the first of each run with count, first and last time', async () => {
  const events = [
    ev('1', 100, { session: 's', type: 'focus', target: 'input#q' }, { details: { window: true } }),
    ev('2', 100, { session: 's', type: 'focus', target: 'input#q' }, { details: null }),
    ev('3', 120, { session: 's', type: 'keydown', target: 'input#q' }),
  ];
  const { out } = await run('collapse-repeats', {}, events);
  assert.deepEqual(brief(out, 'attrs.repeatCount', 'attrs.repeatFirstTime', 'attrs.repeatLastTime', 'attrs.repeatLastId'), [
    ['1', 2, 100, 100, '2'],
    ['3', 1, 120, 120, '3'],
  ]);
});

test('intervals from pairs and from UserALE interval logs (negative durations kept and reported)', async () => {
  const events = [
    ev('f', 0, { session: 's', type: 'focus', target: 'q' }),
    ev('b', 50, { session: 's', type: 'blur', target: 'q' }),
    ev('i', 60, { session: 's', kind: 'interval', type: 'mouseover', target: 'a' }, { startTime: 60, endTime: 57, duration: -3, count: 2 }),
  ];
  const { out, warnings } = await run('intervals', { from: 'both', start: focus, end: blur, match: 'target' }, events);
  assert.deepEqual(out, [
    { session: 's', source: 'logged', start: 60, end: 57, duration: -3, count: 2, startId: 'i', endId: 'i', type: 'mouseover', target: 'a' },
    { session: 's', source: 'pair', start: 0, end: 50, duration: 50, count: 2, startId: 'f', endId: 'b', type: 'focus', target: 'q' },
  ]);
  assert.equal(warnings.count('negative_duration'), 1);
  await assert.rejects(run('intervals', { from: 'pairs' }, events), { code: 'invalid_pipeline' });
});

test('drop-dangling drops or marks unmatched starts and ends', async () => {
  const events = [ev('b0', 0, { type: 'blur' }), ev('f', 1, { type: 'focus' }), ev('b', 2, { type: 'blur' }), ev('f2', 3, { type: 'focus' })];
  const dropped = await run('drop-dangling', { start: focus, end: blur }, events);
  assert.deepEqual(brief(dropped.out), [['f'], ['b']]);
  assert.equal(dropped.warnings.count('dangling_dropped'), 2);
  const marked = await run('drop-dangling', { start: focus, end: blur, action: 'report' }, events);
  assert.deepEqual(brief(marked.out, 'attrs.dangling'), [['b0', 'end'], ['f', null], ['b', null], ['f2', 'start']]);
});

test('neighbours drops a save with no click or key event in the 2 s before it', async () => {
  const events = [ev('c', 0, { type: 'click' }), ev('s1', 2000, { type: 'save' }), ev('s2', 6000, { type: 'save' })];
  const params = { where: { field: 'type', op: 'eq', value: 'save' }, neighbour: { field: 'type', op: 'in', value: ['click', 'keydown'] }, within: '2s' };
  assert.deepEqual(brief((await run('neighbours', params, events)).out), [['c'], ['s1']]);
  await assert.rejects(run('neighbours', { ...params, within: undefined }, events), { code: 'invalid_pipeline' });
});

test('sandwich lists the filling between related bookends', async () => {
  const events = [ev('f', 0, { type: 'focus', target: 'q' }), ev('k', 1, { type: 'keydown', target: 'q' }), ev('b', 5, { type: 'blur', target: 'q' })];
  const { out } = await run('sandwich', { start: focus, end: blur, match: 'target' }, events);
  assert.deepEqual(out, [{ session: null, startId: 'f', endId: 'b', start: 0, end: 5, span: 5, innerCount: 1, innerIds: ['k'], counts: { keydown: 1 } }]);
  assert.deepEqual((await run('sandwich', { start: focus, end: blur, minInner: 2 }, events)).out, []);
});

test('rewrite writes derived attributes and leaves the document and roles alone', async () => {
  const events = [ev('1', 0, { page: 'https://Shop.example.com/product/42?utm=x' }, { pageUrl: 'https://Shop.example.com/product/42?utm=x' })];
  const { out } = await run('rewrite', { rules: [{ op: 'url' }, { op: 'regex', field: 'route', pattern: '/(?<section>[a-z]+)/:id$' }] }, events);
  assert.deepEqual(brief(out, 'page', 'attrs.route', 'attrs.section'), [['1', 'https://Shop.example.com/product/42?utm=x', 'https://shop.example.com/product/:id', 'product']]);
  await assert.rejects(run('rewrite', { rules: [{ op: 'map', field: 'type', as: 'user', map: {} }] }, events), { code: 'invalid_pipeline' });
  await assert.rejects(run('rewrite', { rules: [{ op: 'regex', field: 'type', pattern: '(' }] }, events), { code: 'invalid_pipeline' });
});

test('resample counts per bucket; sample keeps a seeded subset independent of batch size', async () => {
  const events = Array.from({ length: 12 }, (_, i) => ev(`e${i}`, i * 500, { session: 's', type: i % 2 === 0 ? 'click' : 'scroll' }));
  const { out } = await run('resample', { every: '2s', aggregates: [{ name: 'types', op: 'distinct', field: 'type' }] }, events);
  assert.deepEqual(out, [
    { session: 's', bucket: 0, end: 2000, count: 4, types: 2 },
    { session: 's', bucket: 2000, end: 4000, count: 4, types: 2 },
    { session: 's', bucket: 4000, end: 6000, count: 4, types: 2 },
  ]);
  const a = await run('sample', { every: '2s', n: 1, seed: 3 }, events, 1);
  const b = await run('sample', { every: '2s', n: 1, seed: 3 }, [...events].reverse(), 7);
  assert.equal(a.out.length, 3);
  assert.deepEqual(brief(b.out), brief(a.out));
  await assert.rejects(run('sample', { n: 1, fraction: 0.5 }, events), { code: 'invalid_pipeline' });
});
