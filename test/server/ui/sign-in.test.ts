import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../../../ui/build.js';
import { startTestServer, TOKEN, type TestServer } from '../helpers/test-server.js';

let s: TestServer;
let appDir: string;
let origin: string;
let cookieName: string;

before(async () => {
  appDir = await mkdtemp(path.join(tmpdir(), 'distill-app-'));
  await buildApp(appDir);
  s = await startTestServer({ appDir });
  origin = s.url;
  cookieName = `__Host-distill-${new URL(s.url).port}`;
});
after(async () => {
  await s?.close();
  await rm(appDir, { recursive: true, force: true });
});

/** Sign in with a fresh one-time address; returns the `name=value` cookie pair. */
async function signIn(): Promise<string> {
  const r = await s.request(`/login?secret=${s.app.browser.issueSecret()}`, { token: null });
  assert.equal(r.status, 303);
  const set = String((r.headers['set-cookie'] as string[])[0]);
  return set.split(';')[0]!;
}

test('the one-time address sets an HttpOnly, Secure, SameSite=Strict __Host- cookie and redirects to an address without the secret; a second visit is refused', async () => {
  const secret = s.app.browser.issueSecret();
  const r = await s.request(`/login?secret=${secret}`, { token: null });
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/app/');
  const cookies = r.headers['set-cookie'] as string[];
  assert.equal(cookies.length, 1);
  const parts = cookies[0]!.split(/;\s*/);
  assert.match(parts[0]!, new RegExp(`^${cookieName}=[A-Za-z0-9_-]{43}$`));
  assert.deepEqual(parts.slice(1).map((p) => p.toLowerCase()).sort(), ['httponly', 'path=/', 'samesite=strict', 'secure']);
  const again = await s.request(`/login?secret=${secret}`, { token: null, headers: { Accept: 'text/html' } });
  assert.equal(again.status, 401);
  assert.match(String(again.headers['content-type']), /^text\/html/);
  assert.match(again.text, /already been used or is not valid/);
  assert.equal(again.headers['set-cookie'], undefined);
});

test('next= keeps a path on this server and falls back to /app/ for anything else', async () => {
  const go = async (next: string): Promise<unknown> => (await s.request(`/login?secret=${s.app.browser.issueSecret()}&next=${encodeURIComponent(next)}`, { token: null })).headers.location;
  assert.equal(await go('/docs'), '/docs');
  assert.equal(await go('/app/?view=journeys'), '/app/?view=journeys');
  assert.equal(await go('//evil.example/x'), '/app/');
  assert.equal(await go('https://evil.example/'), '/app/');
  assert.equal(await go('/\\evil.example'), '/app/');
});

test('with the cookie, the app, /docs and /openapi.json open, and API calls from the app (same origin, app header) succeed', async () => {
  const cookie = await signIn();
  const app = await s.request('/app/', { token: null, headers: { Cookie: cookie } });
  assert.equal(app.status, 200);
  assert.match(app.text, /<script defer src="app.js"><\/script>/);
  assert.match(String(app.headers['content-security-policy']), /script-src 'self'/);
  const js = await s.request('/app/app.js', { token: null, headers: { Cookie: cookie } });
  assert.equal(js.status, 200);
  assert.match(String(js.headers['content-type']), /^text\/javascript/);
  assert.equal((await s.request('/docs', { token: null, headers: { Cookie: cookie } })).status, 200);
  assert.equal((await s.request('/openapi.json', { token: null, headers: { Cookie: cookie } })).status, 200);
  const api = await s.request('/v1/pipelines/run', { token: null, body: { steps: [{ op: 'count-by', by: 'type', sort: 'key' }] }, headers: { Cookie: cookie, Origin: origin, 'Sec-Fetch-Site': 'same-origin', 'X-Distill-App': '1' } });
  assert.equal(api.status, 200);
  assert.equal(api.json().result.count, 5);
});

test('cookie-authenticated API calls from another origin, marked cross-site, or without the app header are refused with 403 forbidden', async () => {
  const cookie = await signIn();
  const body = { steps: [{ op: 'count-by', by: 'type' }] };
  const cases: [string, Record<string, string>, string][] = [
    ['another origin', { Origin: 'https://127.0.0.1:1', 'X-Distill-App': '1' }, 'origin'],
    ['a notebook on another port', { Origin: 'http://localhost:8888', 'X-Distill-App': '1' }, 'origin'],
    ['Sec-Fetch-Site: same-site', { 'Sec-Fetch-Site': 'same-site', 'X-Distill-App': '1' }, 'sec-fetch-site'],
    ['no app header', { Origin: origin }, 'origin'],
    ['an opaque origin (sandboxed frame, data: URL)', { Origin: 'null', 'X-Distill-App': '1' }, 'origin'],
    ['an opaque origin marked cross-site', { Origin: 'null', 'Sec-Fetch-Site': 'cross-site', 'X-Distill-App': '1' }, 'origin'],
  ];
  for (const [name, headers, where] of cases) {
    const r = await s.request('/v1/pipelines/run', { token: null, body, headers: { Cookie: cookie, ...headers } });
    assert.equal(r.status, 403, name);
    assert.match(String(r.headers['content-type']), /^application\/problem\+json/, name);
    const problem = r.json();
    assert.equal(problem.code, 'forbidden', name);
    assert.deepEqual(problem.issues.map((i: { code: string; path: string[] }) => [i.code, i.path[1]]), [['cross_site_request', where === 'origin' && name === 'no app header' ? 'origin' : where]], name);
  }
  const get = await s.request('/v1/sources', { token: null, headers: { Cookie: cookie } });
  assert.equal(get.status, 403, 'a GET without the app header too');
});

test('bearer tokens keep working without a cookie, and a wrong bearer token is refused even with a valid cookie', async () => {
  assert.equal((await s.request('/v1/sources')).status, 200);
  const cookie = await signIn();
  const r = await s.request('/v1/sources', { token: 'wrong-token-0123456789abcdef', headers: { Cookie: cookie, 'X-Distill-App': '1' } });
  assert.equal(r.status, 401);
  assert.equal(r.json().code, 'unauthorized');
});

test('a browser without a session gets a plain-words HTML sign-in page (401); scripts still get a problem document', async () => {
  for (const p of ['/app/', '/docs', '/app/?view=journeys']) {
    const page = await s.request(p, { token: null, headers: { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'Sec-Fetch-Dest': 'document' } });
    assert.equal(page.status, 401, p);
    assert.match(String(page.headers['content-type']), /^text\/html/, p);
    assert.match(page.text, /<h1>Sign in to Distill<\/h1>/);
    assert.match(page.text, /<form method="post" action="\/login">/);
    assert.match(page.text, new RegExp(`name="next" value="${p.replace(/[?/]/g, (c) => (c === '?' ? '\\?' : '\\/'))}"`));
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);
  }
  // Data routes keep the problem shape even when a browser asks for them.
  for (const p of ['/v1/sources', '/v1/pipelines', '/openapi.json']) {
    const api = await s.request(p, { token: null, headers: { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'Sec-Fetch-Dest': 'document' } });
    assert.equal(api.status, 401, p);
    assert.match(String(api.headers['content-type']), /^application\/problem\+json/, p);
  }
  const script = await s.request('/v1/sources', { token: null });
  assert.equal(script.status, 401);
  assert.equal(script.json().code, 'unauthorized');
  assert.equal(script.headers['www-authenticate'], 'Bearer realm="distill"');
});

test('the sign-in form takes the token (same origin only) and sign-out ends the session', async () => {
  const form = (token: string, next: string): string => new URLSearchParams({ token, next }).toString();
  const wrong = await s.request('/login', { token: null, raw: form('not-the-token-xxxxxxxx', '/docs'), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin } });
  assert.equal(wrong.status, 401);
  assert.match(wrong.text, /not the one this server uses/);
  const cross = await s.request('/login', { token: null, raw: form(TOKEN, '/docs'), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' } });
  assert.equal(cross.status, 403);
  const nullOrigin = await s.request('/login', { token: null, raw: form(TOKEN, '/docs'), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'null', 'Sec-Fetch-Site': 'same-origin' } });
  assert.equal(nullOrigin.status, 303, 'a form posted from a no-referrer page of this server (Origin: null, same-origin)');
  const ok = await s.request('/login', { token: null, raw: form(TOKEN, '/docs'), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin } });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.location, '/docs');
  const cookie = String((ok.headers['set-cookie'] as string[])[0]).split(';')[0]!;
  assert.equal((await s.request('/docs', { token: null, headers: { Cookie: cookie } })).status, 200);
  assert.equal((await s.request('/logout', { token: null, method: 'POST', headers: { Cookie: cookie, Origin: 'https://evil.example' } })).status, 403, 'sign-out from another origin is refused');
  const out = await s.request('/logout', { token: null, method: 'POST', headers: { Cookie: cookie, Origin: origin } });
  assert.equal(out.status, 303);
  assert.match(String((out.headers['set-cookie'] as string[])[0]), new RegExp(`^${cookieName}=;.*expires=Thu, 01 Jan 1970`));
  assert.equal((await s.request('/docs', { token: null, headers: { Cookie: cookie } })).status, 401, 'the old cookie no longer works');
});

test('/ and /app redirect to /app/; an unknown app file is a 404 problem', async () => {
  const root = await s.request('/', { token: null });
  assert.equal(root.status, 302);
  assert.equal(root.headers.location, '/app/');
  assert.equal((await s.request('/app?view=funnel', { token: null })).headers.location, '/app/?view=funnel');
  const missing = await s.request('/app/../package.json');
  assert.equal(missing.status, 404);
  assert.equal((await s.request('/app/nope.js')).json().code, 'not_found');
});

test('which requests get the sign-in page: GET or HEAD of a page asking for HTML (Accept or Sec-Fetch-Dest); the rest a problem', async () => {
  const html = { Accept: 'text/html' };
  const isPage = async (p: string, method: string, headers: Record<string, string>): Promise<boolean> => {
    const r = await s.request(p, { token: null, method, headers });
    assert.equal(r.status, 401, `${method} ${p}`);
    return /^text\/html/.test(String(r.headers['content-type']));
  };
  assert.equal(await isPage('/docs', 'GET', html), true, 'Accept: text/html alone');
  assert.equal(await isPage('/docs', 'GET', { 'Sec-Fetch-Dest': 'document' }), true, 'Sec-Fetch-Dest alone');
  assert.equal(await isPage('/docs', 'HEAD', html), true, 'HEAD');
  assert.equal(await isPage('/docs', 'GET', { Accept: 'application/json', 'Sec-Fetch-Dest': 'empty' }), false, 'a script');
  assert.equal(await isPage('/docs', 'GET', { Accept: 'text/htmlx' }), false, 'not text/html');
  assert.equal(await isPage('/app/', 'POST', html), false, 'POST');
  assert.equal(await isPage('/app/', 'DELETE', html), false, 'DELETE');
  assert.equal(await isPage('/x/v1/', 'GET', html), true, 'a page whose path only ends in /v1/');
  assert.equal(await isPage('/openapi.jsonx', 'GET', html), true, 'a page path that merely starts like /openapi.json');
  // A header that is not empty (even a malformed one) means a script: a problem, not the page.
  assert.equal(await isPage('/docs', 'GET', { ...html, Authorization: 'Basic abc' }), false, 'another scheme');
  const page = await s.request('/docs', { token: null, headers: html });
  assert.match(page.text, /<p class="reason">This page needs you to sign in first\.<\/p>/);
  assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  assert.match(String(page.headers['content-security-policy']), /^default-src 'none'/);
});

test('with the cookie: page GET/HEAD need no origin check; a page POST and every API call must be same-origin', async () => {
  const cookie = await signIn();
  assert.equal((await s.request('/docs', { token: null, method: 'HEAD', headers: { Cookie: cookie, Origin: 'https://evil.example' } })).status, 200, 'HEAD of a page');
  assert.equal((await s.request('/docs', { token: null, headers: { Cookie: cookie, Origin: 'https://evil.example' } })).status, 200, 'GET of a page');
  const post = await s.request('/logout', { token: null, method: 'POST', headers: { Cookie: cookie, Origin: 'https://evil.example' } });
  assert.equal(post.status, 403, 'a cross-origin POST to a page path');
  assert.equal(post.json().code, 'forbidden');
  // An API GET from the app passes; the same without the app header does not (API calls need it, pages do not).
  assert.equal((await s.request('/v1/sources', { token: null, headers: { Cookie: cookie, 'X-Distill-App': '1' } })).status, 200);
  assert.equal((await s.request('/v1/sources', { token: null, headers: { Cookie: cookie } })).status, 403);
  // The cookie is only looked at when no Authorization header is sent.
  assert.equal((await s.request('/v1/sources', { token: null, headers: { Cookie: cookie, 'X-Distill-App': '1', Authorization: 'Basic abc' } })).status, 401);
  assert.equal((await s.request('/docs', { token: null, headers: { Cookie: `${cookieName}=not-a-session` } })).status, 401, 'an unknown session');
});

test('with the cookie, a cross-origin POST to a page path is refused by the session check itself (403), not routed', async () => {
  const cookie = await signIn();
  const r = await s.request('/docs', { token: null, method: 'POST', body: {}, headers: { Cookie: cookie, Origin: 'https://evil.example' } });
  assert.equal(r.status, 403);
  assert.equal(r.json().code, 'forbidden');
  assert.deepEqual(r.json().issues.map((i: { code: string; path: string[] }) => [i.code, i.path]), [['cross_site_request', ['headers', 'origin']]]);
});
