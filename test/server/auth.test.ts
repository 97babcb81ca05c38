import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TOKEN, startTestServer, type TestServer } from './helpers/test-server.js';

// The Authorization header, over real HTTPS: exactly `Bearer <token>` (scheme case-insensitive, spaces or tabs
// between, trailing spaces or tabs allowed) authenticates; anything else around the token does not.

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(() => s.close());

const ACCEPTED: readonly string[] = [`Bearer ${TOKEN}`, `bearer ${TOKEN}`, `BEARER ${TOKEN}`, `Bearer \t ${TOKEN}`, `Bearer ${TOKEN} `, `Bearer ${TOKEN}\t`];

const REJECTED: readonly [string, string][] = [
  [`Bearer ${TOKEN} junk`, 'text after the token'],
  [`Bearer ${TOKEN} ${TOKEN}`, 'the token twice'],
  [`Bearer ${TOKEN}x`, 'a longer token'],
  [`Bearer ${TOKEN.slice(0, -1)}`, 'a prefix of the token'],
  [`Bearer ${TOKEN.toUpperCase()}`, 'the token in another case'],
  [`Bearer${TOKEN}`, 'no space after the scheme'],
  [`Bearerx ${TOKEN}`, 'another scheme'],
  [`x Bearer ${TOKEN}`, 'text before the scheme'],
  [`Token ${TOKEN}`, 'another scheme name'],
  ['Bearer ', 'no token'],
  [TOKEN, 'no scheme'],
];

test('Bearer <token> authenticates, whatever the case of the scheme and the blanks around the token', async () => {
  for (const header of ACCEPTED) {
    const r = await s.request('/v1/version', { token: null, headers: { Authorization: header } });
    assert.equal(r.status, 200, JSON.stringify(header));
  }
});

test('anything else around the token is a 401 invalid_token problem', async () => {
  for (const [header, why] of REJECTED) {
    const r = await s.request('/v1/version', { token: null, headers: { Authorization: header } });
    assert.equal(r.status, 401, why);
    assert.equal(r.headers['www-authenticate'], 'Bearer realm="distill", error="invalid_token"', why);
    const problem = r.json() as { code: string; status: number; issues: { code: string; path: string[] }[] };
    assert.deepEqual(
      { code: problem.code, status: problem.status, issues: problem.issues.map((i) => [i.code, i.path]) },
      { code: 'unauthorized', status: 401, issues: [['invalid_token', ['headers', 'authorization']]] },
      why,
    );
    assert.doesNotMatch(r.text, new RegExp(TOKEN), `${why}: the token is never echoed`);
  }
});

test('public paths stay public with a bad header; a good header is not required there', async () => {
  const r = await s.request('/v1/health', { token: null, headers: { Authorization: `Bearer ${TOKEN} junk` } });
  assert.equal(r.status, 200);
});

test('no header: missing_token, and a message that says how to send the token; a bad one: invalid_token', async () => {
  const none = await s.request('/v1/version', { token: null });
  assert.equal(none.status, 401);
  const p = none.json() as { detail: string; issues: unknown[] };
  assert.deepEqual(
    { detail: p.detail, issues: p.issues },
    {
      detail: 'This route needs the bearer token: send "Authorization: Bearer <token>". `distill serve` prints where the token is stored.',
      issues: [{ code: 'missing_token', path: ['headers', 'authorization'], message: 'Send "Authorization: Bearer <token>".' }],
    },
  );
  const bad = (await s.request('/v1/version', { token: 'x'.repeat(20) })).json() as { detail: string; issues: unknown[] };
  assert.deepEqual(
    { detail: bad.detail, issues: bad.issues },
    {
      detail: 'The bearer token is not valid. Send the token `distill serve` printed (or the DISTILL_TOKEN it was started with) as "Authorization: Bearer <token>".',
      issues: [{ code: 'invalid_token', path: ['headers', 'authorization'], message: 'Send "Authorization: Bearer <token>".' }],
    },
  );
});
