import { VERSION } from '../version.js';

/**
 * How the `distill` entry starts: the command line as given, or — for a single-file executable started with no
 * arguments, which is what a double-click on Windows does — the server on the bundled sample data, with plain
 * instructions first and a window that stays open when something goes wrong.
 */
export interface Launch {
  readonly argv: readonly string[];
  /** Started without arguments as an executable: print {@link DOUBLE_CLICK_INTRO}, and on failure wait for Enter. */
  readonly interactive: boolean;
}

/**
 * The server a bare executable starts: default address and port (127.0.0.1:8443), the default config chain
 * (DISTILL_CONFIG, ./distill.config.json, else the bundled sample), `/docs` readable without the token so a browser
 * can open it, the web app opened in the default browser (`--open`; DISTILL_NO_BROWSER=1 stops that), and only
 * warnings on the console — a Windows console freezes a program that writes to it while
 * the user selects text in the window, so per-request access lines would stall the server.
 */
export const DOUBLE_CLICK_ARGS: readonly string[] = ['serve', '--public-docs', '--open', '--log-level', 'warn'];

/** Decide what to run from the arguments and whether this process is a single-file executable. */
export function resolveLaunch(argv: readonly string[], isExecutable: boolean): Launch {
  if (argv.length === 0 && isExecutable) return { argv: DOUBLE_CLICK_ARGS, interactive: true };
  return { argv, interactive: false };
}

/** Printed before the server starts when the executable was started without arguments. */
export const DOUBLE_CLICK_INTRO = [
  `Distill ${VERSION}: starting the local analysis server on the bundled sample data (no arguments were given).`,
  '',
  'This window is the server. Keep it open while you work; close it or press Ctrl-C to stop Distill.',
  'When the server is ready, its address (URL), token and certificate fingerprint appear below.',
  '  - Your web browser opens the Distill app (or open the "App" address below yourself; it works once).',
  "    The browser warns that the certificate is not trusted: it is Distill's own certificate, made on this",
  '    computer. Check that the SHA-256 fingerprint the browser shows matches the one below, then continue.',
  '  - From a Python notebook, use the URL and the token below and the certificate file as verify= (see the',
  '    "Python:" line below).',
  'To analyse your own data or an Elasticsearch cluster, or to run a single analysis, use Distill from a',
  'command prompt: distill --help',
  '',
  '',
].join('\n');

/** Printed when a bare executable's server could not start or stopped with an error; then it waits for Enter. */
export const DOUBLE_CLICK_FAILED = [
  '',
  'Distill could not run (see the message above). If it says 127.0.0.1:8443 is already in use, Distill is probably',
  'running in another window already: use that one. Press Enter to close this window.',
  '',
].join('\n');

/** Is this process a Node.js single executable application? (`node:sea`, Node >= 20.12/22; false elsewhere) */
export function isSingleExecutable(): boolean {
  const sea = process.getBuiltinModule?.('node:sea') as { isSea?: () => boolean } | undefined;
  return sea?.isSea?.() === true;
}
