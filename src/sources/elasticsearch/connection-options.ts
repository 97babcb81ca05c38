import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, type ClientOptions } from '@elastic/elasticsearch';
import { InvalidConfigError } from '../../core/errors.js';
import { normalizeFingerprint, fetchPinnedCa } from './pin-ca.js';
import { readOnlyTransport, type AllowedRequest } from './read-only-transport.js';

/** A secret as written in the config: a literal, or the name of an environment variable holding it. */
export type SecretRef = string | { readonly env: string };

/** The `auth` block of an Elasticsearch source, as written in the config. */
export type AuthConfig =
  | { readonly apiKey: SecretRef }
  | { readonly username: SecretRef; readonly password: SecretRef }
  | { readonly bearer: SecretRef };

/** Connection settings as written in the config (validated by the config schema). */
export interface ConnectionConfig {
  readonly node: string | readonly string[];
  readonly auth?: AuthConfig | undefined;
  readonly tls?:
    | { readonly ca?: string | undefined; readonly caFingerprint?: string | undefined; readonly rejectUnauthorized: boolean }
    | undefined;
  readonly requestTimeoutMs: number;
  readonly maxRetries: number;
}

/** Resolved credentials: secrets read from the environment, never shown by `describe()`. */
export type ResolvedAuth = { readonly apiKey: string } | { readonly username: string; readonly password: string } | { readonly bearer: string };

/** Connection settings with secrets and the CA file resolved: what the client is built from. */
export interface ElasticsearchConnection {
  readonly nodes: readonly string[];
  readonly auth?: ResolvedAuth | undefined;
  /** PEM of the CA file, when `tls.ca` is set. */
  readonly ca?: string | undefined;
  /** Absolute path of the CA file (for `describe()`). */
  readonly caFile?: string | undefined;
  /** `AB:CD:…` */
  readonly caFingerprint?: string | undefined;
  readonly rejectUnauthorized: boolean;
  readonly requestTimeoutMs: number;
  readonly maxRetries: number;
}

/**
 * Resolve an Elasticsearch source's connection settings once, at the boundary: read secrets from environment
 * variables (`{ "env": "ES_API_KEY" }`) and the CA file (relative to `baseDir`).
 *
 * @throws InvalidConfigError (`invalid_config`) naming a missing environment variable or an unreadable CA file,
 *   with the JSON path of the setting (`sources.<id>.auth.apiKey`).
 */
export function resolveConnection(
  id: string,
  config: ConnectionConfig,
  options: { readonly baseDir: string; readonly env?: Readonly<Record<string, string | undefined>> },
): ElasticsearchConnection {
  const env = options.env ?? process.env;
  const at = (...keys: string[]): (string | number)[] => ['sources', id, ...keys];
  const secret = (ref: SecretRef, key: string[]): string => {
    if (typeof ref === 'string') return ref;
    const value = env[ref.env];
    if (value === undefined || value === '') {
      const message = `Environment variable ${ref.env} is not set (needed by ${at(...key).join('.')}). Set it, or write the value in the config.`;
      throw new InvalidConfigError(message, { issues: [{ code: 'missing_env', path: at(...key), message }] });
    }
    return value;
  };
  let auth: ResolvedAuth | undefined;
  const a = config.auth;
  if (a !== undefined) {
    if ('apiKey' in a) auth = { apiKey: secret(a.apiKey, ['auth', 'apiKey']) };
    else if ('bearer' in a) auth = { bearer: secret(a.bearer, ['auth', 'bearer']) };
    else auth = { username: secret(a.username, ['auth', 'username']), password: secret(a.password, ['auth', 'password']) };
  }
  let ca: string | undefined;
  let caFile: string | undefined;
  if (config.tls?.ca !== undefined) {
    caFile = path.resolve(options.baseDir, config.tls.ca);
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch (error) {
      const message = `Cannot read the CA file ${caFile} (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check "tls.ca" (relative paths start at ${options.baseDir}).`;
      throw new InvalidConfigError(message, { cause: error, issues: [{ code: 'unreadable_file', path: at('tls', 'ca'), message }] });
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) {
      const message = `The CA file ${caFile} holds no PEM certificate. Point "tls.ca" at the CA's .pem / .crt file.`;
      throw new InvalidConfigError(message, { issues: [{ code: 'invalid_certificate', path: at('tls', 'ca'), message }] });
    }
  }
  return {
    nodes: typeof config.node === 'string' ? [config.node] : [...config.node],
    auth,
    ca,
    caFile,
    caFingerprint: config.tls?.caFingerprint === undefined ? undefined : normalizeFingerprint(config.tls.caFingerprint),
    rejectUnauthorized: config.tls?.rejectUnauthorized ?? true,
    requestTimeoutMs: config.requestTimeoutMs,
    maxRetries: config.maxRetries,
  };
}

export interface ClientHooks {
  /** Called for every request that passed the read-only allow-list, before it is sent. */
  readonly onRequest?: ((request: AllowedRequest) => void) | undefined;
  /** First 429 back-off delay in ms (default 500). */
  readonly backoffMs?: number | undefined;
}

/**
 * Build the read-only client. With a pinned CA fingerprint and no CA file, the CA is first fetched from the node
 * and checked against the pin ({@link fetchPinnedCa}); certificate verification stays on. The client never sniffs
 * (sniffing calls an endpoint outside the allow-list), never compresses requests and retries connection failures
 * and 502/503/504 `maxRetries` times; 429s are retried by the read-only transport.
 *
 * @throws TlsFailedError when the pinned fingerprint matches no certificate of the node.
 */
export async function createReadOnlyClient(connection: ElasticsearchConnection, hooks: ClientHooks = {}): Promise<Client> {
  const pinFrom = pinnedCaNode(connection);
  const ca = pinFrom === undefined ? connection.ca : await fetchPinnedCa(pinFrom, connection.caFingerprint!, connection.requestTimeoutMs);
  return new Client(clientOptions(connection, ca, hooks));
}

/** Whether any node is reached over TLS. */
export function usesTls(connection: Pick<ElasticsearchConnection, 'nodes'>): boolean {
  return connection.nodes.some(isHttpsNode);
}

const isHttpsNode = (node: string): boolean => node.toLowerCase().startsWith('https:');

/**
 * The node to fetch the pinned CA from: the first HTTPS node when a fingerprint is pinned, no CA file is given and
 * verification is on; otherwise undefined (nothing to fetch).
 */
export function pinnedCaNode(connection: ElasticsearchConnection): string | undefined {
  if (connection.ca !== undefined || connection.caFingerprint === undefined || !connection.rejectUnauthorized) return undefined;
  return connection.nodes.find(isHttpsNode);
}

/**
 * The client options of a read-only client (see {@link createReadOnlyClient}): `ca` is the trusted CA's PEM (the
 * CA file's, or the pinned one fetched from the node), used only when some node speaks HTTPS.
 */
export function clientOptions(connection: ElasticsearchConnection, ca: string | undefined, hooks: ClientHooks = {}): ClientOptions {
  const https = usesTls(connection);
  return {
    node: [...connection.nodes],
    Transport: readOnlyTransport({ onRequest: hooks.onRequest, maxRetries: connection.maxRetries, backoffMs: hooks.backoffMs }),
    requestTimeout: connection.requestTimeoutMs,
    maxRetries: connection.maxRetries,
    compression: false,
    sniffOnStart: false,
    sniffInterval: false,
    sniffOnConnectionFault: false,
    name: 'distill',
    redaction: { type: 'replace' },
    ...(connection.auth === undefined ? {} : { auth: connection.auth as ClientOptions['auth'] & object }),
    ...(https
      ? {
          tls: { rejectUnauthorized: connection.rejectUnauthorized, ...(ca === undefined ? {} : { ca }) },
          ...(connection.caFingerprint === undefined ? {} : { caFingerprint: connection.caFingerprint }),
        }
      : {}),
  };
}
