import { z } from 'zod';
import { OUTPUT_FORMATS } from '../../core/pipeline/pipeline-schema.js';
import { ERROR_CODES } from './error-codes.js';
import { CanonicalEventSchema, FRAME_KIND_SPECS } from '../../core/frame-kinds.js';
import { FRAME_KINDS } from '../../core/frame.js';

/**
 * Zod schemas of what the server sends back (and of the request bodies' outer shapes), turned into the OpenAPI
 * document's component schemas. They describe the envelope of `core/pipeline/envelope.ts` and the problem of
 * `problem.ts`; a test checks real responses against them.
 */

export const IssueSchema = z
  .object({
    code: z.string().describe('Stable reason: invalid_type, unknown_key, unknown_operator, invalid_json, …'),
    path: z.array(z.union([z.string(), z.number()])).describe('JSON path of the offending part (of the body, or ["query", name] / ["headers", name]).'),
    message: z.string().describe('What is wrong and how to fix it.'),
  })
  .describe('One problem in the input.');

export const ProblemSchema = z
  .object({
    type: z.string().describe('https://distill.dev/problems/<code>: stable per error class.'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().describe('What failed and how to fix it.'),
    code: z.enum(ERROR_CODES).describe('Stable error code.'),
    instance: z.string().describe('urn:distill:request:<request id>'),
    requestId: z.string().describe('Also in the X-Request-Id header and the server log.'),
    issues: z.array(IssueSchema),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .describe('RFC 9457 problem details.');


export { CanonicalEventSchema };

export const StatsSchema = z.object({
  scanned: z.number().int(),
  matched: z.number().int(),
  skipped: z.number().int(),
  tookMs: z.number(),
  pushedDown: z.array(z.string()),
});

export const WarningSchema = z.object({
  code: z.string(),
  message: z.string(),
  count: z.number().int(),
  file: z.string().optional(),
  lines: z.array(z.number().int()).optional(),
});

/** A result of any kind: one schema per entry of the kind table (core/frame-kinds.ts). */
const ResultSchema = z.union(FRAME_KINDS.map((k) => FRAME_KIND_SPECS[k].schema) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);

export const PageSchema = z
  .object({
    limit: z.number().int(),
    offset: z.number().int(),
    next: z.string().nullable().describe('Cursor of the next page (?cursor=), null on the last page.'),
  })
  .describe('Present when ?limit= was given.');

export const EnvelopeSchema = z
  .object({
    distill: z.object({ version: z.string() }),
    request: z.record(z.string(), z.unknown()).describe('The normalised pipeline that ran, with `now`: enough to recreate the analysis.'),
    source: z.object({ id: z.string(), kind: z.string() }),
    result: ResultSchema.optional().describe('The result of a single-output pipeline.'),
    results: z.record(z.string(), ResultSchema).optional().describe('Pipelines with named outputs: one result per output, from one read.'),
    stats: StatsSchema,
    warnings: z.array(WarningSchema),
    page: PageSchema.optional(),
  })
  .describe('The result envelope.');

const Capabilities = z.object({ filter: z.boolean(), sort: z.boolean(), aggregate: z.boolean() });

export const SourceDescriptionSchema = z.object({
  id: z.string(),
  kind: z.string(),
  schema: z.string(),
  capabilities: Capabilities,
  description: z.string().optional(),
  details: z.record(z.string(), z.unknown()),
});

export const SourceListSchema = z.object({ defaultSource: z.string(), sources: z.array(SourceDescriptionSchema) });

export const FieldInfoSchema = z.object({
  field: z.string(),
  types: z.array(z.string()),
  count: z.number().int(),
  roles: z.array(z.string()),
  examples: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
});

export const FieldListSchema = z.object({ source: z.string(), sample: z.number().int(), fields: z.array(FieldInfoSchema) });

export const OperatorDescriptionSchema = z.object({
  name: z.string(),
  summary: z.string(),
  description: z.string(),
  accepts: z.array(z.enum(FRAME_KINDS)),
  produces: z.record(z.string(), z.string()),
  origin: z.string(),
  params: z.record(z.string(), z.unknown()).describe('JSON Schema of the params.'),
  examples: z.array(z.object({ description: z.string(), params: z.unknown() })),
});

export const OperatorListSchema = z.object({ operators: z.array(OperatorDescriptionSchema) });

export const PipelineListSchema = z.object({
  pipelines: z.array(z.object({ name: z.string(), description: z.string().optional(), pipeline: z.record(z.string(), z.unknown()) })),
});

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']).describe('degraded: a source is unreachable (the server itself is up).'),
  version: z.string().optional().describe('Only for requests with a valid token (as uptimeS and sources).'),
  uptimeS: z.number().optional(),
  sources: z
    .array(
      z.object({
        id: z.string(),
        kind: z.string(),
        reachable: z.boolean(),
        ms: z.number(),
        error: z.object({ code: z.string(), message: z.string() }).optional(),
      }),
    )
    .optional(),
});

export const VersionSchema = z.object({ distill: z.string(), api: z.string(), node: z.string(), platform: z.string(), arch: z.string() });

/** Outer shape of POST /v1/query (the query itself is checked by the pipeline parser). */
export const QueryRequestShape = {
  source: z.string().min(1).optional().describe('A configured source (default: the config\'s default source).'),
  format: z.enum(OUTPUT_FORMATS).optional().describe('Result format when neither ?format= nor a specific Accept type is given.'),
  strict: z.boolean().optional().describe('Fail on malformed or unmappable documents instead of skipping and reporting them.'),
};

/** Outer shape of POST /v1/operators/{name}/run. */
export const OperatorRunShape = {
  source: z.string().min(1).optional().describe('A configured source (overrides ?source=).'),
  strict: z.boolean().optional(),
  format: z.enum(OUTPUT_FORMATS).optional(),
};

/** Body of POST /v1/pipelines/{name}/run (optional). */
export const NamedRunRequestSchema = z
  .strictObject({
    source: z.string().min(1).optional().describe('Run the named pipeline over another configured source.'),
    strict: z.boolean().optional(),
  })
  .describe('Optional overrides for a named pipeline.');
