/**
 * The API's types, derived from the server's own definitions with type-only imports (nothing of zod or the server
 * reaches the bundle): sources, operators, fields, problems from the zod schemas that `/openapi.json` is generated
 * from (`src/server/openapi/schemas.ts`); results and envelopes from the core envelope types those schemas describe
 * (`src/core/pipeline/envelope.ts`; one zod schema per frame kind in `src/core/frame-kinds.ts`, and a server test
 * checks real responses against them). A change of the server's shapes breaks the app's type-check.
 */
import type { z } from 'zod';
import type { Envelope as CoreEnvelope, EventsResult as CoreEvents, GraphResult as CoreGraph, TableResult as CoreTable } from '../../../src/core/pipeline/envelope.js';
import type {
  FieldListSchema,
  OperatorListSchema,
  PageSchema,
  PipelineListSchema,
  ProblemSchema,
  SourceListSchema,
  VersionSchema,
  WarningSchema,
} from '../../../src/server/openapi/schemas.js';

export type SourceList = z.output<typeof SourceListSchema>;
export type FieldList = z.output<typeof FieldListSchema>;
export type OperatorList = z.output<typeof OperatorListSchema>;
export type PipelineList = z.output<typeof PipelineListSchema>;
export type Problem = z.output<typeof ProblemSchema>;
export type Version = z.output<typeof VersionSchema>;
export type Warning = z.output<typeof WarningSchema>;
export type TableResult = CoreTable;
export type EventsResult = CoreEvents;
export type Row = TableResult['rows'][number];

/** A graph result (`kind: "graph"`): every node has its `key`, every edge its `source` and `target`, attributes flat. */
export type GraphResult = Omit<CoreGraph, 'nodes' | 'edges'> & { readonly nodes: readonly GraphNode[]; readonly edges: readonly GraphEdge[] };
export interface GraphNode {
  readonly key: string;
  readonly [attr: string]: unknown;
}
export interface GraphEdge {
  readonly source: string;
  readonly target: string;
  readonly [attr: string]: unknown;
}

/** Any result the app draws. */
export type AnyResult = TableResult | EventsResult | GraphResult;
/** A single-output envelope as the server sends it (with `page` when `?limit=` was given). */
export type AnyEnvelope = Omit<CoreEnvelope, 'result'> & { readonly result: AnyResult; readonly page?: z.output<typeof PageSchema> };

/** A pipeline as the app sends it to POST /v1/pipelines/run. */
export interface PipelineRequest {
  readonly source?: string;
  readonly query?: Readonly<Record<string, unknown>>;
  readonly steps: readonly Readonly<Record<string, unknown>>[];
}
