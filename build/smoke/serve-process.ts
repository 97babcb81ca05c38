import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BANNER_END, parseBanner, type ServeBanner } from './parse-banner.js';

export interface ServingProcess {
  readonly banner: ServeBanner;
  /** Everything printed on standard output up to and including the banner. */
  readonly stdout: string;
  /** Milliseconds from spawn to the complete banner. */
  readonly readyMs: number;
  readonly child: ChildProcess;
  /** SIGTERM (graceful shutdown), then the exit code; SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<number | null>;
  /** Standard error so far (the access log, warnings). */
  stderr(): string;
}

/**
 * Start a server process (an executable with no arguments, `node bundle.cjs serve`, `wine distill.exe …`) and wait
 * until it has printed its banner; parse the banner. Bounded by `timeoutMs`; a process that exits first fails with
 * its output.
 */
export function startServing(
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs?: number; files?: boolean },
): Promise<ServingProcess> {
  return options.files === true ? startWithFiles(command, args, options) : startWithPipes(command, args, options);
}

function startWithPipes(command: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs?: number }): Promise<ServingProcess> {
  const started = performance.now();
  const child = spawn(command, [...args], { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (graceMs = 10_000): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop(1000);
      reject(new Error(`${command} printed no banner within ${options.timeoutMs ?? 30_000} ms.\nstdout:\n${out}\nstderr:\n${err}`));
    }, options.timeoutMs ?? 30_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code}) before it was ready.\nstdout:\n${out}\nstderr:\n${err}`));
    });
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (!out.includes(BANNER_END)) return;
      clearTimeout(timer);
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      try {
        resolve({ banner: parseBanner(out), stdout: out, readyMs: performance.now() - started, child, stop, stderr: () => err });
      } catch (error) {
        void stop(1000);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

/**
 * The same with standard output and error going to files, polled for the banner: Node under Wine cannot use pipe
 * handles as its standard streams (see run-cli.ts).
 */
function startWithFiles(command: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs?: number }): Promise<ServingProcess> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'distill-serve-'));
  const outFile = path.join(dir, 'stdout');
  const errFile = path.join(dir, 'stderr');
  const outFd = openSync(outFile, 'w');
  const errFd = openSync(errFile, 'w');
  const started = performance.now();
  const child = spawn(command, [...args], { env: options.env, cwd: options.cwd, stdio: ['ignore', outFd, errFd] });
  closeSync(outFd);
  closeSync(errFd);
  const read = (file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (graceMs = 10_000): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
    return child.exitCode;
  };
  return new Promise((resolve, reject) => {
    const deadline = started + (options.timeoutMs ?? 30_000);
    let finished = false;
    void exited.then((code) => {
      if (finished) return;
      finished = true;
      reject(new Error(`${command} exited (${code}) before it was ready.\nstdout:\n${read(outFile)}\nstderr:\n${read(errFile)}`));
    });
    child.once('error', (error) => {
      finished = true;
      reject(error);
    });
    const poll = (): void => {
      if (finished) return;
      const out = read(outFile);
      if (out.includes(BANNER_END)) {
        finished = true;
        try {
          resolve({ banner: parseBanner(out), stdout: out, readyMs: performance.now() - started, child, stop, stderr: () => read(errFile) });
        } catch (error) {
          void stop(1000);
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      } else if (performance.now() > deadline) {
        finished = true;
        const err = read(errFile);
        void stop(1000);
        reject(new Error(`${command} printed no banner in time.\nstdout:\n${out}\nstderr:\n${err}`));
      } else setTimeout(poll, 50);
    };
    poll();
  });
}
