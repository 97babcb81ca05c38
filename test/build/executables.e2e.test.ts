/**
 * The built executables, end to end (DISTILL_TEST_BINARIES=1, after `npm run build:binaries`; .ci/run does both):
 * - SHA256SUMS matches the files; every executable passes the structural check of its format;
 * - the Linux executable started with no arguments serves the bundled sample over TLS — /v1/health reached with
 *   the printed fingerprint pinned, the printed token accepted (and its absence refused) — and keeps its files in
 *   the XDG directories;
 * - its CLI output equals the npm-installed CLI's output byte for byte (CSV, NDJSON; JSON with `now`/`tookMs`
 *   masked);
 * - then the Windows executable under Wine (DISTILL_TEST_WINE=1, its own comment below). Both suites are in this one
 *   file so that their servers, both on the default port 8443, never run at the same time.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ResEdit from 'resedit';
import { checkExecutableReport } from '../../build/check-executable.js';
import { parseChecksums, sha256File } from '../../build/checksums.js';
import { loadTargets, executableName } from '../../build/targets.js';
import { installNpmCli } from '../../build/smoke/npm-installed-cli.js';
import { pinnedGet } from '../../build/smoke/pinned-request.js';
import { maskEnvelope, runCli } from '../../build/smoke/run-cli.js';
import { startServing, type ServingProcess } from '../../build/smoke/serve-process.js';
import { distillDirs, ensureWineRoot, hostPathOf, resetDistillProfile, stopWine, wineCommand, type WineRoot } from '../../build/smoke/wine.js';
import { VERSION } from '../../src/version.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const out = process.env.DISTILL_BINARIES_DIR ?? path.join(root, 'build', 'out');
const enabled = process.env.DISTILL_TEST_BINARIES === '1';
const targets = loadTargets(path.join(root, 'dist-config', 'targets'));
const fileOf = (id: string): string => path.join(out, executableName(targets.find((t) => t.id === id)!, VERSION));

/** The npm-installed CLI (`npm pack` + `npm install -g --prefix`), made once for both suites, removed at the end. */
let npmCliInstall: { dir: string; cli: Promise<string> } | undefined;
const npmCli = (): Promise<string> => {
  if (npmCliInstall === undefined) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'distill-npm-cli-'));
    npmCliInstall = { dir, cli: installNpmCli(root, dir) };
  }
  return npmCliInstall.cli;
};
after(() => {
  if (npmCliInstall !== undefined) rmSync(npmCliInstall.dir, { recursive: true, force: true });
});

/** The CLI runs both executables must print exactly as the npm-installed CLI does, and how to compare them. */
const CLI_CASES: readonly [string, string[], (s: Buffer) => string][] = [
  ['version (answered by the launcher without the application)', ['version'], (b) => b.toString('binary')],
  ['run event-types --format csv', ['run', 'event-types', '--format', 'csv'], (b) => b.toString('binary')],
  ['count-by --by type --format ndjson', ['count-by', '--by', 'type', '--format', 'ndjson'], (b) => b.toString('binary')],
  ['run clicks-per-user --format csv', ['run', 'clicks-per-user', '--format', 'csv'], (b) => b.toString('binary')],
  ['query --limit 50 --format ndjson', ['query', '--limit', '50', '--format', 'ndjson'], (b) => b.toString('binary')],
  ['run event-types --format json (now, tookMs masked)', ['run', 'event-types', '--format', 'json'], (b) => maskEnvelope(b.toString('utf8'))],
];

/** A user plugin, as ES module or CommonJS source: an operator keeping only clicks. */
const pluginBody = (name: string): string =>
  `({ z, defineOperator, helpers }) => defineOperator({ name: '${name}', summary: 'Only clicks.', description: '', params: z.strictObject({}), accepts: ['events'], produces: () => 'events', run: (input) => ({ kind: 'events', batches: helpers.filterBatches(input.batches, (e) => e.type === 'click') }) })`;

/** A clean environment: no Distill variables, XDG directories in a temp dir, so nothing of the user's leaks in. */
function cleanEnv(base: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('DISTILL_') && !k.startsWith('XDG_')) env[k] = v;
  // DISTILL_NO_BROWSER: the no-argument start would open the app in a browser on a desktop; never in tests.
  return { ...env, DISTILL_NO_BROWSER: '1', HOME: path.join(base, 'home'), XDG_CONFIG_HOME: path.join(base, 'config'), XDG_CACHE_HOME: path.join(base, 'cache') };
}

describe('single-file executables', { skip: enabled ? false : 'set DISTILL_TEST_BINARIES=1 after npm run build:binaries' }, () => {
  let tmp = '';
  before(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'distill-exe-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('SHA256SUMS lists the three executables and the notices, and every digest matches its file', async () => {
    const sums = parseChecksums(readFileSync(path.join(out, 'SHA256SUMS'), 'utf8'));
    assert.deepEqual(
      sums.map((s) => s.name),
      [...targets.map((t) => executableName(t, VERSION)), 'THIRD-PARTY-NOTICES.txt'].sort(),
    );
    for (const s of sums) assert.equal(await sha256File(path.join(out, s.name)), s.sha256, s.name);
  });

  test('each executable is x86-64 in its format, fused, carries the bundle in its SEA blob, with a clean PE certificate table and a valid Mach-O signature', () => {
    const bundle = readFileSync(path.join(out, 'bundle', 'distill.cjs'));
    const blobs = new Map<string, string>();
    for (const target of targets) {
      const { report, problems } = checkExecutableReport(readFileSync(fileOf(target.id)), target, bundle, true);
      assert.deepEqual(problems, [], target.id);
      assert.equal(report.seaBlob?.containsMain, true, target.id);
      blobs.set(target.id, report.seaBlob!.sha256);
      if (target.pkgPlatform === 'macos') assert.deepEqual([report.codeSignature?.adhoc, report.codeSignature?.identifier], [true, 'distill']);
      if (target.pkgPlatform !== 'win') assert.equal(statSync(fileOf(target.id)).mode & 0o111, 0o111, `${target.id} is executable`);
    }
    // Same Node version, same blob: what runs on Linux in the checks below is what the Windows .exe carries.
    assert.equal(blobs.get('win-x64'), blobs.get('linux-x64'));
  });

  test('Windows shows the .exe as Distill (version resource), not as the Node.js runtime', () => {
    const exe = ResEdit.NtExecutable.from(readFileSync(fileOf('win-x64')), { ignoreCert: true });
    const [vi] = ResEdit.Resource.VersionInfo.fromEntries(ResEdit.NtExecutableResource.from(exe).entries);
    const strings = vi!.getStringValues({ lang: 1033, codepage: 1200 });
    assert.equal(strings.ProductName, 'Distill');
    assert.equal(strings.OriginalFilename, executableName(targets.find((t) => t.id === 'win-x64')!, VERSION));
    assert.equal(strings.CompanyName, undefined);
  });

  describe('the Linux executable', () => {
    const exe = (): string => fileOf('linux-x64');
    let server: ServingProcess | undefined;
    let base = '';
    before(async () => {
      base = path.join(tmp, 'linux');
      const cwd = path.join(base, 'work');
      await import('node:fs/promises').then((fs) => fs.mkdir(cwd, { recursive: true }));
      server = await startServing(exe(), [], { env: cleanEnv(base), cwd, timeoutMs: 30_000 });
    });
    after(async () => {
      await server?.stop();
    });

    test('started with no arguments, it says what it does in plain words and serves the bundled sample', () => {
      assert.match(server!.stdout, /starting the local analysis server on the bundled sample data/);
      assert.match(server!.stdout, /is serving source sample over HTTPS/);
      assert.equal(server!.banner.url, 'https://127.0.0.1:8443');
      assert.match(server!.stdout, /API docs\s+https:\/\/127\.0\.0\.1:8443\/docs/);
    });

    test('/v1/health answers 200 over TLS with the printed certificate fingerprint pinned', async () => {
      const res = await pinnedGet(`${server!.banner.url}/v1/health`, server!.banner.fingerprint);
      assert.equal(res.status, 200);
      assert.equal(res.fingerprint, server!.banner.fingerprint);
    });

    test('the printed token opens the API and no token is refused', async () => {
      assert.ok(server!.banner.token !== undefined && server!.banner.token.length >= 16, 'a new token is printed on first start');
      const ok = await pinnedGet(`${server!.banner.url}/v1/sources`, server!.banner.fingerprint, { token: server!.banner.token });
      assert.equal(ok.status, 200);
      assert.match(ok.body, /"sample"/);
      const refused = await pinnedGet(`${server!.banner.url}/v1/sources`, server!.banner.fingerprint);
      assert.equal(refused.status, 401);
    });

    test('the docs page is public in the no-argument mode (a browser can open it)', async () => {
      const res = await pinnedGet(`${server!.banner.url}/docs`, server!.banner.fingerprint);
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /text\/html/);
    });

    test('it serves the web app: the printed one-time App address signs in (cookie), then /app/ and its script load', async () => {
      const fp = server!.banner.fingerprint;
      const signIn = /^\s*App\s+(https:\/\/\S+\/login\?secret=\S+)$/m.exec(server!.stdout)?.[1];
      assert.ok(signIn !== undefined, 'the banner prints the App address');
      const login = await pinnedGet(signIn, fp);
      assert.equal(login.status, 303);
      assert.equal(login.headers.location, '/app/');
      const cookie = String(login.headers['set-cookie']?.[0]).split(';')[0]!;
      const app = await pinnedGet(`${server!.banner.url}/app/`, fp, { headers: { Cookie: cookie } });
      assert.equal(app.status, 200);
      assert.match(app.body, /<script defer src="app.js"><\/script>/);
      const js = await pinnedGet(`${server!.banner.url}/app/app.js`, fp, { headers: { Cookie: cookie } });
      assert.equal(js.status, 200);
      assert.ok(js.body.length > 10_000, 'the embedded app bundle is served');
      assert.equal((await pinnedGet(signIn, fp)).status, 401, 'the address works once');
    });

    test('the certificate and token live in $XDG_CONFIG_HOME/distill, the extracted assets in $XDG_CACHE_HOME/distill', () => {
      assert.equal(server!.banner.certificate.replace(/^"|"$/g, ''), path.join(base, 'config', 'distill', 'cert.pem'));
      assert.ok(existsSync(path.join(base, 'config', 'distill', 'token')));
      const assets = path.join(base, 'cache', 'distill', 'assets');
      assert.match(server!.stdout, new RegExp(`config\\s+${assets.replaceAll('/', '\\/')}\\/${VERSION.replaceAll('.', '\\.')}-[0-9a-f]{16}\\/distill\\.config\\.json`));
    });

    describe('CLI output equals the npm-installed CLI, byte for byte', () => {
      let npmCliPath = '';
      const cwd = (): string => path.join(tmp, 'cli-work');
      before(async () => {
        await import('node:fs/promises').then((fs) => fs.mkdir(cwd(), { recursive: true }));
        npmCliPath = await npmCli();
      });
      for (const [name, args, view] of CLI_CASES) {
        test(name, async () => {
          const env = cleanEnv(path.join(tmp, 'cli'));
          const fromExe = await runCli(exe(), args, { env, cwd: cwd() });
          const fromNpm = await runCli(npmCliPath, args, { env, cwd: cwd() });
          assert.equal(fromExe.code, 0, fromExe.stderr);
          assert.equal(fromNpm.code, 0, fromNpm.stderr);
          assert.ok(fromExe.stdout.length > 0);
          assert.equal(view(fromExe.stdout), view(fromNpm.stdout));
        });
      }
      test('plugins in the user directory (ES module and CommonJS) load inside the executable and run as commands', async () => {
        const base = path.join(tmp, 'plugins-user');
        const env = cleanEnv(base);
        const dir = path.join(base, 'config', 'distill', 'plugins');
        const fs = await import('node:fs/promises');
        await fs.mkdir(dir, { recursive: true });
        await fs.writeFile(path.join(dir, 'a.mjs'), `export default ${pluginBody('clicks-esm')};\n`);
        await fs.writeFile(path.join(dir, 'b.cjs'), `module.exports = ${pluginBody('clicks-cjs')};\n`);
        const ops = await runCli(exe(), ['ops'], { env, cwd: cwd() });
        assert.equal(ops.code, 0, ops.stderr.toString());
        assert.match(ops.stdout.toString('utf8'), /clicks-esm\s+Only clicks\./);
        assert.match(ops.stdout.toString('utf8'), /clicks-cjs\s+Only clicks\./);
        const esm = await runCli(exe(), ['clicks-esm', '--format', 'ndjson', '--quiet'], { env, cwd: cwd() });
        const cjs = await runCli(exe(), ['clicks-cjs', '--format', 'ndjson', '--quiet'], { env, cwd: cwd() });
        const plain = await runCli(exe(), ['query', '--where', 'type=click', '--format', 'ndjson', '--quiet'], { env, cwd: cwd() });
        assert.equal(esm.code, 0, esm.stderr.toString());
        assert.ok(plain.stdout.length > 0);
        assert.equal(esm.stdout.toString('utf8'), plain.stdout.toString('utf8'));
        assert.equal(cjs.stdout.toString('utf8'), plain.stdout.toString('utf8'));
      });
      test('version --json reports the shipped Node runtime', async () => {
        const run = await runCli(exe(), ['version', '--json'], { env: cleanEnv(path.join(tmp, 'cli')), cwd: cwd() });
        const v = JSON.parse(run.stdout.toString('utf8')) as { distill: string; node: string; platform: string; arch: string };
        assert.deepEqual(v, { distill: VERSION, node: targets.find((t) => t.id === 'linux-x64')!.node.version, platform: 'linux', arch: 'x64' });
      });
    });
  });
});

/**
 * The shipped Windows executable (Node 24) under Wine 10 (DISTILL_TEST_WINE=1; .ci/run sets it; needs root): a
 * Debian 13 root with Debian's wine, made once per machine by build/wine/make-root.sh and cached in ~/.cache/distill
 * (build/smoke/wine.ts). The same checks as the Linux executable:
 * - `version --json` reports win32 and the shipped Node version;
 * - its CLI output equals the npm-installed CLI's byte for byte (the same cases as above);
 * - user plugins (ES module and CommonJS) in %APPDATA%\Distill\plugins load and run;
 * - started with no arguments it serves the sample over TLS: /v1/health with the printed fingerprint pinned, the
 *   printed token accepted and its absence refused; its certificate and token are in %APPDATA%\Distill.
 */
const wineEnabled = process.env.DISTILL_TEST_WINE === '1';

describe('the shipped Windows executable under Wine 10 (Debian 13 root)', { skip: enabled && wineEnabled ? false : 'set DISTILL_TEST_BINARIES=1 DISTILL_TEST_WINE=1 (as root) after npm run build:binaries' }, () => {
  const exe = (): string => fileOf('win-x64');
  let wine: WineRoot;
  let tmp = '';
  let work = '';
  const run = (args: readonly string[]) => {
    const c = wineCommand(wine, out, work, exe(), args);
    return runCli(c.command, c.args, { env: process.env, cwd: tmp, timeoutMs: 120_000, files: true });
  };
  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'distill-wine-'));
    work = path.join(tmp, 'work');
    mkdirSync(work);
    wine = await ensureWineRoot(root);
    resetDistillProfile(wine);
  });
  after(async () => {
    if (wine !== undefined) await stopWine(wine, out, work);
    rmSync(tmp, { recursive: true, force: true });
  });

  test('version --json reports Windows and the shipped Node runtime', async () => {
    const r = await run(['version', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout.toString('utf8')), { distill: VERSION, node: targets.find((t) => t.id === 'win-x64')!.node.version, platform: 'win32', arch: 'x64' });
  });

  describe('CLI output equals the npm-installed CLI, byte for byte', () => {
    let npmCliPath = '';
    before(async () => {
      npmCliPath = await npmCli();
    });
    for (const [name, args, view] of CLI_CASES) {
      test(name, async () => {
        const onWine = await run(args);
        const home = path.join(tmp, 'npm-home');
        mkdirSync(home, { recursive: true });
        const fromNpm = await runCli(npmCliPath, args, { env: cleanEnv(home), cwd: work });
        assert.equal(onWine.code, 0, onWine.stderr);
        assert.equal(fromNpm.code, 0, fromNpm.stderr);
        assert.ok(onWine.stdout.length > 0);
        assert.equal(view(onWine.stdout), view(fromNpm.stdout));
      });
    }
  });

  test('plugins in %APPDATA%\\Distill\\plugins (ES module and CommonJS) load and run as commands', async () => {
    const dir = path.join(distillDirs(wine).roaming, 'plugins');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'a.mjs'), `export default ${pluginBody('clicks-esm')};\n`);
    writeFileSync(path.join(dir, 'b.cjs'), `module.exports = ${pluginBody('clicks-cjs')};\n`);
    try {
      const ops = await run(['ops']);
      assert.equal(ops.code, 0, ops.stderr);
      assert.match(ops.stdout.toString('utf8'), /clicks-esm\s+Only clicks\./);
      assert.match(ops.stdout.toString('utf8'), /clicks-cjs\s+Only clicks\./);
      const esm = await run(['clicks-esm', '--format', 'ndjson', '--quiet']);
      const cjs = await run(['clicks-cjs', '--format', 'ndjson', '--quiet']);
      const plain = await run(['query', '--where', 'type=click', '--format', 'ndjson', '--quiet']);
      assert.equal(esm.code, 0, esm.stderr);
      assert.ok(plain.stdout.length > 0);
      assert.equal(esm.stdout.toString('utf8'), plain.stdout.toString('utf8'));
      assert.equal(cjs.stdout.toString('utf8'), plain.stdout.toString('utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('started with no arguments', () => {
    let server: ServingProcess | undefined;
    before(async () => {
      const c = wineCommand(wine, out, work, exe(), []);
      server = await startServing(c.command, c.args, { env: process.env, cwd: tmp, timeoutMs: 120_000, files: true });
    });
    after(async () => {
      await server?.stop(5_000);
    });

    test('it says what it does in plain words and serves the bundled sample', () => {
      assert.match(server!.stdout, /starting the local analysis server on the bundled sample data/);
      assert.match(server!.stdout, /is serving source sample over HTTPS/);
      assert.equal(server!.banner.url, 'https://127.0.0.1:8443');
      assert.match(server!.stdout, /In PowerShell:\n {2}\$env:DISTILL_TOKEN = Get-Content 'C:\\users\\root\\AppData\\Roaming\\Distill\\token'\n {2}curl\.exe /i);
    });

    test('/v1/health answers 200 over TLS with the printed certificate fingerprint pinned', async () => {
      const res = await pinnedGet(`${server!.banner.url}/v1/health`, server!.banner.fingerprint, { timeoutMs: 30_000 });
      assert.equal(res.status, 200);
      assert.equal(res.fingerprint, server!.banner.fingerprint);
    });

    test('the printed token opens the API and no token is refused', async () => {
      assert.ok(server!.banner.token !== undefined && server!.banner.token.length >= 16, 'a new token is printed on first start');
      const ok = await pinnedGet(`${server!.banner.url}/v1/sources`, server!.banner.fingerprint, { token: server!.banner.token, timeoutMs: 30_000 });
      assert.equal(ok.status, 200);
      assert.match(ok.body, /"sample"/);
      const refused = await pinnedGet(`${server!.banner.url}/v1/sources`, server!.banner.fingerprint, { timeoutMs: 30_000 });
      assert.equal(refused.status, 401);
    });

    test('answers the app\'s first page: the printed App address signs in and /app/ is served', async () => {
      const signIn = /^\s*App\s+(https:\/\/\S+\/login\?secret=\S+)$/m.exec(server!.stdout)?.[1];
      assert.ok(signIn !== undefined, 'the banner prints the App address');
      const login = await pinnedGet(signIn, server!.banner.fingerprint, { timeoutMs: 30_000 });
      assert.equal(login.status, 303);
      const cookie = String(login.headers['set-cookie']?.[0]).split(';')[0]!;
      const app = await pinnedGet(`${server!.banner.url}/app/`, server!.banner.fingerprint, { headers: { Cookie: cookie }, timeoutMs: 30_000 });
      assert.equal(app.status, 200);
      assert.match(app.body, /<script defer src="app.js"><\/script>/);
    });

    test('certificate and token are in %APPDATA%\\Distill', () => {
      const cert = server!.banner.certificate;
      assert.match(cert, /^C:\\users\\root\\AppData\\Roaming\\Distill\\cert\.pem$/i);
      assert.equal(hostPathOf(wine, cert), path.join(distillDirs(wine).roaming, 'cert.pem'));
      assert.ok(existsSync(hostPathOf(wine, cert)), `${cert} exists in the prefix`);
      assert.ok(existsSync(path.join(distillDirs(wine).roaming, 'token')));
    });
  });
});
