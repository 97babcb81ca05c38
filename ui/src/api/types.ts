/**
 * The API's types, derived from the server's own zod schemas — the same schemas the OpenAPI document at
 * /openapi.json is generated from (`src/server/openapi/schemas.ts`). Type-only imports: nothing of zod or the
 * server reaches the bundle, and a change of the server's response shapes breaks the app's type-check.
 */
import type { z } from 'zod';
import type {
  EnvelopeSchema,
  FieldListSchema,
  OperatorListSchema,
  PipelineListSchema,
  ProblemSchema,
  SourceListSchema,
  VersionSchema,
  WarningSchema,
} from '../../../src/server/openapi/schemas.js';

export type Envelope = z.output<typeof EnvelopeSchema>;
export type SourceList = z.output<typeof SourceListSchema>;
export type FieldList = z.output<typeof FieldListSchema>;
export type OperatorList = z.output<typeof OperatorListSchema>;
export type PipelineList = z.output<typeof PipelineListSchema>;
export type Problem = z.output<typeof ProblemSchema>;
export type Version = z.output<typeof VersionSchema>;
export type Warning = z.output<typeof WarningSchema>;
export type TableResult = Extract<Envelope['result'], { kind: 'table' }>;
export type EventsResult = Extract<Envelope['result'], { kind: 'events' }>;
export type Row = TableResult['rows'][number];

/**
 * A graph result as the foundation's graph frame serialises it (`kind: "graph"`, docs/pipelines.md): nodes and
 * edges with flat attributes (`count`, metrics…).
 */
export interface GraphResult {
  readonly kind: 'graph';
  readonly directed: boolean;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly nodeCount: number;
  readonly edgeCount: number;
}
export interface GraphNode {
  readonly key: string;
  readonly [attr: string]: unknown;
}
export interface GraphEdge {
  readonly source: string;
  readonly target: string;
  readonly [attr: string]: unknown;
}

/** A pipeline as the app sends it to POST /v1/pipelines/run. */
export interface PipelineRequest {
  readonly source?: string;
  readonly query?: Readonly<Record<string, unknown>>;
  readonly steps: readonly Readonly<Record<string, unknown>>[];
}

/** Any result the app draws: the table and events kinds of the schema, and graphs. */
export type AnyResult = Envelope['result'] | GraphResult;
export type AnyEnvelope = Omit<Envelope, 'result'> & { readonly result: AnyResult };
