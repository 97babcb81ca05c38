/**
 * The documentation site inside the Linux single-file executable (DISTILL_TEST_BINARIES=1, after `npm run docs` and
 * `npm run build:binaries`; .ci/run does all three): the executable extracts the site with its other assets and
 * `serve` serves it at /guide/, which headless Chromium opens with the server's key pinned — the operator reference,
 * a tutorial, and the offline search.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startServing, type ServingProcess } from '../../build/smoke/serve-process.js';
import { executableName, loadTargets } from '../../build/targets.js';
import { spkiPin } from '../../src/server/tls/fingerprint.js';
import { createRegistry } from '../../src/core/operators/builtin.js';
import { VERSION } from '../../src/version.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const out = process.env.DISTILL_BINARIES_DIR ?? path.join(root, 'build', 'out');
const enabled = process.env.DISTILL_TEST_BINARIES === '1';
const CHROMIUM = process.env.DISTILL_CHROMIUM ?? '/usr/bin/chromium';

describe('the documentation site in the Linux executable', { skip: enabled ? false : 'set DISTILL_TEST_BINARIES=1 after npm run docs and npm run build:binaries' }, () => {
  let tmp = '';
  let server: ServingProcess | undefined;
  let browser: Browser | undefined;
  const token = 'guide-test-token-0123456789abcdef';
  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'distill-exe-guide-'));
    const target = loadTargets(path.join(root, 'dist-config', 'targets')).find((t) => t.id === 'linux-x64')!;
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('DISTILL_') && !k.startsWith('XDG_')) env[k] = v;
    server = await startServing(path.join(out, executableName(target, VERSION)), ['serve', '--host', '127.0.0.1', '--port', '0'], {
      env: { ...env, HOME: path.join(tmp, 'home'), DISTILL_HOME: path.join(tmp, 'distill'), DISTILL_TOKEN: token },
      cwd: tmp,
      timeoutMs: 60_000,
    });
    const certPem = readFileSync(server.banner.certificate.replace(/^"|"$/g, ''), 'utf8');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', `--ignore-certificate-errors-spki-list=${spkiPin(certPem)}`],
    });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('Chromium opens /guide/ from the executable: operator reference, a tutorial, offline search', async () => {
    const url = server!.banner.url;
    const context = await browser!.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const start = await page.goto(`${url}/guide/`);
    assert.equal(start?.status(), 200);
    assert.equal(await page.title(), `Distill documentation — Distill ${VERSION}`);
    await page.getByRole('navigation').getByRole('link', { name: 'Operators', exact: true }).click();
    await page.waitForURL(`${url}/guide/operators.html`);
    assert.deepEqual(await page.locator('main h2 code').allInnerTexts(), createRegistry().names());
    await page.getByRole('navigation').getByRole('link', { name: 'Sessions, journeys and funnels' }).click();
    await page.waitForURL(`${url}/guide/tutorials/sessions-journeys-funnels.html`);
    assert.equal(await page.locator('main h1').innerText(), 'Sessions, journeys and funnels');
    await page.locator('#search-input').fill('count-by');
    const first = page.locator('#search-results li a').first();
    await first.waitFor();
    assert.match(await first.innerText(), /^count-by\nOperators · operator$/);
    await first.click();
    await page.waitForURL(`${url}/guide/operators.html#count-by`);
    assert.deepEqual(requested.filter((u) => !u.startsWith(`${url}/guide/`)), []);
    await context.close();
  });
});
