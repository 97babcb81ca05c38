import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { buildSite, type BuiltSite } from '../../scripts/docs/build-site.js';
import { checkLinks } from '../../scripts/docs/check-links.js';
import { createRegistry } from '../../src/core/operators/builtin.js';
import { TOKEN, startTestServer, type TestServer } from '../server/helpers/test-server.js';

/**
 * The documentation site: built once from the repository (guides, tutorials, operator reference from the registry,
 * REST reference, schemas, TypeDoc with its documentation check, search index), its links checked, then served by
 * a real HTTPS server at /guide/ and opened in headless Chromium.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const CHROMIUM = process.env.DISTILL_CHROMIUM ?? '/usr/bin/chromium';
const registry = createRegistry();
let out = '';
let site: BuiltSite;
let s: TestServer;
let browser: Browser;

before(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (.ci/run does) or set DISTILL_CHROMIUM.`);
  out = mkdtempSync(path.join(tmpdir(), 'distill-site-'));
  site = await buildSite({ root, out });
  s = await startTestServer({ siteDir: out });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', `--ignore-certificate-errors-spki-list=${s.spki}`],
  });
});
after(async () => {
  await browser?.close();
  await s?.close();
  if (out !== '') rmSync(out, { recursive: true, force: true });
});

async function signedIn(): Promise<{ context: BrowserContext; requested: string[]; errors: string[] }> {
  const context = await browser.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${TOKEN}` } });
  const requested: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => requested.push(r.url()));
  context.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url}`);
  });
  context.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  return { context, requested, errors };
}

test('every public export of the library is documented (TypeDoc validation) and every internal link resolves', () => {
  assert.deepEqual(site.problems, []);
  assert.deepEqual(checkLinks(out), []);
  assert.ok(site.search.filter((e) => e.k === 'api').length > 50, 'the API symbols are searchable');
  assert.ok(existsSync(path.join(out, 'api', 'functions', 'openDistill.html')));
});

test('the site holds the guides, the tutorials, the operator reference from the registry, the REST reference and the schemas', () => {
  for (const page of ['index.html', 'python.html', 'cli.html', 'pipelines.html', 'server.html', 'migration-from-flagon.html', 'operators.html', 'rest.html', 'schemas.html',
    'tutorials/first-answers.html', 'tutorials/elasticsearch-readonly.html', 'tutorials/sessions-journeys-funnels.html', 'tutorials/plugins.html']) {
    assert.ok(site.pages.includes(page), page);
  }
  const operators = readFileSync(path.join(out, 'operators.html'), 'utf8');
  for (const name of registry.names()) {
    assert.match(operators, new RegExp(`<h2 id="${name}"><code>${name}</code></h2>`), name);
    assert.deepEqual(site.search.filter((e) => e.k === 'operator' && e.n === name).map((e) => `${e.p}#${e.a}`), [`operators.html#${name}`]);
  }
  const openapi = JSON.parse(readFileSync(path.join(out, 'openapi.json'), 'utf8'));
  const rest = readFileSync(path.join(out, 'rest.html'), 'utf8');
  for (const p of Object.keys(openapi.paths as object)) assert.ok(rest.includes(p), p);
  for (const f of ['distill.config.schema.json', 'distill.pipeline.schema.json']) {
    assert.equal(readFileSync(path.join(out, 'schemas', f), 'utf8'), readFileSync(path.join(root, 'dist-config', f), 'utf8'));
  }
  assert.equal(readFileSync(path.join(out, 'search-index.js'), 'utf8'), `window.DISTILL_SEARCH_INDEX = ${readFileSync(path.join(out, 'search-index.json'), 'utf8').trim()};\n`);
  assert.deepEqual(JSON.parse(readFileSync(path.join(out, 'search-index.json'), 'utf8')), JSON.parse(JSON.stringify(site.search)));
  // The executables embed the site: Node's SEA fuse must occur in them once only, and their CommonJS bundle may not
  // contain import.meta (build/README.md quotes both).
  for (const needle of [`NODE_SEA_${'FUSE'}_`, `import${'.'}meta`]) {
    const grep = spawnSync('grep', ['-rlF', needle, out], { encoding: 'utf8' });
    assert.deepEqual([grep.status, grep.stdout], [1, ''], needle);
  }
  const csp = JSON.parse(readFileSync(path.join(out, 'csp.json'), 'utf8')) as { scriptHashes: string[] };
  assert.ok(csp.scriptHashes.length >= 1 && csp.scriptHashes.every((h) => /^sha256-[A-Za-z0-9+/]+=*$/.test(h)));
});

test('Chromium opens the served site at /guide/, finds the operator reference and a tutorial; nothing leaves the origin', async () => {
  const { context, requested, errors } = await signedIn();
  const page = await context.newPage();
  const start = await page.goto(`${s.url}/guide/`);
  assert.equal(start?.status(), 200);
  assert.match(String(start?.headers()['content-security-policy']), /default-src 'none'; script-src 'self' 'sha256-/);
  assert.equal(await page.title(), 'Distill documentation — Distill 0.2.0');
  await page.getByRole('navigation').getByRole('link', { name: 'Operators', exact: true }).click();
  await page.waitForURL(`${s.url}/guide/operators.html`);
  assert.deepEqual(await page.locator('main h2 code').allInnerTexts(), registry.names());
  await page.getByRole('navigation').getByRole('link', { name: 'Files → first answers' }).click();
  await page.waitForURL(`${s.url}/guide/tutorials/first-answers.html`);
  assert.equal(await page.locator('main h1').innerText(), 'Files → first answers');
  assert.match(await page.locator('main').innerText(), /mouseover,529/);
  const api = await page.goto(`${s.url}/guide/api/index.html`);
  assert.equal(api?.status(), 200);
  await page.locator('a', { hasText: 'openDistill' }).first().waitFor();
  assert.deepEqual(requested.filter((u) => !u.startsWith(`${s.url}/guide/`)), [], 'every request stays in the site');
  assert.deepEqual(errors, [], 'no console errors (a CSP violation would be one)');
  await context.close();
});

test('offline search finds an operator by name and leads to its reference', async () => {
  const { context, requested } = await signedIn();
  const page = await context.newPage();
  await page.goto(`${s.url}/guide/tutorials/plugins.html`, { waitUntil: 'networkidle' });
  const before = requested.length;
  await page.locator('#search-input').fill('count-over-time');
  const first = page.locator('#search-results li a').first();
  await first.waitFor();
  assert.match(await first.innerText(), /^count-over-time\nOperators · operator$/);
  assert.equal(requested.length, before, 'searching makes no request');
  await first.click();
  await page.waitForURL(`${s.url}/guide/operators.html#count-over-time`);
  assert.equal(await page.locator('#count-over-time').innerText(), 'count-over-time');
  await page.locator('#search-input').fill('elasticsearch api key');
  await page.locator('#search-results li a').first().waitFor();
  const titles = await page.locator('#search-results li a').allInnerTexts();
  assert.ok(titles.some((t) => t.startsWith('Elasticsearch, read-only, with an API key and CA pinning')), titles.join(' | '));
  await context.close();
});

test('the built files work without any server: opened from disk, the search still finds an operator', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(pathToFileURL(path.join(out, 'index.html')).href);
  await page.locator('#search-input').fill('count-by');
  const first = page.locator('#search-results li a').first();
  await first.waitFor();
  assert.match(await first.innerText(), /^count-by\nOperators · operator$/);
  assert.equal(await first.getAttribute('href'), './operators.html#count-by');
  assert.deepEqual(requested.filter((u) => !u.startsWith('file://')), [], 'nothing is fetched from a network');
  await context.close();
});

test('/guide/ needs the token; paths outside the site are 404 problems; /guide redirects', async () => {
  const anonymous = await s.request('/guide/', { token: null });
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.json().code, 'unauthorized');
  const redirect = await s.request('/guide');
  assert.equal(redirect.status, 302);
  assert.equal(redirect.headers.location, '/guide/');
  for (const probe of ['/guide/%2e%2e/package.json', '/guide/..%2fpackage.json', '/guide/.hidden', '/guide/nope.html', '/guide/%ff']) {
    const r = await s.request(probe);
    assert.equal(r.status, 404, probe);
    assert.equal(r.json().code, 'not_found', probe);
  }
  const css = await s.request('/guide/assets/site.css', { method: 'HEAD' });
  assert.equal(css.status, 200);
  assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
  assert.equal(Number(css.headers['content-length']), readFileSync(path.join(out, 'assets', 'site.css')).length);
});

test('a server without a built site answers /guide/ with a problem that says how to build it', async () => {
  const empty = mkdtempSync(path.join(tmpdir(), 'distill-nosite-'));
  const bare = await startTestServer({ siteDir: empty });
  try {
    const r = await bare.request('/guide/');
    assert.equal(r.status, 404);
    assert.equal(r.json().code, 'not_found');
    assert.match(r.json().detail, /npm run docs/);
  } finally {
    await bare.close();
    rmSync(empty, { recursive: true, force: true });
  }
});
