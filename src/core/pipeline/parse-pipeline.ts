import { InvalidPipelineError, InvalidQueryError, UnknownOperatorError, type Issue } from '../errors.js';
import type { FrameKind } from '../frame.js';
import { parseQuery } from '../query/parse-query.js';
import { validate } from '../validation.js';
import { PipelineSchema, type NormalizedPipeline, type NormalizedStep } from './pipeline-schema.js';
import type { OperatorRegistry } from './registry.js';

export interface ParsePipelineOptions {
  readonly registry: OperatorRegistry;
  /** Source used when the pipeline names none. */
  readonly defaultSource: string;
}

/**
 * Validate a pipeline document completely before anything runs: its shape, its query, each step's operator and
 * params, and that each step accepts what the previous one produces. Every problem is reported, each with its
 * JSON path (`steps[1].by`).
 *
 * @throws InvalidPipelineError (`invalid_pipeline`) with the list of issues.
 */
export function parsePipeline(input: unknown, options: ParsePipelineOptions): NormalizedPipeline {
  const checked = validate(PipelineSchema, input);
  if (!checked.ok) throw failure(checked.issues);
  const doc = checked.value;
  const issues: Issue[] = [];

  let query: NormalizedPipeline['query'] = {};
  try {
    query = parseQuery(doc.query ?? {}, ['query']);
  } catch (error) {
    if (!(error instanceof InvalidQueryError)) throw error;
    issues.push(...error.issues);
  }

  const steps: NormalizedStep[] = [];
  let kind: FrameKind | undefined = 'events';
  doc.steps.forEach((step, i) => {
    const { op, ...rawParams } = step;
    let definition;
    try {
      definition = options.registry.get(op);
    } catch (error) {
      if (!(error instanceof UnknownOperatorError)) throw error;
      issues.push({ code: 'unknown_operator', path: ['steps', i, 'op'], message: error.message });
      kind = undefined;
      return;
    }
    const params = validate(definition.params, rawParams, ['steps', i]);
    if (!params.ok) issues.push(...params.issues);
    else steps.push({ op, params: params.value as Record<string, unknown> });
    if (kind !== undefined) {
      if (!definition.accepts.includes(kind)) {
        issues.push({
          code: 'incompatible_step',
          path: ['steps', i, 'op'],
          message: `"${op}" takes ${definition.accepts.join(' or ')}, but the previous step produces ${kind}. Reorder the steps or add one that produces ${definition.accepts.join(' or ')}.`,
        });
        kind = undefined;
      } else {
        kind = definition.produces(kind);
      }
    }
  });

  if (issues.length > 0) throw failure(issues);
  return {
    ...(doc.name === undefined ? {} : { name: doc.name }),
    ...(doc.description === undefined ? {} : { description: doc.description }),
    source: doc.source ?? options.defaultSource,
    query,
    steps,
    output: doc.output,
    strict: doc.strict,
  };
}

function failure(issues: readonly Issue[]): InvalidPipelineError {
  const first = issues[0];
  const where = first === undefined ? '' : ` at ${first.path.join('.') || '(root)'}: ${first.message}`;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new InvalidPipelineError(`Invalid pipeline${where}${more}`, { issues });
}
