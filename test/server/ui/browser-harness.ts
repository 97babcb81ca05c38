import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.DISTILL_CHROMIUM ?? '/usr/bin/chromium';
const root = path.resolve(import.meta.dirname, '..', '..', '..');
/** Where screenshots of the views go for review. */
export const SCREENSHOT_DIR = path.join(process.env.DISTILL_TEST_OUTPUT ?? path.join(root, 'test-output'), 'ui');
export const SAMPLE = path.join(root, 'dist-config', 'sample', 'userale-sample.ndjson');

/**
 * Headless Chromium that trusts the test server's key by its SPKI pin (a real mechanism; certificate errors are
 * never ignored wholesale), with background networking off so nothing but the page's own requests happen.
 */
export async function launchPinned(spki: string): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (.ci/run does) or set DISTILL_CHROMIUM.`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', `--ignore-certificate-errors-spki-list=${spki}`],
  });
}

/** What a page did: every request URL and every console error or uncaught exception. */
export interface PageWatch {
  readonly requests: string[];
  readonly errors: string[];
}

export function watch(page: Page): PageWatch {
  const w: PageWatch = { requests: [], errors: [] };
  page.on('request', (r) => w.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') w.errors.push(m.text());
  });
  page.on('pageerror', (e) => w.errors.push(`uncaught: ${e.message}`));
  return w;
}

/** axe-core's serious and critical violations on the page (axe injected through the DevTools protocol, so the page's CSP stays as it is). */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  const source = readFileSync(path.join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.evaluate(`${source}\n;0`);
  const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

/**
 * Another origin on 127.0.0.1 (its own port, the same pinned certificate): a page there that tries to call the
 * Distill API with the browser's cookie, as a malicious page or a notebook on another port could.
 */
export async function otherOrigin(certPem: string, keyPem: string, html: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = https.createServer({ cert: certPem, key: keyPem }, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `https://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}
