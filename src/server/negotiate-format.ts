import type { Context } from 'koa';
import { DistillError, InvalidArgumentError } from '../core/errors.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../core/pipeline/pipeline-schema.js';

/** Media types of the result formats. */
export const FORMAT_MEDIA_TYPES: Readonly<Record<OutputFormat, string>> = {
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  csv: 'text/csv',
  gexf: 'application/gexf+xml',
  graphml: 'application/graphml+xml',
  dot: 'text/vnd.graphviz',
};

const ACCEPTED: readonly [string, OutputFormat][] = [
  ['application/json', 'json'],
  ['application/x-ndjson', 'ndjson'],
  ['application/ndjson', 'ndjson'],
  ['application/jsonl', 'ndjson'],
  ['text/csv', 'csv'],
  ['application/gexf+xml', 'gexf'],
  ['application/graphml+xml', 'graphml'],
  ['text/vnd.graphviz', 'dot'],
];

/**
 * The result format of a request: `?format=` when given; else the most preferred of JSON, NDJSON and CSV in the
 * Accept header; else (no Accept, or only wildcards such as Python requests' `*\/*`) the format the pipeline
 * declares (`output.format`, default JSON).
 *
 * @throws InvalidArgumentError for an unknown `?format=`; DistillError `not_acceptable` (406) when Accept names only
 *   types Distill cannot produce.
 */
export function negotiateFormat(ctx: Context, declared: OutputFormat): OutputFormat {
  const explicit = ctx.query.format;
  if (explicit !== undefined) {
    const value = Array.isArray(explicit) ? explicit[explicit.length - 1] : explicit;
    if (!(OUTPUT_FORMATS as readonly string[]).includes(value ?? '')) {
      throw new InvalidArgumentError(`?format must be one of ${OUTPUT_FORMATS.join(', ')}, got "${value}".`, {
        issues: [{ code: 'invalid_value', path: ['query', 'format'], message: `Use one of ${OUTPUT_FORMATS.join(', ')}.` }],
      });
    }
    return value as OutputFormat;
  }
  const accept = ctx.get('Accept').trim();
  if (accept === '' || accept.split(',').every((part) => part.split(';')[0]!.trim() === '*/*')) return declared;
  const best = ctx.accepts(...ACCEPTED.map(([type]) => type));
  if (best === false) {
    // Only an explicit wildcard family (application/*) or problem+json may still mean "anything JSON".
    throw new DistillError('not_acceptable', `Distill answers with ${ACCEPTED.map(([t]) => t).join(', ')}; the Accept header allows none of them. Or use ?format=json|ndjson|csv.`, {
      issues: [{ code: 'not_acceptable', path: ['headers', 'accept'], message: `Accept one of ${ACCEPTED.map(([t]) => t).join(', ')}.` }],
    });
  }
  return ACCEPTED.find(([type]) => type === best)![1];
}
