import { executableProblems, inspectExecutable, type ExecutableReport } from './inspect/inspect-executable.js';

/** The executable format of each pkg platform. */
export const FORMAT_OF = { linux: 'elf', win: 'pe', macos: 'macho' } as const;

/**
 * The structural check of one built executable for its target: x86-64 image of the right format, SEA fuse
 * flipped, the SEA blob where Node looks for it and carrying this bundle byte for byte, PE certificate table empty,
 * Mach-O signature valid (when signing is on). Returns the problems, empty when it passes.
 */
export function checkExecutable(
  image: Buffer,
  target: { readonly pkgPlatform: 'linux' | 'win' | 'macos' },
  bundle: Uint8Array,
  requireSignature: boolean,
): string[] {
  return executableProblems(inspectExecutable(image, bundle), { format: FORMAT_OF[target.pkgPlatform], signed: requireSignature });
}

/** The same, returning the full report as well (for check-binaries.ts's printout). */
export function checkExecutableReport(
  image: Buffer,
  target: { readonly pkgPlatform: 'linux' | 'win' | 'macos' },
  bundle: Uint8Array,
  requireSignature: boolean,
): { report: ExecutableReport; problems: string[] } {
  const report = inspectExecutable(image, bundle);
  return { report, problems: executableProblems(report, { format: FORMAT_OF[target.pkgPlatform], signed: requireSignature }) };
}
