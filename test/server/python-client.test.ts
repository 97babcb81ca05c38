import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { testPython } from '../helpers/python.js';
import { startTestServer, TOKEN, useraleDoc, type TestServer } from './helpers/test-server.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const py = testPython();
const python = 'python' in py ? py.python : 'python3';
const probe = 'python' in py ? spawnSync(python, ['-c', 'import ssl, requests, pandas; print(pandas.__version__, requests.__version__, ssl.OPENSSL_VERSION)'], { encoding: 'utf8' }) : undefined;
const missing = 'missing' in py ? py.missing : probe!.status !== 0 ? `${python} lacks requests or pandas (${(probe!.stderr || String(probe!.error)).trim().split('\n').at(-1)})` : undefined;
// Only a unit-only run may skip; the full suite makes the venv (scripts/python-env.mjs) and must run it.
const skip = missing !== undefined && process.env.DISTILL_TEST_ONLY_UNIT !== undefined ? missing : false;

let s: TestServer;
let certFile = '';
before(async () => {
  if (missing !== undefined && skip === false) throw new Error(missing);
  s = await startTestServer();
  certFile = path.join(s.dir, 'cert.pem');
  await writeFile(certFile, s.certPem);
});
after(() => s?.close());

interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run Python asynchronously: the server under test lives in this process and must keep answering. */
function runPython(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

function runNotebook(args: string[]): Promise<Ran> {
  return runPython([path.join(root, 'examples', 'notebook.py'), ...args], { DISTILL_URL: s.url, DISTILL_TOKEN: TOKEN, DISTILL_CERT: certFile });
}

test('the Python notebook client pins the certificate, runs pipelines and builds the same DataFrames as Distill', { skip }, async () => {
  const out = path.join(s.dir, 'summary.json');
  const r = await runNotebook(['--pipeline', 'types', '--fingerprint', s.fingerprint, '--page-size', '2', '--out', out]);
  assert.equal(r.status, 0, `notebook.py failed:\n${r.stdout}\n${r.stderr}`);
  assert.match(String(r.stdout), /Distill 0\.2\.0 at https:\/\/127\.0\.0\.1:\d+: degraded; sources: logs \(up\), missing \(DOWN\)/);
  const summary = JSON.parse(await readFile(out, 'utf8'));
  const named = await s.distill.run('types');
  assert.deepEqual(summary.named.columns, ['type', 'count']);
  assert.deepEqual(summary.named.records, named.result.kind === 'table' ? named.result.rows : undefined);
  const perUser = await s.distill.run({ steps: [{ op: 'count-by', by: ['user'], sort: 'key' }] });
  assert.deepEqual(summary.inline.records, perUser.result.kind === 'table' ? perUser.result.rows : undefined);
  // And independently of Distill: count the fixture's users by hand.
  const byUser = new Map<string | null, number>();
  for (let i = 0; i < 50; i++) {
    const user = useraleDoc(i).userId as string | null;
    byUser.set(user, (byUser.get(user) ?? 0) + 1);
  }
  assert.deepEqual(summary.inline.records, ['u1', 'u2', 'u3', null].map((user) => ({ user, count: byUser.get(user) })));
  assert.equal(summary.inline.dtypes.count, 'int64');
  assert.deepEqual(summary.paged.records, summary.inline.records);
  assert.equal(summary.paged.pages, 2);
  assert.equal(summary.health.status, 'degraded');
});

test('the Python client refuses a server whose certificate does not match the pinned fingerprint', { skip }, async () => {
  const wrong = s.fingerprint.replace(/^../, s.fingerprint.startsWith('00') ? '01' : '00');
  const r = await runNotebook(['--pipeline', 'types', '--fingerprint', wrong]);
  assert.notEqual(r.status, 0);
  assert.match(String(r.stderr), /[Ff]ingerprints did not match/);
});

test('Python\'s ssl accepts the generated certificate under strict X.509 verification (as Python 3.13 does by default)', { skip }, async () => {
  const code = [
    'import ssl, socket, sys, hashlib',
    'host, port, cafile = sys.argv[1], int(sys.argv[2]), sys.argv[3]',
    'ctx = ssl.create_default_context(cafile=cafile)',
    'ctx.verify_flags |= ssl.VERIFY_X509_STRICT',
    'with socket.create_connection((host, port)) as raw:',
    '    with ctx.wrap_socket(raw, server_hostname=host) as tls:',
    '        print(tls.version(), tls.cipher()[0], hashlib.sha256(tls.getpeercert(True)).hexdigest())',
  ].join('\n');
  for (const host of ['127.0.0.1', 'localhost']) {
    const r = await runPython(['-c', code, host, String(s.running.port), certFile]);
    assert.equal(r.status, 0, r.stderr);
    const [version, cipher, digest] = String(r.stdout).trim().split(' ');
    assert.equal(version, 'TLSv1.3');
    assert.match(cipher!, /^TLS_(AES_128_GCM|AES_256_GCM|CHACHA20_POLY1305)/);
    assert.equal(digest, s.fingerprint.replaceAll(':', '').toLowerCase());
  }
});
