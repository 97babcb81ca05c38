import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
  /** Milliseconds from spawn to exit, and to the first byte on standard output. */
  readonly ms: number;
  readonly firstOutputMs: number | undefined;
}

export interface RunOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly timeoutMs?: number;
  /**
   * Give the program files instead of pipes for standard output and error. Node under Wine cannot open pipe
   * handles as streams (`Error: open EBADF` in `createWritableStdioStream`); a Windows console or file works.
   */
  readonly files?: boolean;
}

/** Run a CLI to completion, keeping standard output as bytes (for byte-for-byte comparisons). Bounded by `timeoutMs`. */
export function runCli(command: string, args: readonly string[], options: RunOptions): Promise<CliRun> {
  if (options.files === true) return runWithFiles(command, args, options);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let firstOutputMs: number | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.stdout.on('data', (d: Buffer) => {
      firstOutputMs ??= performance.now() - started;
      out.push(d);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr: err, ms: performance.now() - started, firstOutputMs });
    });
  });
}

function runWithFiles(command: string, args: readonly string[], options: RunOptions): Promise<CliRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'distill-run-'));
  const outFile = path.join(dir, 'stdout');
  const errFile = path.join(dir, 'stderr');
  const outFd = openSync(outFile, 'w');
  const errFd = openSync(errFile, 'w');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { env: options.env, cwd: options.cwd, stdio: ['ignore', outFd, errFd] });
    closeSync(outFd);
    closeSync(errFd);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    const done = (): void => rmSync(dir, { recursive: true, force: true });
    child.once('error', (error) => {
      clearTimeout(timer);
      done();
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      const result = { code, stdout: readFileSync(outFile), stderr: readFileSync(errFile, 'utf8'), ms: performance.now() - started, firstOutputMs: undefined };
      done();
      resolve(result);
    });
  });
}

/**
 * An envelope with the fields that differ between any two runs masked: `request.now` (the instant `now` stood for)
 * and `stats.tookMs`. Everything else must be equal byte for byte after re-serialising.
 */
export function maskEnvelope(json: string): string {
  const envelope = JSON.parse(json) as { request?: { now?: unknown }; stats?: { tookMs?: unknown } };
  if (envelope.request !== undefined && 'now' in envelope.request) envelope.request.now = '<now>';
  if (envelope.stats !== undefined && 'tookMs' in envelope.stats) envelope.stats.tookMs = '<tookMs>';
  return JSON.stringify(envelope);
}
