import { createHash } from 'node:crypto';

/**
 * A minimal 64-bit Mach-O reader for the structural check of the macOS executable: the CPU type, the segments —
 * postject stores the SEA blob in section `__NODE_SEA_BLOB` of a segment `NODE_SEA` — and the code signature
 * (`LC_CODE_SIGNATURE`), which {@link verifyCodeSignature} checks the way the kernel does for an ad-hoc signature:
 * every page hash of the code directory and the hashes of the special slots that have blobs.
 */
export const CPU_TYPE_X86_64 = 0x01000007;
export const MH_EXECUTE = 2;
const MH_MAGIC_64 = 0xfeedfacf;
const LC_SEGMENT_64 = 0x19;
const LC_CODE_SIGNATURE = 0x1d;

const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
/** Code directory flags. */
export const CS_ADHOC = 0x2;
export const CS_RUNTIME = 0x10000;

export interface MachOSection {
  readonly segment: string;
  readonly name: string;
  readonly offset: number;
  readonly size: number;
}

export interface MachOSegment {
  readonly name: string;
  readonly fileOffset: number;
  readonly fileSize: number;
  readonly sections: readonly MachOSection[];
}

export interface MachOFacts {
  readonly format: 'macho';
  readonly cpuType: number;
  readonly fileType: number;
  readonly segments: readonly MachOSegment[];
  /** Where `LC_CODE_SIGNATURE` points, when the image has one. */
  readonly codeSignature?: { readonly offset: number; readonly size: number } | undefined;
}

/** Is this a thin 64-bit little-endian Mach-O image? */
export function isMachO(image: Buffer): boolean {
  return image.length >= 32 && image.readUInt32LE(0) === MH_MAGIC_64;
}

/**
 * Parse a thin 64-bit Mach-O image's header and load commands. Cost: the load commands only.
 *
 * @throws Error for other images (fat/universal binaries included) or a load command running past the header.
 */
export function parseMachO(image: Buffer): MachOFacts {
  if (!isMachO(image)) throw new Error('Not a thin 64-bit Mach-O file (magic 0xfeedfacf).');
  const cpuType = image.readUInt32LE(4);
  const fileType = image.readUInt32LE(12);
  const ncmds = image.readUInt32LE(16);
  const sizeofcmds = image.readUInt32LE(20);
  const end = 32 + sizeofcmds;
  const segments: MachOSegment[] = [];
  let codeSignature: MachOFacts['codeSignature'];
  let at = 32;
  for (let i = 0; i < ncmds; i++) {
    if (at + 8 > end) throw new Error('Mach-O load commands run past sizeofcmds.');
    const cmd = image.readUInt32LE(at);
    const size = image.readUInt32LE(at + 4);
    if (size < 8 || at + size > end) throw new Error(`Mach-O load command ${i} has a bad size (${size}).`);
    if (cmd === LC_SEGMENT_64) {
      const name = cstring(image, at + 8, 16);
      const nsects = image.readUInt32LE(at + 64);
      const sections: MachOSection[] = [];
      for (let s = 0; s < nsects; s++) {
        const sh = at + 72 + s * 80;
        sections.push({
          name: cstring(image, sh, 16),
          segment: cstring(image, sh + 16, 16),
          size: Number(image.readBigUInt64LE(sh + 40)),
          offset: image.readUInt32LE(sh + 48),
        });
      }
      segments.push({ name, fileOffset: Number(image.readBigUInt64LE(at + 40)), fileSize: Number(image.readBigUInt64LE(at + 48)), sections });
    } else if (cmd === LC_CODE_SIGNATURE) {
      codeSignature = { offset: image.readUInt32LE(at + 8), size: image.readUInt32LE(at + 12) };
    }
    at += size;
  }
  return { format: 'macho', cpuType, fileType, segments, codeSignature };
}

function cstring(buf: Buffer, at: number, max: number): string {
  const raw = buf.subarray(at, at + max);
  const nul = raw.indexOf(0);
  return raw.toString('latin1', 0, nul === -1 ? max : nul);
}

/** The bytes of a section (by segment and section name), or undefined. */
export function machOSectionData(image: Buffer, facts: MachOFacts, segment: string, section: string): Buffer | undefined {
  const s = facts.segments.find((x) => x.name === segment)?.sections.find((x) => x.name === section);
  return s === undefined ? undefined : image.subarray(s.offset, s.offset + s.size);
}

export interface CodeSignatureCheck {
  /** Every page hash and every special-slot hash with a blob matched, and the directory covers the whole code. */
  readonly valid: boolean;
  readonly identifier: string;
  readonly flags: number;
  readonly adhoc: boolean;
  readonly hashType: number;
  readonly pages: number;
  readonly problems: readonly string[];
}

/**
 * Verify an embedded code signature's code directory against the image: the code limit must be where the
 * signature starts, each page (2^pageSize bytes, the last one shorter) must hash to its code slot, and special
 * slots (requirements, entitlements, …) must hash to the blobs stored beside the directory. This is what makes an
 * ad-hoc signature valid — there is no certificate to check. Only SHA-256 (hash type 2) and SHA-1 (1) directories
 * are supported. Cost: one hash pass over the image.
 */
export function verifyCodeSignature(image: Buffer, facts: MachOFacts): CodeSignatureCheck {
  const problems: string[] = [];
  const cs = facts.codeSignature;
  if (cs === undefined) return { valid: false, identifier: '', flags: 0, adhoc: false, hashType: 0, pages: 0, problems: ['no LC_CODE_SIGNATURE'] };
  const sig = image.subarray(cs.offset, cs.offset + cs.size);
  if (sig.length < 12 || sig.readUInt32BE(0) !== CSMAGIC_EMBEDDED_SIGNATURE) {
    return { valid: false, identifier: '', flags: 0, adhoc: false, hashType: 0, pages: 0, problems: ['signature is not an embedded-signature superblob'] };
  }
  const count = sig.readUInt32BE(8);
  const blobs = new Map<number, Buffer>();
  for (let i = 0; i < count; i++) {
    const type = sig.readUInt32BE(12 + i * 8);
    const offset = sig.readUInt32BE(16 + i * 8);
    const length = sig.readUInt32BE(offset + 4);
    blobs.set(type, sig.subarray(offset, offset + length));
  }
  const cd = blobs.get(0);
  if (cd === undefined || cd.readUInt32BE(0) !== CSMAGIC_CODEDIRECTORY) {
    return { valid: false, identifier: '', flags: 0, adhoc: false, hashType: 0, pages: 0, problems: ['no code directory in slot 0'] };
  }
  const flags = cd.readUInt32BE(12);
  const hashOffset = cd.readUInt32BE(16);
  const identifier = cstring(cd, cd.readUInt32BE(20), 256);
  const nSpecial = cd.readUInt32BE(24);
  const nCode = cd.readUInt32BE(28);
  const codeLimit = cd.readUInt32BE(32);
  const hashSize = cd[36]!;
  const hashType = cd[37]!;
  const pageShift = cd[39]!;
  const algorithm = hashType === 2 ? 'sha256' : hashType === 1 ? 'sha1' : undefined;
  if (algorithm === undefined) problems.push(`unsupported hash type ${hashType}`);
  if (codeLimit !== cs.offset) problems.push(`code limit ${codeLimit} is not the signature offset ${cs.offset}`);
  const pageSize = pageShift === 0 ? codeLimit : 2 ** pageShift;
  const expectedPages = Math.ceil(codeLimit / pageSize);
  if (nCode !== expectedPages) problems.push(`${nCode} code slots for ${expectedPages} pages`);
  if (algorithm !== undefined) {
    for (let i = 0; i < nCode && problems.length < 5; i++) {
      const page = image.subarray(i * pageSize, Math.min((i + 1) * pageSize, codeLimit));
      const want = cd.subarray(hashOffset + i * hashSize, hashOffset + (i + 1) * hashSize);
      if (!createHash(algorithm).update(page).digest().subarray(0, hashSize).equals(want)) problems.push(`page ${i} hash mismatch`);
    }
    for (let slot = 1; slot <= nSpecial; slot++) {
      const want = cd.subarray(hashOffset - slot * hashSize, hashOffset - (slot - 1) * hashSize);
      const blob = blobs.get(slot);
      if (blob === undefined) {
        if (want.some((b) => b !== 0)) problems.push(`special slot ${slot} has a hash but no blob`);
      } else if (!createHash(algorithm).update(blob).digest().subarray(0, hashSize).equals(want)) {
        problems.push(`special slot ${slot} hash mismatch`);
      }
    }
  }
  return { valid: problems.length === 0, identifier, flags, adhoc: (flags & CS_ADHOC) !== 0, hashType, pages: nCode, problems };
}
