import { EnvelopeSchema } from './schemas.js';
import { OUTPUT_FORMATS } from '../../core/pipeline/pipeline-schema.js';
import type { DocContext, OpenApiObject } from '../route.js';
import { STATS_TRAILER, WARNINGS_TRAILER } from '../send-run.js';

/** `application/json` content of a component schema. */
export function jsonContent(c: DocContext, name: string, schema: Parameters<DocContext['ref']>[1]): OpenApiObject {
  return { 'application/json': { schema: c.ref(name, schema, 'output') } };
}

/** The query-string parameters of every run route: format and pagination. */
export function runParameters(): OpenApiObject[] {
  return [
    {
      name: 'format',
      in: 'query',
      required: false,
      description: 'Result format; overrides the Accept header and the pipeline\'s output.format.',
      schema: { type: 'string', enum: [...OUTPUT_FORMATS] },
    },
    {
      name: 'output',
      in: 'query',
      required: false,
      description: 'A pipeline with named outputs: run and return only this output (needed for NDJSON, CSV, graph files and paging).',
      schema: { type: 'string' },
    },
    {
      name: 'limit',
      in: 'query',
      required: false,
      description: 'Page size: return at most this many records and a cursor for the next page (page.next, Distill-Next-Cursor).',
      schema: { type: 'integer', minimum: 1, maximum: 10000 },
    },
    {
      name: 'cursor',
      in: 'query',
      required: false,
      description: 'The next-page cursor of the previous page (with the same body, route and limit).',
      schema: { type: 'string' },
    },
  ];
}

/** The 200 response of a run: the envelope as JSON, or records as NDJSON or CSV (with statistics as trailers). */
export function runResponses(c: DocContext): Record<string, OpenApiObject> {
  return {
    '200': {
      description:
        `The result. JSON: the envelope (streamed). NDJSON and CSV: records only, streamed as they are produced; statistics and warnings follow as HTTP trailers ${STATS_TRAILER} and ${WARNINGS_TRAILER} (compact JSON). A failure after the first bytes cuts the connection (truncated body), never a false success.`,
      headers: {
        'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
        'Distill-Next-Cursor': { description: 'Cursor of the next page (paged requests only).', schema: { type: 'string' } },
        Link: { description: '<…?cursor=…>; rel="next" (paged requests only).', schema: { type: 'string' } },
        Trailer: { description: `"${STATS_TRAILER}, ${WARNINGS_TRAILER}" for NDJSON and CSV.`, schema: { type: 'string' } },
      },
      content: {
        'application/json': { schema: c.ref('Envelope', EnvelopeSchema, 'output') },
        'application/x-ndjson': { schema: { type: 'string', description: 'One JSON record (event or row) per line.' } },
        'text/csv': { schema: { type: 'string', description: 'A header line of column names, then one line per record (RFC 4180).' } },
        'application/gexf+xml': { schema: { type: 'string', description: 'A graph result as GEXF 1.2 (Gephi, networkx.read_gexf).' } },
        'application/graphml+xml': { schema: { type: 'string', description: 'A graph result as GraphML (networkx.read_graphml, yEd).' } },
        'text/vnd.graphviz': { schema: { type: 'string', description: 'A graph result as Graphviz DOT (dot -Tsvg).' } },
      },
    },
  };
}

/** Problem statuses every run route can give. */
export const RUN_PROBLEMS = [400, 404, 406, 413, 422, 501, 503, 504] as const;
