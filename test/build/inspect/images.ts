/**
 * Small, valid executable images built byte by byte from the format specifications, for the structural-check
 * parsers: an ELF64 with PT_NOTE notes, a PE32+ with a resource tree and a certificate table entry, and a
 * 64-bit Mach-O with segments and, optionally, an ad-hoc code signature computed here.
 */
import { createHash } from 'node:crypto';

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

export interface ElfSpec {
  readonly machine?: number;
  readonly notes: readonly { readonly name: string; readonly type: number; readonly desc: Buffer }[];
  readonly filler?: Buffer;
}

/** ELF64 little-endian: header, one PT_NOTE program header, the notes (4-byte aligned), then `filler`. */
export function elfImage(spec: ElfSpec): Buffer {
  const notes = Buffer.concat(
    spec.notes.map((n) => {
      const name = Buffer.from(`${n.name}\0`, 'latin1');
      const head = Buffer.alloc(12);
      head.writeUInt32LE(name.length, 0);
      head.writeUInt32LE(n.desc.length, 4);
      head.writeUInt32LE(n.type, 8);
      return Buffer.concat([head, name, Buffer.alloc(align(name.length, 4) - name.length), n.desc, Buffer.alloc(align(n.desc.length, 4) - n.desc.length)]);
    }),
  );
  const header = Buffer.alloc(64);
  header.writeUInt32BE(0x7f454c46, 0);
  header[4] = 2;
  header[5] = 1;
  header[6] = 1;
  header.writeUInt16LE(3, 16);
  header.writeUInt16LE(spec.machine ?? 62, 18);
  header.writeUInt32LE(1, 20);
  header.writeBigUInt64LE(64n, 32);
  header.writeUInt16LE(64, 52);
  header.writeUInt16LE(56, 54);
  header.writeUInt16LE(1, 56);
  const ph = Buffer.alloc(56);
  ph.writeUInt32LE(4, 0); // PT_NOTE
  ph.writeBigUInt64LE(120n, 8);
  ph.writeBigUInt64LE(BigInt(notes.length), 32);
  ph.writeBigUInt64LE(BigInt(notes.length), 40);
  ph.writeBigUInt64LE(4n, 48);
  return Buffer.concat([header, ph, notes, spec.filler ?? Buffer.alloc(0)]);
}

export interface PeSpec {
  readonly machine?: number;
  readonly certificateTable?: { readonly offset: number; readonly size: number };
  readonly resources: readonly { readonly type: number | string; readonly name: number | string; readonly data: Buffer }[];
  readonly filler?: Buffer;
}

const RSRC_RVA = 0x1000;
const RSRC_RAW = 0x200;

/** PE32+ with one `.rsrc` section holding a three-level resource tree (type / name / language 0x409). */
export function peImage(spec: PeSpec): Buffer {
  const rsrc = resourceSection(spec.resources);
  const head = Buffer.alloc(RSRC_RAW);
  head.writeUInt16LE(0x5a4d, 0);
  head.writeUInt32LE(0x40, 0x3c);
  head.writeUInt32LE(0x00004550, 0x40);
  const coff = 0x44;
  head.writeUInt16LE(spec.machine ?? 0x8664, coff);
  head.writeUInt16LE(1, coff + 2);
  head.writeUInt16LE(240, coff + 16);
  const opt = coff + 20;
  head.writeUInt16LE(0x20b, opt);
  head.writeUInt32LE(16, opt + 108);
  head.writeUInt32LE(RSRC_RVA, opt + 112 + 2 * 8);
  head.writeUInt32LE(rsrc.length, opt + 116 + 2 * 8);
  head.writeUInt32LE(spec.certificateTable?.offset ?? 0, opt + 112 + 4 * 8);
  head.writeUInt32LE(spec.certificateTable?.size ?? 0, opt + 116 + 4 * 8);
  const sh = opt + 240;
  head.write('.rsrc', sh, 'latin1');
  head.writeUInt32LE(rsrc.length, sh + 8);
  head.writeUInt32LE(RSRC_RVA, sh + 12);
  head.writeUInt32LE(align(rsrc.length, 0x200), sh + 16);
  head.writeUInt32LE(RSRC_RAW, sh + 20);
  return Buffer.concat([head, rsrc, Buffer.alloc(align(rsrc.length, 0x200) - rsrc.length), spec.filler ?? Buffer.alloc(0)]);
}

function resourceSection(resources: PeSpec['resources']): Buffer {
  // Layout: root dir, one name dir per resource type, one language dir per resource, data entries, strings, data.
  const types = [...new Set(resources.map((r) => r.type))];
  const dirSize = (n: number): number => 16 + 8 * n;
  let at = dirSize(types.length);
  const typeDirAt = new Map<number | string, number>();
  for (const t of types) {
    typeDirAt.set(t, at);
    at += dirSize(resources.filter((r) => r.type === t).length);
  }
  const langDirAt = resources.map(() => {
    const here = at;
    at += dirSize(1);
    return here;
  });
  const dataEntryAt = resources.map(() => {
    const here = at;
    at += 16;
    return here;
  });
  const strings = new Map<string, number>();
  for (const id of [...types, ...resources.map((r) => r.name)]) {
    if (typeof id === 'string' && !strings.has(id)) {
      strings.set(id, at);
      at += 2 + 2 * id.length;
    }
  }
  at = align(at, 8);
  const dataAt = resources.map((r) => {
    const here = at;
    at = align(at + r.data.length, 8);
    return here;
  });
  const buf = Buffer.alloc(at);
  const writeDir = (offset: number, entries: { id: number | string; target: number; isDir: boolean }[]): void => {
    const named = entries.filter((e) => typeof e.id === 'string');
    const ids = entries.filter((e) => typeof e.id === 'number');
    buf.writeUInt16LE(named.length, offset + 12);
    buf.writeUInt16LE(ids.length, offset + 14);
    [...named, ...ids].forEach((e, i) => {
      const entry = offset + 16 + i * 8;
      buf.writeUInt32LE(typeof e.id === 'string' ? (0x80000000 | strings.get(e.id)!) >>> 0 : e.id, entry);
      buf.writeUInt32LE(e.isDir ? (0x80000000 | e.target) >>> 0 : e.target, entry + 4);
    });
  };
  writeDir(0, types.map((t) => ({ id: t, target: typeDirAt.get(t)!, isDir: true })));
  for (const t of types) {
    writeDir(
      typeDirAt.get(t)!,
      resources.flatMap((r, i) => (r.type === t ? [{ id: r.name, target: langDirAt[i]!, isDir: true }] : [])),
    );
  }
  resources.forEach((r, i) => {
    writeDir(langDirAt[i]!, [{ id: 0x409, target: dataEntryAt[i]!, isDir: false }]);
    buf.writeUInt32LE(RSRC_RVA + dataAt[i]!, dataEntryAt[i]!);
    buf.writeUInt32LE(r.data.length, dataEntryAt[i]! + 4);
    r.data.copy(buf, dataAt[i]!);
  });
  for (const [s, offset] of strings) {
    buf.writeUInt16LE(s.length, offset);
    buf.write(s, offset + 2, 'utf16le');
  }
  return buf;
}

export interface MachOSpec {
  readonly cpuType?: number;
  readonly segments: readonly { readonly name: string; readonly sections: readonly { readonly name: string; readonly data: Buffer }[] }[];
  /** Add an ad-hoc signature (SHA-256 code directory, 4 KiB pages, an empty requirement set). */
  readonly sign?: boolean;
  /** Bytes before the signature, so the code spans several pages. */
  readonly filler?: Buffer;
}

/** A thin 64-bit Mach-O executable. */
export function machoImage(spec: MachOSpec): Buffer {
  const segCmdSize = (n: number): number => 72 + 80 * n;
  const sizeofcmds = spec.segments.reduce((s, seg) => s + segCmdSize(seg.sections.length), 0) + (spec.sign === true ? 16 : 0);
  const ncmds = spec.segments.length + (spec.sign === true ? 1 : 0);
  let at = align(32 + sizeofcmds, 16);
  const placed = spec.segments.map((seg) => ({
    seg,
    sections: seg.sections.map((s) => {
      const offset = at;
      at = align(at + s.data.length, 16);
      return { ...s, offset };
    }),
  }));
  const fillerAt = at;
  at += spec.filler?.length ?? 0;
  const codeLimit = align(at, 16);
  const identifier = 'test';
  const pageSize = 4096;
  const nCode = Math.ceil(codeLimit / pageSize);
  const requirements = Buffer.alloc(12);
  requirements.writeUInt32BE(0xfade0c01, 0);
  requirements.writeUInt32BE(12, 4);
  const cdHeader = 88;
  const hashOffset = cdHeader + identifier.length + 1 + 2 * 32;
  const cdLength = hashOffset + nCode * 32;
  const superLength = 12 + 2 * 8 + cdLength + requirements.length;
  const total = spec.sign === true ? codeLimit + superLength : codeLimit;
  const image = Buffer.alloc(total);
  image.writeUInt32LE(0xfeedfacf, 0);
  image.writeUInt32LE(spec.cpuType ?? 0x01000007, 4);
  image.writeUInt32LE(3, 8);
  image.writeUInt32LE(2, 12);
  image.writeUInt32LE(ncmds, 16);
  image.writeUInt32LE(sizeofcmds, 20);
  let cmd = 32;
  for (const { seg, sections } of placed) {
    image.writeUInt32LE(0x19, cmd);
    image.writeUInt32LE(segCmdSize(sections.length), cmd + 4);
    image.write(seg.name, cmd + 8, 'latin1');
    const first = sections[0]?.offset ?? 0;
    const end = sections.reduce((e, s) => Math.max(e, s.offset + s.data.length), first);
    image.writeBigUInt64LE(BigInt(first), cmd + 40);
    image.writeBigUInt64LE(BigInt(end - first), cmd + 48);
    image.writeUInt32LE(sections.length, cmd + 64);
    sections.forEach((s, i) => {
      const sh = cmd + 72 + i * 80;
      image.write(s.name, sh, 'latin1');
      image.write(seg.name, sh + 16, 'latin1');
      image.writeBigUInt64LE(BigInt(s.data.length), sh + 40);
      image.writeUInt32LE(s.offset, sh + 48);
      s.data.copy(image, s.offset);
    });
    cmd += segCmdSize(sections.length);
  }
  spec.filler?.copy(image, fillerAt);
  if (spec.sign !== true) return image;
  image.writeUInt32LE(0x1d, cmd);
  image.writeUInt32LE(16, cmd + 4);
  image.writeUInt32LE(codeLimit, cmd + 8);
  image.writeUInt32LE(superLength, cmd + 12);
  const cd = Buffer.alloc(cdLength);
  cd.writeUInt32BE(0xfade0c02, 0);
  cd.writeUInt32BE(cdLength, 4);
  cd.writeUInt32BE(0x20400, 8);
  cd.writeUInt32BE(0x2, 12); // CS_ADHOC
  cd.writeUInt32BE(hashOffset, 16);
  cd.writeUInt32BE(cdHeader, 20);
  cd.writeUInt32BE(2, 24);
  cd.writeUInt32BE(nCode, 28);
  cd.writeUInt32BE(codeLimit, 32);
  cd[36] = 32;
  cd[37] = 2;
  cd[39] = 12;
  cd.write(`${identifier}\0`, cdHeader, 'latin1');
  createHash('sha256').update(requirements).digest().copy(cd, hashOffset - 2 * 32);
  for (let i = 0; i < nCode; i++) {
    createHash('sha256').update(image.subarray(i * pageSize, Math.min((i + 1) * pageSize, codeLimit))).digest().copy(cd, hashOffset + i * 32);
  }
  const sig = image.subarray(codeLimit);
  sig.writeUInt32BE(0xfade0cc0, 0);
  sig.writeUInt32BE(superLength, 4);
  sig.writeUInt32BE(2, 8);
  sig.writeUInt32BE(0, 12);
  sig.writeUInt32BE(28, 16);
  sig.writeUInt32BE(2, 20);
  sig.writeUInt32BE(28 + cdLength, 24);
  cd.copy(sig, 28);
  requirements.copy(sig, 28 + cdLength);
  return image;
}

/** A SEA blob as Node lays it out: the magic, then (for these tests) the main script somewhere inside. */
export function seaBlob(main: string): Buffer {
  const magic = Buffer.alloc(8);
  magic.writeUInt32LE(0x0143da20, 0);
  return Buffer.concat([magic, Buffer.from(main)]);
}

/** The fuse as Node's binaries carry it, in the given state. */
export function fuse(state: '0' | '1'): Buffer {
  return Buffer.from(`${['NODE_SEA_FUSE', 'fce680ab2cc467b6e072b8b5df1996b2'].join('_')}:${state}`, 'latin1');
}
