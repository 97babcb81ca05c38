import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { gunzipSync } from 'node:zlib';
import { versionText } from '../cli/commands/version.js';
import { userCacheDir } from '../config/user-dirs.js';
import { VERSION } from '../version.js';

/**
 * The main script of the single-file executables (and of `node build/out/bundle/distill.cjs`): a small launcher in
 * front of the application bundle, which it carries gzip-compressed (build/bundle.ts puts both constants below in
 * front of this file). Why: V8 parses a main script whole at every start, and the 7 MB bundle cost most of a cold
 * start. So:
 * - `distill version` and `distill version --json` answer from here, without the bundle (~1 MB of base64 to scan);
 * - every other command unpacks the bundle (~10 ms) and compiles it with a V8 code cache kept in the user cache
 *   directory (`<cache>/code-cache/`), written after the first run and checked by V8 itself (source hash, V8 version
 *   and flags: a cache that does not fit is rejected and rewritten). The cache is made on the user's machine, not in
 *   the build, because V8's cache bytes differ from one generation to the next: the executables stay reproducible.
 * Cost: one file read (the cache) and a gunzip per start; the cache write once per version, at exit or after 2 s.
 */
declare const __DISTILL_APP_GZ__: string;
declare const __DISTILL_APP_ID__: string;

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

/** The code cache's file: one per Distill version, bundle, Node version and architecture; undefined if no cache dir. */
function codeCacheFile(): string | undefined {
  try {
    return path.join(userCacheDir(), 'code-cache', `${VERSION}-${__DISTILL_APP_ID__}-node${process.versions.node}-${process.arch}.v8`);
  } catch {
    return undefined;
  }
}

function runApp(): void {
  const source = gunzipSync(Buffer.from(__DISTILL_APP_GZ__, 'base64')).toString('utf8');
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const file = codeCacheFile();
  let cachedData: Buffer | undefined;
  try {
    if (file !== undefined) cachedData = readFileSync(file);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(wrapped, {
    filename: APP_FILENAME,
    ...(cachedData === undefined ? {} : { cachedData }),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (file !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) saveLater(script, file);
  const run = script.runInThisContext() as (exports: unknown, req: NodeJS.Require, mod: NodeJS.Module, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, require, module, __filename, __dirname);
}

/**
 * Write the code cache once the command has run (functions compiled by then are in it): at exit, or after 2 s for a
 * server. Atomic (temp file + rename); any failure only means no cache next time.
 */
function saveLater(script: vm.Script, file: string): void {
  let saved = false;
  const save = (): void => {
    if (saved) return;
    saved = true;
    try {
      const data = script.createCachedData();
      mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, data);
      renameSync(tmp, file);
    } catch {
      // No cache: the next start compiles again.
    }
  };
  process.once('exit', save);
  setTimeout(save, 2_000).unref();
}

main();
