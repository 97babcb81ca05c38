import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CPU_TYPE_X86_64, isMachO, machOSectionData, parseMachO, verifyCodeSignature } from '../../../build/inspect/macho.js';
import { machoImage } from './images.js';

const segments = [
  { name: '__TEXT', sections: [{ name: '__text', data: Buffer.from('code') }] },
  { name: 'NODE_SEA', sections: [{ name: '__NODE_SEA_BLOB', data: Buffer.from('sea blob bytes') }] },
];

test('reads the CPU type, file type, segments and sections', () => {
  const image = machoImage({ segments });
  const m = parseMachO(image);
  assert.equal(m.cpuType, CPU_TYPE_X86_64);
  assert.equal(m.fileType, 2);
  assert.deepEqual(m.segments.map((s) => [s.name, s.sections.map((x) => x.name)]), [['__TEXT', ['__text']], ['NODE_SEA', ['__NODE_SEA_BLOB']]]);
  assert.equal(machOSectionData(image, m, 'NODE_SEA', '__NODE_SEA_BLOB')?.toString(), 'sea blob bytes');
  assert.equal(m.codeSignature, undefined);
});

test('an arm64 image reports its CPU type (0x0100000c)', () => {
  assert.equal(parseMachO(machoImage({ cpuType: 0x0100000c, segments })).cpuType, 0x0100000c);
});

test('an ad-hoc signature over several pages verifies: identifier, flags, page count', () => {
  const image = machoImage({ segments, sign: true, filler: Buffer.alloc(10_000, 7) });
  const check = verifyCodeSignature(image, parseMachO(image));
  assert.deepEqual(check.problems, []);
  assert.equal(check.valid, true);
  assert.equal(check.adhoc, true);
  assert.equal(check.identifier, 'test');
  assert.equal(check.hashType, 2);
  assert.equal(check.pages, 3);
});

test('one changed byte in the signed code (here the SEA blob) breaks the signature at that page', () => {
  const image = machoImage({ segments, sign: true, filler: Buffer.alloc(10_000, 7) });
  const m = parseMachO(image);
  const at = m.segments[1]!.sections[0]!.offset;
  image[at] = image[at]! ^ 0xff;
  const check = verifyCodeSignature(image, m);
  assert.equal(check.valid, false);
  assert.deepEqual(check.problems, ['page 0 hash mismatch']);
});

test('a changed requirement set breaks its special-slot hash', () => {
  const image = machoImage({ segments, sign: true });
  image[image.length - 1] = 1; // inside the requirement blob, after the code directory
  const check = verifyCodeSignature(image, parseMachO(image));
  assert.deepEqual(check.problems, ['special slot 2 hash mismatch']);
});

test('an unsigned image is reported as such; a fat binary or other file is not parsed', () => {
  const image = machoImage({ segments });
  assert.deepEqual(verifyCodeSignature(image, parseMachO(image)).problems, ['no LC_CODE_SIGNATURE']);
  const fat = Buffer.alloc(64);
  fat.writeUInt32BE(0xcafebabe, 0);
  assert.equal(isMachO(fat), false);
  assert.throws(() => parseMachO(fat), /Not a thin 64-bit Mach-O/);
});
