import { z } from 'zod';
import { MappingSchema } from '../core/schema/mapping-schema.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const nameKey = z.string().regex(NAME, 'Names use letters, digits, "_", "." and "-", starting with a letter or digit.');

/** A mapping given by name (`userale`, or one under `schemas`) or inline. */
const SchemaRef = z
  .union([z.string().min(1), MappingSchema])
  .describe('A schema mapping: a name (the built-in "userale", or one defined under "schemas") or an inline mapping.');

export const FileSourceConfig = z
  .strictObject({
    kind: z.literal('files'),
    description: z.string().optional(),
    paths: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .describe('Files, directories or globs of JSON arrays, NDJSON/JSON Lines or gzip of either; relative to the config file.'),
    schema: SchemaRef.default('userale'),
    maxDocumentLength: z
      .number()
      .int()
      .min(1024)
      .optional()
      .describe('Longest document (NDJSON line or array element) in characters; longer ones are skipped with a document_too_large warning. Default 16777216 (16 Mi).'),
  })
  .describe('Local files: the embedded default, no server needed.');

/** A secret given inline or, better, as the name of an environment variable holding it (`{ "env": "ES_API_KEY" }`). */
const Secret = z
  .union([z.string().min(1), z.strictObject({ env: z.string().min(1).describe('Environment variable holding the value.') })])
  .describe('A literal value, or { "env": "NAME" } to read it from an environment variable (keeps secrets out of the file).');

const NodeUrl = z.url({ protocol: /^https?$/, error: 'A node is an http:// or https:// URL, e.g. https://localhost:9200.' });

export const ElasticsearchSourceConfig = z
  .strictObject({
    kind: z.literal('elasticsearch'),
    description: z.string().optional(),
    node: z.union([NodeUrl, z.array(NodeUrl).min(1)]).describe('Node URL(s), e.g. https://localhost:9200.'),
    index: z.string().min(1).describe('Index, alias, comma list or pattern (userale, userale-*).'),
    schema: SchemaRef.default('userale'),
    auth: z
      .union([
        z.strictObject({ apiKey: Secret.describe('API key (the base64 "encoded" form).') }),
        z.strictObject({ username: Secret, password: Secret }),
        z.strictObject({ bearer: Secret.describe('Bearer token.') }),
      ])
      .optional()
      .describe('Credentials: an API key, a username and password, or a bearer token.'),
    tls: z
      .strictObject({
        ca: z.string().min(1).optional().describe('PEM file of the CA that signed the node certificate; relative to the config file.'),
        caFingerprint: z
          .string()
          .regex(/^(?:[0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/, 'A SHA-256 fingerprint: 64 hex digits, colons optional (AB:CD:…).')
          .optional()
          .describe('Pin the CA by its SHA-256 fingerprint (as printed by Elasticsearch at first start).'),
        rejectUnauthorized: z
          .boolean()
          .default(true)
          .describe('Verify the node certificate. false disables verification and adds a warning to every result.'),
      })
      .optional()
      .describe('TLS settings for https:// nodes.'),
    requestTimeoutMs: z.number().int().min(1).default(30_000).describe('Timeout of each request in milliseconds.'),
    maxRetries: z.number().int().min(0).max(10).default(3).describe('Retries of a failed request (connection errors, 429/502/503/504).'),
    pageSize: z.number().int().min(1).max(10_000).default(1000).describe('Documents (or aggregation buckets) per request.'),
    slices: z.number().int().min(1).max(32).default(1).describe('Sliced point-in-time reads run in parallel.'),
    keepAlive: z
      .string()
      .regex(/^\d+[smh]$/, 'A duration such as 30s, 1m or 2h.')
      .default('1m')
      .describe('How long Elasticsearch keeps the point in time between two pages.'),
  })
  .describe('An Elasticsearch index or pattern, read-only.');

export const SourceConfig = z.discriminatedUnion('kind', [FileSourceConfig, ElasticsearchSourceConfig]);
export type SourceConfig = z.output<typeof SourceConfig>;

/** An origin a browser front end calls from: scheme, host and optional port, no path (`https://lab.example.org`). */
const Origin = z
  .string()
  .regex(/^https?:\/\/[^/\s]+$/, 'An origin is scheme://host[:port] with no path, e.g. https://jupyter.example.org or http://localhost:8888.');

/** `distill serve` settings (REST server); command-line flags override them. */
export const ServerConfig = z
  .strictObject({
    host: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe('Address to listen on. The default keeps the server on this machine; another address makes it reachable from the network (a warning is printed).'),
    port: z.number().int().min(0).max(65535).default(8443).describe('TCP port (0: any free port).'),
    tls: z
      .strictObject({
        cert: z.string().min(1).describe('PEM certificate (chain) file; relative to the config file.'),
        key: z.string().min(1).describe('PEM private key file; relative to the config file.'),
      })
      .optional()
      .describe('Your own certificate. Without it a self-signed certificate is generated on first start and kept in the Distill home.'),
    token: z
      .union([
        z.string().min(16, 'A token needs at least 16 characters.'),
        z.strictObject({ env: z.string().min(1).describe('Environment variable holding the token.') }),
      ])
      .optional()
      .describe('Bearer token clients must send, or { "env": "NAME" }. Default: DISTILL_TOKEN, else one generated on first start and stored with user-only permissions.'),
    cors: z.array(Origin).default([]).describe('Browser origins allowed to call the API (CORS); none by default.'),
    bodyLimit: z.number().int().min(1024).default(1_048_576).describe('Largest request body in bytes (413 above).'),
    maxConcurrentRuns: z.number().int().min(1).default(4).describe('Requests reading sources at once; more get 503 with Retry-After.'),
    requestTimeoutMs: z.number().int().min(1000).default(300_000).describe('Longest a request may run before it is aborted with 504.'),
    answerCacheBytes: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe("Opt-in: memory in bytes for named pipelines' JSON answers over local files, reused while every file is unchanged (e.g. 16777216). Default 0: no cache, since the requirements rule out caching transformed data unless the operator decides otherwise. Answers over 1 MiB, over Elasticsearch, globs or directories are never kept."),
    publicDocs: z.boolean().default(false).describe('Serve /openapi.json and /docs without a token (they describe the API, not data).'),
    shutdownGraceMs: z.number().int().min(0).default(5000).describe('On SIGINT/SIGTERM, how long to wait for aborted requests to finish before closing connections.'),
  })
  .describe('REST server settings (`distill serve`).');

/** The Distill configuration file. */
export const ConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    defaultSource: z.string().optional().describe('Source used when a command or pipeline names none; defaults to the first source.'),
    sources: z.record(nameKey, SourceConfig).default({}).describe('Named event sources.'),
    schemas: z.record(nameKey, MappingSchema).default({}).describe('Named schema mappings, usable by sources.'),
    plugins: z
      .array(z.string().min(1))
      .default([])
      .describe('Plugin files or directories (relative to the config file) adding operators; the plugins folder of the user directory is always read too.'),
    pipelines: z
      .record(nameKey, z.record(z.string(), z.unknown()))
      .default({})
      .describe('Named pipelines: built-in queries you can run by name (`distill run <name>`) to recreate an analysis.'),
    server: ServerConfig.optional().describe('REST server settings (`distill serve`).'),
    run: z
      .strictObject({
        sortMemoryBytes: z
          .number()
          .int()
          .min(1_048_576)
          .optional()
          .describe('Memory budget of a sort (sort steps, query sorts, partition orders) before sorted runs spill to disk. Default: a third of the JavaScript heap limit (about 1.4 GB with 16 GB of memory or more), at least 268435456 (256 MiB).'),
        scratchDir: z
          .string()
          .min(1)
          .optional()
          .describe('Parent of the private temporary directory sorts spill to (default: the OS temp directory); relative to the config file. Never the source data directory.'),
      })
      .optional()
      .describe('How pipelines run: sort memory budget and scratch space.'),
  })
  .describe('Distill configuration: sources, schema mappings and named pipelines.');

/** A config file as written (before defaults): the shape of `distill.config.json`. */
export type ConfigInput = z.input<typeof ConfigSchema>;
/** A parsed config (defaults applied), as `loadConfig` returns it. */
export type Config = z.output<typeof ConfigSchema>;

/** JSON Schema of the config file (exported to dist-config/ by scripts/export-schemas.ts). */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
}
