import { EM_X86_64, elfNotePayload, isElf, parseElf } from './elf.js';
import { CPU_TYPE_X86_64, isMachO, machOSectionData, parseMachO, verifyCodeSignature, type CodeSignatureCheck } from './macho.js';
import { IMAGE_FILE_MACHINE_AMD64, RT_RCDATA, isPe, parsePe, peResourceData } from './pe.js';
import { describeSeaBlob, type SeaBlobFacts } from './sea-blob.js';
import { seaFuseState, type FuseState } from './sea-fuse.js';

/** The resource / note / section name postject gives the SEA blob. */
export const SEA_RESOURCE = 'NODE_SEA_BLOB';
/** The Mach-O segment postject creates for it. */
export const SEA_MACHO_SEGMENT = 'NODE_SEA';

/** What the structural check found in one executable, whatever its format. */
export interface ExecutableReport {
  readonly format: 'elf' | 'pe' | 'macho' | 'unknown';
  /** `x64` when the header says x86-64. */
  readonly arch: 'x64' | 'other';
  readonly fuse: FuseState;
  /** The SEA blob where the format's loader looks for it, or undefined when absent. */
  readonly seaBlob?: SeaBlobFacts | undefined;
  /** PE only: the certificate table entry (must be empty: the stale Authenticode signature was stripped). */
  readonly certificateTable?: { readonly offset: number; readonly size: number } | undefined;
  /** Mach-O only: the embedded code signature, verified. */
  readonly codeSignature?: CodeSignatureCheck | undefined;
}

/**
 * Inspect an executable image: format and architecture from its header, the SEA fuse, the SEA blob where Node
 * reads it on that OS (ELF note, PE `RT_RCDATA` resource, Mach-O `NODE_SEA/__NODE_SEA_BLOB` section) and, given
 * the bundle, whether the blob carries it byte for byte; plus the signature facts of PE and Mach-O.
 * Cost: a few linear scans of the image (the fuse search, the blob search, Mach-O page hashes).
 */
export function inspectExecutable(image: Buffer, main?: Uint8Array): ExecutableReport {
  const fuse = seaFuseState(image);
  if (isElf(image)) {
    const elf = parseElf(image);
    const blob = elfNotePayload(image, elf, SEA_RESOURCE);
    return { format: 'elf', arch: elf.machine === EM_X86_64 ? 'x64' : 'other', fuse, seaBlob: blob && describeSeaBlob(blob, main) };
  }
  if (isPe(image)) {
    const pe = parsePe(image);
    const blob = peResourceData(image, pe, RT_RCDATA, SEA_RESOURCE);
    return {
      format: 'pe',
      arch: pe.machine === IMAGE_FILE_MACHINE_AMD64 ? 'x64' : 'other',
      fuse,
      seaBlob: blob && describeSeaBlob(blob, main),
      certificateTable: pe.certificateTable,
    };
  }
  if (isMachO(image)) {
    const macho = parseMachO(image);
    const blob = machOSectionData(image, macho, SEA_MACHO_SEGMENT, `__${SEA_RESOURCE}`);
    return {
      format: 'macho',
      arch: macho.cpuType === CPU_TYPE_X86_64 ? 'x64' : 'other',
      fuse,
      seaBlob: blob && describeSeaBlob(blob, main),
      codeSignature: macho.codeSignature === undefined ? undefined : verifyCodeSignature(image, macho),
    };
  }
  return { format: 'unknown', arch: 'other', fuse };
}

/** What a shipped executable must be; see {@link executableProblems}. */
export interface ExecutableExpectation {
  readonly format: 'elf' | 'pe' | 'macho';
  /** Mach-O: require a valid (ad-hoc or real) signature. */
  readonly signed?: boolean;
}

/**
 * The ways a report falls short of a shipped single-file executable: x64, fused, a blob with the right magic that
 * carries the bundle, a clean PE certificate table, a valid Mach-O signature when one is required. Empty when all
 * is well.
 */
export function executableProblems(report: ExecutableReport, expected: ExecutableExpectation): string[] {
  const problems: string[] = [];
  if (report.format !== expected.format) problems.push(`format is ${report.format}, expected ${expected.format}`);
  if (report.arch !== 'x64') problems.push('not an x86-64 image');
  if (report.fuse !== 'fused') problems.push(`SEA fuse is ${report.fuse}`);
  if (report.seaBlob === undefined) problems.push(`no ${SEA_RESOURCE} where Node looks for it`);
  else {
    if (!report.seaBlob.magicOk) problems.push('SEA blob has the wrong magic number');
    if (report.seaBlob.containsMain === false) problems.push('SEA blob does not contain the bundle byte for byte');
  }
  if (report.format === 'pe' && (report.certificateTable?.size !== 0 || report.certificateTable.offset !== 0)) {
    problems.push(`certificate table not empty (${JSON.stringify(report.certificateTable)}): strip the Authenticode signature before injection`);
  }
  if (report.format === 'macho' && expected.signed === true) {
    if (report.codeSignature === undefined) problems.push('not code-signed');
    else if (!report.codeSignature.valid) problems.push(`code signature invalid: ${report.codeSignature.problems.join('; ')}`);
  }
  return problems;
}
