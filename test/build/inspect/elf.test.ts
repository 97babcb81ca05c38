import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EM_X86_64, elfNotePayload, isElf, parseElf } from '../../../build/inspect/elf.js';
import { elfImage } from './images.js';

test('reads class, byte order, machine and the notes of PT_NOTE segments', () => {
  const image = elfImage({ notes: [{ name: 'GNU', type: 3, desc: Buffer.from('build-id') }, { name: 'NODE_SEA_BLOB', type: 0, desc: Buffer.from('blob!') }] });
  const elf = parseElf(image);
  assert.equal(elf.class64, true);
  assert.equal(elf.littleEndian, true);
  assert.equal(elf.machine, EM_X86_64);
  assert.deepEqual(elf.notes.map((n) => [n.name, n.type, n.size]), [['GNU', 3, 8], ['NODE_SEA_BLOB', 0, 5]]);
  assert.equal(elfNotePayload(image, elf, 'NODE_SEA_BLOB')?.toString(), 'blob!');
  assert.equal(elfNotePayload(image, elf, 'OTHER'), undefined);
});

test('another machine is reported as such (aarch64 is 183)', () => {
  assert.equal(parseElf(elfImage({ machine: 183, notes: [] })).machine, 183);
});

test('not ELF, a 32-bit ELF, and a truncated note are errors', () => {
  assert.equal(isElf(Buffer.from('MZ\0\0')), false);
  assert.throws(() => parseElf(Buffer.from('nope, not an elf file at all')), /Not an ELF file/);
  const elf32 = elfImage({ notes: [] });
  elf32[4] = 1;
  assert.throws(() => parseElf(elf32), /Unsupported ELF flavour/);
  const image = elfImage({ notes: [{ name: 'NODE_SEA_BLOB', type: 0, desc: Buffer.alloc(16) }] });
  assert.throws(() => parseElf(image.subarray(0, image.length - 8)), /runs past/);
});
