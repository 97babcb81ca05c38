import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';

/** What an `openssl` run printed and how it ended. */
export interface OpensslResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Whether the OpenSSL command line runs here, for tests that check certificates with it as an independent reader.
 * Without it the test is skipped on a developer machine and fails under CI=true (.ci/run installs openssl, and
 * scripts/test-prerequisites.mjs installs it for the test files that need it): a missing tool is never a silent pass
 * there. Cost: one `openssl version` process.
 * @example test('…', async (t) => { if (!opensslAvailable(t)) return; … });
 */
export function opensslAvailable(t: TestContext): boolean {
  if (spawnSync('openssl', ['version'], { encoding: 'utf8' }).status === 0) return true;
  if (process.env.CI === 'true') assert.fail('openssl is not installed, and CI=true: .ci/run must install it');
  t.skip('openssl is not installed');
  return false;
}

/**
 * Write PEM texts to files in a fresh temporary directory, hand `run` an `openssl` runner working in it (file
 * arguments are the names given here), and remove the directory afterwards. Cost: one process per `openssl` call.
 * @example await withPemFiles({ 'ca.pem': ca.certPem }, (openssl) => openssl('x509', '-in', 'ca.pem', '-noout', '-text'));
 */
export async function withPemFiles<T>(files: Readonly<Record<string, string>>, run: (openssl: (...args: string[]) => OpensslResult, dir: string) => T | Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'distill-openssl-'));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    const openssl = (...args: string[]): OpensslResult => {
      const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    return await run(openssl, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
