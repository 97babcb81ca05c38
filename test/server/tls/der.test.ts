import { test } from 'node:test';
import assert from 'node:assert/strict';
import { derBoolean, derInteger, derNamedBits, derOid, derSequence, derSet, derTime, derUtf8String, tlv } from '../../../src/server/tls/der.js';

const hex = (b: Buffer) => b.toString('hex');

test('lengths: short form below 128, minimal long form above', () => {
  assert.equal(hex(tlv(0x04, Buffer.alloc(127))).slice(0, 4), '047f');
  assert.equal(hex(tlv(0x04, Buffer.alloc(128))).slice(0, 6), '048180');
  assert.equal(hex(tlv(0x04, Buffer.alloc(256))).slice(0, 8), '04820100');
});

test('integers are minimal two\'s complement and positive', () => {
  assert.equal(hex(derInteger(0)), '020100');
  assert.equal(hex(derInteger(2)), '020102');
  assert.equal(hex(derInteger(127)), '02017f');
  assert.equal(hex(derInteger(128)), '02020080');
  assert.equal(hex(derInteger(256)), '02020100');
  assert.equal(hex(derInteger(Buffer.from([0, 0, 0x7f]))), '02017f');
  assert.equal(hex(derInteger(Buffer.from([0xff, 0x01]))), '020300ff01');
  assert.throws(() => derInteger(-1), RangeError);
});

test('object identifiers (values from RFC 5280 / X.690 examples)', () => {
  assert.equal(hex(derOid('1.2.840.10045.4.3.2')), '06082a8648ce3d040302');
  assert.equal(hex(derOid('2.5.29.17')), '0603551d11');
  assert.equal(hex(derOid('1.3.6.1.5.5.7.3.1')), '06082b06010505070301');
  assert.throws(() => derOid('1'), RangeError);
});

test('booleans, strings, sequences, sets (sorted)', () => {
  assert.equal(hex(derBoolean(true)), '0101ff');
  assert.equal(hex(derBoolean(false)), '010100');
  assert.equal(hex(derUtf8String('Dé')), '0c0344c3a9');
  assert.equal(hex(derSequence()), '3000');
  assert.equal(hex(derSet(Buffer.from([2, 1, 9]), Buffer.from([2, 1, 1]))), '3106020101020109');
});

test('named bit strings drop trailing zero bits (KeyUsage digitalSignature = 03 02 07 80)', () => {
  assert.equal(hex(derNamedBits([0])), '03020780');
  assert.equal(hex(derNamedBits([0, 5])), '03020284');
  assert.equal(hex(derNamedBits([8])), '0303070080');
});

test('times: UTCTime until 2049, GeneralizedTime from 2050', () => {
  assert.equal(derTime(new Date('2026-11-27T20:05:09Z')).toString('latin1').slice(2), '261127200509Z');
  assert.equal(derTime(new Date('2026-11-27T20:05:09Z'))[0], 0x17);
  const g = derTime(new Date('2050-01-02T03:04:05Z'));
  assert.equal(g[0], 0x18);
  assert.equal(g.toString('latin1').slice(2), '20500102030405Z');
});
