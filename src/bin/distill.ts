import { main } from '../cli/main.js';

/**
 * The `distill` executable: the CLI, with Ctrl-C aborting reads cleanly (exit 130). No top-level await, so the
 * same file bundles to CommonJS for the single-file executables.
 */
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // A closed pipe (`distill … | head`) is a normal end, not a failure.
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
void main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  stderrIsTTY: process.stderr.isTTY === true,
  signal: controller.signal,
}).then((code) => {
  process.exitCode = code;
});
