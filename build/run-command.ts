import { spawn } from 'node:child_process';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run a program to completion and collect its output (the build's external tools: npm, tar, osslsigncode,
 * rcodesign, pkg on its Node). Never through a shell.
 *
 * @throws Error when the program cannot be started, or — with `check` (the default) — exits non-zero; the message
 *   holds the command and the end of its output.
 */
export function runCommand(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; check?: boolean } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (error) => reject(new Error(`Cannot run ${file}: ${error.message}`, { cause: error })));
    child.on('close', (code, signal) => {
      const result = { code: code ?? (signal === null ? 1 : 128), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
      if ((options.check ?? true) && result.code !== 0) {
        const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-25).join('\n');
        reject(new Error(`${file} ${args.join(' ')} exited with ${signal ?? result.code}:\n${tail}`));
      } else resolve(result);
    });
  });
}
