import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from '../run-command.js';

/**
 * Install Distill the way npm users get it — `npm pack` of the project, then `npm install -g --prefix <dir>` of
 * that tarball (dependencies from the registry, or npm's cache) — and return the path of its `distill` command.
 * The executables' output is compared with this one's byte for byte.
 */
export async function installNpmCli(root: string, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const packDir = path.join(dir, 'pack');
  mkdirSync(packDir, { recursive: true });
  await runCommand('npm', ['pack', root, '--pack-destination', packDir, '--silent'], { cwd: root });
  const tgz = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
  if (tgz === undefined) throw new Error(`npm pack wrote no tarball into ${packDir}`);
  const prefix = path.join(dir, 'prefix');
  await runCommand('npm', ['install', '-g', '--prefix', prefix, path.join(packDir, tgz), '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir });
  return path.join(prefix, 'bin', 'distill');
}
