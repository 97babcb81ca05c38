import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRules, rewriteEvent, ruleOutputs } from '../../../src/core/sequence/rewrite.js';
import { isIdSegment, normalizeUrl } from '../../../src/core/sequence/normalize-url.js';
import { ev } from '../../helpers/events.js';

const url = { query: 'drop' as const, fragment: 'drop' as const, ids: true };

test('URL normalisation: host case, default port, query, fragment, ids, trailing slash', () => {
  assert.equal(normalizeUrl('https://Shop.Example.com:443/product/1234/?ref=ad#top', url), 'https://shop.example.com/product/:id');
  assert.equal(normalizeUrl('https://shop.example.com/', url), 'https://shop.example.com/');
  assert.equal(normalizeUrl('https://x.org/o/3f2b8c1e-1a2b-4c3d-8e9f-001122334455/items', url), 'https://x.org/o/:id/items');
  assert.equal(normalizeUrl('https://x.org/cart?b=2&a=1&utm=x', { ...url, query: ['a', 'b'] }), 'https://x.org/cart?a=1&b=2');
  assert.equal(normalizeUrl('https://x.org/cart?b=2&a=1#f', { ...url, query: 'keep', fragment: 'keep' }), 'https://x.org/cart?a=1&b=2#f');
  assert.equal(normalizeUrl('/relative/path', url), undefined);
  assert.deepEqual(['checkout', '42', 'a1b2c3d4', 'deadbeef', 'x9Kq2LmN0pQr7sTu'].map(isIdSegment), [false, true, true, false, true]);
});

test('rules in order: url, exact map (no substring surprises), regex named captures and replace; source untouched', () => {
  const rules = compileRules([
    { op: 'url', field: 'page', as: 'route', ...url },
    { op: 'map', field: 'target', as: 'label', map: { 'button#buy.btn primary': 'Buy' }, otherwise: 'null' },
    { op: 'regex', field: 'route', pattern: /^https:\/\/[^/]+\/(?<section>[a-z]+)/, as: 'path', replace: undefined },
    { op: 'regex', field: 'type', as: 'kindOf', pattern: /^(mouse|key)\w+$/, replace: '$1' },
  ]);
  const e = ev('a', 0, { page: 'https://shop.example.com/product/77?x=1', target: 'button#buy.btn primary', type: 'keydown' });
  assert.deepEqual(rewriteEvent(e, rules), { route: 'https://shop.example.com/product/:id', label: 'Buy', section: 'product', kindOf: 'key' });
  assert.equal(e.page, 'https://shop.example.com/product/77?x=1');
  const other = ev('b', 0, { page: 'not a url', target: 'button#buy.btn primary extra', type: 'click' });
  assert.deepEqual(rewriteEvent(other, rules), { route: 'not a url', label: null, section: null, kindOf: 'click' });
  assert.deepEqual(rewriteEvent(ev('c', 0), rules), { route: null, label: null, section: null, kindOf: null });
});

test('map keeps unmapped values on request and maps numbers by their text; outputs are listed', () => {
  const rules = compileRules([{ op: 'map', field: 'details.code', as: 'status', map: { '5': 'five' }, otherwise: 'keep' }]);
  assert.deepEqual(rewriteEvent(ev('a', 0, {}, { details: { code: 5 } }), rules), { status: 'five' });
  assert.deepEqual(rewriteEvent(ev('a', 0, {}, { details: { code: 6 } }), rules), { status: '6' });
  assert.deepEqual(ruleOutputs({ op: 'regex', field: 'x', pattern: /(?<a>.)(?<b>.)/, as: 'y', replace: '$2$1' }), ['y', 'a', 'b']);
});

test('a rule reads an earlier rule’s output by its name or as attrs.<name>', () => {
  const rules = compileRules([
    { op: 'url', field: 'page', as: 'route', ...url },
    { op: 'regex', field: 'attrs.route', pattern: /^https?:\/\/[^/]+/, as: 'pagePath', replace: '' },
    { op: 'regex', field: 'route', pattern: /:id$/, as: 'bare', replace: '*' },
  ]);
  const e = ev('a', 0, { page: 'https://shop.example.com/product/77?x=1' });
  assert.deepEqual(rewriteEvent(e, rules), { route: 'https://shop.example.com/product/:id', pagePath: '/product/:id', bare: 'https://shop.example.com/product/*' });
});

test('url rule: repeated and many distinct URLs (past the memo of recent answers) give normalizeUrl’s answer each time', () => {
  const rules = compileRules([{ op: 'url', field: 'page', as: 'route', query: 'drop', fragment: 'drop', ids: true }]);
  const pages = Array.from({ length: 9000 }, (_, i) => (i % 3 === 0 ? 'https://Shop.example.com/p/42?x=1' : `https://shop.example.com/item${i % 5000}/${i}/`));
  for (const page of pages) {
    assert.deepEqual(rewriteEvent(ev('a', 0, { page }), rules), { route: normalizeUrl(page, { query: 'drop', fragment: 'drop', ids: true }) });
  }
  assert.deepEqual(rewriteEvent(ev('a', 0, { page: 'https://shop.example.com/item7/123/' }), rules), { route: 'https://shop.example.com/item7/:id' });
  assert.deepEqual(rewriteEvent(ev('a', 0, { page: 'not a url' }), rules), { route: 'not a url' });
  assert.deepEqual(rewriteEvent(ev('a', 0, { page: 'not a url' }), rules), { route: 'not a url' });
});

test('ruleOutputs: url and map write `as`; a regex without replace writes only its named groups', () => {
  assert.deepEqual(ruleOutputs({ op: 'url', field: 'page', as: 'route', ...url }), ['route']);
  assert.deepEqual(ruleOutputs({ op: 'map', field: 'type', as: 'kindOf', map: {}, otherwise: 'null' }), ['kindOf']);
  assert.deepEqual(ruleOutputs({ op: 'regex', field: 'x', pattern: /(?<a>.)/, as: undefined, replace: undefined }), ['a']);
  assert.deepEqual(ruleOutputs({ op: 'regex', field: 'x', pattern: /(?<a>.)/, as: 'y', replace: undefined }), ['a']);
});

test('regex rule: a global or sticky pattern matches every event anywhere in its value (no lastIndex carried over)', () => {
  const rules = compileRules([
    { op: 'regex', field: 'target', pattern: /(?<num>\d+)/g, as: undefined, replace: undefined },
    { op: 'regex', field: 'type', pattern: /(?<tail>[a-z]+)$/y, as: undefined, replace: undefined },
  ]);
  assert.deepEqual(rewriteEvent(ev('a', 0, { target: 'ab12', type: 'x-click' }), rules), { num: '12', tail: 'click' });
  assert.deepEqual(rewriteEvent(ev('b', 1, { target: 'ab34', type: 'y-keydown' }), rules), { num: '34', tail: 'keydown' });
});

test('values: a one-element array is its element, booleans and numbers are their text, other arrays and objects are null', () => {
  const rules = compileRules([{ op: 'map', field: 'v', as: 'out', map: { true: 'yes', '3': 'three', x: 'ex' }, otherwise: 'keep' }]);
  const out = (v: unknown) => rewriteEvent(ev('a', 0, {}, { v } as Record<string, unknown>), rules).out;
  assert.deepEqual([true, 3, ['x'], ['x', 'y'], { x: 1 }, false].map(out), ['yes', 'three', 'ex', null, null, 'false']);
});
