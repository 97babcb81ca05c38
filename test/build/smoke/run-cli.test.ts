import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskEnvelope, runCli } from '../../../build/smoke/run-cli.js';

test('request.now and stats.tookMs are masked; everything else is kept in order', () => {
  const a = '{"distill":{"version":"0.2.0"},"request":{"steps":[],"now":"2026-01-01T00:00:00.000Z"},"result":{"rows":[1]},"stats":{"scanned":5,"tookMs":12.5},"warnings":[]}';
  const b = a.replace('2026-01-01T00:00:00.000Z', '2027-02-02T00:00:00.000Z').replace('12.5', '3');
  assert.equal(maskEnvelope(a), maskEnvelope(b));
  assert.equal(maskEnvelope(a), '{"distill":{"version":"0.2.0"},"request":{"steps":[],"now":"<now>"},"result":{"rows":[1]},"stats":{"scanned":5,"tookMs":"<tookMs>"},"warnings":[]}');
  assert.notEqual(maskEnvelope(a), maskEnvelope(a.replace('"rows":[1]', '"rows":[2]')));
});

test('output is kept as bytes, through pipes or through files', async () => {
  const script = 'process.stdout.write(Buffer.from([0xe9, 0x0a])); process.stderr.write("warn")';
  for (const files of [false, true]) {
    const run = await runCli(process.execPath, ['-e', script], { env: process.env, cwd: process.cwd(), files });
    assert.equal(run.code, 0);
    assert.deepEqual([...run.stdout], [0xe9, 0x0a]);
    assert.equal(run.stderr, 'warn');
  }
});
