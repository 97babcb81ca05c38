/**
 * The web app in real headless Chromium over real HTTPS (certificate pinned by its SPKI): sign-in by the one-time
 * address, then the cookie; every view on the bundled sample with its numbers equal to the API's; no console
 * errors; no request to anything but the server on 127.0.0.1; a cross-site request carrying the cookie refused;
 * axe-core finds no serious or critical violations; a screenshot of every view in test-output/ui/.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildApp } from '../../../ui/build.js';
import { startTestServer, TOKEN, type TestServer } from '../helpers/test-server.js';
import { axeViolations, launchPinned, otherOrigin, SAMPLE, SCREENSHOT_DIR, watch, type PageWatch } from './browser-harness.js';

let s: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let seen: PageWatch;
let appDir: string;
let operators: string[];

type Rows = Record<string, unknown>[];
const run = async (steps: unknown[], query?: unknown): Promise<any> => {
  const r = await s.request('/v1/pipelines/run', { body: { source: 'sample', steps, ...(query === undefined ? {} : { query }) } });
  assert.equal(r.status, 200, r.text);
  return r.json();
};
const rowsOf = async (steps: unknown[], query?: unknown): Promise<Rows> => (await run(steps, query)).result.rows as Rows;

before(async () => {
  appDir = await mkdtemp(path.join(tmpdir(), 'distill-app-'));
  await buildApp(appDir);
  s = await startTestServer({ appDir, config: () => ({ defaultSource: 'sample', sources: { sample: { kind: 'files', paths: SAMPLE, schema: 'userale' } } }) });
  operators = (await s.request('/v1/operators')).json().operators.map((o: { name: string }) => o.name);
  browser = await launchPinned(s.spki);
  context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  seen = watch(page);
});
after(async () => {
  await browser?.close();
  await s?.close();
  if (appDir !== undefined) await rm(appDir, { recursive: true, force: true });
});

/** Open a view and wait until it has drawn (main[data-ready]). */
async function open(query: string): Promise<void> {
  await page.goto(`${s.url}/app/?${query}`);
  await page.waitForSelector('main[data-ready]', { timeout: 20_000 });
  assert.equal(await page.getAttribute('main', 'data-ready'), '1', await page.locator('main').innerText());
}

async function checkPage(name: string): Promise<void> {
  assert.deepEqual(await axeViolations(page), [], `${name}: axe serious/critical violations`);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

test('sign-in by the one-time address lands on the app without the secret and leaves an HttpOnly, Secure, SameSite=Strict cookie', async () => {
  const response = await page.goto(`${s.url}/login?secret=${s.app.browser.issueSecret()}`);
  assert.equal(response?.status(), 200);
  assert.equal(page.url(), `${s.url}/app/`);
  await page.waitForSelector('main[data-ready="1"]');
  const cookies = await context.cookies(s.url);
  assert.equal(cookies.length, 1);
  assert.deepEqual([cookies[0]!.name, cookies[0]!.httpOnly, cookies[0]!.secure, cookies[0]!.sameSite, cookies[0]!.path], [`__Host-distill-${new URL(s.url).port}`, true, true, 'Strict', '/']);
  assert.equal(await page.evaluate('document.cookie'), '', 'scripts cannot read the session cookie');
  const docs = await page.goto(`${s.url}/docs`);
  assert.equal(docs?.status(), 200, '/docs opens with the cookie');
});

test('a browser without a session gets the plain-words sign-in page; the token form signs it in and returns to the page it asked for', async () => {
  const fresh = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  try {
    const p = await fresh.newPage();
    const w = watch(p);
    const response = await p.goto(`${s.url}/app/?view=statistics`);
    assert.equal(response?.status(), 401);
    assert.equal(await p.locator('h1').innerText(), 'Sign in to Distill');
    assert.deepEqual(await axeViolations(p), []);
    await p.screenshot({ path: path.join(SCREENSHOT_DIR, 'sign-in.png') });
    await p.fill('#token', TOKEN);
    const [posted] = await Promise.all([p.waitForResponse((r) => r.url() === `${s.url}/login`), p.getByRole('button', { name: 'Sign in' }).click()]);
    assert.equal(posted.status(), 303, await posted.text().catch(() => ''));
    await p.waitForURL(`${s.url}/app/?view=statistics`);
    await p.waitForSelector('main[data-ready]');
    assert.equal(await p.getAttribute('main', 'data-ready'), '1', `${await p.locator('main').innerText()} ${JSON.stringify(w)}`);
    assert.equal(await p.locator('h1').first().innerText(), 'Statistics');
    assert.deepEqual(w.errors.filter((e) => !e.includes('401')), []);
  } finally {
    await fresh.close();
  }
});

test('Overview: tiles, time chart and top lists equal the API', async () => {
  await open('view=overview&interval=1d&by=type');
  const kinds = await rowsOf([{ op: 'count-by', by: 'kind' }]);
  const total = kinds.reduce((a, r) => a + Number(r.count), 0);
  const tile = async (k: string): Promise<number> => Number((await page.locator(`[data-tile="${k}"] .tile-value`).innerText()).replace(/,/g, ''));
  assert.equal(await tile('events'), total);
  assert.equal(total, 2529);
  assert.equal(await tile('users'), (await rowsOf([{ op: 'count-by', by: 'user', missing: 'skip' }])).length);
  assert.equal(await tile('sessions'), (await rowsOf([{ op: 'count-by', by: 'session', missing: 'skip' }])).length);
  assert.equal(await tile('pages'), (await rowsOf([{ op: 'count-by', by: 'page', missing: 'skip' }])).length);
  const overTime = await rowsOf([{ op: 'count-over-time', interval: '1d', by: 'type' }]);
  assert.equal(Number(await page.getAttribute('svg.chart', 'data-total')), overTime.reduce((a, r) => a + Number(r.count), 0));
  const types = await rowsOf([{ op: 'count-by', by: 'type', share: true }]);
  const drawn = await page.locator('ol.bars[aria-label="Top event types"] li').evaluateAll((els) => els.map((e) => [e.getAttribute('data-label'), Number(e.getAttribute('data-value'))]));
  assert.deepEqual(drawn, types.slice(0, 10).map((r) => [String(r.type), Number(r.count)]));
  const panel = await page.locator('section.pipelines details').evaluateAll((els) => els.map((e) => e.getAttribute('data-pipeline')));
  assert.deepEqual(panel, ['Events over time', 'Top event types', 'Events per user', 'Events per session', 'Events per page', 'Events per log kind']);
  await checkPage('overview');
});

test('the time range in the URL narrows every number (from inclusive, to exclusive, UTC) and fills the picker', async () => {
  await open('view=overview&interval=1d&from=2024-03-05T00:00:00Z&to=2024-03-08T00:00:00Z');
  const time = { from: '2024-03-05T00:00:00Z', to: '2024-03-08T00:00:00Z' };
  const kinds = await rowsOf([{ op: 'count-by', by: 'kind' }], { time });
  const total = kinds.reduce((a, r) => a + Number(r.count), 0);
  assert.equal(total, 540 + 264, 'the days of March 5 and 6 (nothing on the 7th)');
  assert.equal(Number((await page.locator('[data-tile="events"] .tile-value').innerText()).replace(/,/g, '')), total);
  assert.equal(await page.inputValue('#from'), '2024-03-05T00:00');
  assert.equal(await page.inputValue('#to'), '2024-03-08T00:00');
  await page.getByRole('button', { name: 'All time' }).click();
  await page.waitForFunction(() => !location.search.includes('from='));
  await page.waitForSelector('main[data-ready="1"]');
  assert.equal(Number((await page.locator('[data-tile="events"] .tile-value').innerText()).replace(/,/g, '')), 2529);
});

test('every pipeline shown can be copied as CLI, Python and curl, and the code is the request the view sent', async () => {
  await open('view=overview&interval=1d&by=kind');
  const first = page.locator('section.pipelines details').first();
  const expected = { source: 'sample', steps: [{ op: 'count-over-time', interval: '1d', by: 'kind' }] };
  assert.equal(await first.locator('pre').innerText(), `distill run '${JSON.stringify({ steps: expected.steps })}' --source sample`);
  await first.getByRole('button', { name: 'Copy as curl' }).click();
  assert.match(await first.locator('pre').innerText(), new RegExp(`-d '${JSON.stringify(expected).replace(/[[\]{}]/g, (c) => `\\${c}`)}' "\\$DISTILL_URL/v1/pipelines/run"`));
  await first.getByRole('button', { name: 'Copy as Python' }).click();
  assert.match(await first.locator('pre').innerText(), /r = s\.post\(os\.environ\["DISTILL_URL"\] \+ "\/v1\/pipelines\/run", json=\{"source": "sample", "steps": \[\{"op": "count-over-time", "interval": "1d", "by": "kind"\}\]\}\)/);
});

test('Sessions: the table has every session with the API\'s event counts, sorts, and a session opens its timeline', async () => {
  await open('view=sessions&sort=events&desc=1');
  const api = await rowsOf([{ op: 'count-by', by: 'session', missing: 'skip' }]);
  const drawn = await page.locator('table.sessions tbody tr').evaluateAll((els) => els.map((e) => [e.getAttribute('data-session'), Number(e.querySelector('[data-events]')?.getAttribute('data-events'))]));
  assert.equal(drawn.length, api.length);
  assert.deepEqual(new Map(drawn as [string, number][]), new Map(api.map((r) => [String(r.session), Number(r.count)])));
  const counts = drawn.map(([, n]) => n as number);
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'sorted by events, descending');
  const top = drawn[0]![0] as string;
  await page.locator(`tr[data-session="${top}"] button`).click();
  await page.waitForSelector(`[data-timeline="${top}"]`);
  assert.ok(page.url().includes(`session=${encodeURIComponent(top)}`), 'the chosen session is in the URL');
  const timed = await rowsOf([{ op: 'filter', where: { all: [{ field: 'session', op: 'eq', value: top }, { field: 'time', op: 'exists', value: true }] } }, { op: 'count-by', by: 'session' }]);
  assert.equal(await page.locator(`[data-timeline="${top}"] circle.event`).count(), Number(timed[0]!.count), 'every timed event is drawn');
  assert.equal(await page.locator(`[data-timeline="${top}"] tbody tr`).count(), Math.min(500, drawn[0]![1] as number), 'every event is listed');
  await checkPage('sessions');
});

test('Statistics: the numbers and histogram of events per user equal a summary of the API\'s per-user counts', async () => {
  await open('view=statistics&measure=events-per-user&bins=10');
  const values = (await rowsOf([{ op: 'count-by', by: 'user', missing: 'skip' }])).map((r) => Number(r.count)).sort((a, b) => a - b);
  const n = values.length;
  const q = (p: number): number => {
    const pos = (n - 1) * p;
    return values[Math.floor(pos)]! + (values[Math.ceil(pos)]! - values[Math.floor(pos)]!) * (pos - Math.floor(pos));
  };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const stat = async (k: string): Promise<number> => Number(await page.getAttribute(`tr[data-stat="${k}"] td`, 'data-value'));
  assert.equal(await stat('n'), n);
  assert.equal(await stat('min'), values[0]);
  assert.equal(await stat('max'), values[n - 1]);
  assert.equal(await stat('median'), q(0.5));
  assert.equal(await stat('q1'), q(0.25));
  assert.equal(await stat('q3'), q(0.75));
  assert.ok(Math.abs((await stat('mean')) - mean) < 1e-9);
  assert.ok(Math.abs((await stat('sd')) - Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1))) < 1e-9);
  assert.equal(Number(await page.getAttribute('svg.chart', 'data-total')), n);
  await checkPage('statistics');
  // Any event type as the per-user measure: raw focus events per user.
  await open('view=statistics&measure=type-per-user&type=focus');
  const focus = (await rowsOf([{ op: 'count-by', by: 'user', missing: 'skip' }], { where: { all: [{ field: 'type', op: 'eq', value: 'focus' }, { field: 'kind', op: 'eq', value: 'raw' }] } })).map((r) => Number(r.count));
  assert.equal(await stat('n'), focus.length);
  assert.equal(await stat('sum'), focus.reduce((a, b) => a + b, 0));
  assert.equal(await stat('max'), Math.max(...focus));
  assert.equal(await page.inputValue('select[name="type"]'), 'focus');
});

test('Journeys: the drawn graph has exactly the nodes and edges of the transition-graph result', async () => {
  await open('view=journeys&nodes=page&min=2');
  if (!operators.includes('transition-graph')) {
    assert.match(await page.locator('main .notice').innerText(), /no transition-graph operator/);
    await checkPage('journeys');
    return;
  }
  const pre = String(await page.locator('section.pipelines details[data-pipeline="Transitions between pages"] pre').evaluate((e) => e.textContent));
  const sent = JSON.parse(/^distill run '(.*)' --source sample$/.exec(pre)![1]!) as { steps: unknown[] };
  assert.deepEqual(sent.steps, [{ op: 'transition-graph', label: 'page', selfLoops: 'collapse', minCount: 2, startEnd: true }]);
  const graph = (await run(sent.steps)).result;
  assert.equal(await page.locator('svg.graph g.node').count(), graph.nodeCount);
  assert.equal(await page.locator('svg.graph path.edge').count(), graph.edgeCount);
  assert.equal(Number(await page.getAttribute('.graph-summary', 'data-nodes')), graph.nodes.length);
  const first = graph.nodes.find((n: { key: string }) => n.key !== '[start]' && n.key !== '[end]');
  await page.locator(`svg.graph g.node[data-key="${first.key}"]`).hover();
  const card = await page.locator('.hover-card').innerText();
  assert.ok(card.startsWith(first.label ?? first.key), card);
  assert.match(card, new RegExp(`count\\s+${Number(first.count).toLocaleString('en-US')}`));
  const widths = await page.locator('svg.graph path.edge').evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-count')), Number(e.getAttribute('stroke-width'))]));
  const sorted = [...widths].sort((a, b) => a[0]! - b[0]!);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i]![1]! >= sorted[i - 1]![1]!, 'thicker edges for larger counts');
  await checkPage('journeys');
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export SVG' }).click()]);
  const svgText = await readFile((await svgDownload.path())!, 'utf8');
  assert.match(svgText, /^<\?xml/);
  assert.equal((svgText.match(/<g class="node[" ]/g) ?? []).length, graph.nodeCount);
  const [gexf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export GEXF' }).click()]);
  assert.match(await readFile((await gexf.path())!, 'utf8'), /<gexf[\s>]/);
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
  assert.deepEqual([...(await readFile((await png.path())!)).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
});

test('Funnel: steps come from the data\'s own values and live in the URL; the bars equal the funnel operator\'s counts', async () => {
  await open('view=funnel');
  const pages = (await rowsOf([{ op: 'count-by', by: 'page', missing: 'skip', limit: 40 }])).map((r) => String(r.page));
  const offered = await page.locator('select[name="value-3"] option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
  assert.deepEqual(new Set(offered), new Set(['https://shop.example.com/checkout', ...pages]));
  await page.selectOption('select[name="value-3"]', 'https://shop.example.com/login');
  await page.waitForFunction(() => new URLSearchParams(location.search).getAll('step').at(-1) === 'page:https://shop.example.com/login');
  await page.waitForSelector('main[data-ready="1"]');
  assert.equal(await page.inputValue('select[name="value-3"]'), 'https://shop.example.com/login');
  await open('view=funnel');
  if (!operators.includes('funnel')) {
    assert.match(await page.locator('main .notice').innerText(), /no funnel operator/);
    await checkPage('funnel');
    return;
  }
  const pre = String(await page.locator('section.pipelines details[data-pipeline="Funnel"] pre').evaluate((e) => e.textContent));
  const sent = JSON.parse(/^distill run '(.*)' --source sample$/.exec(pre)![1]!) as { steps: unknown[] };
  const rows = await rowsOf(sent.steps);
  const drawn = await page.locator('ol.funnel > li').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-reached'))));
  assert.deepEqual(drawn, rows.map((r) => Number(r.reached)));
  assert.equal(drawn.length, 4);
  await checkPage('funnel');
  const withDrops = rows.findIndex((r) => Array.isArray(r.dropped_ids) && r.dropped_ids.length > 0);
  assert.ok(withDrops >= 0, 'some sessions drop out of the sample funnel');
  const dropped = String((rows[withDrops]!.dropped_ids as unknown[])[0]);
  const item = page.locator(`ol.funnel > li[data-step="${withDrops + 1}"]`);
  await item.locator('summary').click();
  await item.getByRole('button', { name: dropped, exact: true }).click();
  await page.waitForSelector(`[data-timeline="${dropped}"]`);
  assert.equal(new URL(page.url()).searchParams.get('view'), 'sessions');
});

test('nothing in any view logged an error, and no request went anywhere but the server on 127.0.0.1', () => {
  assert.deepEqual(seen.errors, []);
  assert.ok(seen.requests.length > 10);
  // blob: URLs of this origin (the PNG export draws the SVG through one) never leave the browser.
  assert.deepEqual(seen.requests.filter((u) => !u.startsWith(`${s.url}/`) && !u.startsWith(`blob:${s.url}/`)), []);
});

test('a page of another origin on 127.0.0.1 cannot use the cookie: its API calls are refused (403), not run', async () => {
  const target = `${s.url}/v1/pipelines/run`;
  const evil = await otherOrigin(s.certPem, s.keyPem, `<!doctype html><title>other</title><script>
    fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'Content-Type': 'text/plain' }, body: '{"steps":[{"op":"count-by","by":"user"}]}' })
      .then(() => { document.title = 'sent'; }, () => { document.title = 'failed'; });
  </script>`);
  try {
    const before = s.logs().length;
    const other = await context.newPage();
    await other.goto(evil.url);
    await other.waitForFunction(() => document.title === 'sent' || document.title === 'failed');
    await other.close();
    const calls = s.logs().slice(before).filter((l) => l.msg === 'request' && l.path === '/v1/pipelines/run');
    assert.deepEqual(calls.map((l) => l.status), [403], 'refused as forbidden: the cookie came along (else 401) and the same-origin check stopped it');
  } finally {
    await evil.close();
  }
});

test('Sign out ends the session: the browser is back on the sign-in page and the app asks for sign-in again', async () => {
  await open('view=overview');
  await Promise.all([page.waitForURL(`${s.url}/login`), page.getByRole('button', { name: 'Sign out' }).click()]);
  assert.equal(await page.locator('h1').innerText(), 'Sign in to Distill');
  assert.deepEqual(await context.cookies(s.url), []);
  const again = await page.goto(`${s.url}/app/`);
  assert.equal(again?.status(), 401);
});
