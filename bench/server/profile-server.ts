/**
 * CPU profile of the benchmark's server process under one target's load: forks bench-server.ts with `--cpu-prof`,
 * drives `clients` keep-alive HTTPS clients at one path for `seconds`, stops the server and prints the profile's
 * path and its top self-time functions.
 *
 *   npx tsx bench/server/profile-server.ts GET /v1/health [clients=16] [seconds=5]
 *   npx tsx bench/server/profile-server.ts POST /v1/pipelines/small-types/run
 *   PROFILE_APP=uncached npx tsx bench/server/profile-server.ts POST /v1/pipelines/small-types/run   # answer cache off
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { generateSelfSignedCertificate } from '../../src/server/tls/self-signed-certificate.js';
import { generateToken } from '../../src/server/token.js';

const [method = 'GET', target = '/v1/health', clientsArg = '16', secondsArg = '5'] = process.argv.slice(2);
const clients = Number(clientsArg);
const seconds = Number(secondsArg);
const profDir = mkdtempSync(path.join(os.tmpdir(), 'distill-prof-'));
const { certPem, keyPem } = generateSelfSignedCertificate();
const token = generateToken();
const child = fork(path.join(import.meta.dirname, 'bench-server.ts'), [], {
  execArgv: ['--import', 'tsx', '--cpu-prof', `--cpu-prof-dir=${profDir}`],
  env: { ...process.env, BENCH_CERT: certPem, BENCH_KEY: keyPem, BENCH_TOKEN: token },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const ready = await new Promise<{ distill: number; uncached: number }>((resolve) => child.on('message', (m: { type: string; distill: number; uncached: number }) => m.type === 'ready' && resolve(m)));
const port = process.env.PROFILE_APP === 'uncached' ? ready.uncached : ready.distill;
const agent = new https.Agent({ ca: certPem, keepAlive: true, maxSockets: clients });
let done = 0;
const deadline = performance.now() + seconds * 1000;
const one = (): Promise<void> =>
  new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, method, path: target, headers: { Authorization: `Bearer ${token}` }, agent }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
      res.resume();
      res.on('end', () => {
        done++;
        resolve();
      });
    });
    req.on('error', reject);
    req.end();
  });
await Promise.all(Array.from({ length: clients }, async () => {
  while (performance.now() < deadline) await one();
}));
agent.destroy();
child.send({ type: 'stop' });
await new Promise((resolve) => child.on('exit', resolve));
const file = path.join(profDir, readdirSync(profDir)[0]!);
interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number; children?: number[] }
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };
const self = new Map<string, number>();
const total = profile.samples.length;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const counts = new Map<number, number>();
for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
for (const [id, c] of counts) {
  const n = byId.get(id)!;
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + c);
}
console.log(`${done} requests in ${seconds} s (${(done / seconds).toFixed(0)} rps); profile ${file}; ${total} samples`);
for (const [k, c] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 40))) console.log(`${((100 * c) / total).toFixed(1).padStart(5)}%  ${k}`);
