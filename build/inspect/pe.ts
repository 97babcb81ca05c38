/**
 * A minimal PE32+ reader for the structural check of the Windows executable: the machine, the optional header's
 * data directories — the certificate table (Authenticode) must be empty after the signature was stripped — and
 * the resource tree, where postject stores the SEA blob as an `RT_RCDATA` resource named `NODE_SEA_BLOB`
 * (Node looks it up with `FindResource` at start).
 */
export const IMAGE_FILE_MACHINE_AMD64 = 0x8664;
export const RT_RCDATA = 10;
const PE32_PLUS = 0x20b;
const DIR_RESOURCE = 2;
const DIR_SECURITY = 4;

export interface PeSection {
  readonly name: string;
  readonly virtualAddress: number;
  readonly virtualSize: number;
  readonly rawOffset: number;
  readonly rawSize: number;
}

export interface PeFacts {
  readonly format: 'pe';
  /** COFF `Machine`: 0x8664 is x86-64. */
  readonly machine: number;
  /** Optional header magic: 0x20b is PE32+. */
  readonly optionalMagic: number;
  /** The certificate table entry (a file offset and a size); `{0, 0}` when the image carries no signature. */
  readonly certificateTable: { readonly offset: number; readonly size: number };
  /** The `CheckSum` field of the optional header (as written; Windows checks it only for drivers). */
  readonly checksum: number;
  readonly sections: readonly PeSection[];
  /** Resources as `type/name/language` paths (numeric ids as numbers, names as text) with where their data is. */
  readonly resources: readonly PeResource[];
}

export interface PeResource {
  readonly type: number | string;
  readonly name: number | string;
  readonly language: number | string;
  readonly offset: number;
  readonly size: number;
}

/** Is this a PE image? (`MZ` and a `PE\0\0` signature where `e_lfanew` points) */
export function isPe(image: Buffer): boolean {
  if (image.length < 0x40 || image.readUInt16LE(0) !== 0x5a4d) return false;
  const peAt = image.readUInt32LE(0x3c);
  return peAt + 4 <= image.length && image.readUInt32LE(peAt) === 0x00004550;
}

/**
 * Parse a PE32+ image's headers, sections and resource tree. Cost: headers plus one walk of the resource
 * directory (no section data is read).
 *
 * @throws Error when the image is not PE32+ or a structure runs past the end of the file.
 */
export function parsePe(image: Buffer): PeFacts {
  if (!isPe(image)) throw new Error('Not a PE file (no MZ / PE signature).');
  const coff = image.readUInt32LE(0x3c) + 4;
  const machine = image.readUInt16LE(coff);
  const nsections = image.readUInt16LE(coff + 2);
  const optSize = image.readUInt16LE(coff + 16);
  const opt = coff + 20;
  const optionalMagic = image.readUInt16LE(opt);
  if (optionalMagic !== PE32_PLUS) throw new Error(`Not PE32+ (optional header magic 0x${optionalMagic.toString(16)}).`);
  const checksum = image.readUInt32LE(opt + 64);
  const ndirs = image.readUInt32LE(opt + 108);
  const dir = (i: number): { rva: number; size: number } =>
    i < ndirs ? { rva: image.readUInt32LE(opt + 112 + i * 8), size: image.readUInt32LE(opt + 116 + i * 8) } : { rva: 0, size: 0 };
  const sections: PeSection[] = [];
  const shAt = opt + optSize;
  if (shAt + nsections * 40 > image.length) throw new Error('PE section table runs past the end of the file.');
  for (let i = 0; i < nsections; i++) {
    const s = shAt + i * 40;
    sections.push({
      name: image.toString('latin1', s, s + 8).replace(/\0+$/, ''),
      virtualSize: image.readUInt32LE(s + 8),
      virtualAddress: image.readUInt32LE(s + 12),
      rawSize: image.readUInt32LE(s + 16),
      rawOffset: image.readUInt32LE(s + 20),
    });
  }
  const security = dir(DIR_SECURITY);
  const resourceDir = dir(DIR_RESOURCE);
  const resources = resourceDir.rva === 0 ? [] : readResources(image, sections, rvaToOffset(sections, resourceDir.rva));
  return { format: 'pe', machine, optionalMagic, checksum, certificateTable: { offset: security.rva, size: security.size }, sections, resources };
}

/** Convert a relative virtual address to a file offset through the section table. @throws Error when no section holds it. */
export function rvaToOffset(sections: readonly PeSection[], rva: number): number {
  for (const s of sections) {
    if (rva >= s.virtualAddress && rva < s.virtualAddress + Math.max(s.virtualSize, s.rawSize)) return rva - s.virtualAddress + s.rawOffset;
  }
  throw new Error(`RVA 0x${rva.toString(16)} is in no section.`);
}

interface DirEntry {
  readonly id: number | string;
  readonly isDir: boolean;
  readonly target: number;
}

function readDirectory(image: Buffer, root: number, at: number): DirEntry[] {
  if (at + 16 > image.length) throw new Error('PE resource directory runs past the end of the file.');
  const count = image.readUInt16LE(at + 12) + image.readUInt16LE(at + 14);
  const entries: DirEntry[] = [];
  for (let i = 0; i < count; i++) {
    const e = at + 16 + i * 8;
    const name = image.readUInt32LE(e);
    const data = image.readUInt32LE(e + 4);
    let id: number | string = name;
    if ((name & 0x80000000) !== 0) {
      const s = root + (name & 0x7fffffff);
      const len = image.readUInt16LE(s);
      id = image.toString('utf16le', s + 2, s + 2 + len * 2);
    }
    entries.push({ id, isDir: (data & 0x80000000) !== 0, target: root + (data & 0x7fffffff) });
  }
  return entries;
}

function readResources(image: Buffer, sections: readonly PeSection[], root: number): PeResource[] {
  const out: PeResource[] = [];
  for (const type of readDirectory(image, root, root)) {
    if (!type.isDir) continue;
    for (const name of readDirectory(image, root, type.target)) {
      if (!name.isDir) continue;
      for (const lang of readDirectory(image, root, name.target)) {
        if (lang.isDir) continue;
        const rva = image.readUInt32LE(lang.target);
        const size = image.readUInt32LE(lang.target + 4);
        out.push({ type: type.id, name: name.id, language: lang.id, offset: rvaToOffset(sections, rva), size });
      }
    }
  }
  return out;
}

/** The data of the first resource of this type and name (any language), or undefined. */
export function peResourceData(image: Buffer, facts: PeFacts, type: number | string, name: number | string): Buffer | undefined {
  const r = facts.resources.find((x) => x.type === type && x.name === name);
  return r === undefined ? undefined : image.subarray(r.offset, r.offset + r.size);
}
