import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executableProblems, inspectExecutable } from '../../../build/inspect/inspect-executable.js';
import { elfImage, fuse, machoImage, peImage, seaBlob } from './images.js';

const MAIN = Buffer.from('/* bundle */ require("node:fs");');
const blob = seaBlob(`xx${MAIN.toString()}yy`);

test('a fused ELF with the blob note passes; the same without the note or unfused does not', () => {
  const good = elfImage({ notes: [{ name: 'NODE_SEA_BLOB', type: 0, desc: blob }], filler: fuse('1') });
  assert.deepEqual(executableProblems(inspectExecutable(good, MAIN), { format: 'elf' }), []);
  const bare = elfImage({ notes: [], filler: fuse('0') });
  assert.deepEqual(executableProblems(inspectExecutable(bare, MAIN), { format: 'elf' }), ['SEA fuse is unfused', 'no NODE_SEA_BLOB where Node looks for it']);
});

test('a PE must have an empty certificate table: a stale Authenticode entry is a problem', () => {
  const resources = [{ type: 10, name: 'NODE_SEA_BLOB', data: blob }];
  assert.deepEqual(executableProblems(inspectExecutable(peImage({ resources, filler: fuse('1') }), MAIN), { format: 'pe' }), []);
  const stale = peImage({ resources, filler: fuse('1'), certificateTable: { offset: 0x4000, size: 0x100 } });
  const problems = executableProblems(inspectExecutable(stale, MAIN), { format: 'pe' });
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /^certificate table not empty .*strip the Authenticode signature before injection$/);
});

test('a Mach-O must carry a valid signature when signing is required', () => {
  const segments = [{ name: 'NODE_SEA', sections: [{ name: '__NODE_SEA_BLOB', data: blob }] }];
  const signed = machoImage({ segments, sign: true, filler: fuse('1') });
  const report = inspectExecutable(signed, MAIN);
  assert.equal(report.codeSignature?.valid, true);
  assert.deepEqual(executableProblems(report, { format: 'macho', signed: true }), []);
  const unsigned = machoImage({ segments, filler: fuse('1') });
  assert.deepEqual(executableProblems(inspectExecutable(unsigned, MAIN), { format: 'macho', signed: true }), ['not code-signed']);
  assert.deepEqual(executableProblems(inspectExecutable(unsigned, MAIN), { format: 'macho', signed: false }), []);
});

test('a blob that does not carry this bundle, an arm64 image, and the wrong format are all reported', () => {
  const other = elfImage({ machine: 183, notes: [{ name: 'NODE_SEA_BLOB', type: 0, desc: seaBlob('another bundle') }], filler: fuse('1') });
  assert.deepEqual(executableProblems(inspectExecutable(other, MAIN), { format: 'pe' }), [
    'format is elf, expected pe',
    'not an x86-64 image',
    'SEA blob does not contain the bundle byte for byte',
  ]);
  assert.equal(inspectExecutable(Buffer.from('plain text')).format, 'unknown');
});
