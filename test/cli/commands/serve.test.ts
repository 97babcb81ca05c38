import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeNdjson } from '../../server/helpers/test-server.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
let dir = '';
let home = '';
let config = '';

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-serve-'));
  home = path.join(dir, 'home');
  await writeNdjson(path.join(dir, 'logs.ndjson'), 20);
  config = path.join(dir, 'distill.config.json');
  await writeFile(config, JSON.stringify({ sources: { logs: { kind: 'files', paths: 'logs.ndjson' } }, pipelines: { types: { steps: [{ op: 'count-by', by: 'type' }] } } }));
});
after(() => rm(dir, { recursive: true, force: true }));

interface Served {
  readonly child: ChildProcess;
  readonly banner: string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Start the real CLI (`distill serve`) in a child process and wait for its banner. */
async function serve(args: string[], env: Record<string, string> = {}): Promise<Served> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(root, 'src/bin/distill.ts'), 'serve', '--port', '0', '--config', config, ...args], {
    cwd: dir,
    env: { ...process.env, DISTILL_HOME: home, DISTILL_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const banner = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('Press Ctrl-C to stop.')) resolve(out);
    });
    void exited.then((code) => reject(new Error(`distill serve exited with ${code}:\n${out}\n${err}`)));
    setTimeout(() => reject(new Error(`no banner after 30 s:\n${out}\n${err}`)), 30_000).unref();
  });
  return { child, banner, stderr: () => err, exited };
}

function get(url: string, ca: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca, agent: false, headers: { Authorization: `Bearer ${token}` } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

test('first start: generates certificate and token with user-only permissions, prints URL, token, fingerprint and how to pin; SIGTERM stops it cleanly', async () => {
  const s = await serve([]);
  const url = /URL {10}(https:\/\/127\.0\.0\.1:\d+)/.exec(s.banner)![1]!;
  const token = /Token {8}(\S+)/.exec(s.banner)![1]!;
  const fingerprint = /SHA-256 {6}([0-9A-F:]{95})/.exec(s.banner)![1]!;
  assert.match(s.banner, /new: stored in .*token \(readable by you only\)/);
  assert.match(s.banner, /curl --cacert '?\/\S*cert\.pem'? -H "Authorization: Bearer \$DISTILL_TOKEN" https:\/\/127\.0\.0\.1:\d+\/v1\/sources/);
  assert.match(s.banner, /requests\.get\(".*\/v1\/sources", verify=".*cert\.pem"/);
  assert.equal((await readFile(path.join(home, 'token'), 'utf8')).trim(), token);
  assert.equal(token.length, 43);
  if (process.platform !== 'win32') {
    assert.equal((await stat(home)).mode & 0o777, 0o700);
    assert.equal((await stat(path.join(home, 'token'))).mode & 0o777, 0o600);
    assert.equal((await stat(path.join(home, 'key.pem'))).mode & 0o777, 0o600);
  }
  const cert = await readFile(path.join(home, 'cert.pem'), 'utf8');
  const { X509Certificate } = await import('node:crypto');
  assert.equal(new X509Certificate(cert).fingerprint256, fingerprint);
  const r = await get(`${url}/v1/pipelines`, cert, token);
  assert.equal(r.status, 200);
  assert.deepEqual(JSON.parse(r.body).pipelines.map((p: { name: string }) => p.name), ['types']);
  s.child.kill('SIGTERM');
  assert.equal(await s.exited, 0);
  const lines = s.stderr().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(lines.map((l) => l.msg), ['listening', 'request', 'shutting down', 'stopped']);
});

test('later starts reuse the stored certificate and token (not printed again); SIGINT stops it; binding elsewhere warns', async () => {
  const before = await readFile(path.join(home, 'cert.pem'), 'utf8');
  const s = await serve(['--host', '0.0.0.0']);
  assert.doesNotMatch(s.banner, /new: stored/);
  assert.match(s.banner, /Token {8}stored in .*token/);
  assert.match(s.banner, /self-signed, generated earlier/);
  assert.match(s.banner, /Warning: Listening on 0\.0\.0\.0, not only on this machine/);
  assert.match(s.banner, /on this machine: https:\/\/127\.0\.0\.1:\d+/);
  assert.equal(await readFile(path.join(home, 'cert.pem'), 'utf8'), before);
  s.child.kill('SIGINT');
  assert.equal(await s.exited, 0);
  assert.ok(s.stderr().includes('"level":"warn"'));
});

test('DISTILL_TOKEN overrides the stored token', async () => {
  const token = 'env-token-abcdefghijklmnopqrstuvwxyz';
  const s = await serve([], { DISTILL_TOKEN: token });
  assert.match(s.banner, /Token {8}from the DISTILL_TOKEN environment variable/);
  const url = /URL {10}(https:\/\/127\.0\.0\.1:\d+)/.exec(s.banner)![1]!;
  const cert = await readFile(path.join(home, 'cert.pem'), 'utf8');
  assert.equal((await get(`${url}/v1/version`, cert, token)).status, 200);
  const stored = (await readFile(path.join(home, 'token'), 'utf8')).trim();
  assert.equal((await get(`${url}/v1/version`, cert, stored)).status, 401);
  s.child.kill('SIGTERM');
  assert.equal(await s.exited, 0);
});

test('a port in use is a clear error with exit code 2', async () => {
  const first = await serve([]);
  const port = /URL {10}https:\/\/127\.0\.0\.1:(\d+)/.exec(first.banner)![1]!;
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(root, 'src/bin/distill.ts'), 'serve', '--port', port, '--config', config], {
    cwd: dir,
    env: { ...process.env, DISTILL_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 2);
  assert.match(err, /distill: error \[invalid_argument\]: 127\.0\.0\.1:\d+ is already in use/);
  first.child.kill('SIGTERM');
  assert.equal(await first.exited, 0);
});
