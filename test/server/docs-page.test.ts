import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { TOKEN, startTestServer, type TestServer } from './helpers/test-server.js';

const CHROMIUM = process.env.DISTILL_CHROMIUM ?? '/usr/bin/chromium';
let s: TestServer;
let browser: Browser;

before(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (.ci/run does) or set DISTILL_CHROMIUM.`);
  s = await startTestServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // The server's key is trusted by its SPKI pin — a real mechanism — never by ignoring certificate errors.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      `--ignore-certificate-errors-spki-list=${s.spki}`,
    ],
  });
});
after(async () => {
  await browser?.close();
  await s?.close();
});

test('/docs renders in headless Chromium, lists every route and operator, and nothing leaves the origin', async () => {
  const context = await browser.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${TOKEN}` } });
  const page = await context.newPage();
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') violations.push(m.text());
  });
  const response = await page.goto(`${s.url}/docs`, { waitUntil: 'load' });
  assert.equal(response?.status(), 200);
  assert.match(String(response?.headers()['content-security-policy']), /default-src 'none'/);
  assert.equal(await page.title(), 'Distill REST API 0.2.0');
  const operators = await page.locator('section.operator').evaluateAll((els) => els.map((e) => e.getAttribute('data-operator')));
  assert.deepEqual(operators, s.distill.registry.names());
  for (const name of s.distill.registry.names()) {
    assert.equal(await page.locator(`#operator-${name} table`).count(), 1, `${name} has a params table`);
  }
  const doc = (await s.request('/openapi.json')).json();
  const headings = await page.locator('section.op h3').allInnerTexts();
  for (const [path, methods] of Object.entries(doc.paths as Record<string, object>)) {
    for (const method of Object.keys(methods)) assert.ok(headings.some((h) => h.includes(method.toUpperCase()) && h.includes(path)), `${method} ${path}`);
  }
  assert.ok((await page.locator('#problems tr, #problems + p + table tr').count()) > 10);
  const box = await page.locator('main').boundingBox();
  assert.ok(box !== null && box.height > 2000, 'the page has content');
  assert.ok(requested.length >= 1);
  assert.deepEqual(requested.filter((u) => !u.startsWith(`${s.url}/`)), [], 'no request leaves the origin');
  assert.deepEqual(requested, [`${s.url}/docs`], 'the page loads nothing else at all');
  assert.deepEqual(violations, []);
  if (process.env.DISTILL_DOCS_SCREENSHOT !== undefined) await page.screenshot({ path: process.env.DISTILL_DOCS_SCREENSHOT, fullPage: false });
  await context.close();
});

test('/docs in a browser without the token is a 401 problem (unless docs are public)', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(`${s.url}/docs`);
  assert.equal(response?.status(), 401);
  await context.close();
});
