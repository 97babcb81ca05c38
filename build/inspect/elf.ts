/**
 * A minimal ELF64 reader for the structural check of the Linux executable: the header's class, byte order and
 * machine, and the notes of the PT_NOTE segments — postject stores the SEA blob as a note named `NODE_SEA_BLOB`,
 * which Node finds at start through the program headers (`dl_iterate_phdr`), not through section names.
 */
export const EM_X86_64 = 62;
const PT_NOTE = 4;

export interface ElfNote {
  readonly name: string;
  readonly type: number;
  /** Where the note's descriptor (its payload) starts in the file, and its length. */
  readonly offset: number;
  readonly size: number;
}

export interface ElfFacts {
  readonly format: 'elf';
  readonly class64: boolean;
  readonly littleEndian: boolean;
  /** `e_machine`: 62 is x86-64. */
  readonly machine: number;
  /** `e_type`: 2 executable, 3 shared object / position-independent executable. */
  readonly type: number;
  readonly notes: readonly ElfNote[];
}

/** Is this an ELF image? (magic `\x7fELF`) */
export function isElf(image: Buffer): boolean {
  return image.length >= 4 && image.readUInt32BE(0) === 0x7f454c46;
}

/**
 * Parse an ELF64 little-endian image's header and PT_NOTE notes. Cost: reads the header, the program header table
 * and the note segments only.
 *
 * @throws Error when the image is not a 64-bit little-endian ELF file or a structure runs past its end.
 */
export function parseElf(image: Buffer): ElfFacts {
  if (!isElf(image)) throw new Error('Not an ELF file (no \\x7fELF magic).');
  const class64 = image[4] === 2;
  const littleEndian = image[5] === 1;
  if (!class64 || !littleEndian) throw new Error(`Unsupported ELF flavour: class ${image[4]}, data ${image[5]} (want 64-bit little-endian).`);
  const type = image.readUInt16LE(16);
  const machine = image.readUInt16LE(18);
  const phoff = Number(image.readBigUInt64LE(32));
  const phentsize = image.readUInt16LE(54);
  const phnum = image.readUInt16LE(56);
  if (phoff + phnum * phentsize > image.length) throw new Error('ELF program header table runs past the end of the file.');
  const notes: ElfNote[] = [];
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (image.readUInt32LE(ph) !== PT_NOTE) continue;
    const offset = Number(image.readBigUInt64LE(ph + 8));
    const filesz = Number(image.readBigUInt64LE(ph + 32));
    const align = Number(image.readBigUInt64LE(ph + 48)) === 8 ? 8 : 4;
    notes.push(...readNotes(image, offset, filesz, align));
  }
  return { format: 'elf', class64, littleEndian, machine, type, notes };
}

function readNotes(image: Buffer, start: number, length: number, align: number): ElfNote[] {
  const end = start + length;
  if (end > image.length) throw new Error('ELF note segment runs past the end of the file.');
  const pad = (n: number): number => (n + align - 1) & ~(align - 1);
  const notes: ElfNote[] = [];
  let at = start;
  while (at + 12 <= end) {
    const namesz = image.readUInt32LE(at);
    const descsz = image.readUInt32LE(at + 4);
    const type = image.readUInt32LE(at + 8);
    const nameStart = at + 12;
    const descStart = nameStart + pad(namesz);
    if (descStart + descsz > end) throw new Error(`ELF note at ${at} runs past its segment.`);
    const name = image.toString('latin1', nameStart, nameStart + Math.max(0, namesz - 1));
    notes.push({ name, type, offset: descStart, size: descsz });
    at = descStart + pad(descsz);
  }
  return notes;
}

/** The payload of the first note with this name, or undefined. */
export function elfNotePayload(image: Buffer, facts: ElfFacts, name: string): Buffer | undefined {
  const note = facts.notes.find((n) => n.name === name);
  return note === undefined ? undefined : image.subarray(note.offset, note.offset + note.size);
}
