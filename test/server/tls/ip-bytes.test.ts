import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ipBytes } from '../../../src/server/tls/ip-bytes.js';

test('IP addresses encode as 4 or 16 bytes', () => {
  assert.equal(ipBytes('127.0.0.1').toString('hex'), '7f000001');
  assert.equal(ipBytes('::1').toString('hex'), '00000000000000000000000000000001');
  assert.equal(ipBytes('fe80::1:2').toString('hex'), 'fe800000000000000000000000010002');
  assert.equal(ipBytes('1:2:3:4:5:6:7:ffff').toString('hex'), '0001000200030004000500060007ffff');
  assert.throws(() => ipBytes('300.1.1.1'), { name: 'RangeError', message: 'Not an IPv4 address: 300.1.1.1' });
  assert.throws(() => ipBytes('nope'), { name: 'RangeError', message: 'Not an IP address: nope' });
  assert.throws(() => ipBytes('1:2:3'), { name: 'RangeError', message: 'Not an IP address: 1:2:3' });
});
