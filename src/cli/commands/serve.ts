import type { Command } from '../context.js';
import { GLOBAL_FLAGS } from '../common-flags.js';
import { InvalidArgumentError } from '../../core/errors.js';
import type { LogLevel } from '../../server/logger.js';

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the REST API over HTTPS (TLS always, bearer token, OpenAPI at /openapi.json, docs at /docs).',
  usage: 'distill serve [--host 127.0.0.1] [--port 8443] [--cert <file> --key <file>] [--cors <origin>]... [--public-docs] [--config <file>]',
  details:
    'Listens on 127.0.0.1:8443 by default. Without --cert/--key (or server.tls in the config) a self-signed certificate is\n' +
    'generated on first start and kept in the Distill home ($DISTILL_HOME, else ~/.config/distill, %APPDATA%\\Distill,\n' +
    '~/Library/Application Support/Distill), with the bearer token (DISTILL_TOKEN overrides it). Prints the URL, the token\n' +
    'when it is new, the certificate\'s SHA-256 fingerprint and how to pin it. Access log: JSON lines on standard error.\n' +
    'Ctrl-C or SIGTERM shuts down gracefully. See docs/server.md.',
  flags: {
    ...GLOBAL_FLAGS,
    host: { type: 'string', value: '<address>', description: 'Address to listen on (default 127.0.0.1; another address is reachable from the network).' },
    port: { type: 'number', short: 'p', value: '<port>', description: 'Port (default 8443; 0 picks a free one).' },
    cert: { type: 'string', value: '<file>', description: 'Your PEM certificate (with --key); default: the generated self-signed one.' },
    key: { type: 'string', value: '<file>', description: 'Private key of --cert (PEM).' },
    token: { type: 'string', value: '<token>', description: 'Bearer token (discouraged: visible in the process list; use DISTILL_TOKEN).' },
    cors: { type: 'string', multiple: true, value: '<origin>', description: 'Allow browser calls from this origin (e.g. http://localhost:8888).' },
    'public-docs': { type: 'boolean', description: 'Serve /openapi.json and /docs without a token.' },
    'request-timeout': { type: 'number', value: '<ms>', description: 'Abort requests running longer (default 300000).' },
    'log-level': { type: 'string', value: '<level>', description: 'debug, info (default), warn or error.' },
    open: { type: 'boolean', description: 'Open the web app in the default browser (signed in); DISTILL_NO_BROWSER=1 or CI turns it off.' },
  },
  async run(args, context) {
    const { io } = context;
    const f = args.flags;
    const level = f['log-level'] as string | undefined;
    if (level !== undefined && !(LOG_LEVELS as readonly string[]).includes(level)) {
      throw new InvalidArgumentError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${level}".`);
    }
    const port = f.port as number | undefined;
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new InvalidArgumentError(`--port must be an integer from 0 to 65535, got ${port}.`);
    // Loaded on demand: other commands start without koa, the router and the TLS code.
    const [{ startServer }, { formatBanner }] = await Promise.all([import('../../server/start-server.js'), import('../../server/banner.js')]);
    const started = await startServer({
      config: f.config as string | undefined,
      cwd: io.cwd,
      env: io.env,
      logSink: io.stderr,
      logLevel: level as LogLevel | undefined,
      flags: {
        host: f.host as string | undefined,
        port,
        cert: f.cert as string | undefined,
        key: f.key as string | undefined,
        token: f.token as string | undefined,
        cors: f.cors as string[] | undefined,
        publicDocs: f['public-docs'] as boolean | undefined,
        requestTimeoutMs: f['request-timeout'] as number | undefined,
      },
    });
    io.stdout.write(formatBanner(started));
    if (f.open === true) {
      const { openBrowser, shouldOpenBrowser } = await import('../../server/open-browser.js');
      if (shouldOpenBrowser(io.env)) openBrowser(started.signInUrl, (message) => started.logger.warn(message));
    }
    await stopRequested(io.signal);
    await started.stop();
    return 0;
  },
};

/**
 * Resolves on SIGINT or SIGTERM (or when the CLI's abort signal fires). The command owns the process while it
 * serves, so it listens to both signals itself; a second Ctrl-C falls through to Node's default and exits at once.
 */
function stopRequested(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (signal?.aborted === true) done();
    else signal?.addEventListener('abort', done, { once: true });
  });
}
