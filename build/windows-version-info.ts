import { readFileSync, writeFileSync } from 'node:fs';
import * as ResEdit from 'resedit';

/** What Windows shows for the executable (file properties, Task Manager, firewall and SmartScreen dialogs). */
export interface WindowsVersionInfo {
  /** Distill's version, `0.2.0`. */
  readonly version: string;
  /** The Node.js version inside, for the Comments field. */
  readonly nodeVersion: string;
  readonly fileName: string;
}

/** US English, Unicode: the one string table Node's `node.exe` carries. */
const LANGUAGE = { lang: 1033, codepage: 1200 } as const;

/** The version-resource strings for Distill (exported for tests). */
export function versionStrings(info: WindowsVersionInfo): Record<string, string> {
  return {
    ProductName: 'Distill',
    FileDescription: 'Distill: user-activity log analysis (CLI and HTTPS server)',
    ProductVersion: info.version,
    FileVersion: info.version,
    OriginalFilename: info.fileName,
    InternalName: 'distill',
    LegalCopyright: 'Distill: Apache-2.0. Includes Node.js (MIT) and other software: see THIRD-PARTY-NOTICES.txt',
    Comments: `Single-file executable on the Node.js ${info.nodeVersion} runtime`,
  };
}

/**
 * Replace the version resource of a (signature-stripped) `node.exe` with Distill's, before the SEA blob is
 * injected: otherwise Windows names the program "Node.js JavaScript Runtime" everywhere. Uses resedit (pure
 * JavaScript, deterministic); the rest of the image — code, icons, manifest — is kept. `CompanyName` is removed
 * rather than left as "Node.js".
 *
 * @throws Error when the image has no version resource or no US-English string table.
 */
export function setWindowsVersionInfo(input: string, output: string, info: WindowsVersionInfo): void {
  const exe = ResEdit.NtExecutable.from(readFileSync(input), { ignoreCert: false });
  const res = ResEdit.NtExecutableResource.from(exe);
  const [vi] = ResEdit.Resource.VersionInfo.fromEntries(res.entries);
  if (vi === undefined) throw new Error(`${input} has no version resource.`);
  if (!vi.getAllLanguagesForStringValues().some((l) => l.lang === LANGUAGE.lang && l.codepage === LANGUAGE.codepage)) {
    throw new Error(`${input} has no US-English Unicode version strings.`);
  }
  vi.removeStringValue(LANGUAGE, 'CompanyName');
  vi.setStringValues(LANGUAGE, versionStrings(info));
  const [major = 0, minor = 0, patch = 0] = info.version.split('.').map((n) => Number.parseInt(n, 10));
  vi.setFileVersion(major, minor, patch, 0, LANGUAGE.lang);
  vi.setProductVersion(major, minor, patch, 0, LANGUAGE.lang);
  vi.outputToResourceEntries(res.entries);
  res.outputResource(exe);
  writeFileSync(output, Buffer.from(exe.generate()));
}
