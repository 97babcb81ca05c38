import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from '../run-command.js';

/**
 * Running the Windows executable under Wine (Debian's `wine`, 8.0 on Debian 12) in a private prefix. Wine 8.0 runs
 * Node 22 executables once the prefix reports Windows 10; Node 24 and later abort at start under it (V8's
 * `Fatal process out of memory: SegmentedTable::InitializeTable (subspace allocation)`: a virtual-memory
 * reservation Wine 8 apparently cannot provide), which is why the Wine check runs a Node 22 build of the same bundle
 * (dist-config/targets/wine-check.json).
 */
export interface WineCheckConfig {
  readonly node: string;
  readonly windowsVersion: string;
}

/** The environment for Wine: a private prefix, no debug noise, no display needed, and none of Distill's variables. */
export function wineEnv(prefix: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (!k.startsWith('DISTILL_') && k !== 'DISPLAY' && k !== 'WAYLAND_DISPLAY') env[k] = v;
  return { ...env, WINEPREFIX: prefix, WINEARCH: 'win64', WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
}

/** Map a path inside the prefix as Windows prints it (`C:\users\root\…`) to the Linux file. */
export function linuxPathOf(prefix: string, windowsPath: string): string {
  const m = /^([A-Za-z]):\\(.*)$/.exec(windowsPath);
  if (m === null) throw new Error(`Not a Windows drive path: ${windowsPath}`);
  if (m[1]!.toLowerCase() === 'z') return `/${m[2]!.replaceAll('\\', '/')}`;
  return path.join(prefix, `drive_${m[1]!.toLowerCase()}`, ...m[2]!.split('\\'));
}

/** Create the prefix once (wineboot) and make it report this Windows version (`winecfg -v win10`). */
export async function prepareWinePrefix(wine: string, prefix: string, windowsVersion: string): Promise<void> {
  const done = path.join(prefix, `.distill-${windowsVersion}`);
  if (existsSync(done)) return;
  mkdirSync(prefix, { recursive: true });
  const env = wineEnv(prefix);
  await runCommand(wine, ['wineboot', '--init'], { env });
  await runCommand(wine, ['winecfg', '-v', windowsVersion], { env });
  await runCommand('wineserver', ['-w'], { env, check: false });
  writeFileSync(done, '');
}

/** Stop every process of the prefix (after a server check). */
export async function stopWine(prefix: string): Promise<void> {
  await runCommand('wineserver', ['-k'], { env: wineEnv(prefix), check: false });
}
