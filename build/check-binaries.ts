/**
 * `npm run check:binaries`: the structural check of built executables, the release gate that needs no other OS.
 *
 *   npx tsx build/check-binaries.ts [--dir build/out] [--unsigned-ok]
 *
 * For each target in dist-config/targets: the file named in SHA256SUMS exists and matches its digest; it is an
 * x86-64 image of its format (ELF / PE32+ / Mach-O); the SEA fuse is flipped; the SEA blob is where Node looks for
 * it (ELF note, PE RT_RCDATA resource, Mach-O NODE_SEA segment) and carries bundle/distill.cjs byte for byte; the
 * PE certificate table is empty; the Mach-O ad-hoc signature verifies page by page. Exit code 1 on any problem.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { VERSION } from '../src/version.js';
import { checkExecutableReport } from './check-executable.js';
import { parseChecksums, sha256File } from './checksums.js';
import { executableName, loadTargets } from './targets.js';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { dir: { type: 'string', default: path.join(root, 'build', 'out') }, 'unsigned-ok': { type: 'boolean', default: false } } });
const dir = path.resolve(values.dir);

async function check(): Promise<number> {
  const sums = new Map(parseChecksums(readFileSync(path.join(dir, 'SHA256SUMS'), 'utf8')).map((e) => [e.name, e.sha256]));
  const bundle = readFileSync(path.join(dir, 'bundle', 'distill.cjs'));
  let failed = 0;
  for (const target of loadTargets(path.join(root, 'dist-config', 'targets'))) {
    const name = executableName(target, VERSION);
    const file = path.join(dir, name);
    const problems: string[] = [];
    const digest = await sha256File(file);
    if (sums.get(name) !== digest) problems.push(`SHA256SUMS says ${sums.get(name) ?? 'nothing'}, the file hashes to ${digest}`);
    const { report, problems: structural } = checkExecutableReport(readFileSync(file), target, bundle, !values['unsigned-ok']);
    problems.push(...structural);
    const facts = [
      `${report.format}/${report.arch}`,
      `fuse ${report.fuse}`,
      report.seaBlob === undefined ? 'no SEA blob' : `SEA blob ${report.seaBlob.size} B (bundle inside: ${report.seaBlob.containsMain === true ? 'yes' : 'no'})`,
      ...(report.certificateTable === undefined ? [] : [`certificate table ${report.certificateTable.size === 0 ? 'empty' : `${report.certificateTable.size} B`}`]),
      ...(report.codeSignature === undefined ? [] : [`signature ${report.codeSignature.valid ? 'valid' : 'INVALID'}${report.codeSignature.adhoc ? ' (ad-hoc)' : ''}, ${report.codeSignature.pages} pages`]),
    ];
    process.stdout.write(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${name}: ${facts.join(', ')}\n`);
    for (const p of problems) process.stdout.write(`       - ${p}\n`);
    if (problems.length > 0) failed++;
  }
  return failed === 0 ? 0 : 1;
}

check().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`check:binaries failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
