import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { appFileOf, asciiJson, bundle, bundleBanner, inputPackages, launcherBanner, type BundleResult } from '../../build/bundle.js';
import { VERSION } from '../../src/version.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let tmp = '';
let first: BundleResult;
let code = '';
let launcher = '';

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'distill-bundle-'));
  first = await bundle({ root, outFile: path.join(tmp, 'a', 'distill.cjs'), version: VERSION });
  code = readFileSync(first.app.file, 'utf8');
  launcher = readFileSync(first.file, 'utf8');
});
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Run the bundle with this machine's node, in a clean Distill home. */
function runBundle(args: string[], home: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [first.file, ...args], { cwd: tmp, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home, DISTILL_HOME: home } });
}

test('the same sources bundle to the same bytes', async () => {
  const second = await bundle({ root, outFile: path.join(tmp, 'b', 'distill.cjs'), version: VERSION });
  assert.equal(second.sha256, first.sha256);
  assert.equal(second.app.sha256, first.app.sha256);
  assert.equal(second.assetsId, first.assetsId);
});

test('the bundle is CommonJS with ASCII code (non-ASCII only in comments), no import.meta, no ESM syntax at the top level', () => {
  const withoutComments = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
  assert.deepEqual(withoutComments.match(/[^\x00-\x7f]/g) ?? [], []);
  assert.equal(code.includes('import.meta'), false);
  assert.equal(/^(import|export)\s/m.test(code), false);
});

test('it requires only Node built-ins (a SEA main script can load nothing else), apart from optional requires in try blocks', () => {
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const fromLauncher = [...launcher.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!);
  assert.deepEqual(fromLauncher.filter((r) => !builtins.has(r)), []);
  const required = [...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!);
  const foreign = [...new Set(required.filter((r) => !builtins.has(r)))].sort();
  // debug's optional colour support: `try { require("supports-color") } catch {}`.
  assert.deepEqual(foreign, ['supports-color']);
  assert.match(code, /try\s*\{\s*const supportsColor = require\("supports-color"\)/);
});

test('the banner embeds dist-config and defines import.meta.url for CommonJS', () => {
  assert.ok(code.startsWith(bundleBanner(VERSION, { id: '', files: {} }).split('\nvar __DISTILL_EMBEDDED_ASSETS__')[0]!));
  // The files behind a getter (compiled only when called, so neither parsed nor in the code cache at other starts).
  assert.match(code, /^var __DISTILL_EMBEDDED_ASSETS__ = \{ id: "0\.2\.0-[0-9a-f]{16}", get files\(\) \{ globalThis\[Symbol\.for\("distill\.embeddedAssetsRead"\)\] = true; return \{"app\/app\.css":\{"encoding":"utf8","data":/m);
  assert.equal(asciiJson({ s: 'é😀' }), '{"s":"\\u00e9\\ud83d\\ude00"}');
  assert.equal(JSON.parse(asciiJson({ s: 'é😀' })).s, 'é😀');
});

test('the launcher carries the application bundle gzip-compressed, ASCII only, and is much smaller than it', () => {
  assert.equal(first.app.file, appFileOf(first.file));
  assert.ok(launcher.startsWith(launcherBanner(VERSION, readFileSync(first.app.file))));
  assert.deepEqual(launcher.match(/[^\x00-\x7f]/g) ?? [], []);
  const gz = /^var __DISTILL_APP_GZ__ = "([A-Za-z0-9+/=]+)";$/m.exec(launcher)![1]!;
  assert.deepEqual(gunzipSync(Buffer.from(gz, 'base64')), readFileSync(first.app.file));
  assert.ok(first.bytes < first.app.bytes / 4, `${first.bytes} B launcher, ${first.app.bytes} B app`);
});

test('version answers without unpacking the application; other commands leave the unpacked bundle and a V8 code cache, and broken ones are replaced', () => {
  const home = path.join(tmp, 'home-cache');
  const cacheDir = path.join(home, 'cache', 'code-cache');
  assert.equal(runBundle(['version'], home).stdout, `distill ${VERSION}\n`);
  assert.equal(runBundle(['version', '--json'], home).stdout, `${JSON.stringify({ distill: VERSION, node: process.versions.node, platform: process.platform, arch: process.arch })}\n`);
  assert.equal(existsSync(cacheDir), false, 'version never compiled the application');
  const plainHome = path.join(tmp, 'home-plain'); // its own: the launcher's first start below must extract the assets
  const plain = spawnSync(process.execPath, [first.app.file, 'run', 'event-types', '--format', 'csv'], { cwd: tmp, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: plainHome, DISTILL_HOME: plainHome } });
  const once = runBundle(['run', 'event-types', '--format', 'csv'], home);
  assert.equal(once.status, 0, once.stderr);
  assert.equal(once.stdout, plain.stdout);
  const base = `${VERSION}-${/^var __DISTILL_APP_ID__ = "([0-9a-f]{16})";$/m.exec(launcher)![1]}-node${process.versions.node}-${process.arch}`;
  // The first start extracted the embedded assets: no code cache from it (it would hold the assets' getter and
  // every byte of its string), only the unpacked bundle.
  assert.deepEqual(readdirSync(cacheDir).sort(), [`${base}.cjs`]);
  const unpacked = path.join(cacheDir, `${base}.cjs`);
  const cache = path.join(cacheDir, `${base}.v8`);
  assert.deepEqual(readFileSync(unpacked), readFileSync(first.app.file));
  assert.equal(runBundle(['run', 'event-types', '--format', 'csv'], home).stdout, plain.stdout);
  assert.deepEqual(readdirSync(cacheDir).sort(), [`${base}.cjs`, `${base}.v8`]);
  const assetBytes = /^var __DISTILL_EMBEDDED_ASSETS__ = .*$/m.exec(code)![0].length;
  assert.ok(statSync(cache).size > 100_000 && statSync(cache).size < assetBytes, `${statSync(cache).size} B cache, ${assetBytes} B of assets`);
  // Started again from the unpacked copy and the cache: nothing is rewritten.
  const mtimes = [statSync(unpacked).mtimeMs, statSync(cache).mtimeMs];
  assert.equal(runBundle(['run', 'event-types', '--format', 'csv'], home).stdout, plain.stdout);
  assert.deepEqual([statSync(unpacked).mtimeMs, statSync(cache).mtimeMs], mtimes);
  // A cache V8 rejects is rewritten; an unpacked copy of the wrong length is ignored (unpacked again) and rewritten.
  writeFileSync(cache, 'not a V8 code cache');
  writeFileSync(unpacked, 'throw new Error("not the bundle")');
  const again = runBundle(['run', 'event-types', '--format', 'csv'], home);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(again.stdout, plain.stdout);
  assert.ok(statSync(cache).size > 100_000, 'the rejected cache was rewritten');
  assert.deepEqual(readFileSync(unpacked), readFileSync(first.app.file), 'the damaged copy was rewritten');
  assert.deepEqual(readdirSync(cacheDir).sort(), [`${base}.cjs`, `${base}.v8`], 'no temporary files left');
});

test('npm package directories, nested ones too, are read from the metafile inputs', () => {
  const input = { bytes: 1, imports: [] };
  assert.deepEqual(
    inputPackages({
      inputs: { 'node_modules/zod/v4/index.js': input, 'node_modules/@koa/router/lib/x.js': input, 'node_modules/accepts/node_modules/mime-db/db.json': input, 'src/a.ts': input },
      outputs: {},
    }),
    ['node_modules/@koa/router', 'node_modules/accepts/node_modules/mime-db', 'node_modules/zod'],
  );
  assert.ok(first.packages.includes('node_modules/zod'));
});

test('node runs the bundle: it extracts the embedded assets once into the cache and answers like the source CLI', () => {
  const home = path.join(tmp, 'home');
  const fromBundle = runBundle(['run', 'event-types', '--format', 'csv'], home);
  assert.equal(fromBundle.status, 0, fromBundle.stderr);
  const fromSource = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(root, 'src/bin/distill.ts'), 'run', 'event-types', '--format', 'csv'], {
    cwd: tmp,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: home },
  });
  assert.equal(fromSource.status, 0, fromSource.stderr);
  assert.equal(fromBundle.stdout, fromSource.stdout);
  const extracted = path.join(home, 'cache', 'assets', first.assetsId);
  assert.ok(existsSync(path.join(extracted, 'distill.config.json')));
  assert.deepEqual(readdirSync(path.join(home, 'cache', 'assets')), [first.assetsId]);
  assert.equal(runBundle(['version'], home).stdout, `distill ${VERSION}\n`);
});

test('plain node running the bundle with no arguments prints help (only a single executable serves when bare)', () => {
  const run = runBundle([], path.join(tmp, 'home2'));
  assert.equal(run.status, 0);
  assert.match(run.stdout, /^distill \d+\.\d+\.\d+ — /);
});
