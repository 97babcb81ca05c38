/**
 * `npm run build:binaries`: the single-file executables, offline apart from the package registries.
 *
 *   npx tsx build/build-binaries.ts [--out build/out] [--targets linux-x64,win-x64,macos-x64] [--node 22.23.3]
 *                                   [--cache build/.cache] [--no-sign]
 *
 * 1. bundle `src/bin/distill.ts` + `dist-config/` into one CommonJS file (bundle.ts);
 * 2. fetch each target's official Node binary from the npm registry (`npm pack`), pinned by integrity
 *    (dist-config/targets/node-packages.lock.json), and the Linux Node of the same version that runs pkg;
 * 3. strip node.exe's Authenticode signature (osslsigncode), give it Distill's version resource (resedit), and
 *    seed pkg's SEA cache with the binaries;
 * 4. run pkg 6.23.0 `--sea` once per target, on that target's Node version;
 * 5. ad-hoc sign the macOS executable (rcodesign), check every executable's structure (check-binaries.ts),
 *    write SHA256SUMS, THIRD-PARTY-NOTICES.txt and build-manifest.json.
 *
 * Outputs (in --out): distill-<version>-linux-x64, distill-<version>-win-x64.exe, distill-<version>-macos-x64,
 * SHA256SUMS, THIRD-PARTY-NOTICES.txt, build-manifest.json, bundle/distill.cjs (+ .meta.json), logs/.
 * --node builds every selected target on another Node version (the Wine check's Node 22 .exe); --no-sign leaves
 * the macOS executable unsigned (development only: it will not start on Apple silicon and warns on Intel).
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { VERSION } from '../src/version.js';
import { adhocSign } from './adhoc-sign.js';
import { bundle, type BundleResult } from './bundle.js';
import { formatChecksums, sha256File } from './checksums.js';
import { checkExecutable } from './check-executable.js';
import { fetchNodeBinary } from './fetch-node.js';
import { findTool } from './find-tool.js';
import { seedPkgCache } from './pkg-cache.js';
import { withStagedEntry } from './stage-entry.js';
import { pkgCli, runPkg } from './run-pkg.js';
import { stripAuthenticode } from './strip-authenticode.js';
import { executableName, hostPackage, loadLock, loadTargets, pkgTarget } from './targets.js';
import { formatNotices, packageNotices, type Notice } from './third-party-notices.js';
import { setWindowsVersionInfo } from './windows-version-info.js';

export const ROOT = path.resolve(import.meta.dirname, '..');

export interface BuildOptions {
  readonly out: string;
  readonly cache: string;
  readonly targets?: readonly string[] | undefined;
  readonly nodeVersion?: string | undefined;
  readonly sign: boolean;
  readonly log?: (line: string) => void;
}

export interface BuiltExecutable {
  readonly target: string;
  readonly file: string;
  readonly node: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface BuildManifest {
  readonly distill: string;
  readonly pkg: string;
  readonly esbuild: string;
  readonly bundle: { readonly file: string; readonly bytes: number; readonly sha256: string; readonly assets: string; readonly app: { readonly file: string; readonly bytes: number; readonly sha256: string } };
  readonly nodePackages: Readonly<Record<string, string>>;
  readonly executables: readonly BuiltExecutable[];
  readonly seconds: Readonly<Record<string, number>>;
}

export async function buildBinaries(options: BuildOptions): Promise<BuildManifest> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const targetsDir = path.join(ROOT, 'dist-config', 'targets');
  const targets = loadTargets(targetsDir, { only: options.targets, nodeVersion: options.nodeVersion });
  const lock = loadLock(targetsDir);
  const seconds: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      seconds[name] = Math.round((performance.now() - start) / 100) / 10;
    }
  };

  const osslsigncode = targets.some((t) => t.stripAuthenticode) ? requireTool('osslsigncode', 'OSSLSIGNCODE', 'apt-get install osslsigncode') : undefined;
  const rcodesign =
    options.sign && targets.some((t) => t.adhocSign)
      ? requireTool('rcodesign', 'RCODESIGN', 'cargo install apple-codesign --version 0.29.0 --locked --no-default-features --bin rcodesign')
      : undefined;

  mkdirSync(path.join(options.out, 'logs'), { recursive: true });
  log(`== bundle (esbuild) → ${path.relative(ROOT, options.out)}/bundle/distill.cjs`);
  const bundled: BundleResult = await timed('bundle', () => bundle({ root: ROOT, outFile: path.join(options.out, 'bundle', 'distill.cjs'), version: VERSION }));
  for (const w of bundled.warnings) log(`   esbuild warning: ${w}`);
  log(`   launcher ${(bundled.bytes / 1e6).toFixed(2)} MB carrying the ${(bundled.app.bytes / 1e6).toFixed(2)} MB application, assets ${bundled.assetsId}, ${bundled.packages.length} npm packages inlined`);

  const home = path.join(options.cache, 'pkg-home');
  rmSync(path.join(home, '.pkg-cache'), { recursive: true, force: true });
  const nodePackages: Record<string, string> = {};
  const executables: BuiltExecutable[] = [];
  let nodeLicense: string | undefined;
  await withStagedEntry(bundled.file, async (entry) => {
    for (const target of targets) {
      const host = hostPackage(target, lock);
      log(`== ${target.id}: Node ${target.node.version} (${target.node.name}), pkg on ${host.name}@${host.version}`);
      const runtime = await timed(`fetch ${target.id}`, () => fetchNodeBinary(target.node, options.cache));
      const hostNode = await timed(`fetch host ${target.id}`, () => fetchNodeBinary(host, options.cache));
      nodePackages[`${target.node.name}@${target.node.version}`] = target.node.integrity;
      nodePackages[`${host.name}@${host.version}`] = host.integrity;
      nodeLicense ??= hostNode.license;

      let runtimeBinary = runtime.binary;
      if (target.stripAuthenticode) {
        runtimeBinary = path.join(options.cache, 'stripped', `${target.node.name}-${target.node.version}.exe`);
        mkdirSync(path.dirname(runtimeBinary), { recursive: true });
        await timed(`strip ${target.id}`, () => stripAuthenticode(runtime.binary, runtimeBinary, osslsigncode));
        log('   Authenticode signature stripped from node.exe');
      }
      if (target.windowsVersionInfo) {
        const named = path.join(options.cache, 'stripped', `${target.node.name}-${target.node.version}-distill-${VERSION}.exe`);
        mkdirSync(path.dirname(named), { recursive: true });
        setWindowsVersionInfo(runtimeBinary, named, { version: VERSION, nodeVersion: target.node.version, fileName: executableName(target, VERSION) });
        runtimeBinary = named;
        log('   version resource: Distill');
      }
      seedPkgCache(home, target.pkgPlatform, target.node.version, runtimeBinary);
      if (target.pkgPlatform !== 'linux') seedPkgCache(home, 'linux', host.version, hostNode.binary);

      const file = path.join(options.out, executableName(target, VERSION));
      rmSync(file, { force: true });
      const pkgLog = await timed(`pkg ${target.id}`, () =>
        runPkg({ hostNode: hostNode.binary, home, entry, target: pkgTarget(target), output: file }),
      );
      writeFileSync(path.join(options.out, 'logs', `pkg-${target.id}.log`), pkgLog);
      if (target.adhocSign) {
        if (rcodesign === undefined) log('   NOT SIGNED (--no-sign): development build only');
        else {
          await timed(`sign ${target.id}`, () => adhocSign(file, rcodesign));
          log('   ad-hoc signed (rcodesign), signature verified');
        }
      }
      if (target.pkgPlatform !== 'win') chmodSync(file, 0o755);
      const problems = checkExecutable(readFileSync(file), target, readFileSync(bundled.file), rcodesign !== undefined);
      if (problems.length > 0) throw new Error(`${file} fails its structural check:\n  ${problems.join('\n  ')}`);
      const built = { target: target.id, file: path.basename(file), node: target.node.version, bytes: readFileSync(file).length, sha256: await sha256File(file) };
      executables.push(built);
      log(`   ${built.file}: ${(built.bytes / 1e6).toFixed(1)} MB, structure ok, sha256 ${built.sha256.slice(0, 16)}…`);
    }
  });

  const notices: Notice[] = [
    ...(nodeLicense === undefined ? [] : [{ name: 'Node.js', version: [...new Set(targets.map((t) => t.node.version))].join(', '), license: 'MIT and others', text: readFileSync(nodeLicense, 'utf8').trim() }]),
    ...packageNotices(ROOT, bundled.packages),
  ];
  writeFileSync(path.join(options.out, 'THIRD-PARTY-NOTICES.txt'), formatNotices(`Distill ${VERSION}`, notices));
  const sums = [...executables.map((e) => ({ name: e.file, sha256: e.sha256 })), { name: 'THIRD-PARTY-NOTICES.txt', sha256: await sha256File(path.join(options.out, 'THIRD-PARTY-NOTICES.txt')) }];
  writeFileSync(path.join(options.out, 'SHA256SUMS'), formatChecksums(sums));
  const manifest: BuildManifest = {
    distill: VERSION,
    pkg: pkgCli().version,
    esbuild: (JSON.parse(readFileSync(path.join(ROOT, 'node_modules/esbuild/package.json'), 'utf8')) as { version: string }).version,
    bundle: { file: path.relative(options.out, bundled.file), bytes: bundled.bytes, sha256: bundled.sha256, assets: bundled.assetsId, app: { ...bundled.app, file: path.relative(options.out, bundled.app.file) } },
    nodePackages,
    executables,
    seconds,
  };
  writeFileSync(path.join(options.out, 'build-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  log(`== done: ${executables.map((e) => e.file).join(', ')}, SHA256SUMS (${path.relative(ROOT, options.out)})`);
  return manifest;
}

function requireTool(name: string, envName: string, install: string): string {
  const found = findTool(name, envName);
  if (found === undefined) throw new Error(`${name} not found (PATH, ~/.cargo/bin or $${envName}). Install it: ${install}`);
  return found;
}

/** Which targets a run selects, from `--targets a,b`. */
export function parseTargetList(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === import.meta.filename) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: path.join(ROOT, 'build', 'out') },
      cache: { type: 'string', default: path.join(ROOT, 'build', '.cache') },
      targets: { type: 'string' },
      node: { type: 'string' },
      'no-sign': { type: 'boolean', default: false },
    },
  });
  const start = performance.now();
  buildBinaries({
    out: path.resolve(values.out),
    cache: path.resolve(values.cache),
    targets: parseTargetList(values.targets),
    nodeVersion: values.node,
    sign: !values['no-sign'],
  }).then(
    () => process.stderr.write(`build:binaries took ${((performance.now() - start) / 1000).toFixed(1)} s\n`),
    (error: unknown) => {
      process.stderr.write(`build:binaries failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
