import path from 'node:path';
import type { ConfigInput } from '../config/config-schema.js';
import { ServerConfig } from '../config/config-schema.js';
import { userDir } from '../config/user-dirs.js';
import { InvalidConfigError } from '../core/errors.js';
import type { OperatorRegistry } from '../core/pipeline/registry.js';
import { openDistill, type Distill } from '../distill.js';
import { createApp, type DistillApp } from './app.js';
import { listen, type RunningServer } from './listen.js';
import { createLogger, type LogLevel, type LogSink, type Logger } from './logger.js';
import { ensureCertificate, type ServerCertificate } from './tls/ensure-certificate.js';
import { resolveToken, type ResolvedToken } from './token.js';

/** Settings given on the command line; each overrides the config's `server` block. */
export interface ServeFlags {
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly cert?: string | undefined;
  readonly key?: string | undefined;
  readonly token?: string | undefined;
  readonly cors?: readonly string[] | undefined;
  readonly publicDocs?: boolean | undefined;
  readonly requestTimeoutMs?: number | undefined;
}

/** Options of {@link startServer}: the config, working directory, environment, flags and where the log goes. */
export interface StartOptions {
  /** Config file path or object (default: DISTILL_CONFIG, ./distill.config.json, the bundled sample). */
  readonly config?: string | ConfigInput | undefined;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly flags?: ServeFlags | undefined;
  /** Where the structured log goes (stderr). */
  readonly logSink: LogSink;
  readonly logLevel?: LogLevel | undefined;
  readonly registry?: OperatorRegistry | undefined;
}

/** A started `distill serve`. */
export interface StartedServer {
  readonly running: RunningServer;
  readonly app: DistillApp;
  readonly distill: Distill;
  readonly certificate: ServerCertificate;
  readonly token: ResolvedToken;
  /** The Distill home (generated certificate and token). */
  readonly home: string;
  readonly logger: Logger;
  /** A one-time address that signs a browser in and opens the web app (`/login?secret=…`). */
  readonly signInUrl: string;
  /** Things the operator should know (non-loopback address, token on the command line). */
  readonly notices: readonly string[];
  /** Graceful shutdown, then release the sources. */
  stop(): Promise<void>;
}

const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|::1|localhost)$/;

/**
 * Compose `distill serve`: open Distill with the config, settle the settings (flags over the config's `server`
 * block over defaults), get the certificate (given, stored or generated) and the token (flag, DISTILL_TOKEN,
 * config, stored or generated), build the app and listen over HTTPS.
 *
 * @throws InvalidConfigError, InvalidArgumentError (address in use, bad TLS files, short token), SourceNotFoundError.
 */
export async function startServer(options: StartOptions): Promise<StartedServer> {
  const distill = await openDistill({ config: options.config, cwd: options.cwd, registry: options.registry });
  const flags = options.flags ?? {};
  const settings = ServerConfig.parse(distill.loaded.config.server ?? {});
  const home = userDir({ env: options.env });
  const base = distill.loaded.baseDir;
  const certFile = flags.cert ?? (settings.tls === undefined ? undefined : path.resolve(base, settings.tls.cert));
  const keyFile = flags.key ?? (settings.tls === undefined ? undefined : path.resolve(base, settings.tls.key));
  const certificate = await ensureCertificate({
    certFile: certFile === undefined ? undefined : path.resolve(options.cwd, certFile),
    keyFile: keyFile === undefined ? undefined : path.resolve(options.cwd, keyFile),
    home,
  });
  const token = await resolveToken({ flag: flags.token, env: options.env.DISTILL_TOKEN, config: configToken(settings.token, options.env), home });
  const logger = createLogger(options.logSink, { level: options.logLevel, batch: true });
  const host = flags.host ?? settings.host;
  const notices: string[] = [];
  if (!LOOPBACK.test(host)) {
    notices.push(
      `Listening on ${host}, not only on this machine: anyone on the network who has the token can read the configured sources.` +
        (certificate.origin === 'user' ? '' : ' The generated certificate names only localhost, 127.0.0.1 and ::1; give your own with --cert/--key for other host names.'),
    );
  }
  if (token.origin === 'flag') notices.push('--token is visible to other users in the process list; prefer the DISTILL_TOKEN environment variable.');
  const app = createApp({
    distill,
    token: token.token,
    logger,
    cors: flags.cors ?? settings.cors,
    publicDocs: flags.publicDocs ?? settings.publicDocs,
    limits: { bodyBytes: settings.bodyLimit, requestTimeoutMs: flags.requestTimeoutMs ?? settings.requestTimeoutMs, maxConcurrentRuns: settings.maxConcurrentRuns, answerCacheBytes: settings.answerCacheBytes },
  });
  let running: RunningServer;
  try {
    running = await listen(app, {
      host,
      port: flags.port ?? settings.port,
      cert: certificate.certPem,
      key: certificate.keyPem,
      shutdownGraceMs: settings.shutdownGraceMs,
    });
  } catch (error) {
    await distill.close();
    throw error;
  }
  for (const notice of notices) logger.warn(notice);
  logger.info('listening', { url: running.url, fingerprint: certificate.fingerprint, config: distill.loaded.file });
  let stopping: Promise<void> | undefined;
  const local = running.host === '0.0.0.0' || running.host === '::' ? `https://127.0.0.1:${running.port}` : running.url;
  return {
    signInUrl: `${local}/login?secret=${app.browser.issueSecret()}`,
    running,
    app,
    distill,
    certificate,
    token,
    home,
    logger,
    notices,
    stop: () =>
      (stopping ??= (async () => {
        logger.info('shutting down', { inFlight: app.work.size });
        await running.close();
        await distill.close();
        logger.info('stopped');
      })()),
  };
}

function configToken(value: string | { env: string } | undefined, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  const found = env[value.env];
  if (found === undefined || found === '') {
    throw new InvalidConfigError(`server.token names the environment variable ${value.env}, which is not set.`, {
      issues: [{ code: 'missing_env', path: ['server', 'token', 'env'], message: `Set ${value.env}, or remove server.token to use DISTILL_TOKEN or a generated token.` }],
    });
  }
  return found;
}
