import { InvalidPipelineError, InvalidQueryError, UnknownOperatorError, type Issue } from '../errors.js';
import { formatRefusal, kindSpec } from '../frame-kinds.js';
import type { FrameKind } from '../frame.js';
import { parseQuery } from '../query/parse-query.js';
import { validate } from '../validation.js';
import { formatPath } from './format-path.js';
import { PipelineSchema, type NormalizedPipeline, type NormalizedStep, type OutputFormat } from './pipeline-schema.js';
import type { OperatorRegistry } from './registry.js';

export interface ParsePipelineOptions {
  readonly registry: OperatorRegistry;
  /** Source used when the pipeline names none. */
  readonly defaultSource: string;
}

/**
 * Validate a pipeline document completely before anything runs: its shape, its query, each step's operator and
 * params (shared steps and every named output's), that each step accepts what the previous one produces, and that
 * the output format suits the result kind. Every problem is reported, each with its JSON path (`steps[1].by`).
 *
 * @throws InvalidPipelineError (`invalid_pipeline`) with the list of issues.
 */
export function parsePipeline(input: unknown, options: ParsePipelineOptions): NormalizedPipeline {
  const checked = validate(PipelineSchema, input);
  if (!checked.ok) throw failure(checked.issues);
  const doc = checked.value; // validate() has checked the input limits, the number of steps (limits.ts) among them
  const issues: Issue[] = [];

  let query: NormalizedPipeline['query'] = {};
  try {
    query = parseQuery(doc.query ?? {}, ['query']);
  } catch (error) {
    if (!(error instanceof InvalidQueryError)) throw error;
    issues.push(...error.issues);
  }

  const shared = parseSteps(doc.steps, ['steps'], 'events', options.registry, issues);
  let outputs: Record<string, NormalizedStep[]> | undefined;
  if (doc.outputs !== undefined) {
    outputs = {};
    const names = Object.keys(doc.outputs);
    if (names.length === 0) issues.push({ code: 'invalid_value', path: ['outputs'], message: 'List at least one output, or leave `outputs` out.' });
    for (const name of names) {
      const branch = parseSteps(doc.outputs[name]!, ['outputs', name], shared.kind, options.registry, issues);
      outputs[name] = branch.steps;
    }
  }

  const format: OutputFormat = doc.output.format;
  // A single result must have the format. Named outputs are not refused for it: the writers decide (`--out-dir`
  // writes an output whose kind lacks the format as JSON, which every kind has).
  if (outputs === undefined && shared.kind !== undefined) {
    const formats = kindSpec(shared.kind).formats;
    if (!formats.includes(format)) {
      issues.push({
        code: 'invalid_value',
        path: ['output', 'format'],
        message: formatRefusal(shared.kind, format),
      });
    }
  }

  if (issues.length > 0) throw failure(issues);
  return {
    ...(doc.name === undefined ? {} : { name: doc.name }),
    ...(doc.description === undefined ? {} : { description: doc.description }),
    source: doc.source ?? options.defaultSource,
    query,
    steps: shared.steps,
    ...(outputs === undefined ? {} : { outputs }),
    output: doc.output.records === undefined ? { format } : { format, records: doc.output.records },
    strict: doc.strict,
  };
}

/** Validate a list of steps starting from `kind`; returns the normalised steps and the kind they produce. */
function parseSteps(
  list: readonly Record<string, unknown>[],
  base: readonly (string | number)[],
  start: FrameKind | undefined,
  registry: OperatorRegistry,
  issues: Issue[],
): { steps: NormalizedStep[]; kind: FrameKind | undefined } {
  const steps: NormalizedStep[] = [];
  let kind: FrameKind | undefined = start;
  list.forEach((step, i) => {
    const { op, ...rawParams } = step as { op: string } & Record<string, unknown>;
    let definition;
    try {
      definition = registry.get(op);
    } catch (error) {
      if (!(error instanceof UnknownOperatorError)) throw error;
      issues.push({ code: 'unknown_operator', path: [...base, i, 'op'], message: error.message });
      kind = undefined;
      return;
    }
    const params = validate(definition.params, rawParams, [...base, i]);
    if (!params.ok) issues.push(...params.issues);
    else steps.push({ op, params: params.value as Record<string, unknown> });
    if (kind !== undefined) {
      if (!definition.accepts.includes(kind)) {
        issues.push({
          code: 'incompatible_step',
          path: [...base, i, 'op'],
          message: `"${op}" takes ${definition.accepts.join(' or ')}, but the previous step produces ${kind}. Reorder the steps or add one that produces ${definition.accepts.join(' or ')}.`,
        });
        kind = undefined;
      } else {
        kind = definition.produces(kind);
      }
    }
  });
  return { steps, kind };
}

function failure(issues: readonly Issue[]): InvalidPipelineError {
  const first = issues[0];
  const where = first === undefined ? '' : ` at ${formatPath(first.path)}: ${first.message}`;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new InvalidPipelineError(`Invalid pipeline${where}${more}`, { issues });
}
