import { main } from '../cli/main.js';
import { DOUBLE_CLICK_FAILED, DOUBLE_CLICK_INTRO, isSingleExecutable, resolveLaunch } from './launch.js';

/**
 * The `distill` executable: the CLI, with Ctrl-C aborting reads cleanly (exit 130). A single-file executable
 * started without arguments (double-clicked) serves the bundled sample instead (see launch.ts). No top-level
 * await, so the same file bundles to CommonJS for the single-file executables (build/bundle.ts).
 */
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // A closed pipe (`distill … | head`) is a normal end, not a failure.
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const launch = resolveLaunch(process.argv.slice(2), isSingleExecutable());
if (launch.interactive) process.stdout.write(DOUBLE_CLICK_INTRO);
void main(launch.argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  stderrIsTTY: process.stderr.isTTY === true,
  signal: controller.signal,
}).then((code) => {
  process.exitCode = code;
  // Keep a double-clicked window open long enough to read why it failed.
  if (launch.interactive && code !== 0 && code !== 130 && process.stdin.isTTY === true) {
    process.stdout.write(DOUBLE_CLICK_FAILED);
    process.stdin.resume();
    process.stdin.once('data', () => process.exit(code));
  }
});
