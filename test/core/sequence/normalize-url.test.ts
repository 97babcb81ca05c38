import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIdSegment, normalizeUrl, type UrlRules } from '../../../src/core/sequence/normalize-url.js';

const D = '12345678-1234-1234-1234-123456789012'; // a UUID of digits only: neither a number, hex nor a token

test('isIdSegment: numbers, UUIDs (even digits only or letters only), hex of 8+ with a digit, tokens of 16+', () => {
  const yes = ['7', '0042', D, 'abcdefab-abcd-abcd-abcd-abcdefabcdef', 'deadbeef1', 'a1b2c3d4', 'abcdefghijklmno1', 'a-b_c1d2e3f4g5h6'];
  const no = [
    '',
    'cart',
    '12ab', // digits then letters, too short for hex or a token
    `0${D}`,
    `${D}0`,
    '1-1234-1234-1234-123456789012',
    '12345678-1-1234-1234-123456789012',
    '12345678-1234-1-1234-123456789012',
    '12345678-1234-1234-1-123456789012',
    '12345678-1234-1234-1234-1',
    'deadbeef', // hex without a digit
    'x1234abcd',
    '1234abcdx',
    '.abc123def456ghi7',
    'abc123def456ghi7.',
    'abcdefghijklmnopq', // a token needs a digit
    '1234567890-12345', // and a letter
    'abc123def456gh7', // 15 characters
  ];
  assert.deepEqual(yes.filter((s) => !isIdSegment(s)), []);
  assert.deepEqual(no.filter((s) => isIdSegment(s)), []);
});

const rules = (o: Partial<UrlRules>): UrlRules => ({ query: 'drop', fragment: 'drop', ids: true, ...o });

test('normalizeUrl: ids only on request; a URL without a host is not normalised, a file URL is', () => {
  assert.equal(normalizeUrl('https://x.org/p/42/', rules({ ids: false })), 'https://x.org/p/42');
  assert.equal(normalizeUrl('https://x.org/p/42/', rules({})), 'https://x.org/p/:id');
  assert.equal(normalizeUrl('mailto:ann@example.com', rules({})), undefined);
  assert.equal(normalizeUrl('file:///tmp/a/17/', rules({})), 'file:///tmp/a/:id');
});

test('normalizeUrl: query dropped, kept sorted by name (stable for repeated names), or only the listed names', () => {
  assert.equal(normalizeUrl('https://x.org/p?d=1&r=2&o=3&p=4', rules({ query: 'drop' })), 'https://x.org/p');
  assert.equal(normalizeUrl('https://x.org/p?c=3&b=2&a=1&b=1', rules({ query: 'keep' })), 'https://x.org/p?a=1&b=2&b=1&c=3');
  assert.equal(normalizeUrl('https://x.org/p', rules({ query: 'keep' })), 'https://x.org/p');
  assert.equal(normalizeUrl('https://x.org/p?x=1', rules({ query: ['a'] })), 'https://x.org/p');
  assert.equal(normalizeUrl('https://x.org/p?x=1&a=2#f', rules({ query: ['a'], fragment: 'keep' })), 'https://x.org/p?a=2#f');
});
