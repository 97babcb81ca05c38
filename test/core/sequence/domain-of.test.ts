import { test } from 'node:test';
import assert from 'node:assert/strict';
import { domainOf } from '../../../src/core/sequence/domain-of.js';

test('domainOf: the lower-cased host without port; undefined for no URL or a URL without a host', () => {
  assert.equal(domainOf('https://Shop.Example.com:8443/x?y=1'), 'shop.example.com');
  assert.equal(domainOf('http://[::1]:3000/'), '[::1]');
  assert.equal(domainOf('not a url'), undefined);
  assert.equal(domainOf(''), undefined);
  assert.equal(domainOf(42), undefined);
  assert.equal(domainOf('mailto:ann@example.com'), undefined);
  assert.equal(domainOf('file:///tmp/page.html'), undefined);
});
