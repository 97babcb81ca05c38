import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { gunzipSync } from 'node:zlib';
import { versionText } from '../cli/commands/version.js';
import { ASSETS_READ_KEY } from '../config/extract-assets.js';
import { userCacheDir } from '../config/user-dirs.js';
import { VERSION } from '../version.js';

/**
 * The main script of the single-file executables (and of `node build/out/bundle/distill.cjs`): a small launcher in
 * front of the application bundle, which it carries gzip-compressed (build/bundle.ts puts the constants below in
 * front of this file). Why: V8 parses a main script whole at every start, and the 7 MB bundle cost most of a cold
 * start. So:
 * - `distill version` and `distill version --json` answer from here, without the bundle (~1 MB of base64 to scan);
 * - every other command compiles the bundle with `node:vm` and a V8 code cache kept in the user cache directory
 *   (`<cache>/code-cache/<version>-<bundle id>-node<v>-<arch>.v8`), written after the first run and checked by V8
 *   itself (source length, V8 version and flags: a cache that does not fit is rejected and rewritten). Next to it
 *   the unpacked bundle (`….cjs`): reading it is cheaper than gunzip (~25 ms of a ~50 ms start), so the bundle is
 *   unpacked once per version; a file of the wrong length is ignored and rewritten. Both are made on the user's
 *   machine, not in the build, because V8's cache bytes differ from one generation to the next: the executables
 *   stay reproducible. The user cache directory is trusted like the user directory it sits beside (whose
 *   `plugins/` Distill loads as code anyway).
 * The bundle's code is ASCII (build/bundle.ts, tested); it is decoded as latin1, which keeps it a one-byte string
 * (UTF-8 decoding would make all 7 MB two-byte for the few UTF-8 characters in comments, which latin1 leaves
 * garbled inside those comments only).
 * Cost: one file read of the bundle and one of the cache per start; the first start per version unpacks and writes
 * both, at exit or after 2 s.
 */
declare const __DISTILL_APP_GZ__: string;
declare const __DISTILL_APP_ID__: string;
declare const __DISTILL_APP_LENGTH__: number;

/** The name the bundle's code has in stack traces. */
const APP_FILENAME = '/tmp/distill-sea/distill-app.cjs';

function main(): void {
  const argv = process.argv.slice(2);
  if (argv[0] === 'version' && (argv.length === 1 || (argv.length === 2 && argv[1] === '--json'))) {
    process.stdout.write(versionText(argv.length === 2));
    return;
  }
  runApp();
}

/** The cache files' path without extension: one per Distill version, bundle, Node version and architecture; undefined if no cache dir. */
function cacheBase(): string | undefined {
  try {
    return path.join(userCacheDir(), 'code-cache', `${VERSION}-${__DISTILL_APP_ID__}-node${process.versions.node}-${process.arch}`);
  } catch {
    return undefined;
  }
}

function readOrUndefined(file: string, encoding?: 'latin1'): Buffer | string | undefined {
  try {
    return encoding === undefined ? readFileSync(file) : readFileSync(file, encoding);
  } catch {
    return undefined;
  }
}

function runApp(): void {
  const base = cacheBase();
  const unpacked = base === undefined ? undefined : (readOrUndefined(`${base}.cjs`, 'latin1') as string | undefined);
  const fromDisk = unpacked !== undefined && unpacked.length === __DISTILL_APP_LENGTH__;
  const source = fromDisk ? unpacked : gunzipSync(Buffer.from(__DISTILL_APP_GZ__, 'base64')).toString('latin1');
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const cachedData = base === undefined ? undefined : (readOrUndefined(`${base}.v8`) as Buffer | undefined);
  const script = new vm.Script(wrapped, {
    filename: APP_FILENAME,
    ...(cachedData === undefined ? {} : { cachedData }),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (base !== undefined && (!fromDisk || cachedData === undefined || script.cachedDataRejected === true)) saveLater(script, base, fromDisk ? undefined : source);
  const run = script.runInThisContext() as (exports: unknown, req: NodeJS.Require, mod: NodeJS.Module, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, require, module, __filename, __dirname);
}

/** Write `data` to `file` atomically (temp file + rename). */
function writeAtomic(file: string, data: string | Buffer, encoding?: 'latin1'): void {
  const tmp = `${file}.${process.pid}.tmp`;
  if (typeof data === 'string') writeFileSync(tmp, data, encoding);
  else writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Write the code cache (and the unpacked bundle, when it was unpacked) once the command has run (functions compiled
 * by then are in the cache): at exit, or after 2 s for a server — but no code cache in a process that extracted the
 * embedded assets (see `bundleBanner` in build/bundle.ts): the next start writes it. Atomic; any failure only means
 * no cache next time.
 */
function saveLater(script: vm.Script, base: string, source: string | undefined): void {
  let saved = false;
  const save = (): void => {
    if (saved) return;
    saved = true;
    try {
      mkdirSync(path.dirname(base), { recursive: true });
      if (source !== undefined) writeAtomic(`${base}.cjs`, source, 'latin1');
      // Not after the embedded assets were extracted: the cache would carry their compiled getter, string and all.
      if ((globalThis as Record<symbol, unknown>)[Symbol.for(ASSETS_READ_KEY)] !== true) writeAtomic(`${base}.v8`, script.createCachedData());
    } catch {
      // No cache: the next start unpacks and compiles again.
    }
  };
  process.once('exit', save);
  setTimeout(save, 2_000).unref();
}

main();
