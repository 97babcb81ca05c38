import { createRequire } from 'node:module';
import path from 'node:path';
import { runCommand } from './run-command.js';

const require = createRequire(import.meta.url);

/** The pinned pkg (`@yao-pkg/pkg`, exactly 6.23.0 in package.json): its CLI script and version. */
export function pkgCli(): { script: string; version: string } {
  const manifest = require.resolve('@yao-pkg/pkg/package.json');
  const { version, bin } = require(manifest) as { version: string; bin: { pkg: string } };
  return { script: path.join(path.dirname(manifest), bin.pkg), version };
}

export interface RunPkgOptions {
  /** A Linux Node binary of exactly the target's version: pkg needs Node >= 22 and the blob must be made by the target's version. */
  readonly hostNode: string;
  /** The seeded home directory (see pkg-cache.ts). */
  readonly home: string;
  readonly entry: string;
  /** pkg target, e.g. `node24.21.0-win-x64`. */
  readonly target: string;
  readonly output: string;
}

/** The command line for one pkg run (exported for tests). */
export function pkgArgs(script: string, options: Pick<RunPkgOptions, 'entry' | 'target' | 'output'>): string[] {
  // --sea on a plain .js file: pkg's "simple" SEA mode (Node's SEA + postject), no pkg virtual file system.
  // --no-signature: pkg would look for codesign/ldid; the build ad-hoc signs with rcodesign itself.
  return [script, options.entry, '--sea', '--no-signature', '--target', options.target, '--output', options.output];
}

/**
 * Run pkg once for one target on its own Node version. `HOME` points at the seeded cache, so pkg finds its Node
 * binaries there and downloads nothing. Returns pkg's output for the build log.
 */
export async function runPkg(options: RunPkgOptions): Promise<string> {
  const { script } = pkgCli();
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: options.home, USERPROFILE: options.home };
  const { stdout, stderr } = await runCommand(options.hostNode, pkgArgs(script, options), { env, cwd: path.dirname(options.output) });
  return `${stdout}${stderr}`;
}
