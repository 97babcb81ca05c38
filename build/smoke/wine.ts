import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from '../run-command.js';

/**
 * Running the shipped Windows executable under Wine 10 inside a Debian 13 root (build/wine/make-root.sh: debootstrap
 * --variant=minbase trixie + Debian's wine, made once per machine and kept under ~/.cache/distill). Debian 12's Wine
 * 8.0 aborts Node >= 24 at start; Wine 10.0 runs it. Each command runs in a private mount namespace (`unshare
 * --mount`) with /proc and /dev mounted in the root and two host directories bound into it — the directory holding
 * the executable at /dist, read-only, and a work directory at /work (Windows: `Z:\work`) — then `chroot` and `wine`
 * with a clean environment; the mounts vanish with the namespace, nothing is left mounted on the host. The network
 * is the host's, so a server started this way answers on the host's 127.0.0.1. Needs root (CI runs as root).
 *
 * Under Wine the executable's standard output and error must be files, not pipes (Node's stdio setup fails on a
 * Wine pipe handle: `Error: open EBADF`); run-cli.ts and serve-process.ts do that with `files: true`.
 */
export interface WineRoot {
  /** The Debian 13 root on the host. */
  readonly root: string;
  /** The Wine prefix inside it, as a host path (`<root>/root/prefix`). */
  readonly prefix: string;
}

/** Where the prefix lives inside the root (make-root.sh creates it there). */
export const PREFIX_IN_ROOT = '/root/prefix';

/** Make the root once (about 3 minutes; cached), or find it. @throws Error with the script's last lines. */
export async function ensureWineRoot(projectRoot: string): Promise<WineRoot> {
  const { stdout } = await runCommand('bash', [path.join(projectRoot, 'build', 'wine', 'make-root.sh')], { env: process.env });
  const root = stdout.trim().split('\n').at(-1)!;
  return { root, prefix: path.join(root, PREFIX_IN_ROOT) };
}

/** The environment inside the root: Wine's private prefix, no debug noise, no display, no browser, nothing of the host's. */
export function wineEnv(): Record<string, string> {
  return {
    PATH: '/usr/bin:/bin',
    HOME: '/root',
    LANG: 'C.UTF-8',
    XDG_RUNTIME_DIR: '/tmp/xdg-runtime',
    WINEPREFIX: PREFIX_IN_ROOT,
    WINEARCH: 'win64',
    WINEDEBUG: '-all',
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
    DISTILL_NO_BROWSER: '1', // the no-argument start opens the app in a browser on a desktop; never in tests
  };
}

/**
 * The host command line that runs `wine <exe> <args…>` in the root: `exe` must be inside `distDir` (bound at /dist),
 * the Windows working directory is `workDir` (bound at /work, `Z:\work`).
 */
export function wineCommand(wine: WineRoot, distDir: string, workDir: string, exe: string, args: readonly string[]): { command: string; args: string[] } {
  const inRoot = `/dist/${path.relative(distDir, exe).split(path.sep).join('/')}`;
  if (inRoot.startsWith('/dist/../')) throw new Error(`${exe} is not inside ${distDir}`);
  return inRootCommand(wine, distDir, workDir, ['wine', inRoot, ...args]);
}

/** Any program of the root (`wine`, `wineserver`) run as {@link wineCommand} runs the executable. */
export function inRootCommand(wine: WineRoot, distDir: string, workDir: string, argv: readonly string[]): { command: string; args: string[] } {
  const env = Object.entries(wineEnv()).map(([k, v]) => `${k}=${v}`);
  const script = [
    'r="$1"; dist="$2"; work="$3"; shift 3',
    'mount -t proc proc "$r/proc" && mount --rbind /dev "$r/dev"',
    'mkdir -p "$r/dist" "$r/work" "$r/tmp/xdg-runtime" && chmod 700 "$r/tmp/xdg-runtime"',
    'mount --bind "$dist" "$r/dist" && mount -o remount,bind,ro "$r/dist" && mount --bind "$work" "$r/work"',
    'exec chroot "$r" /bin/sh -c \'cd /work && exec "$@"\' sh "$@"',
  ].join('\n');
  return {
    command: 'unshare',
    args: ['--mount', '--propagation', 'private', '--', 'sh', '-c', script, 'sh', wine.root, distDir, workDir, '/usr/bin/env', '-i', ...env, ...argv],
  };
}

/** Map a path as Windows prints it (`C:\users\root\…`, `Z:\work\…`) to the file on the host. */
export function hostPathOf(wine: WineRoot, windowsPath: string): string {
  const m = /^([A-Za-z]):\\(.*)$/.exec(windowsPath);
  if (m === null) throw new Error(`Not a Windows drive path: ${windowsPath}`);
  if (m[1]!.toLowerCase() === 'z') return path.join(wine.root, ...m[2]!.split('\\'));
  return path.join(wine.prefix, `drive_${m[1]!.toLowerCase()}`, ...m[2]!.split('\\'));
}

/** %APPDATA%\Distill and %LOCALAPPDATA%\Distill of the prefix's user, on the host. */
export function distillDirs(wine: WineRoot): { roaming: string; local: string } {
  const user = path.join(wine.prefix, 'drive_c', 'users', 'root', 'AppData');
  return { roaming: path.join(user, 'Roaming', 'Distill'), local: path.join(user, 'Local', 'Distill') };
}

/** A fresh Windows profile for Distill: no certificate, token, plugins or extracted assets from earlier runs. */
export function resetDistillProfile(wine: WineRoot): void {
  for (const dir of Object.values(distillDirs(wine))) rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(distillDirs(wine).roaming), { recursive: true });
}

/** Stop every Wine process of the prefix (after a server check). */
export async function stopWine(wine: WineRoot, distDir: string, workDir: string): Promise<void> {
  const { command, args } = inRootCommand(wine, distDir, workDir, ['wineserver', '-k']);
  await runCommand(command, args, { env: process.env, check: false });
}
