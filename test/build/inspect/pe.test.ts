import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IMAGE_FILE_MACHINE_AMD64, RT_RCDATA, isPe, parsePe, peResourceData, rvaToOffset } from '../../../build/inspect/pe.js';
import { peImage } from './images.js';

test('reads the machine, PE32+ magic and an empty certificate table of an unsigned image', () => {
  const pe = parsePe(peImage({ resources: [] }));
  assert.equal(pe.machine, IMAGE_FILE_MACHINE_AMD64);
  assert.equal(pe.optionalMagic, 0x20b);
  assert.deepEqual(pe.certificateTable, { offset: 0, size: 0 });
  assert.deepEqual(pe.sections.map((s) => s.name), ['.rsrc']);
});

test('a certificate table entry (a signed image) is reported with its file offset and size', () => {
  assert.deepEqual(parsePe(peImage({ resources: [], certificateTable: { offset: 0x5000, size: 0x3d48 } })).certificateTable, { offset: 0x5000, size: 0x3d48 });
});

test('walks the resource tree: numeric and string ids, data through the section table', () => {
  const image = peImage({
    resources: [
      { type: 16, name: 1, data: Buffer.from('version info') },
      { type: RT_RCDATA, name: 'NODE_SEA_BLOB', data: Buffer.from('the blob') },
      { type: RT_RCDATA, name: 'OTHER', data: Buffer.from('x') },
    ],
  });
  const pe = parsePe(image);
  assert.deepEqual(pe.resources.map((r) => [r.type, r.name, r.language, r.size]), [[16, 1, 0x409, 12], [RT_RCDATA, 'NODE_SEA_BLOB', 0x409, 8], [RT_RCDATA, 'OTHER', 0x409, 1]]);
  assert.equal(peResourceData(image, pe, RT_RCDATA, 'NODE_SEA_BLOB')?.toString(), 'the blob');
  assert.equal(peResourceData(image, pe, RT_RCDATA, 'MISSING'), undefined);
});

test('an RVA outside every section, a PE32 (not PE32+) image and a non-PE file are errors', () => {
  const pe = parsePe(peImage({ resources: [] }));
  assert.equal(rvaToOffset(pe.sections, 0x1004), 0x204);
  assert.throws(() => rvaToOffset(pe.sections, 0x9000), /in no section/);
  const pe32 = peImage({ resources: [] });
  pe32.writeUInt16LE(0x10b, 0x58);
  assert.throws(() => parsePe(pe32), /Not PE32\+/);
  assert.equal(isPe(Buffer.from('\x7fELF')), false);
});
