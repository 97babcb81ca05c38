import { z } from 'zod';
import type { Query } from '../query/query-schema.js';

/** Output formats: json, ndjson and csv for every result kind; gexf, graphml and dot for graphs. */
export const OUTPUT_FORMATS = ['json', 'ndjson', 'csv', 'gexf', 'graphml', 'dot'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Names of outputs: identifiers usable as file names, CLI values and JSON keys. */
export const OUTPUT_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

const StepSchema = z
  .looseObject({ op: z.string().min(1).describe('Operator name (see `distill ops`).') })
  .describe('A step: the operator name under "op" and its params beside it.');

/** The pipeline document: `{ source, query, steps, output }`. Step params are checked against the registry. */
export const PipelineSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().optional().describe('A name for the analysis (echoed in the envelope).'),
    description: z.string().optional(),
    source: z.string().min(1).optional().describe('Name of a configured source; defaults to the config\'s default source.'),
    query: z.unknown().optional().describe('Which events to read (see the query model).'),
    steps: z.array(StepSchema).default([]).describe('Operators applied in order (shared by every output).'),
    outputs: z
      .record(z.string().regex(OUTPUT_NAME, 'An output name starts with a letter and holds letters, digits, "_" and "-" (at most 64).'), z.array(StepSchema))
      .optional()
      .describe('Several answers from one read: each named output applies its own steps after the shared `steps`. The envelope then has `results` (one per output) instead of `result`.'),
    output: z
      .strictObject({
        format: z.enum(OUTPUT_FORMATS).default('json'),
        records: z.enum(['edges', 'nodes']).optional().describe('Graph results as NDJSON/CSV: one record per edge (default) or per node.'),
      })
      .default({ format: 'json' })
      .describe('Output format.'),
    strict: z.boolean().default(false).describe('Fail on malformed or unmappable input instead of skipping and reporting it.'),
  })
  .describe('A Distill pipeline.');

export type PipelineInput = z.input<typeof PipelineSchema>;

/** A step after validation: its operator and its params with defaults applied. */
export interface NormalizedStep {
  readonly op: string;
  readonly params: Record<string, unknown>;
}

/** A validated, normalised pipeline: what runs, and what the envelope echoes as `request`. */
export interface NormalizedPipeline {
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly source: string;
  readonly query: Query;
  readonly steps: readonly NormalizedStep[];
  /** Named outputs, each with its own steps after the shared ones (absent for single-output pipelines). */
  readonly outputs?: Readonly<Record<string, readonly NormalizedStep[]>> | undefined;
  readonly output: { readonly format: OutputFormat; readonly records?: 'edges' | 'nodes' | undefined };
  readonly strict: boolean;
}
