import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** What a `distill` child process printed and how it exited. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run the real `distill` CLI (src/bin/distill.ts through tsx, loaded by absolute URL so any working directory
 * works) as a child process, with `DISTILL_CONFIG` cleared so the developer's environment does not leak in.
 */
export function runDistill(args: readonly string[], options: { cwd: string; env?: Readonly<Record<string, string>> }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(root, 'src/bin/distill.ts'), ...args], {
      cwd: options.cwd,
      env: { ...process.env, DISTILL_CONFIG: '', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
